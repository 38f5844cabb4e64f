#include "formats/field_conversion.hpp"

#include <charconv>

#include "common/date_time.hpp"
#include "common/decimal.hpp"
#include "common/value.hpp"
#include "functions/cast.hpp"

namespace martlet {

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

Status IntegerField(std::string_view text, const LogicalType& type, int64_t& value) {
  std::string_view digits = Trim(text);
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  const char* name = type.id() == TypeId::kSmallInt ? "smallint" : type.id() == TypeId::kInteger ? "integer" : "bigint";
  if (error == std::errc::result_out_of_range) {
    return Status(StatusCode::kInvalidInput,
                  "value \"" + std::string(text) + "\" is out of range for type " + name);
  }
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return Status(StatusCode::kInvalidInput,
                  "invalid input syntax for type " + std::string(name) + ": \"" + std::string(text) + "\"");
  }
  int64_t low = type.id() == TypeId::kSmallInt ? INT16_MIN : type.id() == TypeId::kInteger ? INT32_MIN : INT64_MIN;
  int64_t high = type.id() == TypeId::kSmallInt ? INT16_MAX : type.id() == TypeId::kInteger ? INT32_MAX : INT64_MAX;
  if (value < low || value > high) {
    return Status(StatusCode::kInvalidInput,
                  "value \"" + std::string(text) + "\" is out of range for type " + name);
  }
  return Status::Ok();
}

}  // namespace

Status AppendTextField(std::string_view text, Vector& out) {
  const LogicalType& type = out.type();
  size_t row = out.size();
  switch (type.id()) {
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      int64_t value = 0;
      RETURN_IF_ERROR(IntegerField(text, type, value));
      out.ResizeForOverwrite(row + 1);  // the value is written next
      out.i64()[row] = value;
      return Status::Ok();
    }
    case TypeId::kDecimal: {
      ASSIGN_OR_RETURN(int128_t value, ParseDecimal(text, type.precision(), type.scale()));
      out.ResizeForOverwrite(row + 1);  // the value is written next
      out.i128()[row] = value;
      return Status::Ok();
    }
    case TypeId::kDate: {
      ASSIGN_OR_RETURN(int64_t days, ParseDate(text));
      out.ResizeForOverwrite(row + 1);  // the value is written next
      out.i64()[row] = days;
      return Status::Ok();
    }
    case TypeId::kVarchar:
      if (type.length() == LogicalType::kUnboundedLength || text.size() <= type.length()) {
        // Byte length within the limit means the character length is too; longer text
        // goes through the cast, which counts characters.
        out.ResizeForOverwrite(row + 1);
        out.str()[row].assign(text.data(), text.size());
        return Status::Ok();
      }
      [[fallthrough]];
    default: {
      ASSIGN_OR_RETURN(Value value, CastValue(Value::Text(std::string(text)), type));
      out.Resize(row + 1);
      out.SetValue(row, value);
      return Status::Ok();
    }
  }
}

}  // namespace martlet
