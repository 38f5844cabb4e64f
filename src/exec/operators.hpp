// Factories for the physical operators. Each operator's class and state live in its .cpp.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "exec/operator.hpp"
#include "exec/runtime_filter.hpp"
#include "exec/sort_keys.hpp"
#include "planner/plan.hpp"

namespace martlet {

OperatorPtr MakeValuesOperator(std::vector<LogicalType> types,
                               std::vector<std::vector<BoundExprPtr>> rows);
OperatorPtr MakeResultOperator(std::shared_ptr<DataChunk> rows);
// A reference to a WITH query read more than once: the first reference to run collects its
// child's rows into `rows`; every reference then hands out copies of them.
OperatorPtr MakeCteOperator(OperatorPtr child, std::shared_ptr<CteRows> rows);
OperatorPtr MakeFilterOperator(OperatorPtr child, BoundExprPtr predicate);
OperatorPtr MakeProjectOperator(OperatorPtr child, std::vector<BoundExprPtr> exprs);
OperatorPtr MakeLimitOperator(OperatorPtr child, int64_t limit, int64_t offset);
// Sorts all input; with limit >= 0 keeps only the first `limit` rows (top-N).
// `parallel_inputs` are further copies of the child's pipeline, run on their own threads.
OperatorPtr MakeSortOperator(OperatorPtr child, std::vector<SortKey> keys, int64_t limit,
                             std::vector<OperatorPtr> parallel_inputs = {});
OperatorPtr MakeDistinctOperator(OperatorPtr child);
OperatorPtr MakeSetOpOperator(OperatorPtr left, OperatorPtr right, int set_op, bool all);

// The hashed build side of a join, shared by the parallel copies of the join: the first
// copy to need it builds it (from its own right child), the others wait and reuse it.
struct JoinBuildState;
std::shared_ptr<JoinBuildState> MakeJoinBuildState();

struct HashJoinSpec {
  PlanJoinType type = PlanJoinType::kInner;
  std::vector<BoundExprPtr> left_keys;   // probe side
  std::vector<BoundExprPtr> right_keys;  // build side
  BoundExprPtr residual;                 // over left columns then right columns
  bool null_aware = false;
  std::shared_ptr<JoinBuildState> shared_build;  // null: the join builds its own
  // Copies of the build side's pipeline for the other worker threads: the build side is
  // collected on all of them at once.
  std::vector<OperatorPtr> parallel_build_inputs;
  // Per right key (or null): where to publish what the build side's keys look like.
  std::vector<std::shared_ptr<RuntimeFilter>> runtime_filters;
  // Per left key (or null), inner, left, semi and anti joins only: where to publish what the
  // probe side's keys look like, for the build side's scans (the join then reads its probe
  // side first).
  std::vector<std::shared_ptr<RuntimeFilter>> build_side_filters;
  // Build the joins on the probe side first: filters they publish apply to this build side.
  bool build_after_probe_side = false;
};
OperatorPtr MakeHashJoinOperator(OperatorPtr left, OperatorPtr right, HashJoinSpec spec);

struct AggregateSpec {
  std::vector<BoundExprPtr> group_keys;
  std::vector<AggregateCall> aggregates;
  std::vector<std::vector<int>> grouping_sets;  // empty: one set of all keys
};
OperatorPtr MakeHashAggregateOperator(OperatorPtr child, AggregateSpec spec,
                                      std::vector<LogicalType> output_types,
                                      std::vector<OperatorPtr> parallel_inputs = {});

// Runs `work(i)` for i in [0, count) on `count` threads (the caller's thread is one of them)
// and returns the first error.
Status RunInParallel(size_t count, const std::function<Status(size_t)>& work);

}  // namespace martlet
