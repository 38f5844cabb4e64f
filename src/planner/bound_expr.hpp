// Bound expressions: names resolved to column positions, types known, functions chosen.
//
// A column reference is the index of a column in the input of the operator that evaluates
// the expression. kOuterColumn appears only while a correlated subquery is being
// decorrelated and never reaches the executor.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/types.hpp"
#include "common/value.hpp"
#include "functions/function.hpp"

namespace martlet {

struct BoundExpr;
using BoundExprPtr = std::unique_ptr<BoundExpr>;

enum class BoundExprKind {
  kColumn,       // column_index
  kOuterColumn,  // column_index in the enclosing query's scope (correlated)
  kConstant,     // value
  kFunction,     // function(children) through a ScalarBinding
  kCast,         // children[0] cast to type
  kCase,         // children: when0, then0, when1, then1, ..., [else] (has_else)
  kAnd,          // children (two or more), three-valued
  kOr,
  kNot,
  kIsNull,       // children[0] IS NULL
  kIsNotNull,
  kInList,       // children[0] IN (children[1..]), three-valued
  kSubquery,     // subquery_kind over `subquery`; replaced before execution
  kAggregateRef, // while binding: the column_index-th aggregate call of the query
  kWindowRef,    // while binding: the column_index-th window call of the query
};

struct PlanNode;

enum class SubqueryKind { kScalar, kExists, kIn };

struct BoundExpr {
  BoundExprKind kind = BoundExprKind::kConstant;
  LogicalType type;
  int column_index = -1;
  Value value;
  ScalarBinding function;
  std::string name;  // function or column name, for EXPLAIN and errors
  bool has_else = false;
  std::vector<BoundExprPtr> children;
  int position = -1;  // in the SQL text, for run-time errors
  bool untyped_literal = false;  // a quoted literal whose type comes from its context
  SubqueryKind subquery_kind = SubqueryKind::kScalar;
  std::shared_ptr<PlanNode> subquery;  // kSubquery (kIn: children[0] is the tested value)

  BoundExprPtr Copy() const;
  std::string ToString() const;  // for EXPLAIN
};

BoundExprPtr MakeColumn(int index, LogicalType type, std::string name = "");
BoundExprPtr MakeConstant(Value value);
// A CASE without branches yet: children are WHEN, THEN pairs, then ELSE when has_else.
BoundExprPtr MakeCaseExpr(LogicalType type, int position);
BoundExprPtr MakeIsNotNull(BoundExprPtr expr);
// COALESCE(first, second) as CASE WHEN first IS NOT NULL THEN first ELSE second END; both of
// the same type.
BoundExprPtr MakeCoalesce(BoundExprPtr first, BoundExprPtr second);
// Splits a conjunction into its terms.
void SplitConjunction(BoundExprPtr expr, std::vector<BoundExprPtr>& out);
BoundExprPtr MakeConjunction(std::vector<BoundExprPtr> terms);  // nullptr when empty
// Calls fn on every column index the expression reads.
template <typename Fn>
void ForEachColumn(const BoundExpr& expr, Fn&& fn) {
  if (expr.kind == BoundExprKind::kColumn) fn(expr.column_index);
  for (const auto& child : expr.children) ForEachColumn(*child, fn);
}
bool HasOuterColumn(const BoundExpr& expr);
bool HasSubquery(const BoundExpr& expr);
bool HasVolatileCall(const BoundExpr& expr);  // RANDOM() and the like: each call its own value
bool ExprEquals(const BoundExpr& a, const BoundExpr& b);
bool IsConstant(const BoundExpr& expr);
// Renumbers column references through `mapping` (old index -> new index).
void RemapColumns(BoundExpr& expr, const std::vector<int>& mapping);
// Adds `offset` to every column index.
void ShiftColumns(BoundExpr& expr, int offset);

}  // namespace martlet
