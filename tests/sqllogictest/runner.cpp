// martlet_sqllogictest: runs sqllogictest files (see test_file.hpp) against Martlet.
//
//   martlet_sqllogictest tests/sql/basic/select_literals.test [more.test ...]
//
// Each file runs in a fresh temporary database directory, removed afterwards. On a
// mismatch it prints file:line, the SQL, the expected and the actual rows. The last line
// is always "N passed, N failed" (counting records); the exit code is 1 if any failed.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "martlet/martlet.hpp"
#include "result_compare.hpp"
#include "test_file.hpp"

namespace martlet::sqllogictest {
namespace {

// Where a test may put files of its own (COPY sources, UNLOAD targets); DuckDB's name.
constexpr const char* kTestDirectoryVariable = "__TEST_DIR__";
constexpr size_t kMaxRowsShown = 40;

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string Indent(const std::string& text) { return "    " + ReplaceAll(text, "\n", "\n    "); }

void PrintRows(const char* title, const Rows& rows) {
  std::printf("  %s (%zu %s):\n", title, rows.size(), rows.size() == 1 ? "row" : "rows");
  for (size_t r = 0; r < rows.size() && r < kMaxRowsShown; ++r) {
    std::string line;
    for (size_t c = 0; c < rows[r].size(); ++c) line += (c > 0 ? "\t" : "") + rows[r][c];
    std::printf("    %s\n", line.c_str());
  }
  if (rows.size() > kMaxRowsShown) std::printf("    ... %zu more\n", rows.size() - kMaxRowsShown);
}

// A temporary directory that removes itself.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::filesystem::path base = std::filesystem::temp_directory_path();
    std::string pattern = (base / "martlet-slt-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Tally {
  int passed = 0;
  int failed = 0;
};

class FileRun {
 public:
  FileRun(std::string path, Tally& tally) : path_(std::move(path)), tally_(tally) {}

  void Run() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return FailFile(0, "cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    TestFile file = ParseTestFile(text.str());
    if (!file.error.empty()) return FailFile(file.error_line, file.error);
    if (scratch_.path().empty()) return FailFile(0, "cannot create a temporary directory");
    database_directory_ = scratch_.path() + "/db";
    if (std::string error = Open(); !error.empty()) return FailFile(0, error);
    for (const Record& record : file.records) {
      if (!connection_) break;  // a failed restart leaves nothing to run the rest on
      RunRecord(record);
    }
    connection_.reset();
    database_.reset();
  }

 private:
  void FailFile(int line, const std::string& message) {
    std::printf("%s:%d: %s\n", path_.c_str(), line, message.c_str());
    ++tally_.failed;
  }

  // Returns why the database could not be opened, or an empty string.
  std::string Open() {
    Result<std::unique_ptr<Database>> opened = Database::Open(database_directory_);
    if (!opened.ok()) return "cannot open the database: " + FormatError(opened.status(), "");
    database_ = std::move(opened).value();
    connection_.emplace(database_->connect());
    return "";
  }

  void RunRecord(const Record& record) {
    bool passed = false;
    std::string sql = ReplaceAll(record.sql, kTestDirectoryVariable, scratch_.path());
    switch (record.kind) {
      case RecordKind::kStatementOk:
        passed = CheckSucceeds(record, sql);
        break;
      case RecordKind::kStatementError:
      case RecordKind::kQueryError:
        passed = CheckFails(record, sql);
        break;
      case RecordKind::kQuery:
        passed = CheckRows(record, sql);
        break;
      case RecordKind::kRestart:
        passed = Restart(record);
        break;
      case RecordKind::kHalt:
        return;
    }
    ++(passed ? tally_.passed : tally_.failed);
  }

  void ReportFailure(const Record& record, const std::string& sql, const std::string& what) {
    std::printf("%s:%d: %s\n%s\n", path_.c_str(), record.line, what.c_str(), Indent(sql).c_str());
  }

  bool CheckSucceeds(const Record& record, const std::string& sql) {
    QueryResult result = connection_->query(sql);
    if (result.ok()) return true;
    ReportFailure(record, sql, "statement failed");
    std::printf("%s\n", Indent(FormatError(result.status(), sql)).c_str());
    return false;
  }

