// Fixed-width text as Redshift's UNLOAD ... FIXEDWIDTH writes it.
#include "formats/cell_text.hpp"
#include "formats/row_formatter.hpp"

namespace martlet {
namespace {

// Widths count characters, not bytes, so that UTF-8 text lines up.
size_t CharacterCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

class FixedWidthFormatter final : public RowFormatter {
 public:
  FixedWidthFormatter(FormattedColumns columns, std::vector<size_t> widths, std::string null_as)
      : columns_(std::move(columns)), widths_(std::move(widths)), null_as_(std::move(null_as)) {}

  void AppendHeader(std::string&) const override {}

  Status AppendRow(const DataChunk& chunk, size_t row, std::string& out) const override {
    for (size_t i = 0; i < columns_.positions.size(); i++) {
      const Vector& column = chunk.columns[columns_.positions[i]];
      size_t width = widths_[i];
      text_.clear();
      if (column.IsNull(row)) {
        if (CharacterCount(null_as_) <= width) {
          text_ = null_as_;
        } else if (column.type().IsString()) {
          return Status(StatusCode::kInvalidInput, "the NULL AS text \"" + null_as_ +
                                                       "\" is wider than the FIXEDWIDTH width " +
                                                       std::to_string(width) + " of column \"" +
                                                       columns_.names[i] + "\"");
        }
      } else {
        AppendCellText(column, row, text_);
      }
      size_t characters = CharacterCount(text_);
      if (characters > width) {
        return Status(StatusCode::kInvalidInput,
                      "value \"" + text_.substr(0, 100) + "\" of column \"" + columns_.names[i] +
                          "\" is wider than its FIXEDWIDTH width " + std::to_string(width));
      }
      out += text_;
      out.append(width - characters, ' ');
    }
    out += '\n';
    return Status::Ok();
  }

 private:
  FormattedColumns columns_;
  std::vector<size_t> widths_;
  std::string null_as_;
  mutable std::string text_;
};

}  // namespace

std::unique_ptr<RowFormatter> MakeFixedWidthFormatter(FormattedColumns columns,
                                                      std::vector<size_t> widths,
                                                      std::string null_as) {
  return std::make_unique<FixedWidthFormatter>(std::move(columns), std::move(widths),
                                               std::move(null_as));
}

}  // namespace martlet
