// Helpers for statements that write rows: reading a table whole, completing rows with
// defaults and identity values, and checking constraints before anything is written.
#pragma once

#include "main/connection_impl.hpp"

namespace martlet {

// The error for statements that would write into a materialized view's rows.
Status CannotChangeMaterializedView(const TableEntry& view, int position);

// The table an INSERT, UPDATE, DELETE or MERGE changes; views are refused by name.
Result<std::shared_ptr<const TableEntry>> TargetTable(ConnectionImpl& connection,
                                                      const std::vector<std::string>& names,
                                                      int position);

// PostgreSQL's assignment casts: what INSERT and UPDATE convert on their own.
bool AssignmentCastAllowed(const BoundExpr& expr, const LogicalType& to);

// `expr` converted to `column`'s type with an assignment cast, or a type error naming it.
Result<BoundExprPtr> AssignTo(Binder& binder, BoundExprPtr expr, const ColumnDefinition& column);

// Every live row of `table` as this transaction sees it; with `row_ids`, a last BIGINT
// column holds each row's id (for DELETE and UPDATE).
Result<DataChunk> ReadAllRows(ConnectionImpl& connection, const TableEntry& table, bool row_ids);

// Calls `visit` on every node of `plan`, including the plans of subqueries in expressions.
void VisitPlan(const PlanNode& plan, const std::function<void(const PlanNode&)>& visit);

// Whether `plan` scans the table with id `table_id` anywhere.
bool PlanReadsTable(const PlanNode& plan, uint64_t table_id);

// A plan that scans `table` (all columns, optionally the row id last).
PlanPtr MakeScanPlan(std::shared_ptr<const TableEntry> table, bool row_ids);

// Builds full rows of `table` from `provided` (one vector per column listed in
// `target_columns`): other columns get their IDENTITY value, DEFAULT or NULL; every value
// is converted to its column's type; NOT NULL is checked. `use_default[row][i]` (optional)
// marks cells written as DEFAULT: they get the column's default like an omitted column.
Result<DataChunk> CompleteRows(ConnectionImpl& connection, const TableEntry& table,
                               const std::vector<int>& target_columns, DataChunk& provided,
                               const std::vector<std::vector<bool>>* use_default = nullptr);

// A column's DEFAULT as an expression of the column's type (NULL when it has none).
Result<BoundExprPtr> BindColumnDefault(ConnectionImpl& connection, const ColumnDefinition& column);

// Runs `query` and appends its rows to `table` (`targets`: the table column each query column
// fills), a row group at a time while the query runs, so that a large insert never holds
// all its rows in memory. A query that reads `table` itself runs to completion first: it
// must not see the rows it inserts. Returns the number of rows inserted.
Result<size_t> InsertQueryRows(ConnectionImpl& connection, const TableEntry& table,
                               const std::vector<int>& targets, PlanNode& query);

// Checks NOT NULL constraints of `rows` (full rows of `table`).
Status CheckNotNull(const TableEntry& table, const DataChunk& rows);

Result<StatementOutcome> RewriteTableForAlter(ConnectionImpl& connection, const TableEntry& table,
                                              const sql::AlterTableStatement& statement);

}  // namespace martlet
