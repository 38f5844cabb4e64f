#include "cli/copy_data.hpp"

#include <cctype>
#include <string>

#include "cli/statement_scanner.hpp"

namespace martlet::cli {

namespace {

bool IsEndOfData(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line == "\\.";
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

// COPY ... FROM STDIN: the statement starts with the word COPY, and FROM STDIN comes before
// any quoted text (a path in quotes is a file).
bool IsCopyFromStdin(std::string_view statement) {
  std::string text;
  for (char c : statement) text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || text.compare(start, 4, "copy") != 0 || start + 4 >= text.size() ||
      !std::isspace(static_cast<unsigned char>(text[start + 4]))) {
    return false;
  }
  size_t quote = text.find('\'', start);
  for (size_t from = text.find("from", start); from != std::string::npos && from < quote;
       from = text.find("from", from + 1)) {
    if (IsWordChar(text[from - 1]) || from + 4 >= text.size() || !std::isspace(static_cast<unsigned char>(text[from + 4]))) {
      continue;
    }
    size_t word = text.find_first_not_of(" \t\r\n", from + 4);
    if (word != std::string::npos && text.compare(word, 5, "stdin") == 0 &&
        (word + 5 == text.size() || !IsWordChar(text[word + 5]))) {
      return true;
    }
  }
  return false;
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
