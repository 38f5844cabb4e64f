#include "etl/run_history.hpp"

#include "etl/sql_text.hpp"
#include "etl/statement_runner.hpp"

namespace martlet::etl {
namespace {

std::string NumberOrNull(int64_t value) { return value < 0 ? "NULL" : std::to_string(value); }
std::string TextOrNull(const std::string& text) {
  return text.empty() ? "NULL" : QuoteLiteral(text);
}

}  // namespace

Result<int64_t> RunHistory::Start(const std::string& pipeline, const std::string& command,
                                  const std::string& selection, bool full_refresh) {
  std::lock_guard<std::mutex> lock(mutex_);
  RETURN_IF_ERROR(
      Execute(
          connection_,
          "CREATE TABLE IF NOT EXISTS martlet_runs (run_id BIGINT NOT NULL, pipeline VARCHAR(256), "
          "command VARCHAR(16), status VARCHAR(16), started TIMESTAMP, ended TIMESTAMP, "
          "selection VARCHAR(1024), full_refresh BOOLEAN, models_ok INTEGER, models_failed "
          "INTEGER, "
          "models_skipped INTEGER, tests_failed INTEGER, tests_warned INTEGER)")
          .status());
  RETURN_IF_ERROR(
      Execute(
          connection_,
          "CREATE TABLE IF NOT EXISTS martlet_run_models (run_id BIGINT NOT NULL, model "
          "VARCHAR(256), "
          "kind VARCHAR(16), materialization VARCHAR(32), action VARCHAR(256), status VARCHAR(16), "
          "rows BIGINT, bytes BIGINT, started TIMESTAMP, ended TIMESTAMP, error VARCHAR(65535))")
          .status());
  ASSIGN_OR_RETURN(QueryResult last,
                   Execute(connection_, "SELECT coalesce(max(run_id), 0) + 1 FROM martlet_runs"));
  int64_t run_id = std::stoll(last.text(0, 0));
  RETURN_IF_ERROR(
      Execute(connection_, "INSERT INTO martlet_runs VALUES (" + std::to_string(run_id) + ", " +
                               QuoteLiteral(pipeline) + ", " + QuoteLiteral(command) +
                               ", 'running', " + QuoteLiteral(TimestampNow()) + ", NULL, " +
                               TextOrNull(selection) + ", " + (full_refresh ? "true" : "false") +
                               ", NULL, NULL, NULL, NULL, NULL)")
          .status());
  return run_id;
}

Status RunHistory::RecordNode(int64_t run_id, const Node& node, const NodeResult& result) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string materialization = node.kind == NodeKind::kModel
                                    ? MaterializationName(node.materialization)
                                : node.kind == NodeKind::kSnapshot ? "snapshot"
                                                                   : "table";
  return Execute(connection_, "INSERT INTO martlet_run_models VALUES (" + std::to_string(run_id) +
                                  ", " + QuoteLiteral(node.relation) + ", " +
                                  QuoteLiteral(NodeKindName(node.kind)) + ", " +
                                  QuoteLiteral(materialization) + ", " + TextOrNull(result.action) +
                                  ", " + QuoteLiteral(NodeStatusName(result.status)) + ", " +
                                  NumberOrNull(result.rows) + ", " + NumberOrNull(result.bytes) +
                                  ", " + TextOrNull(result.started) + ", " +
                                  TextOrNull(result.ended) + ", " + TextOrNull(result.error) + ")")
      .status();
}

Status RunHistory::RecordTest(int64_t run_id, const Project& project, const DataTest& test,
                              const TestResult& result) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string model = test.node >= 0 ? project.nodes[test.node].relation : "";
  return Execute(
             connection_,
             "INSERT INTO martlet_run_models VALUES (" + std::to_string(run_id) + ", " +
                 TextOrNull(model) + ", 'test', NULL, " + QuoteLiteral(test.name) + ", " +
                 QuoteLiteral(TestStatusName(result.status)) + ", " +
                 NumberOrNull(result.status == TestStatus::kSkipped ? -1 : result.failing_rows) +
                 ", NULL, " + TextOrNull(result.started) + ", " + TextOrNull(result.ended) + ", " +
                 TextOrNull(result.error) + ")")
      .status();
}

Status RunHistory::Finish(int64_t run_id, const RunSummary& summary) {
  std::lock_guard<std::mutex> lock(mutex_);
  return Execute(connection_, "UPDATE martlet_runs SET status = " +
                                  QuoteLiteral(summary.Failed() ? "error" : "success") +
                                  ", ended = " + QuoteLiteral(TimestampNow()) +
                                  ", models_ok = " + std::to_string(summary.models_ok) +
                                  ", models_failed = " + std::to_string(summary.models_failed) +
                                  ", models_skipped = " + std::to_string(summary.models_skipped) +
                                  ", tests_failed = " + std::to_string(summary.tests_failed) +
                                  ", tests_warned = " + std::to_string(summary.tests_warned) +
                                  " WHERE run_id = " + std::to_string(run_id))
      .status();
}

}  // namespace martlet::etl
