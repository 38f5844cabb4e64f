// Common subexpressions of one operator's expressions, computed once per chunk.
//
// TPC-H Q1 sums l_extendedprice * (1 - l_discount) and that times (1 + l_tax): without
// sharing, the product is computed twice for every row.
#pragma once

#include <vector>

#include "exec/operator.hpp"
#include "planner/bound_expr.hpp"

namespace martlet {

// Finds the function calls (and casts) that occur more than once in `exprs`, largest first,
// and rewrites each occurrence into a read of column `input_width + k`, where k is the call's
// position in the returned list. Only calls every row evaluates are shared (never one inside a
// CASE branch, which runs on some rows only), and never a volatile one.
std::vector<BoundExprPtr> ExtractSharedSubexpressions(const std::vector<BoundExprPtr*>& exprs,
                                                      size_t input_width);

// Appends the value of each shared expression to `chunk` as a new column, in order.
Status AppendSharedColumns(const std::vector<BoundExprPtr>& shared, DataChunk& chunk,
                           const FunctionContext& context);

}  // namespace martlet
