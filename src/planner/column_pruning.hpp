// Column pruning: every operator keeps only the columns something above it reads, so that
// scans read only the columns a query uses (the point of a column store).
#pragma once

#include "planner/plan.hpp"

namespace martlet {

// Rewrites `root` in place; the root's own output columns are all kept.
void PruneColumns(PlanNode& root);

}  // namespace martlet
