// The binder: turns a parsed query into a logical plan, resolving every name against the
// catalog snapshot, typing every expression and choosing every function.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "functions/function.hpp"
#include "planner/plan.hpp"
#include "sql/ast.hpp"

namespace martlet {

// One visible column while binding: `table` is the alias (or table name) it is reached by.
struct ScopeColumn {
  std::string table;
  std::string name;
  LogicalType type;
  // The right-hand copy of a JOIN ... USING column: reached only as table.column, and not
  // part of SELECT *.
  bool qualified_only = false;
};

struct Scope {
  std::vector<ScopeColumn> columns;
  const Scope* outer = nullptr;  // the enclosing query's scope, for correlated subqueries
};

// Produces rows for relations that are not stored tables (information_schema, svv_*).
class SystemViewProvider {
 public:
  virtual ~SystemViewProvider() = default;
  // Returns nullptr when `schema.name` is not a system view.
  virtual std::shared_ptr<DataChunk> Rows(const std::string& schema, const std::string& name,
                                          std::vector<std::string>& column_names) const = 0;
};

// Binds the table functions that read from outside the database (postgres_query): learns
// their columns now, so that the query can be bound before any row is read.
class ExternalRelationProvider {
 public:
  virtual ~ExternalRelationProvider() = default;
  // Fills `types` and `names` with the relation's columns. Returns nullptr (and no error)
  // when `function` is not one of this provider's.
  virtual Result<std::shared_ptr<ExternalRelation>> Bind(const std::string& function,
                                                         const std::vector<Value>& arguments,
                                                         std::vector<LogicalType>& types,
                                                         std::vector<std::string>& names) const = 0;
};

class Binder {
 public:
  Binder(const Catalog& catalog, const FunctionRegistry& functions,
         const SystemViewProvider* system_views = nullptr);

  Result<PlanPtr> BindQuery(const sql::SelectStmt& stmt);
  // Binds an expression over the columns of `scope` (UPDATE ... SET, defaults).
  Result<BoundExprPtr> BindExpression(const sql::Expr& expr, const Scope& scope);
  // Casts `expr` to `type`, folding constants. Only implicit casts are allowed unless
  // `explicit_cast` (a function's resolver asked for its argument types).
  Result<BoundExprPtr> CastTo(BoundExprPtr expr, const LogicalType& type, bool explicit_cast = false);
  // The (schema, name) a table reference means; schema defaults to "public".
  static std::pair<std::string, std::string> QualifiedName(const std::vector<std::string>& names);

  // Binds a FROM list (UPDATE ... FROM, DELETE ... USING) into one plan whose columns
  // are listed in `scope`.
  // Row counts of stored tables, for join ordering (defaults to 1000 rows each).
  std::function<double(uint64_t table_id)> table_rows;
  // Table functions over outside sources; none when null.
  const ExternalRelationProvider* external_relations = nullptr;
  // When false, a view is bound (so that it is checked) but stays a leaf of the plan, a scan
  // of a stand-in table named after the view: for column lineage that stops at views. Such
  // plans must not be executed.
  bool expand_views = true;

  Result<PlanPtr> BindFromList(const std::vector<sql::TableRefPtr>& from, Scope& scope);

 private:
  friend class ExpressionBinder;
  friend class SelectBinder;

  struct CteEntry {
    const sql::CommonTableExpr* cte;
  };

  Result<PlanPtr> BindQueryNode(const sql::QueryNode& node, const Scope* outer);
  Result<PlanPtr> BindSelectStmt(const sql::SelectStmt& stmt, const Scope* outer);
  Result<PlanPtr> BindSetOp(const sql::QueryNode& node, const Scope* outer);
  Result<PlanPtr> BindValues(const sql::QueryNode& node, const Scope* outer);
  Result<PlanPtr> BindTableRef(const sql::TableRef& ref, Scope& scope, const Scope* outer);
  Result<PlanPtr> BindBaseTable(const sql::TableRef& ref, Scope& scope, const Scope* outer);
  Result<PlanPtr> BindTableFunction(const sql::Expr& call);
  Result<PlanPtr> BindExternalFunction(const sql::Expr& call);
  static PlanPtr ViewAsLeaf(const ViewEntry& view, const PlanNode& expanded);
  Result<PlanPtr> BindCte(const sql::CommonTableExpr& cte, size_t levels);
  PlanPtr ReferenceCte(const sql::CommonTableExpr& cte, PlanPtr plan);
  Result<PlanPtr> BindJoin(const sql::TableRef& ref, Scope& scope, const Scope* outer);
  PlanPtr BuildOuterJoin(PlanJoinType type, PlanPtr left, PlanPtr right,
                         std::vector<BoundExprPtr> conditions);
  Result<PlanPtr> MergeUsingColumns(PlanPtr joined, PlanJoinType type,
                                    const std::vector<std::pair<int, int>>& using_pairs, Scope& scope,
                                    size_t first, int position);
  Result<PlanPtr> ApplyOrderLimit(PlanPtr plan, const sql::SelectStmt& stmt,
                                  const Scope* outer, size_t visible_columns);
  Status RelationNotFound(const std::vector<std::string>& names, int position) const;

  const Catalog& catalog_;
  const FunctionRegistry& functions_;
  const SystemViewProvider* system_views_;
  std::vector<std::map<std::string, const sql::CommonTableExpr*>> cte_stack_;
  int view_depth_ = 0;
  std::set<const sql::CommonTableExpr*> bound_ctes_;
  // How often the statement reads each WITH query, and the shared rows of those read twice
  // or more, for their references (kCte nodes).
  std::map<const sql::CommonTableExpr*, int> cte_reads_;
  std::map<const sql::CommonTableExpr*, std::shared_ptr<CteRows>> cte_rows_;
};

// Reads a positive integer constant (LIMIT, TOP, OFFSET); fails with a clear message.
Result<int64_t> ConstantInteger(const sql::Expr& expr, const char* clause);

}  // namespace martlet
