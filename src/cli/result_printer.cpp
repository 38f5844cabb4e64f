#include "cli/result_printer.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "common/text_escape.hpp"

namespace martlet::cli {
namespace {

// Terminal columns a UTF-8 string takes: one per code point. Wide East Asian characters
// would take two; that refinement is not worth a Unicode table here.
size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++width;
  }
  return width;
}

bool IsNumericKind(ColumnKind kind) {
  return kind == ColumnKind::kInteger || kind == ColumnKind::kDecimal || kind == ColumnKind::kFloat;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

void AppendPadding(std::string& out, size_t count) { out.append(count, ' '); }

// ---- table (psql's "aligned" format with border 1) ----

struct TableLayout {
  std::vector<size_t> widths;
  std::vector<bool> right_aligned;
};

TableLayout MeasureTable(const QueryResult& result) {
  TableLayout layout;
  for (size_t c = 0; c < result.column_count(); ++c) {
    layout.widths.push_back(DisplayWidth(result.column_name(c)));
    layout.right_aligned.push_back(IsNumericKind(result.column_kind(c)));
  }
  for (size_t r = 0; r < result.row_count(); ++r) {
    for (size_t c = 0; c < result.column_count(); ++c) {
      std::string text = result.text(r, c);  // outlives the views SplitLines returns
      for (std::string_view line : SplitLines(text)) {
        layout.widths[c] = std::max(layout.widths[c], DisplayWidth(line));
      }
    }
  }
  return layout;
}

void AppendTableHeader(const QueryResult& result, const TableLayout& layout, std::string& out) {
  for (size_t c = 0; c < layout.widths.size(); ++c) {
    if (c > 0) out += '|';
    const std::string& name = result.column_name(c);
    size_t slack = layout.widths[c] - DisplayWidth(name);
    out += ' ';
    AppendPadding(out, slack / 2);
    out += name;
    AppendPadding(out, (slack + 1) / 2);
    out += ' ';
  }
  out += '\n';
  for (size_t c = 0; c < layout.widths.size(); ++c) {
    if (c > 0) out += '+';
    out.append(layout.widths[c] + 2, '-');
  }
  out += '\n';
}

// One row may span several output lines when a value contains newlines; psql marks the
// continued cells with '+' in the margin, and so do we.
void AppendTableRow(const QueryResult& result, size_t row, const TableLayout& layout,
                    std::string& out) {
  size_t columns = layout.widths.size();
  std::vector<std::string> values;
  std::vector<std::vector<std::string_view>> lines;
  size_t height = 1;
  values.reserve(columns);
  for (size_t c = 0; c < columns; ++c) values.push_back(result.text(row, c));
  for (size_t c = 0; c < columns; ++c) {
    lines.push_back(SplitLines(values[c]));
    height = std::max(height, lines[c].size());
  }
  for (size_t line = 0; line < height; ++line) {
    for (size_t c = 0; c < columns; ++c) {
      if (c > 0) out += '|';
      std::string_view text = line < lines[c].size() ? lines[c][line] : std::string_view{};
      bool continues = line + 1 < lines[c].size();
      bool last = c + 1 == columns;
      size_t slack = layout.widths[c] - DisplayWidth(text);
      out += ' ';
      if (layout.right_aligned[c]) AppendPadding(out, slack);
      out += text;
      if (!layout.right_aligned[c] && (!last || continues)) AppendPadding(out, slack);
      if (continues) {
        out += '+';
      } else if (!last) {
        out += ' ';
      }
    }
    out += '\n';
  }
}

void AppendTable(const QueryResult& result, std::string& out) {
  TableLayout layout = MeasureTable(result);
  AppendTableHeader(result, layout, out);
  for (size_t r = 0; r < result.row_count(); ++r) AppendTableRow(result, r, layout, out);
  size_t rows = result.row_count();
  out += fmt::format("({} {})\n\n", rows, rows == 1 ? "row" : "rows");
}

// ---- csv (as psql --csv) ----

void AppendCsvField(std::string_view field, std::string& out) {
  // psql quotes a field holding the separator, a quote or a line break, and "\." (which
  // COPY would read as the end of data); NULL and the empty string both come out empty.
  bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos || field == "\\.";
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void AppendCsv(const QueryResult& result, std::string& out) {
  size_t columns = result.column_count();
  for (size_t c = 0; c < columns; ++c) {
    if (c > 0) out += ',';
    AppendCsvField(result.column_name(c), out);
  }
  out += '\n';
  for (size_t r = 0; r < result.row_count(); ++r) {
    for (size_t c = 0; c < columns; ++c) {
      if (c > 0) out += ',';
      if (!result.is_null(r, c)) AppendCsvField(result.text(r, c), out);
    }
    out += '\n';
  }
}

// ---- json ----

// JSON's number grammar; NaN and Infinity fail it and are written as strings instead.
bool IsJsonNumber(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

void AppendJsonValue(const QueryResult& result, size_t row, size_t column, std::string& out) {
  if (result.is_null(row, column)) {
    out += "null";
    return;
  }
  std::string text = result.text(row, column);
  ColumnKind kind = result.column_kind(column);
  if (kind == ColumnKind::kBoolean && (text == "t" || text == "f")) {
    out += text == "t" ? "true" : "false";
  } else if (IsNumericKind(kind) && IsJsonNumber(text)) {
    out += text;
  } else {
    AppendJsonString(text, out);
  }
}

void AppendJson(const QueryResult& result, std::string& out) {
  if (result.row_count() == 0) {
    out += "[]\n";
    return;
  }
  out += "[\n";
  for (size_t r = 0; r < result.row_count(); ++r) {
    out += "  {";
    for (size_t c = 0; c < result.column_count(); ++c) {
      if (c > 0) out += ", ";
      AppendJsonString(result.column_name(c), out);
      out += ": ";
      AppendJsonValue(result, r, c, out);
    }
    out += r + 1 < result.row_count() ? "},\n" : "}\n";
  }
  out += "]\n";
}

// ---- markdown (GitHub tables) ----

std::string MarkdownCell(std::string_view text) {
  std::string cell;
  for (char c : text) {
    if (c == '|') {
      cell += "\\|";
    } else if (c == '\n') {
      cell += "<br>";
    } else if (c != '\r') {
      cell += c;
    }
  }
  return cell;
}

void AppendMarkdownLine(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                        const std::vector<bool>& right_aligned, std::string& out) {
  out += '|';
  for (size_t c = 0; c < cells.size(); ++c) {
    size_t slack = widths[c] - DisplayWidth(cells[c]);
    out += ' ';
    if (right_aligned[c]) AppendPadding(out, slack);
    out += cells[c];
    if (!right_aligned[c]) AppendPadding(out, slack);
    out += " |";
  }
  out += '\n';
}

void AppendMarkdown(const QueryResult& result, std::string& out) {
  size_t columns = result.column_count();
  std::vector<std::vector<std::string>> rows(result.row_count() + 1);
  std::vector<size_t> widths(columns, 3);  // "---" is the shortest separator GitHub accepts
  std::vector<bool> right_aligned(columns);
  for (size_t c = 0; c < columns; ++c) {
    rows[0].push_back(MarkdownCell(result.column_name(c)));
    right_aligned[c] = IsNumericKind(result.column_kind(c));
  }
  for (size_t r = 0; r < result.row_count(); ++r) {
    for (size_t c = 0; c < columns; ++c) rows[r + 1].push_back(MarkdownCell(result.text(r, c)));
  }
  for (const auto& row : rows) {
    for (size_t c = 0; c < columns; ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  }
  AppendMarkdownLine(rows[0], widths, right_aligned, out);
  out += '|';
  for (size_t c = 0; c < columns; ++c) {
    out += ' ';
    out.append(widths[c] - 1, '-');
    out += right_aligned[c] ? ':' : '-';
    out += " |";
  }
  out += '\n';
  for (size_t r = 1; r < rows.size(); ++r) AppendMarkdownLine(rows[r], widths, right_aligned, out);
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(const std::string& name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "json") return OutputFormat::kJson;
  if (name == "markdown") return OutputFormat::kMarkdown;
  return std::nullopt;
}

const char* OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kTable:
      return "table";
    case OutputFormat::kCsv:
      return "csv";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kMarkdown:
      return "markdown";
  }
  return "table";
}

std::string RenderResult(const QueryResult& result, OutputFormat format) {
  std::string out;
  if (!result.has_rows()) {
    if (format == OutputFormat::kTable && !result.tag().empty()) out = result.tag() + "\n";
    return out;
  }
  switch (format) {
    case OutputFormat::kTable:
      AppendTable(result, out);
      break;
    case OutputFormat::kCsv:
      AppendCsv(result, out);
      break;
    case OutputFormat::kJson:
      AppendJson(result, out);
      break;
    case OutputFormat::kMarkdown:
      AppendMarkdown(result, out);
      break;
  }
  return out;
}

void WriteResult(const QueryResult& result, OutputFormat format, std::FILE* out) {
  std::string text = RenderResult(result, format);
  std::fwrite(text.data(), 1, text.size(), out);
  if (!result.notices().empty()) {
    std::fflush(out);  // keep the result and its notices in order on a shared terminal
    for (const std::string& notice : result.notices()) std::fprintf(stderr, "INFO:  %s\n", notice.c_str());
  }
}

}  // namespace martlet::cli
