// JSON lines as Redshift's UNLOAD ... JSON writes them: one object per row.
#include <cmath>

#include "common/text_escape.hpp"
#include "formats/cell_text.hpp"
#include "formats/row_formatter.hpp"

namespace martlet {
namespace {

class JsonFormatter final : public RowFormatter {
 public:
  explicit JsonFormatter(FormattedColumns columns) : columns_(std::move(columns)) {
    for (size_t i = 0; i < columns_.names.size(); i++) {
      std::string key = i == 0 ? "{" : ",";
      AppendJsonString(columns_.names[i], key);
      key += ':';
      keys_.push_back(std::move(key));
    }
  }

  void AppendHeader(std::string&) const override {}

  Status AppendRow(const DataChunk& chunk, size_t row, std::string& out) const override {
    if (keys_.empty()) out += '{';
    for (size_t i = 0; i < columns_.positions.size(); i++) {
      out += keys_[i];
      AppendValue(chunk.columns[columns_.positions[i]], row, out);
    }
    out += "}\n";
    return Status::Ok();
  }

 private:
  void AppendValue(const Vector& column, size_t row, std::string& out) const {
    if (column.IsNull(row)) {
      out += "null";
      return;
    }
    const LogicalType& type = column.type();
    if (type.id() == TypeId::kBoolean) {
      out += column.i64()[row] ? "true" : "false";
    } else if (type.IsString()) {
      AppendJsonString(column.str()[row], out);
    } else if (type.IsInteger() || type.id() == TypeId::kDecimal ||
               (type.IsFloat() && std::isfinite(column.f64()[row]))) {
      AppendCellText(column, row, out);
    } else {
      text_.clear();
      AppendCellText(column, row, text_);
      AppendJsonString(text_, out);
    }
  }

  FormattedColumns columns_;
  std::vector<std::string> keys_;  // {"name": and ,"name":
  mutable std::string text_;
};

}  // namespace

std::unique_ptr<RowFormatter> MakeJsonFormatter(FormattedColumns columns) {
  return std::make_unique<JsonFormatter>(std::move(columns));
}

}  // namespace martlet
