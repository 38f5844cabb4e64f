// FormatError: the message, then the line of SQL with a caret under the error position,
// laid out as psql lays out a server error so that users read it the way they are used to.
#include <algorithm>
#include <string>
#include <vector>

#include "martlet/martlet.hpp"

namespace martlet {
namespace {

// A line wider than this is cut around the caret, with "..." where text was left out, so
// the caret stays on screen for long one-line statements.
constexpr size_t kDisplayWidth = 60;
constexpr size_t kMinRightContext = 10;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

struct SourceLine {
  int number = 1;          // 1-based
  std::string text;        // without the line break
  size_t caret_bytes = 0;  // byte offset of the position inside `text`
};

SourceLine LocateLine(const std::string& sql, size_t position) {
  SourceLine line;
  size_t start = 0;
  for (size_t i = 0; i < position; ++i) {
    if (sql[i] == '\n') {
      ++line.number;
      start = i + 1;
    }
  }
  size_t end = sql.find('\n', start);
  if (end == std::string::npos) end = sql.size();
  line.text = sql.substr(start, end - start);
  if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
  line.caret_bytes = std::min(position - start, line.text.size());
  return line;
}

// Splits a line into code points, tabs shown as one space (the caret counts them as one).
std::vector<std::string> CodePoints(const std::string& text) {
  std::vector<std::string> points;
  for (char c : text) {
    if (IsContinuationByte(c) && !points.empty()) {
      points.back() += c;
    } else {
      points.emplace_back(1, c == '\t' ? ' ' : c);
    }
  }
  return points;
}

size_t CodePointsBefore(const std::string& text, size_t bytes) {
  size_t count = 0;
  for (size_t i = 0; i < bytes; ++i) {
    if (!IsContinuationByte(text[i])) ++count;
  }
  return count;
}

}  // namespace

std::string FormatError(const Status& status, const std::string& sql) {
  std::string out = "ERROR:  " + status.message();
  if (status.position() < 0 || sql.empty()) return out;

  size_t position = static_cast<size_t>(status.position());
  if (position >= sql.size()) {
    // "at end of input": point just past the last visible character, not at an empty line.
    size_t last = sql.find_last_not_of(" \t\r\n");
    position = last == std::string::npos ? 0 : last + 1;
  }
  SourceLine line = LocateLine(sql, position);
  std::vector<std::string> points = CodePoints(line.text);
  size_t caret = CodePointsBefore(line.text, line.caret_bytes);

  size_t end = points.size();
  size_t begin = 0;
  if (end > kDisplayWidth) {
    end = std::min(points.size(), std::max(kDisplayWidth, caret + kMinRightContext));
    begin = end - kDisplayWidth;
  }
  std::string prefix = "LINE " + std::to_string(line.number) + ": ";
  std::string shown;
  if (begin > 0) shown += "...";
  for (size_t i = begin; i < end; ++i) shown += points[i];
  if (end < points.size()) shown += "...";

  size_t caret_column = prefix.size() + (begin > 0 ? 3 : 0) + (caret - begin);
  out += "\n" + prefix + shown + "\n" + std::string(caret_column, ' ') + "^";
  return out;
}

}  // namespace martlet
