// Binds one expression over a scope: names to columns, types, functions, casts.
#pragma once

#include <string>
#include <vector>

#include "planner/binder.hpp"

namespace martlet {

// A window function call found while binding a select list, with its parts bound over the
// scope the window operator will see.
struct PendingWindowCall {
  std::string function;
  std::vector<BoundExprPtr> args;
  std::vector<BoundExprPtr> partition_by;
  std::vector<BoundExprPtr> order_by;
  std::vector<bool> order_descending;
  std::vector<bool> order_nulls_first;
  FrameSpec frame;
  bool ignore_nulls = false;
  bool star = false;
  bool distinct = false;
  std::optional<AggregateBinding> aggregate;
  LogicalType type;
  int position = -1;
};

class ExpressionBinder {
 public:
  ExpressionBinder(Binder& binder, const Scope& scope, const char* clause)
      : binder_(binder), scope_(scope), clause_(clause) {}

  // Where aggregate and window calls go; when null they are an error in this clause.
  std::vector<AggregateCall>* aggregates = nullptr;
  std::vector<PendingWindowCall>* windows = nullptr;
  // QUALIFY: a name that is no column may be an alias of the select list (Redshift's
  // `QUALIFY rn = 1` over `ROW_NUMBER() OVER (...) AS rn`); it binds to that item's expression.
  const std::vector<sql::SelectItem>* select_aliases = nullptr;
  // Set when a column of an enclosing query was referenced (a correlated subquery).
  bool referenced_outer = false;

  Result<BoundExprPtr> Bind(const sql::Expr& expr);

 private:
  Result<BoundExprPtr> BindColumnRef(const sql::Expr& expr);
  Result<BoundExprPtr> BindLiteral(const sql::Expr& expr);
  Result<BoundExprPtr> BindUnary(const sql::Expr& expr);
  Result<BoundExprPtr> BindBinary(const sql::Expr& expr);
  Result<BoundExprPtr> NarrowRoundedDecimal(BoundExprPtr call);
  Result<BoundExprPtr> BindFunction(const sql::Expr& expr);
  Result<BoundExprPtr> BindAggregate(const sql::Expr& expr);
  Result<BoundExprPtr> BindGrouping(const sql::Expr& expr);
  Result<BoundExprPtr> BindWindow(const sql::Expr& expr);
  Result<FrameSpec> BindFrame(const sql::WindowSpec& spec, const std::vector<BoundExprPtr>& order_by);
  Result<int64_t> RangeOffset(const sql::Expr& offset, const LogicalType& key);
  Result<BoundExprPtr> BindWindowCall(const sql::Expr& expr);
  Result<BoundExprPtr> BindConditionalFunction(const sql::Expr& expr, bool& handled);
  Result<BoundExprPtr> BindCase(const sql::Expr& expr);
  Result<BoundExprPtr> BindCast(const sql::Expr& expr);
  Result<BoundExprPtr> BindInList(const sql::Expr& expr);
  Result<BoundExprPtr> BindBetween(const sql::Expr& expr);
  Result<BoundExprPtr> BindLike(const sql::Expr& expr);
  Result<BoundExprPtr> BindSubquery(const sql::Expr& expr);
  Result<BoundExprPtr> BindQuantified(const sql::Expr& expr);
  // With `date_part_first`, a bare word as the first argument is a date part name.
  Result<BoundExprPtr> BindChildren(const sql::Expr& expr, std::vector<BoundExprPtr>& out,
                                    bool date_part_first = false);

 public:
  // Calls a scalar function or operator by name, casting the arguments as it asks.
  Result<BoundExprPtr> CallFunction(const std::string& name, std::vector<BoundExprPtr> args,
                                    int position);
  // Brings two expressions to their common type (for comparisons, CASE branches, IN lists).
  Status Unify(std::vector<BoundExprPtr*> exprs, int position);

 private:
  Binder& binder_;
  const Scope& scope_;
  const char* clause_;
  bool in_window_ = false;  // binding the parts of a window call
};

Result<LogicalType> TypeFromName(const sql::TypeName& name);
BoundExprPtr MakeNot(BoundExprPtr expr);

}  // namespace martlet
