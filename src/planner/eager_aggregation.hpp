// Eager aggregation (Yan and Larson, "Eager Aggregation and Lazy Aggregation", VLDB 1995).
//
// An aggregation over a chain of inner joins whose arguments all come from the chain's
// deepest input can aggregate that input first, grouped by the few columns the joins and
// group keys read from it, and then finish over the joined partial results. TPC-H Q10 sums
// 115,000 lineitem-orders rows into 39,000 customers before joining the customers' long
// strings, instead of carrying those strings through every row and grouping by all of them.
#pragma once

#include "planner/plan.hpp"

namespace martlet {

// Rewrites, in place, every aggregation of the tree where this applies: SUM (of exact or
// floating-point numbers, whose partial sums sum to the same type), MIN and MAX over a
// left-deep chain of inner equi-joins without residual conditions, when the input they read
// is estimated larger than what it joins and at most two of its columns are read above it.
void AggregateBeforeJoins(PlanNode& root);

}  // namespace martlet
