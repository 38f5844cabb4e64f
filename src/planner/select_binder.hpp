// Binds one SELECT block: FROM, WHERE (with subqueries turned into joins), GROUP BY,
// HAVING, window functions, QUALIFY, the select list, DISTINCT, ORDER BY and LIMIT.
#pragma once

#include "planner/binder.hpp"
#include "planner/expression_binder.hpp"

namespace martlet {

class SelectBinder {
 public:
  SelectBinder(Binder& binder, const sql::QueryNode& node, const Scope* outer)
      : binder_(binder), node_(node), outer_(outer) {}

  // `stmt` carries ORDER BY / LIMIT when they belong to this block (null otherwise).
  Result<PlanPtr> Bind(const sql::SelectStmt* stmt);

  // UPDATE and DELETE: the rows to change. `relations` are bound already, their columns in
  // `scope`; WHERE is planned as a SELECT's is, its subqueries turned into joins.
  Status BindTargetRows(std::vector<PlanPtr> relations, Scope scope, const sql::Expr* where);
  // An expression over those rows (UPDATE ... SET), correlated scalar subqueries joined in.
  Result<BoundExprPtr> BindOverTargetRows(const sql::Expr& expr, const char* clause);
  PlanPtr TakePlan() { return std::move(plan_); }

 private:
  Result<PlanPtr> BindFrom();
  static PlanPtr CommaJoin(std::vector<PlanPtr> relations);
  Status BindWhere(const sql::Expr* where);
  Status PlanSubqueryConjunct(BoundExprPtr conjunct);
  Status DecorrelateScalars(BoundExprPtr& expr);
  Status BindGroupBy();
  Status BindSelectList();
  Status ExpandStar(const sql::Expr& star);
  Status BindOrderBy(const sql::SelectStmt* stmt);
  Status Aggregate();
  Status RewriteAfterAggregate(BoundExprPtr& expr) const;
  Status ApplyWindows();
  Status PullUpCorrelated();
  void AddEmptyGroupValue();

  Binder& binder_;
  const sql::QueryNode& node_;
  const Scope* outer_;

  Scope scope_;
  PlanPtr plan_;
  std::vector<BoundExprPtr> correlated_;  // WHERE terms that read the enclosing query

  std::vector<BoundExprPtr> group_keys_;
  std::vector<std::vector<int>> grouping_sets_;
  std::vector<AggregateCall> aggregates_;
  std::vector<PendingWindowCall> windows_;
  bool aggregated_ = false;

  std::vector<BoundExprPtr> select_exprs_;
  std::vector<std::string> select_names_;
  BoundExprPtr having_;
  BoundExprPtr qualify_;
  std::vector<SortKey> order_keys_;  // over the projection's columns
  size_t visible_ = 0;
  size_t order_hidden_ = 0;
  std::vector<BoundExprPtr> pending_correlated_;  // over this block's output columns
  bool correlated_grouped_ = false;
  int correlated_marker_ = -1;
  BoundExprPtr correlated_empty_value_;
  std::vector<Value> aggregate_empty_values_;  // each aggregate over no rows
};

}  // namespace martlet
