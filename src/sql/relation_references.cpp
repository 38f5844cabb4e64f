#include "sql/relation_references.hpp"

#include <algorithm>
#include <map>

namespace martlet::sql {
namespace {

// Walks the AST keeping the CTE names in scope; each scope is one WITH list.
class RelationCollector {
 public:
  std::vector<RelationReference> references;
  std::map<const CommonTableExpr*, int> cte_reads;

  void Select(const SelectStmt& select) {
    size_t scopes_before = scopes_.size();
    scopes_.emplace_back();
    for (const CommonTableExpr& cte : select.with) {
      // A recursive CTE reads itself; a plain one sees only the CTEs written before it.
      if (select.recursive) scopes_.back()[cte.name] = &cte;
      if (cte.query) Select(*cte.query);
      scopes_.back()[cte.name] = &cte;
    }
    if (select.body) Query(*select.body);
    for (const OrderItem& item : select.order_by) Expression(item.expr.get());
    Expression(select.limit.get());
    Expression(select.offset.get());
    scopes_.resize(scopes_before);
  }

  void Query(const QueryNode& node) {
    Expression(node.top.get());
    for (const SelectItem& item : node.select_list) Expression(item.expr.get());
    for (const TableRefPtr& ref : node.from) Table(ref.get());
    Expression(node.where.get());
    for (const GroupItem& group : node.group_by) {
      Expression(group.expr.get());
      for (const auto& set : group.sets) {
        for (const ExprPtr& expr : set) Expression(expr.get());
      }
    }
    Expression(node.having.get());
    Expression(node.qualify.get());
    for (const NamedWindow& window : node.windows) Window(window.spec.get());
    if (node.left) Query(*node.left);
    if (node.right) Query(*node.right);
    for (const auto& row : node.values) {
      for (const ExprPtr& expr : row) Expression(expr.get());
    }
    if (node.nested) Select(*node.nested);
  }

  void Table(const TableRef* ref) {
    if (ref == nullptr) return;
    switch (ref->kind) {
      case TableRef::Kind::kBaseTable:
        if (const CommonTableExpr* cte = ref->names.size() == 1 ? InScope(ref->names[0]) : nullptr) {
          cte_reads[cte]++;
        } else {
          references.push_back({ref->names, ref->position});
        }
        break;
      case TableRef::Kind::kSubquery:
        if (ref->subquery) Select(*ref->subquery);
        break;
      case TableRef::Kind::kJoin:
        Table(ref->left.get());
        Table(ref->right.get());
        Expression(ref->on.get());
        break;
      case TableRef::Kind::kFunction:
        Expression(ref->function.get());
        break;
    }
  }

  void Expression(const Expr* expr) {
    if (expr == nullptr) return;
    for (const ExprPtr& arg : expr->args) Expression(arg.get());
    for (const OrderItem& item : expr->within_group) Expression(item.expr.get());
    Window(expr->over.get());
    Expression(expr->case_operand.get());
    for (const auto& [when, then] : expr->when_then) {
      Expression(when.get());
      Expression(then.get());
    }
    Expression(expr->else_expr.get());
    if (expr->subquery) Select(*expr->subquery);
  }

  void Window(const WindowSpec* spec) {
    if (spec == nullptr) return;
    for (const ExprPtr& expr : spec->partition_by) Expression(expr.get());
    for (const OrderItem& item : spec->order_by) Expression(item.expr.get());
    Expression(spec->frame_start.offset.get());
    Expression(spec->frame_end.offset.get());
  }

  void Statement(const sql::Statement& statement) {
    switch (statement.kind) {
      case StatementKind::kSelect:
        Select(*static_cast<const SelectStatement&>(statement).query);
        break;
      case StatementKind::kInsert: {
        const auto& insert = static_cast<const InsertStatement&>(statement);
        if (insert.query) Select(*insert.query);
        break;
      }
      case StatementKind::kCreateTable: {
        const auto& create = static_cast<const CreateTableStatement&>(statement);
        if (create.as_query) Select(*create.as_query);
        break;
      }
      case StatementKind::kCreateView: {
        const auto& create = static_cast<const CreateViewStatement&>(statement);
        if (create.query) Select(*create.query);
        break;
      }
      case StatementKind::kUpdate: {
        const auto& update = static_cast<const UpdateStatement&>(statement);
        for (const SetClause& set : update.set) Expression(set.value.get());
        for (const TableRefPtr& ref : update.from) Table(ref.get());
        Expression(update.where.get());
        break;
      }
      case StatementKind::kDelete: {
        const auto& del = static_cast<const DeleteStatement&>(statement);
        for (const TableRefPtr& ref : del.using_tables) Table(ref.get());
        Expression(del.where.get());
        break;
      }
      case StatementKind::kExplain: {
        const auto& explain = static_cast<const ExplainStatement&>(statement);
        if (explain.statement) Statement(*explain.statement);
        break;
      }
      default:
        break;
    }
  }

 private:
  // The CTE `name` refers to: the innermost in scope.
  const CommonTableExpr* InScope(const std::string& name) const {
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
      auto found = scope->find(name);
      if (found != scope->end()) return found->second;
    }
    return nullptr;
  }

  std::vector<std::map<std::string, const CommonTableExpr*>> scopes_;
};

}  // namespace

std::vector<RelationReference> ReadRelations(const Statement& statement) {
  RelationCollector collector;
  collector.Statement(statement);
  std::stable_sort(collector.references.begin(), collector.references.end(),
                   [](const RelationReference& a, const RelationReference& b) {
                     return a.position < b.position;
                   });
  return std::move(collector.references);
}

std::map<const CommonTableExpr*, int> CountCteReads(const SelectStmt& select) {
  RelationCollector collector;
  collector.Select(select);
  return std::move(collector.cte_reads);
}

}  // namespace martlet::sql
