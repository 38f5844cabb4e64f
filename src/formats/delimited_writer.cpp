// Delimited text and CSV as Redshift's UNLOAD writes them.
#include "formats/cell_text.hpp"
#include "formats/row_formatter.hpp"

namespace martlet {
namespace {

class DelimitedFormatter final : public RowFormatter {
 public:
  DelimitedFormatter(FormattedColumns columns, DelimitedWriteOptions options)
      : columns_(std::move(columns)), options_(std::move(options)) {}

  void AppendHeader(std::string& out) const override {
    for (size_t i = 0; i < columns_.names.size(); i++) {
      if (i > 0) out += options_.delimiter;
      AppendField(columns_.names[i], true, out);
    }
    out += '\n';
  }

  Status AppendRow(const DataChunk& chunk, size_t row, std::string& out) const override {
    for (size_t i = 0; i < columns_.positions.size(); i++) {
      if (i > 0) out += options_.delimiter;
      const Vector& column = chunk.columns[columns_.positions[i]];
      if (column.IsNull(row)) {
        out += options_.null_as;
        continue;
      }
      if (column.type().IsString()) {
        AppendField(column.str()[row], true, out);
      } else {
        text_.clear();
        AppendCellText(column, row, text_);
        AppendField(text_, false, out);
      }
    }
    out += '\n';
    return Status::Ok();
  }

 private:
  void AppendField(std::string_view text, bool is_string, std::string& out) const {
    if (options_.csv) {
      AppendCsvField(text, out);
    } else if (options_.escape && is_string) {
      AppendEscapedField(text, out);
    } else {
      if (options_.add_quotes) out += '"';
      out += text;
      if (options_.add_quotes) out += '"';
    }
  }

  // Quoted when it holds the delimiter, a quote or a line break, when it reads as the NULL
  // text, and when it is an empty string while NULL is written as nothing (so that the two
  // stay apart when the file is loaded again).
  void AppendCsvField(std::string_view text, std::string& out) const {
    bool quote = options_.add_quotes || text == options_.null_as ||
                 text.find_first_of(special_) != std::string_view::npos;
    if (!quote) {
      out += text;
      return;
    }
    out += '"';
    for (char c : text) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }

  void AppendEscapedField(std::string_view text, std::string& out) const {
    if (options_.add_quotes) out += '"';
    for (char c : text) {
      if (c == '\n' || c == '\r' || c == '\\' || c == options_.delimiter ||
          (options_.add_quotes && (c == '"' || c == '\''))) {
        out += '\\';
      }
      out += c;
    }
    if (options_.add_quotes) out += '"';
  }

  FormattedColumns columns_;
  DelimitedWriteOptions options_;
  std::string special_ = std::string("\"\r\n") + options_.delimiter;
  mutable std::string text_;  // scratch for non-string values
};

}  // namespace

std::unique_ptr<RowFormatter> MakeDelimitedFormatter(FormattedColumns columns,
                                                     DelimitedWriteOptions options) {
  return std::make_unique<DelimitedFormatter>(std::move(columns), std::move(options));
}

}  // namespace martlet
