#include "exec/shared_subexpressions.hpp"

#include <algorithm>

#include "exec/expression_executor.hpp"

namespace martlet {
namespace {

bool IsPure(const BoundExpr& expr) {
  return !HasVolatileCall(expr) && !HasSubquery(expr) && !HasOuterColumn(expr);
}

size_t NodeCount(const BoundExpr& expr) {
  size_t count = 1;
  for (const auto& child : expr.children) count += NodeCount(*child);
  return count;
}

// The shareable calls of `slot`'s tree, reached only through calls and casts, whose
// arguments every row evaluates.
void CollectCandidates(BoundExprPtr& slot, std::vector<BoundExprPtr*>& out) {
  BoundExpr& expr = *slot;
  if (expr.kind != BoundExprKind::kFunction && expr.kind != BoundExprKind::kCast) return;
  if (IsPure(expr)) out.push_back(&slot);
  for (auto& child : expr.children) CollectCandidates(child, out);
}

}  // namespace

std::vector<BoundExprPtr> ExtractSharedSubexpressions(const std::vector<BoundExprPtr*>& exprs,
                                                      size_t input_width) {
  std::vector<BoundExprPtr> shared;
  while (true) {
    std::vector<BoundExprPtr*> candidates;
    for (BoundExprPtr* expr : exprs) CollectCandidates(*expr, candidates);
    std::stable_sort(candidates.begin(), candidates.end(), [](BoundExprPtr* a, BoundExprPtr* b) {
      return NodeCount(**a) > NodeCount(**b);
    });
    // The largest call that occurs twice; equal calls cannot nest, so replacing every
    // occurrence leaves the other candidate slots of this round untouched.
    std::vector<BoundExprPtr*> occurrences;
    for (size_t i = 0; i < candidates.size() && occurrences.size() < 2; i++) {
      occurrences = {candidates[i]};
      for (size_t j = i + 1; j < candidates.size(); j++) {
        if (ExprEquals(**candidates[i], **candidates[j])) occurrences.push_back(candidates[j]);
      }
    }
    if (occurrences.size() < 2) return shared;
    const BoundExpr& first = **occurrences[0];
    auto column = static_cast<int>(input_width + shared.size());
    BoundExprPtr copy = first.Copy();
    for (BoundExprPtr* slot : occurrences) *slot = MakeColumn(column, copy->type, copy->ToString());
    shared.push_back(std::move(copy));
  }
}

Status AppendSharedColumns(const std::vector<BoundExprPtr>& shared, DataChunk& chunk,
                           const FunctionContext& context) {
  for (const auto& expr : shared) {
    Vector column;
    RETURN_IF_ERROR(EvaluateInto(*expr, chunk, context, column));
    chunk.columns.push_back(std::move(column));
  }
  return Status::Ok();
}

}  // namespace martlet
