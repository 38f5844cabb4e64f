// Formats one table's rows as text: dbgen's '|'-separated .tbl lines (no trailing '|') or
// RFC 4180 CSV. Inline because it runs once per field of every generated row.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "cli/generate/calendar.hpp"

namespace martlet::generate {

enum class FileFormat { kTbl, kCsv };

class RowWriter {
 public:
  RowWriter(FileFormat format, std::string& out) : format_(format), out_(out) {}

  void Int(int64_t value) {
    Separate();
    char digits[24];
    auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    out_.append(digits, end);
  }

  // A decimal with two digits after the point, given in hundredths: -1234 is "-12.34".
  void Decimal2(int64_t hundredths) {
    Separate();
    if (hundredths < 0) {
      out_.push_back('-');
      hundredths = -hundredths;
    }
    char digits[24];
    auto [end, error] = std::to_chars(digits, digits + sizeof digits, hundredths / 100);
    out_.append(digits, end);
    out_.push_back('.');
    out_.push_back(static_cast<char>('0' + hundredths % 100 / 10));
    out_.push_back(static_cast<char>('0' + hundredths % 10));
  }

  void Date(int32_t days) {
    Separate();
    out_.append(DateText(days));
  }

  // The generators never produce '|', '\\' or line breaks, so .tbl text needs no escapes;
  // CSV quotes the fields that hold a comma or a quote.
  void Text(std::string_view value) {
    Separate();
    if (format_ == FileFormat::kCsv && value.find_first_of(",\"") != std::string_view::npos) {
      out_.push_back('"');
      for (char c : value) {
        if (c == '"') out_.push_back('"');
        out_.push_back(c);
      }
      out_.push_back('"');
      return;
    }
    out_.append(value);
  }

  void EndRow() {
    out_.push_back('\n');
    first_ = true;
  }

 private:
  void Separate() {
    if (!first_) out_.push_back(format_ == FileFormat::kCsv ? ',' : '|');
    first_ = false;
  }

  FileFormat format_;
  std::string& out_;
  bool first_ = true;
};

}  // namespace martlet::generate
