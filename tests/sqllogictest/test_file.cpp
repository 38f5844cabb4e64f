#include "test_file.hpp"

#include <sstream>

namespace martlet::sqllogictest {
namespace {

constexpr const char* kResultSeparator = "----";

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> SplitWords(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

bool IsBlank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

// The words of a header line from `first` on, joined again: an expected error message.
std::string JoinFrom(const std::vector<std::string>& words, size_t first) {
  std::string joined;
  for (size_t i = first; i < words.size(); ++i) {
    if (!joined.empty()) joined += ' ';
    joined += words[i];
  }
  return joined;
}

class Parser {
 public:
  explicit Parser(const std::string& text) : lines_(SplitLines(text)) {}

  TestFile Parse() {
    while (next_ < lines_.size() && file_.error.empty()) {
      const std::string& line = lines_[next_];
      if (IsBlank(line) || line[0] == '#') {
        ++next_;
        continue;
      }
      ParseRecord();
    }
    if (!file_.error.empty()) file_.records.clear();
    return std::move(file_);
  }

 private:
  void Fail(int line, std::string message) {
    if (!file_.error.empty()) return;
    file_.error = std::move(message);
    file_.error_line = line;
  }

  void ParseRecord() {
    Record record;
    record.line = static_cast<int>(next_) + 1;
    std::vector<std::string> header = SplitWords(lines_[next_++]);
    if (!ParseHeader(header, record)) return;
    if (record.kind == RecordKind::kHalt) {
      next_ = lines_.size();
      return;
    }
    if (record.kind != RecordKind::kRestart) ParseBody(record);
    file_.records.push_back(std::move(record));
  }

  bool ParseHeader(const std::vector<std::string>& header, Record& record) {
    const std::string& directive = header[0];
    if (directive == "statement" && header.size() == 2 && header[1] == "ok") {
      record.kind = RecordKind::kStatementOk;
    } else if ((directive == "statement" || directive == "query") && header.size() >= 2 &&
               header[1] == "error") {
      record.kind = directive == "query" ? RecordKind::kQueryError : RecordKind::kStatementError;
      record.expected_error = JoinFrom(header, 2);
    } else if (directive == "query" && header.size() >= 2) {
      record.kind = RecordKind::kQuery;
      return ParseQueryHeader(header, record);
    } else if (directive == "restart" && header.size() == 1) {
      record.kind = RecordKind::kRestart;
    } else if (directive == "halt" && header.size() == 1) {
      record.kind = RecordKind::kHalt;
    } else if (directive == "mode") {
      Fail(record.line, "'mode' is not supported: skipped tests hide defects; fix or delete it");
      return false;
    } else {
      Fail(record.line, "unknown record: '" + JoinFrom(header, 0) + "'");
      return false;
    }
    return true;
  }

  bool ParseQueryHeader(const std::vector<std::string>& header, Record& record) {
    record.column_types = header[1];
    if (record.column_types.find_first_not_of("ITR") != std::string::npos) {
      Fail(record.line, "query column types must be letters I, T or R, got '" + header[1] + "'");
      return false;
    }
    if (header.size() >= 3) {
      const std::string& mode = header[2];
      if (mode == "nosort") {
        record.sort_mode = SortMode::kNoSort;
      } else if (mode == "rowsort") {
        record.sort_mode = SortMode::kRowSort;
      } else if (mode == "valuesort") {
        record.sort_mode = SortMode::kValueSort;
      } else {
        Fail(record.line, "unknown sort mode '" + mode + "' (nosort, rowsort or valuesort)");
        return false;
      }
    }
    // A fourth word is a label in SQLite's format; results are not shared between queries
    // here, so it is accepted and ignored.
    return true;
  }

  // The SQL up to '----' or a blank line; after '----', the expected lines up to a blank one.
  void ParseBody(Record& record) {
    bool after_separator = false;
    std::vector<std::string> expected;
    for (; next_ < lines_.size() && !IsBlank(lines_[next_]); ++next_) {
      const std::string& line = lines_[next_];
      if (!after_separator && line == kResultSeparator) {
        after_separator = true;
      } else if (after_separator) {
        expected.push_back(line);
      } else {
        record.sql += record.sql.empty() ? line : "\n" + line;
      }
    }
    if (record.sql.empty()) return Fail(record.line, "record has no SQL");
    if (record.kind == RecordKind::kQuery) {
      if (!after_separator) return Fail(record.line, "query has no '----' line before its results");
      record.expected_lines = std::move(expected);
    } else if (record.kind == RecordKind::kStatementOk && after_separator) {
      Fail(record.line, "'statement ok' takes no results; use 'query'");
    } else if (after_separator) {
      AttachErrorText(record, expected);
    }
  }

  void AttachErrorText(Record& record, const std::vector<std::string>& expected) {
    if (!record.expected_error.empty()) {
      return Fail(record.line, "expected error given twice: in the header and after '----'");
    }
    for (const std::string& line : expected) {
      record.expected_error += record.expected_error.empty() ? line : "\n" + line;
    }
  }

  std::vector<std::string> lines_;
  size_t next_ = 0;
  TestFile file_;
};

}  // namespace

TestFile ParseTestFile(const std::string& text) { return Parser(text).Parse(); }

}  // namespace martlet::sqllogictest
