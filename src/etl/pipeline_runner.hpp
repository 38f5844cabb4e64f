// Runs a pipeline: the selected nodes in dependency order on N threads (one Connection
// each), then the data tests of what ran; records everything in the run history.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "etl/project.hpp"
#include "etl/run_history.hpp"
#include "etl/run_result.hpp"
#include "martlet/martlet.hpp"

namespace martlet::etl {

struct RunOptions {
  std::vector<std::string> select;  // selectors, as SelectNodes reads them; empty: all
  bool full_refresh = false;
  int threads = 4;
  bool build_nodes = true;  // false: `pipeline test`, tests only
  bool run_tests = true;
  std::string command = "run";
};

struct RunReport {
  int64_t run_id = 0;
  std::vector<NodeResult> nodes;  // in the order they finished
  std::vector<TestResult> tests;
  RunSummary summary;
  double seconds = 0;
};

struct RunCallbacks {
  // Called as each node finishes (or is skipped), from the thread that ran it, one at a time.
  std::function<void(const NodeResult&, size_t done, size_t total)> node_done;
  std::function<void(const TestResult&)> test_done;
};

// The nodes a run would build, in an order that respects dependencies (ephemeral models
// excluded: they are inlined where they are read).
Result<std::vector<int>> NodesToBuild(const Project& project,
                                      const std::vector<std::string>& select);

// Checks that every relation a model reads outside the project exists in the database; an
// error names the model, the file position and the closest relation there is.
Status CheckExternalReferences(const Project& project, Connection& connection);

// Takes the pipeline's lock and runs it. An error return means the run could not start
// (lock held, bad selector, missing relation); failed nodes and tests are in the report.
Result<RunReport> RunPipeline(const Project& project, Database& database, const RunOptions& options,
                              const RunCallbacks& callbacks);

}  // namespace martlet::etl
