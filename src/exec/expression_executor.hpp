// Evaluates bound expressions over chunks.
#pragma once

#include <memory>
#include <vector>

#include "exec/operator.hpp"
#include "planner/bound_expr.hpp"

namespace martlet {

// The value of an expression over a chunk: either a column of the chunk itself (no copy) or
// a vector the evaluation produced.
struct EvaluatedVector {
  const Vector* vector = nullptr;
  std::unique_ptr<Vector> owned;
};

Result<EvaluatedVector> Evaluate(const BoundExpr& expr, const DataChunk& chunk,
                                 const FunctionContext& context);
// Evaluates into `out` (resized to the chunk's rows), copying a column reference.
Status EvaluateInto(const BoundExpr& expr, const DataChunk& chunk, const FunctionContext& context,
                    Vector& out);
// Fills `selection` with the rows where `predicate` is TRUE (not FALSE, not NULL).
Status SelectRows(const BoundExpr& predicate, const DataChunk& chunk,
                  const FunctionContext& context, std::vector<uint32_t>& selection);
// Keeps in `selection` (distinct rows of `chunk`, ascending) only the rows where `predicate`
// is TRUE. Only the selected rows of the columns it reads need to hold values.
Status RefineRows(const BoundExpr& predicate, const DataChunk& chunk,
                  const FunctionContext& context, std::vector<uint32_t>& selection);
// Evaluates an expression without columns (constant folding); `expr` must be constant.
Result<Value> EvaluateConstant(const BoundExpr& expr, const FunctionContext& context);

}  // namespace martlet
