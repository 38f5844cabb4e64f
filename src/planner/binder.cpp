#include "planner/binder.hpp"

#include <cerrno>
#include <climits>
#include <optional>

#include "common/string_distance.hpp"
#include "functions/cast.hpp"
#include "planner/expression_binder.hpp"
#include "planner/join_builder.hpp"
#include "planner/select_binder.hpp"
#include "sql/parser.hpp"
#include "sql/relation_references.hpp"

namespace martlet {

Binder::Binder(const Catalog& catalog, const FunctionRegistry& functions,
               const SystemViewProvider* system_views)
    : catalog_(catalog), functions_(functions), system_views_(system_views) {}

std::pair<std::string, std::string> Binder::QualifiedName(const std::vector<std::string>& names) {
  if (names.size() >= 2) return {names[names.size() - 2], names.back()};
  return {Catalog::kDefaultSchema, names.back()};
}

namespace {

// Integer arithmetic over integer literals (LIMIT 1 + 1, LIMIT -1); nullopt for anything else.
// Overflow counts as "not a constant" rather than wrapping.
std::optional<int64_t> FoldIntegerConstant(const sql::Expr& expr) {
  if (expr.kind == sql::ExprKind::kLiteral && expr.literal_kind == sql::LiteralKind::kInteger) {
    errno = 0;
    long long value = std::strtoll(expr.text.c_str(), nullptr, 10);
    if (errno == ERANGE) return std::nullopt;
    return value;
  }
  if (expr.kind == sql::ExprKind::kUnary && (expr.op == "-" || expr.op == "+")) {
    std::optional<int64_t> operand = FoldIntegerConstant(*expr.args[0]);
    if (!operand || *operand == INT64_MIN) return std::nullopt;
    return expr.op == "-" ? -*operand : *operand;
  }
  if (expr.kind != sql::ExprKind::kBinary) return std::nullopt;
  std::optional<int64_t> left = FoldIntegerConstant(*expr.args[0]);
  std::optional<int64_t> right = FoldIntegerConstant(*expr.args[1]);
  if (!left || !right) return std::nullopt;
  int64_t result = 0;
  if (expr.op == "+" && !__builtin_add_overflow(*left, *right, &result)) return result;
  if (expr.op == "-" && !__builtin_sub_overflow(*left, *right, &result)) return result;
  if (expr.op == "*" && !__builtin_mul_overflow(*left, *right, &result)) return result;
  if (expr.op == "/" && *right != 0 && !(*left == INT64_MIN && *right == -1)) return *left / *right;
  return std::nullopt;
}

}  // namespace

Result<int64_t> ConstantInteger(const sql::Expr& expr, const char* clause) {
  std::optional<int64_t> value = FoldIntegerConstant(expr);
  if (!value) {
    return Status(StatusCode::kBindError,
                  std::string("argument of ") + clause + " must be an integer constant",
                  expr.position);
  }
  if (*value < 0) {
    return Status(StatusCode::kBindError, std::string(clause) + " must not be negative", expr.position);
  }
  return *value;
}

Result<BoundExprPtr> Binder::CastTo(BoundExprPtr expr, const LogicalType& type, bool explicit_cast) {
  if (expr->type == type) {
    expr->untyped_literal = false;
    return expr;
  }
  if (expr->kind == BoundExprKind::kConstant) {
    Result<Value> value = CastValue(expr->value, type);
    if (!value.ok()) return value.status().WithPosition(expr->position);
    auto constant = MakeConstant(std::move(value).value());
    constant->position = expr->position;
    return constant;
  }
  bool allowed = expr->untyped_literal || explicit_cast ? CanCast(expr->type, type)
                                                         : CanCastImplicitly(expr->type, type);
  if (!allowed) {
    return Status(StatusCode::kTypeError,
                  "cannot use a value of type " + expr->type.ToString() + " where " +
                      type.ToString() + " is expected (add an explicit CAST)",
                  expr->position);
  }
  auto cast = std::make_unique<BoundExpr>();
  cast->kind = BoundExprKind::kCast;
  cast->type = type;
  cast->position = expr->position;
  cast->children.push_back(std::move(expr));
  return cast;
}

// A CTE sees only the CTEs defined before it (`levels` levels of the stack, the last cut at
// the CTE itself), which keeps a CTE from referring to itself.
Result<PlanPtr> Binder::BindCte(const sql::CommonTableExpr& cte, size_t levels) {
  bound_ctes_.insert(&cte);
  auto saved = std::move(cte_stack_);
  cte_stack_.assign(saved.begin(), saved.begin() + static_cast<long>(levels));
  auto& visible = cte_stack_.back();
  for (auto it = visible.begin(); it != visible.end();) {
    it = it->second->position >= cte.position ? visible.erase(it) : std::next(it);
  }
  Result<PlanPtr> plan = BindSelectStmt(*cte.query, nullptr);
  cte_stack_ = std::move(saved);
  return plan;
}

Result<PlanPtr> Binder::BindQuery(const sql::SelectStmt& stmt) { return BindSelectStmt(stmt, nullptr); }

Result<BoundExprPtr> Binder::BindExpression(const sql::Expr& expr, const Scope& scope) {
  ExpressionBinder binder(*this, scope, "this expression");
  return binder.Bind(expr);
}

Result<PlanPtr> Binder::BindSelectStmt(const sql::SelectStmt& stmt, const Scope* outer) {
  std::map<std::string, const sql::CommonTableExpr*> ctes;
  for (const auto& cte : stmt.with) {
    if (ctes.count(cte.name)) {
      return Status(StatusCode::kBindError,
                    "WITH query name \"" + cte.name + "\" specified more than once", cte.position);
    }
    ctes[cte.name] = &cte;
  }
  if (stmt.recursive) {
    return Status(StatusCode::kNotSupported, "WITH RECURSIVE is not supported", stmt.position);
  }
  if (!stmt.with.empty()) {
    for (const auto& [cte, reads] : sql::CountCteReads(stmt)) cte_reads_.emplace(cte, reads);
  }
  cte_stack_.push_back(std::move(ctes));
  Result<PlanPtr> result = [&]() -> Result<PlanPtr> {
    const sql::QueryNode& body = *stmt.body;
    if (body.kind == sql::QueryNode::Kind::kSelect) {
      SelectBinder select(*this, body, outer);
      return select.Bind(&stmt);
    }
    ASSIGN_OR_RETURN(PlanPtr plan, BindQueryNode(body, outer));
    size_t width = plan->width();
    return ApplyOrderLimit(std::move(plan), stmt, outer, width);
  }();
  // A CTE the query never reads must still be valid SQL, as in PostgreSQL.
  for (const auto& cte : stmt.with) {
    if (!result.ok() || bound_ctes_.count(&cte)) continue;
    Result<PlanPtr> unused = BindCte(cte, cte_stack_.size());
    if (!unused.ok()) result = unused.status();
  }
  cte_stack_.pop_back();
  return result;
}

Result<PlanPtr> Binder::BindQueryNode(const sql::QueryNode& node, const Scope* outer) {
  switch (node.kind) {
    case sql::QueryNode::Kind::kSelect: {
      SelectBinder select(*this, node, outer);
      return select.Bind(nullptr);
    }
    case sql::QueryNode::Kind::kSetOp: return BindSetOp(node, outer);
    case sql::QueryNode::Kind::kValues: return BindValues(node, outer);
    case sql::QueryNode::Kind::kNested: return BindSelectStmt(*node.nested, outer);
  }
  return Status(StatusCode::kInternal, "unknown query node");
}

static PlanPtr CastColumns(PlanPtr plan, const std::vector<LogicalType>& types) {
  bool same = true;
  for (size_t i = 0; i < types.size(); i++) same = same && plan->types[i] == types[i];
  if (same) return plan;
  auto project = std::make_unique<PlanNode>(PlanKind::kProject);
  for (size_t i = 0; i < types.size(); i++) {
    auto column = MakeColumn(static_cast<int>(i), plan->types[i], plan->names[i]);
    if (plan->types[i] == types[i]) {
      project->exprs.push_back(std::move(column));
    } else {
      auto cast = std::make_unique<BoundExpr>();
      cast->kind = BoundExprKind::kCast;
      cast->type = types[i];
      cast->children.push_back(std::move(column));
      project->exprs.push_back(std::move(cast));
    }
  }
  project->types = types;
  project->names = plan->names;
  project->estimated_rows = plan->estimated_rows;
  project->children.push_back(std::move(plan));
  return project;
}

Result<PlanPtr> Binder::BindSetOp(const sql::QueryNode& node, const Scope* outer) {
  ASSIGN_OR_RETURN(PlanPtr left, BindQueryNode(*node.left, outer));
  ASSIGN_OR_RETURN(PlanPtr right, BindQueryNode(*node.right, outer));
  if (left->width() != right->width()) {
    return Status(StatusCode::kBindError,
                  "each " + std::string(node.set_op == sql::SetOpKind::kUnion ? "UNION"
                                        : node.set_op == sql::SetOpKind::kIntersect ? "INTERSECT"
                                                                                    : "EXCEPT") +
                      " query must have the same number of columns",
                  node.position);
  }
  std::vector<LogicalType> types;
  for (size_t i = 0; i < left->width(); i++) {
    LogicalType a = left->types[i], b = right->types[i];
    if (a.id() == TypeId::kNull) a = b;
    if (b.id() == TypeId::kNull) b = a;
    if (a.id() == TypeId::kNull) a = b = LogicalType::Varchar();
    Result<LogicalType> common = CommonSuperType(a, b);
    if (!common.ok()) return common.status().WithPosition(node.position);
    types.push_back(common.value());
  }
  auto plan = std::make_unique<PlanNode>(PlanKind::kSetOp);
  plan->set_op = static_cast<int>(node.set_op);
  plan->set_all = node.set_all;
  plan->types = types;
  plan->names = left->names;
  plan->estimated_rows = left->estimated_rows + right->estimated_rows;
  plan->children.push_back(CastColumns(std::move(left), types));
  plan->children.push_back(CastColumns(std::move(right), types));
  return PlanPtr(std::move(plan));
}

Result<PlanPtr> Binder::BindValues(const sql::QueryNode& node, const Scope* outer) {
  Scope empty;
  empty.outer = outer;
  auto plan = std::make_unique<PlanNode>(PlanKind::kValues);
  size_t width = node.values.empty() ? 0 : node.values[0].size();
  for (const auto& row : node.values) {
    if (row.size() != width) {
      return Status(StatusCode::kBindError, "VALUES lists must all be the same length",
                    row.empty() ? node.position : row[0]->position);
    }
    std::vector<BoundExprPtr> bound_row;
    for (const auto& item : row) {
      if (item->kind == sql::ExprKind::kDefault) {
        return Status(StatusCode::kBindError, "DEFAULT is allowed only in INSERT ... VALUES",
                      item->position);
      }
      ExpressionBinder binder(*this, empty, "VALUES");
      ASSIGN_OR_RETURN(auto expr, binder.Bind(*item));
      bound_row.push_back(std::move(expr));
    }
    plan->rows.push_back(std::move(bound_row));
  }
  // Each column takes the common type of its values.
  for (size_t c = 0; c < width; c++) {
    std::vector<BoundExprPtr*> column;
    for (auto& row : plan->rows) column.push_back(&row[c]);
    ExpressionBinder binder(*this, empty, "VALUES");
    RETURN_IF_ERROR(binder.Unify(column, node.position));
    LogicalType type = plan->rows[0][c]->type;
    if (type.id() == TypeId::kNull) {
      type = LogicalType::Varchar();
      for (auto& row : plan->rows) {
        ASSIGN_OR_RETURN(row[c], CastTo(std::move(row[c]), type));
      }
    }
    plan->types.push_back(type);
    plan->names.push_back("column" + std::to_string(c + 1));
  }
  plan->estimated_rows = static_cast<double>(plan->rows.size());
  return PlanPtr(std::move(plan));
}

Status Binder::RelationNotFound(const std::vector<std::string>& names, int position) const {
  std::string full;
  for (const auto& part : names) full += (full.empty() ? "" : ".") + part;
  std::vector<std::string> candidates = catalog_.RelationNames();
  for (const auto& scope : cte_stack_) {
    for (const auto& [name, cte] : scope) candidates.push_back(name);
  }
  std::string message = "relation \"" + full + "\" does not exist";
  std::string suggestion = ClosestName(names.back(), candidates);
  if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
  return Status(StatusCode::kCatalogError, message, position);
}

static void AddScopeColumns(Scope& scope, const PlanNode& plan, const std::string& alias,
                            const std::vector<std::string>& column_aliases) {
  for (size_t i = 0; i < plan.width(); i++) {
    std::string name = i < column_aliases.size() ? column_aliases[i] : plan.names[i];
    scope.columns.push_back({alias, name, plan.types[i]});
  }
}

// A reference to a WITH query the statement reads more than once: its plan under a kCte node
// that shares the query's rows with the other references. One read once is planned in place.
PlanPtr Binder::ReferenceCte(const sql::CommonTableExpr& cte, PlanPtr plan) {
  auto reads = cte_reads_.find(&cte);
  if (reads == cte_reads_.end() || reads->second < 2) return plan;
  std::shared_ptr<CteRows>& rows = cte_rows_[&cte];
  if (!rows) {
    rows = std::make_shared<CteRows>();
    rows->name = cte.name;
    rows->reads = reads->second;
  }
  auto node = std::make_unique<PlanNode>(PlanKind::kCte);
  node->types = plan->types;
  node->names = plan->names;
  node->estimated_rows = plan->estimated_rows;
  node->cte = rows;
  node->children.push_back(std::move(plan));
  return node;
}

Result<PlanPtr> Binder::BindBaseTable(const sql::TableRef& ref, Scope& scope, const Scope* outer) {
  const std::string& last = ref.names.back();
  std::string alias = ref.alias.empty() ? last : ref.alias;
  if (ref.names.size() == 1) {
    for (auto it = cte_stack_.rbegin(); it != cte_stack_.rend(); ++it) {
      auto found = it->find(last);
      if (found == it->end()) continue;
      const sql::CommonTableExpr& cte = *found->second;
      Result<PlanPtr> plan = BindCte(cte, static_cast<size_t>(it.base() - cte_stack_.begin()));
      if (!plan.ok()) return plan.status();
      PlanPtr reference = ReferenceCte(cte, std::move(plan).value());
      std::vector<std::string> aliases = ref.column_aliases.empty() ? cte.column_aliases : ref.column_aliases;
      AddScopeColumns(scope, *reference, alias, aliases);
      return reference;
    }
  }
  auto [schema, name] = QualifiedName(ref.names);
  if (system_views_) {
    std::vector<std::string> column_names;
    std::shared_ptr<DataChunk> rows = system_views_->Rows(schema, name, column_names);
    if (rows) {
      auto plan = std::make_unique<PlanNode>(PlanKind::kResult);
      for (const auto& column : rows->columns) plan->types.push_back(column.type());
      plan->names = column_names;
      plan->estimated_rows = static_cast<double>(rows->size());
      plan->result = std::move(rows);
      AddScopeColumns(scope, *plan, alias, ref.column_aliases);
      return PlanPtr(std::move(plan));
    }
  }
  if (auto table = catalog_.FindTable(schema, name)) {
    auto plan = std::make_unique<PlanNode>(PlanKind::kScan);
    plan->table = table;
    plan->estimated_rows = table_rows ? std::max(1.0, table_rows(table->id)) : 1000;
    for (size_t i = 0; i < table->columns.size(); i++) {
      plan->scan_columns.push_back(static_cast<int>(i));
      plan->types.push_back(table->columns[i].type);
      plan->names.push_back(table->columns[i].name);
    }
    AddScopeColumns(scope, *plan, alias, ref.column_aliases);
    return PlanPtr(std::move(plan));
  }
  if (auto view = catalog_.FindView(schema, name)) {
    if (++view_depth_ > 32) {
      view_depth_ = 0;
      return Status(StatusCode::kBindError, "views nested too deeply (a view refers to itself?)",
                    ref.position);
    }
    auto parsed = sql::ParseSql(view->sql);
    if (!parsed.ok() || parsed->size() != 1 ||
        parsed->front()->kind != sql::StatementKind::kSelect) {
      view_depth_--;
      return Status(StatusCode::kCorruption, "the definition of view \"" + name + "\" does not parse",
                    ref.position);
    }
    auto& select = static_cast<sql::SelectStatement&>(*parsed->front());
    auto saved = std::move(cte_stack_);
    cte_stack_.clear();
    Result<PlanPtr> plan = BindSelectStmt(*select.query, nullptr);
    cte_stack_ = std::move(saved);
    view_depth_--;
    if (!plan.ok()) {
      return Status(plan.status().code(),
                    "view \"" + name + "\" no longer binds: " + plan.status().message(), ref.position);
    }
    std::vector<std::string> aliases = ref.column_aliases.empty() ? view->column_aliases : ref.column_aliases;
    if (!expand_views) plan = ViewAsLeaf(*view, *plan.value());
    AddScopeColumns(scope, *plan.value(), alias, aliases);
    return plan;
  }
  (void)outer;
  return RelationNotFound(ref.names, ref.position);
}

// A scan of the view itself, for column lineage that stops at views: a stand-in table with
// the view's name and columns. Such a plan is never executed.
PlanPtr Binder::ViewAsLeaf(const ViewEntry& view, const PlanNode& expanded) {
  auto table = std::make_shared<TableEntry>();
  table->schema = view.schema;
  table->name = view.name;
  auto plan = std::make_unique<PlanNode>(PlanKind::kScan);
  for (size_t i = 0; i < expanded.width(); i++) {
    std::string name = i < view.column_aliases.size() ? view.column_aliases[i] : expanded.names[i];
    ColumnDefinition column;
    column.name = name;
    column.type = expanded.types[i];
    table->columns.push_back(std::move(column));
    plan->scan_columns.push_back(static_cast<int>(i));
    plan->types.push_back(expanded.types[i]);
    plan->names.push_back(name);
  }
  plan->estimated_rows = expanded.estimated_rows;
  plan->table = std::move(table);
  return plan;
}

Result<PlanPtr> Binder::BindTableRef(const sql::TableRef& ref, Scope& scope, const Scope* outer) {
  switch (ref.kind) {
    case sql::TableRef::Kind::kBaseTable: return BindBaseTable(ref, scope, outer);
    case sql::TableRef::Kind::kSubquery: {
      ASSIGN_OR_RETURN(PlanPtr plan, BindSelectStmt(*ref.subquery, nullptr));
      AddScopeColumns(scope, *plan, ref.alias, ref.column_aliases);
      return plan;
    }
    case sql::TableRef::Kind::kJoin: return BindJoin(ref, scope, outer);
    case sql::TableRef::Kind::kFunction: {
      ASSIGN_OR_RETURN(PlanPtr plan, BindTableFunction(*ref.function));
      std::string alias = ref.alias.empty() ? ref.function->function_name : ref.alias;
      AddScopeColumns(scope, *plan, alias, ref.column_aliases);
      return plan;
    }
  }
  return Status(StatusCode::kInternal, "unknown table reference");
}

// A table function an ExternalRelationProvider knows: its arguments must be constants.
Result<PlanPtr> Binder::BindExternalFunction(const sql::Expr& call) {
  if (!external_relations) return PlanPtr();
  Scope empty;
  std::vector<Value> arguments;
  for (const auto& arg : call.args) {
    ASSIGN_OR_RETURN(auto bound, BindExpression(*arg, empty));
    if (bound->kind != BoundExprKind::kConstant) {
      return Status(StatusCode::kBindError, call.function_name + " needs constant arguments", arg->position);
    }
    arguments.push_back(bound->value);
  }
  auto plan = std::make_unique<PlanNode>(PlanKind::kExternal);
  Result<std::shared_ptr<ExternalRelation>> relation =
      external_relations->Bind(call.function_name, arguments, plan->types, plan->names);
  if (!relation.ok()) return relation.status().WithPosition(call.position);
  if (!relation.value()) return PlanPtr();
  plan->external = std::move(relation).value();
  plan->estimated_rows = 100000;  // unknown; large, so that joins build on local tables
  return PlanPtr(std::move(plan));
}

// generate_series(start, stop[, step]) over integers: the rows are made at bind time.
Result<PlanPtr> Binder::BindTableFunction(const sql::Expr& call) {
  if (call.function_name != "generate_series") {
    ASSIGN_OR_RETURN(PlanPtr external, BindExternalFunction(call));
    if (external) return external;
    return Status(StatusCode::kBindError,
                  "table function \"" + call.function_name +
                      "\" does not exist (Martlet has generate_series and postgres_query)",
                  call.position);
  }
  if (call.args.size() < 2 || call.args.size() > 3) {
    return Status(StatusCode::kBindError, "generate_series takes (start, stop[, step])", call.position);
  }
  Scope empty;
  int64_t bounds[3] = {0, 0, 1};
  for (size_t i = 0; i < call.args.size(); i++) {
    ASSIGN_OR_RETURN(auto bound, BindExpression(*call.args[i], empty));
    if (bound->kind != BoundExprKind::kConstant || !bound->type.IsInteger() || bound->value.is_null()) {
      return Status(StatusCode::kBindError, "generate_series needs integer constants", call.args[i]->position);
    }
    bounds[i] = bound->value.int64();
  }
  if (bounds[2] == 0) {
    return Status(StatusCode::kInvalidInput, "step size cannot equal zero", call.position);
  }
  __int128 count = (static_cast<__int128>(bounds[1]) - bounds[0]) / bounds[2] + 1;
  if (count < 0) count = 0;
  if (count > 1000000000) {
    return Status(StatusCode::kInvalidInput, "generate_series would return more than 10^9 rows",
                  call.position);
  }
  auto rows = std::make_shared<DataChunk>();
  rows->Initialize({LogicalType(TypeId::kBigInt)});
  rows->columns[0].Resize(static_cast<size_t>(count));
  int64_t* data = rows->columns[0].i64();
  for (size_t i = 0; i < static_cast<size_t>(count); i++) data[i] = bounds[0] + static_cast<int64_t>(i) * bounds[2];
  rows->row_count = static_cast<size_t>(count);
  auto plan = std::make_unique<PlanNode>(PlanKind::kResult);
  plan->types = {LogicalType(TypeId::kBigInt)};
  plan->names = {"generate_series"};
  plan->estimated_rows = static_cast<double>(count);
  plan->result = std::move(rows);
  return PlanPtr(std::move(plan));
}

Result<PlanPtr> Binder::BindFromList(const std::vector<sql::TableRefPtr>& from, Scope& scope) {
  PlanPtr plan;
  for (const auto& ref : from) {
    ASSIGN_OR_RETURN(PlanPtr item, BindTableRef(*ref, scope, nullptr));
    if (!plan) {
      plan = std::move(item);
      continue;
    }
    auto join = std::make_unique<PlanNode>(PlanKind::kJoin);
    join->types = plan->types;
    join->names = plan->names;
    join->types.insert(join->types.end(), item->types.begin(), item->types.end());
    join->names.insert(join->names.end(), item->names.begin(), item->names.end());
    join->estimated_rows = plan->estimated_rows * item->estimated_rows;
    join->children.push_back(std::move(plan));
    join->children.push_back(std::move(item));
    plan = std::move(join);
  }
  return plan;
}

}  // namespace martlet

