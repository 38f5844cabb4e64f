#include "cli/copy_data.hpp"

#include <regex>

#include "cli/statement_scanner.hpp"

namespace martlet::cli {

namespace {

bool IsEndOfData(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line == "\\.";
}

}  // namespace

bool IsCopyFromStdin(std::string_view statement) {
  static const std::regex kCopyFromStdin(R"(^\s*copy\s[^']*\bfrom\s+stdin\b)",
                                         std::regex::icase | std::regex::ECMAScript);
  return std::regex_search(statement.begin(), statement.end(), kCopyFromStdin);
}

std::string ReadCopyData(std::istream& in) {
  std::string data;
  std::string line;
  while (std::getline(in, line)) {
    if (IsEndOfData(line)) break;
    data += line;
    data += '\n';
  }
  return data;
}

std::vector<ScriptPiece> SplitScriptWithCopyData(const std::string& script) {
  std::vector<ScriptPiece> pieces;
  size_t start = 0;
  size_t search = 0;
  while (true) {
    size_t at = script.find(';', search);
    if (at == std::string::npos) break;
    search = at + 1;
    std::string_view candidate(script.data() + start, at + 1 - start);
    if (EndOfCompleteStatements(candidate) != candidate.size()) continue;
    start = at + 1;
    if (IsBlankSql(candidate)) continue;
    ScriptPiece piece{std::string(candidate), std::nullopt};
    if (IsCopyFromStdin(candidate)) {
      // The data starts on the line after the statement and ends at a line "\.".
      size_t line_end = script.find('\n', start);
      size_t position = line_end == std::string::npos ? script.size() : line_end + 1;
      std::string data;
      while (position < script.size()) {
        size_t end = script.find('\n', position);
        size_t next = end == std::string::npos ? script.size() : end + 1;
        std::string_view line(script.data() + position,
                              (end == std::string::npos ? script.size() : end) - position);
        position = next;
        if (IsEndOfData(line)) break;
        data.append(line);
        data += '\n';
      }
      piece.data = std::move(data);
      start = search = position;
    }
    pieces.push_back(std::move(piece));
  }
  std::string_view rest(script.data() + start, script.size() - start);
  if (!IsBlankSql(rest)) {
    ScriptPiece piece{std::string(rest), std::nullopt};
    if (IsCopyFromStdin(rest)) piece.data = "";
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

}  // namespace martlet::cli
