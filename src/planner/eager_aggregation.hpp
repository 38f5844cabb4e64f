// Eager aggregation (Yan and Larson, "Eager Aggregation and Lazy Aggregation", VLDB 1995).
//
// An aggregation over a chain of inner joins whose arguments all come from the lower part of
// the chain can aggregate that part first, grouped by the columns the joins and group keys
// above read from it, and then finish over the joined partial results. TPC-H Q10 sums
// 115,000 lineitem-orders rows into 39,000 customers before joining the customers' long
// strings, instead of carrying those strings through every row and grouping by all of them.
#pragma once

#include "planner/plan.hpp"

namespace martlet {

// Rewrites, in place, every aggregation of the tree where this applies: COUNT, SUM (of
// exact or floating-point numbers, whose partial sums sum to the same type), MIN and MAX over
// a left-deep chain of inner equi-joins without residual conditions (or a left join at its
// top), when just one column of the input they read is read above it, and that input is not
// estimated much smaller than that column's possible values. The input is a left input of
// the chain, or a build side that looks larger than its probe side (a left join's: TPC-H
// Q13 counts orders per customer before joining the customers).
void AggregateBeforeJoins(PlanNode& root);

}  // namespace martlet
