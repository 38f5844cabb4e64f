// SELECT and EXPLAIN [ANALYZE].
#include <chrono>
#include <cstdio>

#include "main/connection_impl.hpp"
#include "main/materialized_views.hpp"
#include "main/physical_planner.hpp"
#include "main/system_views.hpp"

namespace martlet {

Result<std::shared_ptr<ResultData>> RunPlan(ConnectionImpl& connection, PlanNode& plan) {
  RETURN_IF_ERROR(RefreshStaleViewsRead(connection, plan));
  ExecContext context = connection.MakeExecContext();
  PhysicalPlanner planner(connection.transaction(), context);
  ASSIGN_OR_RETURN(DataChunk rows, planner.Run(plan));
  auto data = std::make_shared<ResultData>();
  data->names = plan.names;
  data->types = plan.types;
  data->rows = std::move(rows);
  data->has_rows = true;
  return data;
}

Status StreamPlan(ConnectionImpl& connection, PlanNode& plan, const std::function<Status(DataChunk&)>& sink) {
  RETURN_IF_ERROR(RefreshStaleViewsRead(connection, plan));
  ExecContext context = connection.MakeExecContext();
  PhysicalPlanner planner(connection.transaction(), context);
  ASSIGN_OR_RETURN(OperatorPtr root, planner.Build(plan));
  DataChunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool has_rows, root->Next(context, chunk));
    if (!has_rows) return Status::Ok();
    RETURN_IF_ERROR(sink(chunk));
  }
}

Result<StatementOutcome> ExecuteSelect(ConnectionImpl& connection,
                                       const sql::SelectStatement& statement) {
  SystemViews views(connection.transaction());
  Binder binder = connection.MakeBinder(&views);
  ASSIGN_OR_RETURN(PlanPtr plan, binder.BindQuery(*statement.query));
  StatementOutcome outcome;
  ASSIGN_OR_RETURN(outcome.data, RunPlan(connection, *plan));
  outcome.tag = "SELECT " + std::to_string(outcome.data->rows.size());
  return outcome;
}

namespace {

std::string FormatMillis(int64_t nanos) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(nanos) / 1e6);
  return buffer;
}

// One line per operator, children indented under their parent, as PostgreSQL prints plans.
void DescribeOperator(const Operator& op, int depth, bool analyze, std::vector<std::string>& lines) {
  std::string line(static_cast<size_t>(depth) * 2, ' ');
  if (depth > 0) line += "-> ";
  line += op.Name();
  std::string detail = op.Detail();
  if (!detail.empty()) line += "  (" + detail + ")";
  if (analyze) {
    const OperatorStats& stats = op.stats();
    // Time is inclusive of children, as in PostgreSQL's actual time.
    line += "  [rows=" + std::to_string(stats.rows_out) + " time=" + FormatMillis(stats.nanos) + " ms";
    if (stats.blocks_read || stats.blocks_skipped) {
      line += " blocks read=" + std::to_string(stats.blocks_read) +
              " skipped=" + std::to_string(stats.blocks_skipped);
    }
    line += "]";
  }
  lines.push_back(line);
  for (const auto& child : op.children()) DescribeOperator(*child, depth + 1, analyze, lines);
}

}  // namespace

Result<StatementOutcome> ExecuteExplain(ConnectionImpl& connection,
                                        const sql::ExplainStatement& statement,
                                        const std::string& text) {
  (void)text;
  if (statement.lineage) return ExecuteExplainLineage(connection, statement);
  if (statement.statement->kind != sql::StatementKind::kSelect) {
    return Status(StatusCode::kNotSupported, "EXPLAIN supports SELECT statements",
                  statement.statement->position);
  }
  const auto& select = static_cast<const sql::SelectStatement&>(*statement.statement);
  SystemViews views(connection.transaction());
  Binder binder = connection.MakeBinder(&views);
  ASSIGN_OR_RETURN(PlanPtr plan, binder.BindQuery(*select.query));
  ExecContext context = connection.MakeExecContext();
  context.collect_stats = statement.analyze;
  PhysicalPlanner planner(connection.transaction(), context);
  ASSIGN_OR_RETURN(OperatorPtr root, planner.Build(*plan));
  int64_t total_nanos = 0;
  uint64_t rows = 0;
  if (statement.analyze) {
    auto start = std::chrono::steady_clock::now();
    DataChunk chunk;
    while (true) {
      ASSIGN_OR_RETURN(bool has_rows, root->Next(context, chunk));
      if (!has_rows) break;
      rows += chunk.size();
    }
    total_nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now() - start).count();
  }
  std::vector<std::string> lines;
  DescribeOperator(*root, 0, statement.analyze, lines);
  if (statement.analyze) {
    lines.push_back("Execution Time: " + FormatMillis(total_nanos) + " ms (" + std::to_string(rows) + " rows)");
  }
  auto data = std::make_shared<ResultData>();
  data->has_rows = true;
  data->names.push_back("QUERY PLAN");
  data->types.push_back(LogicalType::Varchar());
  data->rows.Initialize(data->types);
  data->rows.columns[0].Resize(lines.size());
  for (size_t i = 0; i < lines.size(); i++) data->rows.columns[0].SetValue(i, Value::Text(lines[i]));
  StatementOutcome outcome;
  outcome.data = std::move(data);
  outcome.tag = "EXPLAIN";
  return outcome;
}

}  // namespace martlet
