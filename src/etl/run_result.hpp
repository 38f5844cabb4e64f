// What happened to each node and each data test in a pipeline run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace martlet::etl {

enum class NodeStatus { kSuccess, kError, kSkipped };
const char* NodeStatusName(NodeStatus status);  // success, error, skipped

struct NodeResult {
  int node = -1;
  NodeStatus status = NodeStatus::kSuccess;
  std::string action;  // what was done: "create table", "merge on id", "load 2 new files", ...
  int64_t rows = -1;   // rows written, -1 when not counted (views)
  int64_t bytes = -1;  // the table's size on disk afterwards, -1 for views
  std::string started;
  std::string ended;
  double seconds = 0;
  std::string error;   // one line: what went wrong, and where
  std::string detail;  // the error with the model's line and a caret under the spot, if any
  std::vector<std::string> warnings;
};

enum class TestStatus { kPass, kFail, kWarn, kError, kSkipped };
const char* TestStatusName(TestStatus status);  // pass, fail, warn, error, skipped

struct TestResult {
  int test = -1;
  TestStatus status = TestStatus::kPass;
  int64_t failing_rows = 0;
  std::vector<std::string> sample_columns;
  std::vector<std::vector<std::string>> sample_rows;  // up to 5 failing rows, as text
  std::string error;
  std::string started;
  std::string ended;
  double seconds = 0;
};

}  // namespace martlet::etl