  bool CheckFails(const Record& record, const std::string& sql) {
    QueryResult result = connection_->query(sql);
    if (result.ok()) {
      ReportFailure(record, sql, "statement succeeded, but an error was expected");
      return false;
    }
    // An internal error is a bug in Martlet even where the test expects some error.
    if (result.status().code() == StatusCode::kInternal) {
      ReportFailure(record, sql, "internal error where a user-facing error was expected");
      std::printf("%s\n", Indent(result.error_message()).c_str());
      return false;
    }
    if (result.error_message().find(record.expected_error) != std::string::npos) return true;
    ReportFailure(record, sql, "wrong error message");
    std::printf("  expected an error containing:\n%s\n  actual error:\n%s\n",
                Indent(record.expected_error).c_str(), Indent(result.error_message()).c_str());
    return false;
  }

  // The row count at the end of a command tag such as "MERGE 3" or "INSERT 0 2".
  static std::optional<std::string> RowsAffected(const QueryResult& result) {
    if (result.has_rows()) return std::nullopt;
    const std::string& tag = result.tag();
    size_t space = tag.rfind(' ');
    if (space == std::string::npos || space + 1 == tag.size()) return std::nullopt;
    std::string count = tag.substr(space + 1);
    if (count.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return count;
  }

  bool CheckRowsAffected(const Record& record, const std::string& sql, const std::string& affected) {
    if (record.expected_lines.size() == 1 && record.expected_lines[0] == affected) return true;
    ReportFailure(record, sql, "wrong number of rows affected: " + affected);
    return false;
  }

  bool CheckRows(const Record& record, const std::string& sql) {
    QueryResult result = connection_->query(sql);
    if (!result.ok()) {
      ReportFailure(record, sql, "query failed");
      std::printf("%s\n", Indent(FormatError(result.status(), sql)).c_str());
      return false;
    }
    size_t columns = record.column_types.size();
    // `query I` on INSERT, UPDATE, DELETE or MERGE checks the rows affected (DuckDB's way).
    std::optional<std::string> affected = RowsAffected(result);
    if (affected && columns == 1) return CheckRowsAffected(record, sql, *affected);
    if (!result.has_rows() || result.column_count() != columns) {
      ReportFailure(record, sql,
                    "expected " + std::to_string(columns) + " columns, got " +
                        std::to_string(result.has_rows() ? result.column_count() : 0));
      return false;
    }
    Rows expected;
    std::vector<std::string> expected_lines;
    for (const std::string& line : record.expected_lines) {
      expected_lines.push_back(ReplaceAll(line, kTestDirectoryVariable, scratch_.path()));
    }
    if (!SplitExpected(expected_lines, columns, expected)) {
      ReportFailure(
          record, sql,
          "expected rows do not have " + std::to_string(columns) + " tab-separated values each");
      return false;
    }
    Rows actual = RenderActual(result);
    ApplySortMode(record.sort_mode, expected);
    ApplySortMode(record.sort_mode, actual);
    std::string types = record.column_types;
    if (record.sort_mode == SortMode::kValueSort) {
      types = types.find('R') != std::string::npos ? "R" : "T";
    }
    std::string difference = FirstDifference(expected, actual, types);
    if (difference.empty()) return true;
    ReportFailure(record, sql, "wrong result: " + difference);
    PrintRows("expected", expected);
    PrintRows("actual", actual);
    return false;
  }

  bool Restart(const Record& record) {
    connection_.reset();
    database_.reset();
    std::string error = Open();
    if (error.empty()) return true;
    std::printf("%s:%d: restart failed: %s\n", path_.c_str(), record.line, error.c_str());
    return false;
  }

  std::string path_;
  Tally& tally_;
  ScratchDirectory scratch_;
  std::string database_directory_;
  std::unique_ptr<Database> database_;
  std::optional<Connection> connection_;
};

}  // namespace
}  // namespace martlet::sqllogictest

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.test...\n", argv[0]);
    return 2;
  }
  martlet::sqllogictest::Tally tally;
  for (int i = 1; i < argc; ++i) {
    martlet::sqllogictest::FileRun run(argv[i], tally);
    run.Run();
  }
  std::printf("%d passed, %d failed\n", tally.passed, tally.failed);
  return tally.failed == 0 ? 0 : 1;
}
