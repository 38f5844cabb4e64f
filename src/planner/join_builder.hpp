// Building join nodes: splitting a join condition into hash keys and a residual, and
// ordering the inner joins of a FROM list from cardinality estimates.
#pragma once

#include <vector>

#include "planner/plan.hpp"

namespace martlet {

// Makes a join of `left` and `right` on `conditions` (over left columns then right columns):
// equalities between one side and the other become hash keys, the rest the residual.
PlanPtr MakeJoin(PlanJoinType type, PlanPtr left, PlanPtr right,
                 std::vector<BoundExprPtr> conditions);

// A LEFT JOIN of `left` and `right` on `conditions`. When `left` looks much smaller than
// `right`, it runs as a RIGHT JOIN with the sides swapped, so that the hash table is built on
// `left` and its keys filter `right` as it is read (a correlated subquery's aggregate then
// computes only the groups the outer rows ask for); a projection restores the column order.
PlanPtr MakeLeftJoin(PlanPtr left, PlanPtr right, std::vector<BoundExprPtr> conditions);

// Joins `relations` (whose columns, concatenated, are the columns `conditions` refer to)
// in an order chosen from their estimated sizes: the largest relation is the probe side,
// each step joins the smallest connected relation as a build side. Conditions on one
// relation become filters below the joins. The result's columns are in the original
// concatenated order.
PlanPtr BuildInnerJoins(std::vector<PlanPtr> relations, std::vector<BoundExprPtr> conditions);

// Adds a filter above `plan` (merged into a scan's pushed-down filters when possible).
PlanPtr AddFilter(PlanPtr plan, std::vector<BoundExprPtr> conditions);

// A projection of `exprs` over `child`, with the given output names.
PlanPtr MakeProject(PlanPtr child, std::vector<BoundExprPtr> exprs, std::vector<std::string> names);

}  // namespace martlet
