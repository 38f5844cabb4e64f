#include "etl/data_test_runner.hpp"

#include <chrono>

#include "etl/statement_runner.hpp"

namespace martlet::etl {

TestResult RunDataTest(const Project& project, Connection& connection, int test_index) {
  const DataTest& test = project.tests[test_index];
  TestResult result;
  result.test = test_index;
  result.started = TimestampNow();
  auto start = std::chrono::steady_clock::now();
  auto rows = Execute(connection, test.sql);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.ended = TimestampNow();
  if (!rows.ok()) {
    result.status = TestStatus::kError;
    result.error = test.file + ": " + rows.status().message();
    return result;
  }
  const QueryResult& failing = rows.value();
  result.failing_rows = static_cast<int64_t>(failing.row_count());
  if (result.failing_rows == 0) return result;
  result.status = test.severity == TestSeverity::kWarn ? TestStatus::kWarn : TestStatus::kFail;
  for (size_t c = 0; c < failing.column_count(); c++)
    result.sample_columns.push_back(failing.column_name(c));
  for (size_t r = 0; r < failing.row_count() && r < 5; r++) {
    std::vector<std::string> row;
    for (size_t c = 0; c < failing.column_count(); c++) {
      row.push_back(failing.is_null(r, c) ? "NULL" : failing.text(r, c));
    }
    result.sample_rows.push_back(std::move(row));
  }
  result.error =
      std::to_string(result.failing_rows) + " failing row" + (result.failing_rows == 1 ? "" : "s");
  return result;
}

}  // namespace martlet::etl
