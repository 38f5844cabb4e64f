// Column lineage: which stored columns each output column of a bound query is computed from.
//
// The answer is read off the logical plan the binder produced, so every name is already
// resolved: `SELECT *` is expanded, CTEs and views are inlined (a view is a leaf only when
// the binder was told not to expand views), and correlated subqueries are joins.
//
// Two kinds of dependency are kept apart:
//  - value: the column is read by the expression that computes an output column (a
//    projection, a CASE branch or condition, an aggregate's argument, a GROUP BY key that is
//    selected, a window function's argument, PARTITION BY or ORDER BY, either side of a
//    UNION, a scalar subquery's selected column);
//  - filter: the column decides which rows there are, not what they hold (WHERE, JOIN ... ON
//    and USING, GROUP BY, HAVING, QUALIFY, IN and EXISTS subqueries, the right side of
//    INTERSECT and EXCEPT, ORDER BY under a LIMIT, and the WHERE of a scalar subquery).
//    Filters concern the query's rows as a whole, so they are one set for the query.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "planner/plan.hpp"

namespace martlet {

// A stored column: schema.table.column (a view's column when views are not expanded).
struct ColumnSource {
  std::string schema;
  std::string table;
  std::string column;

  auto operator<=>(const ColumnSource&) const = default;
};

using ColumnSources = std::set<ColumnSource>;

struct QueryLineage {
  std::vector<ColumnSources> columns;  // one per output column of the plan, in order
  ColumnSources filter;                // columns that decide which rows there are
};

// The lineage of every output column of `plan`.
QueryLineage ColumnLineage(const PlanNode& plan);

}  // namespace martlet
