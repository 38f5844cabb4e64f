#include "etl/seed_file.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "etl/sql_text.hpp"

namespace martlet::etl {
namespace {

// Splits CSV text into records of fields; `lines[i]` is the line record i starts on.
Result<std::vector<std::vector<std::string>>> ParseCsv(const std::string& text,
                                                       const std::string& file,
                                                       std::vector<int>& lines) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  int line = 1;
  int record_line = 1;
  auto end_record = [&]() {
    if (field_started || !record.empty() || !field.empty()) {
      record.push_back(field);
      records.push_back(std::move(record));
      lines.push_back(record_line);
    }
    record.clear();
    field.clear();
    field_started = false;
  };
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        i++;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') line++;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
      field_started = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') i++;
      end_record();
      line++;
      record_line = line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    return Status(StatusCode::kInvalidInput,
                  file + ":" + std::to_string(record_line) + ": a quoted field is not closed");
  }
  end_record();
  return records;
}

enum class Kind { kNone, kBoolean, kBigInt, kDecimal, kDate, kTimestamp, kText };

// A small matcher for the shapes a seed's values take; each step reads at `pos_` and fails
// without moving on a mismatch.
class Shape {
 public:
  explicit Shape(std::string_view text) : text_(text) {}
  // Between `min` and `max` digits; how many in `count`.
  bool Digits(size_t min, size_t max, size_t* count = nullptr) {
    size_t start = pos_;
    while (pos_ < text_.size() && pos_ - start < max && std::isdigit(static_cast<unsigned char>(text_[pos_]))) pos_++;
    if (count) *count = pos_ - start;
    if (pos_ - start >= min) return true;
    pos_ = start;
    return false;
  }
  bool Char(char c) { return pos_ < text_.size() && text_[pos_] == c && ++pos_; }
  bool AnyOf(std::string_view chars) {
    return pos_ < text_.size() && chars.find(text_[pos_]) != std::string_view::npos && ++pos_;
  }
  bool AtEnd() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

bool IsInteger(std::string_view value) {
  Shape shape(value);
  shape.Char('-');
  return shape.Digits(1, 18) && shape.AtEnd();
}

bool IsDecimal(std::string_view value, int& scale) {
  Shape shape(value);
  shape.Char('-');
  size_t fraction = 0;
  if (!shape.Digits(1, 17) || !shape.Char('.') || !shape.Digits(1, 17, &fraction) || !shape.AtEnd()) return false;
  scale = static_cast<int>(fraction);
  return true;
}

bool ReadDate(Shape& shape) {
  return shape.Digits(4, 4) && shape.Char('-') && shape.Digits(2, 2) && shape.Char('-') && shape.Digits(2, 2);
}

bool IsDate(std::string_view value) {
  Shape shape(value);
  return ReadDate(shape) && shape.AtEnd();
}

// YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]]
bool IsTimestamp(std::string_view value) {
  Shape shape(value);
  if (!ReadDate(shape) || !shape.AnyOf(" T") || !shape.Digits(2, 2) || !shape.Char(':') || !shape.Digits(2, 2)) {
    return false;
  }
  if (shape.Char(':')) {
    if (!shape.Digits(2, 2)) return false;
    if (shape.Char('.') && !shape.Digits(1, 6)) return false;
  }
  return shape.AtEnd();
}

Kind KindOf(const std::string& value, int& scale) {
  std::string lower = value;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (lower == "true" || lower == "false") return Kind::kBoolean;
  if (IsInteger(value)) return Kind::kBigInt;
  if (IsDecimal(value, scale)) return Kind::kDecimal;
  if (IsDate(value)) return Kind::kDate;
  if (IsTimestamp(value)) return Kind::kTimestamp;
  return Kind::kText;
}

// The narrowest kind that holds both.
Kind Widen(Kind a, Kind b) {
  if (a == Kind::kNone) return b;
  if (b == Kind::kNone || a == b) return a;
  if ((a == Kind::kBigInt && b == Kind::kDecimal) || (a == Kind::kDecimal && b == Kind::kBigInt)) {
    return Kind::kDecimal;
  }
  if ((a == Kind::kDate && b == Kind::kTimestamp) || (a == Kind::kTimestamp && b == Kind::kDate)) {
    return Kind::kTimestamp;
  }
  return Kind::kText;
}

}  // namespace

Result<std::vector<SeedColumn>> InferSeedColumns(const std::string& text, const std::string& file) {
  std::vector<int> lines;
  ASSIGN_OR_RETURN(auto records, ParseCsv(text, file, lines));
  if (records.empty()) {
    return Status(StatusCode::kInvalidInput,
                  file + ": a seed needs a header line naming its columns");
  }
  std::vector<SeedColumn> columns;
  for (std::string name : records[0]) {
    std::string trimmed;
    for (char c : name) {
      if (!std::isspace(static_cast<unsigned char>(c)))
        trimmed += static_cast<char>(std::tolower(c));
    }
    if (!IsPlainIdentifier(trimmed)) {
      return Status(
          StatusCode::kInvalidInput,
          file + ":1: column name \"" + name +
              "\" is not a plain identifier (letters, digits and _, not starting with a digit)");
    }
    columns.push_back({trimmed, ""});
  }
  std::vector<Kind> kinds(columns.size(), Kind::kNone);
  std::vector<int> scales(columns.size(), 0);
  std::vector<size_t> lengths(columns.size(), 0);
  for (size_t r = 1; r < records.size(); r++) {
    if (records[r].size() != columns.size()) {
      return Status(StatusCode::kInvalidInput, file + ":" + std::to_string(lines[r]) + ": " +
                                                   std::to_string(records[r].size()) +
                                                   " fields where the header names " +
                                                   std::to_string(columns.size()));
    }
    for (size_t c = 0; c < columns.size(); c++) {
      const std::string& value = records[r][c];
      if (value.empty()) continue;
      int scale = 0;
      kinds[c] = Widen(kinds[c], KindOf(value, scale));
      scales[c] = std::max(scales[c], scale);
      lengths[c] = std::max(lengths[c], value.size());
    }
  }
  for (size_t c = 0; c < columns.size(); c++) {
    switch (kinds[c]) {
      case Kind::kBoolean:
        columns[c].type = "boolean";
        break;
      case Kind::kBigInt:
        columns[c].type = "bigint";
        break;
      case Kind::kDecimal:
        columns[c].type = "decimal(38," + std::to_string(scales[c]) + ")";
        break;
      case Kind::kDate:
        columns[c].type = "date";
        break;
      case Kind::kTimestamp:
        columns[c].type = "timestamp";
        break;
      case Kind::kNone:
      case Kind::kText:
        columns[c].type = lengths[c] > 256 ? "varchar(65535)" : "varchar(256)";
        break;
    }
  }
  return columns;
}

}  // namespace martlet::etl
