// Queries: WITH, set operations, SELECT blocks, VALUES, FROM and joins, GROUP BY,
// window clauses, ORDER BY, LIMIT/OFFSET/FETCH.
#include "sql/parser_internal.hpp"

namespace martlet::sql {
namespace {

bool IsTrivialNesting(const SelectStmt& stmt) {
  return stmt.with.empty() && stmt.order_by.empty() && !stmt.limit && !stmt.offset;
}

}  // namespace

Result<std::unique_ptr<SelectStmt>> Parser::ParseQuery() {
  DepthGuard guard(this);
  if (guard.Exceeded()) return ErrorTooDeep();
  auto stmt = std::make_unique<SelectStmt>();
  stmt->position = Peek().position;
  if (IsKeyword("with")) RETURN_IF_ERROR(ParseWith(stmt.get()));
  ASSIGN_OR_RETURN(stmt->body, ParseSetOperations());
  RETURN_IF_ERROR(ParseQueryTail(stmt.get()));
  return stmt;
}

// WITH [RECURSIVE] name [(columns)] AS (query), ...
Status Parser::ParseWith(SelectStmt* stmt) {
  Advance();  // WITH
  stmt->recursive = AcceptKeyword("recursive");
  do {
    CommonTableExpr cte;
    cte.position = Peek().position;
    ASSIGN_OR_RETURN(cte.name, ParseIdentifier("a name for the WITH query"));
    if (IsOp("(")) {
      ASSIGN_OR_RETURN(cte.column_aliases, ParseParenNameList("a column name"));
    }
    RETURN_IF_ERROR(ExpectKeyword("as"));
    RETURN_IF_ERROR(ExpectOp("("));
    ASSIGN_OR_RETURN(cte.query, ParseQuery());
    RETURN_IF_ERROR(ExpectOp(")"));
    stmt->with.push_back(std::move(cte));
  } while (AcceptOp(","));
  return Status::Ok();
}

// [ORDER BY ...] then LIMIT, OFFSET and FETCH FIRST in either order.
Status Parser::ParseQueryTail(SelectStmt* stmt) {
  if (AcceptKeyword("order")) {
    RETURN_IF_ERROR(ExpectKeyword("by"));
    ASSIGN_OR_RETURN(stmt->order_by, ParseOrderByList());
  }
  while (true) {
    if (!stmt->limit && AcceptKeyword("limit")) {
      if (!AcceptKeyword("all")) {
        ASSIGN_OR_RETURN(stmt->limit, ParseExpr());
      }
    } else if (!stmt->offset && AcceptKeyword("offset")) {
      ASSIGN_OR_RETURN(stmt->offset, ParseExpr());
      if (!AcceptKeyword("rows")) AcceptKeyword("row");
    } else if (!stmt->limit && AcceptKeyword("fetch")) {
      if (!AcceptKeyword("first")) RETURN_IF_ERROR(ExpectKeyword("next"));
      ASSIGN_OR_RETURN(stmt->limit, ParsePrimary());
      if (!AcceptKeyword("rows")) RETURN_IF_ERROR(ExpectKeyword("row"));
      RETURN_IF_ERROR(ExpectKeyword("only"));
    } else {
      return Status::Ok();
    }
  }
}

// UNION / EXCEPT / MINUS bind looser than INTERSECT; all are left-associative.
Result<std::unique_ptr<QueryNode>> Parser::ParseSetOperations() {
  ASSIGN_OR_RETURN(std::unique_ptr<QueryNode> left, ParseIntersections());
  while (IsKeyword("union") || IsKeyword("except") || IsKeyword("minus")) {
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNode::Kind::kSetOp;
    node->position = left->position;
    node->set_op = Advance().text == "union" ? SetOpKind::kUnion : SetOpKind::kExcept;
    node->set_all = AcceptKeyword("all");
    if (!node->set_all) AcceptKeyword("distinct");
    node->left = std::move(left);
    ASSIGN_OR_RETURN(node->right, ParseIntersections());
    left = std::move(node);
  }
  return left;
}

Result<std::unique_ptr<QueryNode>> Parser::ParseIntersections() {
  ASSIGN_OR_RETURN(std::unique_ptr<QueryNode> left, ParseQueryPrimary());
  while (AcceptKeyword("intersect")) {
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNode::Kind::kSetOp;
    node->position = left->position;
    node->set_op = SetOpKind::kIntersect;
    node->set_all = AcceptKeyword("all");
    if (!node->set_all) AcceptKeyword("distinct");
    node->left = std::move(left);
    ASSIGN_OR_RETURN(node->right, ParseQueryPrimary());
    left = std::move(node);
  }
  return left;
}

// SELECT ..., VALUES ..., or ( query ). A parenthesized query without its own WITH, ORDER BY
// or LIMIT is returned unwrapped; only one that needs them becomes kNested.
Result<std::unique_ptr<QueryNode>> Parser::ParseQueryPrimary() {
  if (IsKeyword("select")) return ParseSelectBlock();
  if (IsKeyword("values")) return ParseValues();
  if (!IsOp("(")) return ErrorExpected("SELECT, VALUES or \"(\"");
  int position = Advance().position;
  ASSIGN_OR_RETURN(std::unique_ptr<SelectStmt> nested, ParseQuery());
  RETURN_IF_ERROR(ExpectOp(")"));
  if (IsTrivialNesting(*nested)) return std::move(nested->body);
  auto node = std::make_unique<QueryNode>();
  node->kind = QueryNode::Kind::kNested;
  node->position = position;
  node->nested = std::move(nested);
  return node;
}

Result<std::unique_ptr<QueryNode>> Parser::ParseValues() {
  auto node = std::make_unique<QueryNode>();
  node->kind = QueryNode::Kind::kValues;
  node->position = Advance().position;
  do {
    RETURN_IF_ERROR(ExpectOp("("));
    ASSIGN_OR_RETURN(std::vector<ExprPtr> row, ParseExprList());
    RETURN_IF_ERROR(ExpectOp(")"));
    node->values.push_back(std::move(row));
  } while (AcceptOp(","));
  return node;
}

Result<std::unique_ptr<QueryNode>> Parser::ParseSelectBlock() {
  auto node = std::make_unique<QueryNode>();
  node->kind = QueryNode::Kind::kSelect;
  node->position = Advance().position;
  if (AcceptKeyword("distinct")) {
    node->distinct = true;
    if (IsKeyword("on")) return ErrorExpected("a select list (DISTINCT ON is not supported)");
  } else {
    AcceptKeyword("all");
  }
  if (IsKeyword("top") && Peek(1).kind == TokenKind::kNumber) {
    Advance();
    ASSIGN_OR_RETURN(node->top, ParseLiteral());
  }
  RETURN_IF_ERROR(ParseSelectList(node.get()));
  RETURN_IF_ERROR(ParseSelectClauses(node.get()));
  return node;
}

Status Parser::ParseSelectList(QueryNode* node) {
  do {
    SelectItem item;
    if (IsOp("*")) {
      item.expr = std::make_unique<Expr>();
      item.expr->kind = ExprKind::kStar;
      item.expr->position = Advance().position;
    } else {
      ASSIGN_OR_RETURN(item.expr, ParseExpr());
      ASSIGN_OR_RETURN(item.alias, ParseOptionalAlias(true));
    }
    node->select_list.push_back(std::move(item));
  } while (AcceptOp(","));
  return Status::Ok();
}

Status Parser::ParseSelectClauses(QueryNode* node) {
  if (AcceptKeyword("from")) {
    ASSIGN_OR_RETURN(node->from, ParseFromList());
  }
  if (AcceptKeyword("where")) {
    ASSIGN_OR_RETURN(node->where, ParseExpr());
  }
  if (AcceptKeyword("group")) RETURN_IF_ERROR(ParseGroupBy(node));
  if (AcceptKeyword("having")) {
    ASSIGN_OR_RETURN(node->having, ParseExpr());
  }
  if (AcceptKeyword("qualify")) {
    ASSIGN_OR_RETURN(node->qualify, ParseExpr());
  }
  if (AcceptKeyword("window")) RETURN_IF_ERROR(ParseWindowClause(node));
  if (!node->qualify && AcceptKeyword("qualify")) {
    ASSIGN_OR_RETURN(node->qualify, ParseExpr());
  }
  return Status::Ok();
}

Status Parser::ParseGroupBy(QueryNode* node) {
  RETURN_IF_ERROR(ExpectKeyword("by"));
  if (AcceptKeyword("all")) {
    node->group_by_all = true;
    return Status::Ok();
  }
  do {
    ASSIGN_OR_RETURN(GroupItem item, ParseGroupItem());
    node->group_by.push_back(std::move(item));
  } while (AcceptOp(","));
  return Status::Ok();
}

Result<GroupItem> Parser::ParseGroupItem() {
  GroupItem item;
  bool rollup = IsKeyword("rollup") && IsOp("(", 1);
  bool cube = IsKeyword("cube") && IsOp("(", 1);
  bool sets = IsKeyword("grouping") && IsKeyword("sets", 1);
  if (rollup || cube || sets) {
    item.kind = rollup ? GroupItem::Kind::kRollup
                : cube ? GroupItem::Kind::kCube
                       : GroupItem::Kind::kGroupingSets;
    Advance();
    if (sets) Advance();
    RETURN_IF_ERROR(ExpectOp("("));
    do {
      ASSIGN_OR_RETURN(std::vector<ExprPtr> set, ParseGroupingSet());
      item.sets.push_back(std::move(set));
    } while (AcceptOp(","));
    RETURN_IF_ERROR(ExpectOp(")"));
    return item;
  }
  if (IsOp("(") && IsOp(")", 1)) {
    Advance();
    Advance();
    item.kind = GroupItem::Kind::kEmpty;
    return item;
  }
  ASSIGN_OR_RETURN(item.expr, ParseExpr());
  return item;
}

// One element of ROLLUP/CUBE/GROUPING SETS: "()", "(a, b)" or an expression such as a or
// (a + b) * 2. A parenthesized list is only taken when ")" ends the element.
Result<std::vector<ExprPtr>> Parser::ParseGroupingSet() {
  std::vector<ExprPtr> set;
  if (IsOp("(")) {
    size_t start = pos_;
    Advance();
    if (AcceptOp(")")) return set;
    Result<std::vector<ExprPtr>> list = ParseExprList();
    if (list.ok() && AcceptOp(")") && (IsOp(",") || IsOp(")"))) return std::move(list).value();
    pos_ = start;
  }
  ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
  set.push_back(std::move(expr));
  return set;
}

// WINDOW name AS (spec), ...
Status Parser::ParseWindowClause(QueryNode* node) {
  do {
    NamedWindow window;
    ASSIGN_OR_RETURN(window.name, ParseIdentifier("a window name"));
    RETURN_IF_ERROR(ExpectKeyword("as"));
    if (!IsOp("(")) return ErrorExpected("\"(\"");
    ASSIGN_OR_RETURN(window.spec, ParseWindowSpec());
    node->windows.push_back(std::move(window));
  } while (AcceptOp(","));
  return Status::Ok();
}

Result<std::vector<OrderItem>> Parser::ParseOrderByList() {
  std::vector<OrderItem> items;
  do {
    OrderItem item;
    ASSIGN_OR_RETURN(item.expr, ParseExpr());
    if (AcceptKeyword("desc")) {
      item.descending = true;
    } else {
      AcceptKeyword("asc");
    }
    if (AcceptKeyword("nulls")) {
      if (AcceptKeyword("first")) {
        item.nulls = NullsOrder::kFirst;
      } else if (AcceptKeyword("last")) {
        item.nulls = NullsOrder::kLast;
      } else {
        return ErrorExpected("FIRST or LAST");
      }
    }
    items.push_back(std::move(item));
  } while (AcceptOp(","));
  return items;
}

Result<std::vector<TableRefPtr>> Parser::ParseFromList() {
  std::vector<TableRefPtr> from;
  do {
    ASSIGN_OR_RETURN(TableRefPtr ref, ParseTableRef());
    from.push_back(std::move(ref));
  } while (AcceptOp(","));
  return from;
}

Result<TableRefPtr> Parser::ParseTableRef() {
  ASSIGN_OR_RETURN(TableRefPtr left, ParseTablePrimary());
  while (true) {
    size_t before = pos_;
    ASSIGN_OR_RETURN(left, ParseJoin(std::move(left)));
    if (pos_ == before) return left;
  }
}

// One join onto `left`, or `left` itself unchanged when no join keyword follows.
Result<TableRefPtr> Parser::ParseJoin(TableRefPtr left) {
  int position = Peek().position;
  bool natural = AcceptKeyword("natural");
  JoinType type = JoinType::kInner;
  if (!natural && AcceptKeyword("cross")) {
    type = JoinType::kCross;
  } else if (AcceptKeyword("left")) {
    type = JoinType::kLeft;
  } else if (AcceptKeyword("right")) {
    type = JoinType::kRight;
  } else if (AcceptKeyword("full")) {
    type = JoinType::kFull;
  } else if (!AcceptKeyword("inner") && !natural && !IsKeyword("join")) {
    return left;
  }
  if (type == JoinType::kLeft || type == JoinType::kRight || type == JoinType::kFull) {
    AcceptKeyword("outer");
  }
  RETURN_IF_ERROR(ExpectKeyword("join"));
  auto join = std::make_unique<TableRef>();
  join->kind = TableRef::Kind::kJoin;
  join->position = left->position >= 0 ? left->position : position;
  join->join_type = type;
  join->natural = natural;
  join->left = std::move(left);
  ASSIGN_OR_RETURN(join->right, ParseTablePrimary());
  if (type == JoinType::kCross || natural) return join;
  if (AcceptKeyword("on")) {
    ASSIGN_OR_RETURN(join->on, ParseExpr());
  } else if (AcceptKeyword("using")) {
    ASSIGN_OR_RETURN(join->using_columns, ParseParenNameList("a column name"));
  } else {
    return ErrorExpected("ON or USING");
  }
  return join;
}

Result<TableRefPtr> Parser::ParseTablePrimary() {
  DepthGuard guard(this);
  if (guard.Exceeded()) return ErrorTooDeep();
  auto ref = std::make_unique<TableRef>();
  ref->position = Peek().position;
  if (IsOp("(")) {
    if (ParenStartsQuery()) {
      Advance();
      ref->kind = TableRef::Kind::kSubquery;
      ASSIGN_OR_RETURN(ref->subquery, ParseQuery());
      RETURN_IF_ERROR(ExpectOp(")"));
    } else {
      Advance();
      ASSIGN_OR_RETURN(ref, ParseTableRef());
      RETURN_IF_ERROR(ExpectOp(")"));
    }
    RETURN_IF_ERROR(ParseTableAlias(ref.get()));
    return ref;
  }
  ASSIGN_OR_RETURN(ref->names, ParseQualifiedName("a table name"));
  if (IsOp("(")) {
    std::string name = ref->names[0];
    for (size_t i = 1; i < ref->names.size(); ++i) name += "." + ref->names[i];
    ref->kind = TableRef::Kind::kFunction;
    ASSIGN_OR_RETURN(ref->function, ParseFunctionCall(std::move(name), ref->position));
  }
  RETURN_IF_ERROR(ParseTableAlias(ref.get()));
  return ref;
}

// [AS] alias [(column, ...)]
Status Parser::ParseTableAlias(TableRef* ref) {
  ASSIGN_OR_RETURN(std::string alias, ParseOptionalAlias(true));
  if (alias.empty()) return Status::Ok();
  ref->alias = std::move(alias);
  if (IsOp("(")) {
    ASSIGN_OR_RETURN(ref->column_aliases, ParseParenNameList("a column alias"));
  }
  return Status::Ok();
}

}  // namespace martlet::sql