namespace martlet {

Result<PlanPtr> Binder::BindJoin(const sql::TableRef& ref, Scope& scope, const Scope* outer) {
  size_t left_start = scope.columns.size();
  ASSIGN_OR_RETURN(PlanPtr left, BindTableRef(*ref.left, scope, outer));
  size_t right_start = scope.columns.size();
  ASSIGN_OR_RETURN(PlanPtr right, BindTableRef(*ref.right, scope, outer));
  // Expressions in ON see only this join's columns (positions relative to it).
  Scope join_scope;
  join_scope.outer = outer;
  join_scope.columns.assign(scope.columns.begin() + static_cast<long>(left_start), scope.columns.end());
  std::vector<BoundExprPtr> conditions;
  std::vector<std::pair<int, int>> using_pairs;  // positions of each USING column in left, right
  std::vector<std::string> using_columns = ref.using_columns;
  if (ref.natural) {
    for (size_t r = right_start; r < scope.columns.size(); r++) {
      for (size_t l = left_start; l < right_start; l++) {
        if (scope.columns[l].name == scope.columns[r].name) using_columns.push_back(scope.columns[r].name);
      }
    }
  }
  for (const auto& name : using_columns) {
    int l = -1, r = -1;
    for (size_t i = left_start; i < right_start; i++) {
      if (scope.columns[i].name == name) l = static_cast<int>(i - left_start);
    }
    for (size_t i = right_start; i < scope.columns.size(); i++) {
      if (scope.columns[i].name == name) r = static_cast<int>(i - left_start);
    }
    if (l < 0 || r < 0) {
      return Status(StatusCode::kBindError,
                    "column \"" + name + "\" specified in USING clause does not exist in " +
                        (l < 0 ? "left" : "right") + " table",
                    ref.position);
    }
    ExpressionBinder binder(*this, join_scope, "JOIN");
    std::vector<BoundExprPtr> args;
    args.push_back(MakeColumn(l, join_scope.columns[l].type, name));
    args.push_back(MakeColumn(r, join_scope.columns[r].type, name));
    RETURN_IF_ERROR(binder.Unify({&args[0], &args[1]}, ref.position));
    ASSIGN_OR_RETURN(auto equal, binder.CallFunction("=", std::move(args), ref.position));
    conditions.push_back(std::move(equal));
    using_pairs.emplace_back(l, r);
  }
  if (ref.on) {
    ExpressionBinder binder(*this, join_scope, "JOIN conditions");
    ASSIGN_OR_RETURN(auto on, binder.Bind(*ref.on));
    ASSIGN_OR_RETURN(on, CastTo(std::move(on), LogicalType(TypeId::kBoolean)));
    if (HasSubquery(*on)) {
      return Status(StatusCode::kNotSupported, "subqueries in JOIN ... ON are not supported",
                    ref.on->position);
    }
    SplitConjunction(std::move(on), conditions);
  }
  PlanJoinType type = PlanJoinType::kInner;
  switch (ref.join_type) {
    case sql::JoinType::kInner:
    case sql::JoinType::kCross: type = PlanJoinType::kInner; break;
    case sql::JoinType::kLeft: type = PlanJoinType::kLeft; break;
    case sql::JoinType::kRight: type = PlanJoinType::kRight; break;
    case sql::JoinType::kFull: type = PlanJoinType::kFull; break;
  }
  PlanPtr joined;
  if (type == PlanJoinType::kInner) {
    std::vector<PlanPtr> relations;
    relations.push_back(std::move(left));
    relations.push_back(std::move(right));
    joined = BuildInnerJoins(std::move(relations), std::move(conditions));
  } else {
    joined = BuildOuterJoin(type, std::move(left), std::move(right), std::move(conditions));
  }
  if (using_pairs.empty()) return joined;
  return MergeUsingColumns(std::move(joined), type, using_pairs, scope, left_start, ref.position);
}

PlanPtr Binder::BuildOuterJoin(PlanJoinType type, PlanPtr left, PlanPtr right,
                               std::vector<BoundExprPtr> conditions) {
  // Outer joins: a condition on the inner side only may filter that side first.
  int split = static_cast<int>(left->width());
  std::vector<BoundExprPtr> join_conditions;
  for (auto& condition : conditions) {
    bool only_right = true, any = false;
    ForEachColumn(*condition, [&](int c) {
      any = true;
      only_right = only_right && c >= split;
    });
    if (type == PlanJoinType::kLeft && any && only_right) {
      ShiftColumns(*condition, -split);
      std::vector<BoundExprPtr> one;
      one.push_back(std::move(condition));
      right = AddFilter(std::move(right), std::move(one));
    } else {
      join_conditions.push_back(std::move(condition));
    }
  }
  return MakeJoin(type, std::move(left), std::move(right), std::move(join_conditions));
}

// The shape PostgreSQL and the standard give a join USING (or NATURAL): each merged column
// first (the left value, the right one for RIGHT JOIN, COALESCE of both for FULL JOIN), then
// the other columns; both original copies stay reachable as table.column.
Result<PlanPtr> Binder::MergeUsingColumns(PlanPtr joined, PlanJoinType type,
                                          const std::vector<std::pair<int, int>>& using_pairs,
                                          Scope& scope, size_t first, int position) {
  Scope join_scope;
  join_scope.columns.assign(scope.columns.begin() + static_cast<long>(first), scope.columns.end());
  ExpressionBinder binder(*this, join_scope, "JOIN");
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  std::vector<ScopeColumn> merged;
  for (auto [l, r] : using_pairs) {
    const ScopeColumn& left = join_scope.columns[l];
    BoundExprPtr left_value = MakeColumn(l, left.type, left.name);
    BoundExprPtr right_value = MakeColumn(r, join_scope.columns[r].type, left.name);
    RETURN_IF_ERROR(binder.Unify({&left_value, &right_value}, position));
    BoundExprPtr value = type == PlanJoinType::kRight  ? std::move(right_value)
                         : type == PlanJoinType::kFull ? MakeCoalesce(std::move(left_value), std::move(right_value))
                                                       : std::move(left_value);
    merged.push_back(ScopeColumn{"", left.name, value->type, false});
    names.push_back(left.name);
    exprs.push_back(std::move(value));
    scope.columns[first + l].qualified_only = true;
    scope.columns[first + r].qualified_only = true;
  }
  for (size_t i = 0; i < joined->width(); i++) {
    exprs.push_back(MakeColumn(static_cast<int>(i), joined->types[i], joined->names[i]));
    names.push_back(joined->names[i]);
  }
  scope.columns.insert(scope.columns.begin() + static_cast<long>(first), merged.begin(), merged.end());
  return MakeProject(std::move(joined), std::move(exprs), std::move(names));
}

Result<PlanPtr> Binder::ApplyOrderLimit(PlanPtr plan, const sql::SelectStmt& stmt,
                                        const Scope* outer, size_t visible_columns) {
  (void)outer;
  (void)visible_columns;
  if (!stmt.order_by.empty()) {
    auto sort = std::make_unique<PlanNode>(PlanKind::kSort);
    for (const auto& item : stmt.order_by) {
      int column = -1;
      if (item.expr->kind == sql::ExprKind::kLiteral && item.expr->literal_kind == sql::LiteralKind::kInteger) {
        column = std::atoi(item.expr->text.c_str()) - 1;
      } else if (item.expr->kind == sql::ExprKind::kColumnRef) {
        for (size_t i = 0; i < plan->names.size(); i++) {
          if (plan->names[i] == item.expr->names.back()) {
            column = static_cast<int>(i);
            break;
          }
        }
      }
      if (column < 0 || column >= static_cast<int>(plan->width())) {
        return Status(StatusCode::kBindError,
                      "ORDER BY of a UNION/INTERSECT/EXCEPT must name an output column or position",
                      item.expr->position);
      }
      bool nulls_first = item.nulls == sql::NullsOrder::kDefault ? item.descending
                                                                  : item.nulls == sql::NullsOrder::kFirst;
      sort->sort_keys.push_back({column, item.descending, nulls_first});
    }
    sort->types = plan->types;
    sort->names = plan->names;
    sort->estimated_rows = plan->estimated_rows;
    sort->children.push_back(std::move(plan));
    plan = std::move(sort);
  }
  if (stmt.limit || stmt.offset) {
    auto limit = std::make_unique<PlanNode>(PlanKind::kLimit);
    if (stmt.limit) {
      ASSIGN_OR_RETURN(limit->limit, ConstantInteger(*stmt.limit, "LIMIT"));
    }
    if (stmt.offset) {
      ASSIGN_OR_RETURN(limit->offset, ConstantInteger(*stmt.offset, "OFFSET"));
    }
    limit->types = plan->types;
    limit->names = plan->names;
    limit->estimated_rows = plan->estimated_rows;
    limit->children.push_back(std::move(plan));
    plan = std::move(limit);
  }
  return plan;
}

}  // namespace martlet
