#include "formats/cell_text.hpp"

#include <charconv>

#include "common/date_time.hpp"
#include "common/decimal.hpp"
#include "common/number_format.hpp"

namespace martlet {

void AppendCellText(const Vector& column, size_t row, std::string& out) {
  switch (column.type().id()) {
    case TypeId::kNull:
      return;
    case TypeId::kBoolean:
      out += column.i64()[row] ? 't' : 'f';
      return;
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      char buffer[24];
      auto end = std::to_chars(buffer, buffer + sizeof buffer, column.i64()[row]).ptr;
      out.append(buffer, end);
      return;
    }
    case TypeId::kDecimal:
      out += FormatDecimal(column.i128()[row], column.type().scale());
      return;
    case TypeId::kReal:
      out += FormatReal(static_cast<float>(column.f64()[row]));
      return;
    case TypeId::kDouble:
      out += FormatDouble(column.f64()[row]);
      return;
    case TypeId::kChar:
    case TypeId::kVarchar:
      out += column.str()[row];
      return;
    case TypeId::kDate:
      out += FormatDate(column.i64()[row]);
      return;
    case TypeId::kTimestamp:
      out += FormatTimestamp(column.i64()[row]);
      return;
    case TypeId::kTimestampTz:
      out += FormatTimestampTz(column.i64()[row]);
      return;
    case TypeId::kInterval:
      out += FormatInterval(column.interval()[row]);
      return;
  }
}

}  // namespace martlet
