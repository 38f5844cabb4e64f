// Materialized views: a table whose rows are its query's result, recomputed by REFRESH.
//
// The rows live in storage like any table's; the catalog keeps the query text and the base
// tables it read (TableEntry::materialized_view). A refresh records which version of each
// base table the rows reflect (TableData::base_versions), so that a view is stale exactly
// when a base table has committed a change since. Views with AUTO REFRESH YES are refreshed
// when a statement reads them while stale.
#pragma once

#include "main/connection_impl.hpp"

namespace martlet {

// Whether `view`'s rows miss a change committed to one of its base tables, as the
// transaction sees the database (its own uncommitted changes to base tables do not count).
bool IsStale(const Transaction& transaction, const TableEntry& view);

// Recomputes `view`'s rows in the current transaction. Nothing changes when it fails.
Status RefreshMaterializedView(ConnectionImpl& connection, const TableEntry& view);

// Refreshes the stale AUTO REFRESH views that `plan` reads, before it runs.
Status RefreshStaleViewsRead(ConnectionImpl& connection, const PlanNode& plan);

// The materialized views that read `table` (by id, or by name for a table since rewritten).
std::vector<std::shared_ptr<const TableEntry>> DependentViews(const Catalog& catalog,
                                                              const TableEntry& table);

}  // namespace martlet
