#include "result_compare.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace martlet::sqllogictest {
namespace {

constexpr double kRelativeTolerance = 1e-6;

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> values;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    values.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
    if (tab == std::string::npos) return values;
    start = tab + 1;
  }
}

bool ParseDouble(const std::string& text, double& value) {
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && ptr == end;
}

// Reals are compared as numbers, so that 0.1 + 0.2 printed as 0.30000000000000004 by one
// engine and 0.3 by another still match.
bool ValuesMatch(const std::string& expected, const std::string& actual, char type) {
  if (expected == actual) return true;
  double e = 0;
  double a = 0;
  if (type != 'R' || !ParseDouble(expected, e) || !ParseDouble(actual, a)) return false;
  double scale = std::max(std::abs(e), std::abs(a));
  return std::abs(e - a) <= kRelativeTolerance * scale;
}

}  // namespace

Rows RenderActual(const QueryResult& result) {
  Rows rows(result.row_count());
  for (size_t r = 0; r < result.row_count(); ++r) {
    for (size_t c = 0; c < result.column_count(); ++c) {
      std::string text = result.text(r, c);
      if (result.is_null(r, c)) {
        text = "NULL";
      } else if (text.empty()) {
        text = "(empty)";
      }
      rows[r].push_back(std::move(text));
    }
  }
  return rows;
}

bool SplitExpected(const std::vector<std::string>& lines, size_t columns, Rows& rows) {
  rows.clear();
  bool tabular = true;
  for (const std::string& line : lines) {
    rows.push_back(SplitTabs(line));
    tabular = tabular && rows.back().size() == columns;
  }
  if (tabular) return true;
  // One value per line, as SQLite writes them.
  rows.clear();
  if (columns == 0 || lines.size() % columns != 0) return false;
  for (size_t i = 0; i < lines.size(); i += columns) {
    rows.emplace_back(lines.begin() + static_cast<std::ptrdiff_t>(i),
                      lines.begin() + static_cast<std::ptrdiff_t>(i + columns));
    for (const std::string& value : rows.back()) {
      if (value.find('\t') != std::string::npos) return false;
    }
  }
  return true;
}

void ApplySortMode(SortMode mode, Rows& rows) {
  if (mode == SortMode::kRowSort) {
    std::sort(rows.begin(), rows.end());
  } else if (mode == SortMode::kValueSort) {
    std::vector<std::string> values;
    for (auto& row : rows) values.insert(values.end(), row.begin(), row.end());
    std::sort(values.begin(), values.end());
    rows.clear();
    for (auto& value : values) rows.push_back({std::move(value)});
  }
}

std::string FirstDifference(const Rows& expected, const Rows& actual,
                            const std::string& column_types) {
  size_t common = std::min(expected.size(), actual.size());
  for (size_t r = 0; r < common; ++r) {
    for (size_t c = 0; c < expected[r].size() && c < actual[r].size(); ++c) {
      char type = c < column_types.size() ? column_types[c] : 'T';
      if (!ValuesMatch(expected[r][c], actual[r][c], type)) {
        return "row " + std::to_string(r + 1) + ", column " + std::to_string(c + 1) +
               ": expected '" + expected[r][c] + "', got '" + actual[r][c] + "'";
      }
    }
  }
  if (expected.size() != actual.size()) {
    return "expected " + std::to_string(expected.size()) + " rows, got " +
           std::to_string(actual.size());
  }
  return "";
}

}  // namespace martlet::sqllogictest
