// The run history, kept in the database as two tables that SQL can query:
//   martlet_runs        one row per run: run_id, pipeline, command, status, started, ended,
//                       selection, full_refresh, models_ok, models_failed, models_skipped,
//                       tests_failed, tests_warned
//   martlet_run_models  one row per node and per data test in a run: run_id, model, kind
//                       (model, snapshot, seed, source, test), materialization, action, status,
//                       rows, bytes, started, ended, error
// Writes go through one mutex: concurrent inserts into one table would conflict.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "etl/project.hpp"
#include "etl/run_result.hpp"
#include "martlet/martlet.hpp"

namespace martlet::etl {

struct RunSummary {
  int models_ok = 0;
  int models_failed = 0;
  int models_skipped = 0;
  int tests_passed = 0;
  int tests_failed = 0;
  int tests_warned = 0;
  int tests_skipped = 0;
  bool Failed() const { return models_failed > 0 || models_skipped > 0 || tests_failed > 0; }
};

class RunHistory {
 public:
  RunHistory(Connection& connection, std::mutex& mutex) : connection_(connection), mutex_(mutex) {}

  // Creates the tables when missing and records a new run as "running"; returns its id.
  Result<int64_t> Start(const std::string& pipeline, const std::string& command,
                        const std::string& selection, bool full_refresh);
  Status RecordNode(int64_t run_id, const Node& node, const NodeResult& result);
  Status RecordTest(int64_t run_id, const Project& project, const DataTest& test,
                    const TestResult& result);
  Status Finish(int64_t run_id, const RunSummary& summary);

 private:
  Connection& connection_;
  std::mutex& mutex_;
};

}  // namespace martlet::etl
