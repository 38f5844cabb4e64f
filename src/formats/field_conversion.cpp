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

// Plain decimal digits, at most 18 of them (so no overflow), optionally after a minus: the
// common case, converted without the general path's checks.
bool SimpleInteger(std::string_view text, int64_t& value) {
  size_t i = !text.empty() && text[0] == '-';
  if (text.size() == i || text.size() - i > 18) return false;
  int64_t result = 0;
  for (; i < text.size(); i++) {
    unsigned digit = static_cast<unsigned char>(text[i]) - '0';
    if (digit > 9) return false;
    result = result * 10 + digit;
  }
  value = text[0] == '-' ? -result : result;
  return true;
}

Status IntegerField(std::string_view text, const LogicalType& type, int64_t& value) {
  const char* name = type.id() == TypeId::kSmallInt ? "smallint" : type.id() == TypeId::kInteger ? "integer" : "bigint";
  if (!SimpleInteger(text, value)) {
    std::string_view digits = Trim(text);
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error == std::errc::result_out_of_range) {
      return Status(StatusCode::kInvalidInput, "value \"" + std::string(text) + "\" is out of range for type " + name);
    }
    if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
      return Status(StatusCode::kInvalidInput,
                    "invalid input syntax for type " + std::string(name) + ": \"" + std::string(text) + "\"");
    }
  }
  int64_t low = type.id() == TypeId::kSmallInt ? INT16_MIN : type.id() == TypeId::kInteger ? INT32_MIN : INT64_MIN;
  int64_t high = type.id() == TypeId::kSmallInt ? INT16_MAX : type.id() == TypeId::kInteger ? INT32_MAX : INT64_MAX;
  if (value < low || value > high) {
    return Status(StatusCode::kInvalidInput, "value \"" + std::string(text) + "\" is out of range for type " + name);
  }
  return Status::Ok();
}

}  // namespace

Status AppendTextField(std::string_view text, Vector& out) {
  const LogicalType& type = out.type();
  switch (type.id()) {
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      int64_t value = 0;
      RETURN_IF_ERROR(IntegerField(text, type, value));
      out.AppendInt64(value);
      return Status::Ok();
    }
    case TypeId::kDecimal: {
      ASSIGN_OR_RETURN(int128_t value, ParseDecimal(text, type.precision(), type.scale()));
      out.AppendInt128(value);
      return Status::Ok();
    }
    case TypeId::kDate: {
      ASSIGN_OR_RETURN(int64_t days, ParseDate(text));
      out.AppendInt64(days);
      return Status::Ok();
    }
    case TypeId::kVarchar:
      if (type.length() == LogicalType::kUnboundedLength || text.size() <= type.length()) {
        // Byte length within the limit means the character length is too; longer text
        // goes through the cast, which counts characters.
        out.AppendString(text);
        return Status::Ok();
      }
      [[fallthrough]];
    default: {
      if (type.id() == TypeId::kChar && type.length() != LogicalType::kUnboundedLength &&
          text.size() <= type.length()) {
        // As the cast does: CHAR is kept blank-padded to its length in characters.
        size_t characters = 0;
        for (char c : text) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        out.AppendString(text);
        out.str()[out.size() - 1].append(type.length() - characters, ' ');
        return Status::Ok();
      }
      ASSIGN_OR_RETURN(Value value, CastValue(Value::Text(std::string(text)), type));
      const size_t row = out.size();
      out.Resize(row + 1);
      out.SetValue(row, value);
      return Status::Ok();
    }
  }
}

}  // namespace martlet
