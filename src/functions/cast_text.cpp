// Casts to and from CHAR/VARCHAR: values print as Value::ToText does (except BOOLEAN, which
// a cast spells "true"/"false" as PostgreSQL does), and text is parsed strictly, with only
// surrounding whitespace allowed.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "common/date_time.hpp"
#include "common/decimal.hpp"
#include "common/number_format.hpp"
#include "functions/cast_internal.hpp"
#include "functions/numeric_support.hpp"

namespace martlet {
namespace {

std::string_view TrimSpace(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) begin++;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) end--;
  return text.substr(begin, end - begin);
}

std::string_view TrimTrailingSpaces(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && text[end - 1] == ' ') end--;
  return text.substr(0, end);
}

Status BadSyntax(const LogicalType& type, std::string_view text) {
  return Status(StatusCode::kInvalidInput, "invalid input syntax for type " + type.ToString() +
                                               ": \"" + std::string(text) + "\"");
}

Status OutOfRangeFor(const LogicalType& type, std::string_view text) {
  return Status(StatusCode::kInvalidInput,
                "value \"" + std::string(text) + "\" is out of range for type " + type.ToString());
}

Result<int64_t> ParseInteger(std::string_view text, const LogicalType& type) {
  std::string_view digits = TrimSpace(text);
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return BadSyntax(type, text);
  // Accumulate as a negative number: its range includes INT64_MIN.
  int64_t value = 0;
  bool overflow = false;
  for (char c : digits) {
    if (c < '0' || c > '9') return BadSyntax(type, text);
    overflow |= __builtin_mul_overflow(value, 10, &value);
    overflow |= __builtin_sub_overflow(value, c - '0', &value);
  }
  if (!negative) overflow |= __builtin_mul_overflow(value, -1, &value);
  IntegerRange range = RangeOf(type.id());
  if (overflow || value < range.min || value > range.max) return OutOfRangeFor(type, text);
  return value;
}

// PostgreSQL's parse_bool: any unique prefix of true/false/yes/no, on/off, 1/0.
Result<int64_t> ParseBoolean(std::string_view text, const LogicalType& type) {
  std::string word(TrimSpace(text));
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto prefix_of = [&](std::string_view full, size_t min_length) {
    return word.size() >= min_length && word.size() <= full.size() &&
           full.substr(0, word.size()) == word;
  };
  if (prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || word == "1") return 1;
  if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || word == "0") return 0;
  return BadSyntax(type, text);
}

Result<double> ParseFloat(std::string_view text, const LogicalType& type) {
  std::string trimmed(TrimSpace(text));
  if (trimmed.empty()) return BadSyntax(type, text);
  errno = 0;
  char* end = nullptr;
  double value = std::strtod(trimmed.c_str(), &end);
  if (end != trimmed.c_str() + trimmed.size()) return BadSyntax(type, text);
  std::string lower = trimmed;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // strtod also reads hexadecimal floats, which PostgreSQL does not accept.
  if (lower.find('x') != std::string::npos) return BadSyntax(type, text);
  auto out_of_range = [&] {
    return Status(StatusCode::kInvalidInput,
                  "\"" + std::string(text) + "\" is out of range for type " + type.ToString());
  };
  // Like PostgreSQL, denormal results are fine; only overflow and underflow to zero fail.
  if (errno == ERANGE && (value == 0 || std::isinf(value))) return out_of_range();
  if (type.id() == TypeId::kReal && std::isfinite(value)) {
    if (std::fabs(value) > std::numeric_limits<float>::max()) return out_of_range();
    float narrowed = static_cast<float>(value);
    if (narrowed == 0 && value != 0) return out_of_range();
    value = narrowed;
  }
  return value;
}

Status ParseInto(std::string_view text, Vector& output, size_t row) {
  const LogicalType& type = output.type();
  switch (type.id()) {
    case TypeId::kBoolean: {
      ASSIGN_OR_RETURN(output.i64()[row], ParseBoolean(text, type));
      return Status::Ok();
    }
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      ASSIGN_OR_RETURN(output.i64()[row], ParseInteger(text, type));
      return Status::Ok();
    }
    case TypeId::kDecimal: {
      ASSIGN_OR_RETURN(output.i128()[row], ParseDecimal(text, type.precision(), type.scale()));
      return Status::Ok();
    }
    case TypeId::kReal:
    case TypeId::kDouble: {
      ASSIGN_OR_RETURN(output.f64()[row], ParseFloat(text, type));
      return Status::Ok();
    }
    case TypeId::kDate: {
      ASSIGN_OR_RETURN(output.i64()[row], ParseDate(TrimSpace(text)));
      return Status::Ok();
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      ASSIGN_OR_RETURN(output.i64()[row],
                       ParseTimestamp(TrimSpace(text), type.id() == TypeId::kTimestampTz));
      return Status::Ok();
    }
    case TypeId::kInterval: {
      ASSIGN_OR_RETURN(output.interval()[row], ParseInterval(TrimSpace(text)));
      return Status::Ok();
    }
    default:
      return Status(StatusCode::kInternal, "no text input for type " + type.ToString());
  }
}

std::string FormatRow(const Vector& input, size_t row) {
  const LogicalType& type = input.type();
  switch (type.id()) {
    case TypeId::kBoolean:
      return input.i64()[row] ? "true" : "false";
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return std::to_string(input.i64()[row]);
    case TypeId::kDecimal:
      return FormatDecimal(input.i128()[row], type.scale());
    case TypeId::kReal:
      return FormatReal(static_cast<float>(input.f64()[row]));
    case TypeId::kDouble:
      return FormatDouble(input.f64()[row]);
    case TypeId::kDate:
      return FormatDate(input.i64()[row]);
    case TypeId::kTimestamp:
      return FormatTimestamp(input.i64()[row]);
    case TypeId::kTimestampTz:
      return FormatTimestampTz(input.i64()[row]);
    case TypeId::kInterval:
      return FormatInterval(input.interval()[row]);
    case TypeId::kChar:
      return std::string(TrimTrailingSpaces(input.str()[row]));
    default:
      return input.str()[row];
  }
}

}  // namespace

Status FitStringLength(std::string& text, const LogicalType& target) {
  uint32_t limit = target.length();
  if (limit == LogicalType::kUnboundedLength) return Status::Ok();
  size_t characters = 0, cut = text.size();
  for (size_t i = 0; i < text.size(); i++) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (characters == limit) cut = std::min(cut, i);
    characters++;
  }
  if (characters > limit) {
    if (text.find_first_not_of(' ', cut) != std::string::npos) {
      return Status(StatusCode::kInvalidInput, "value too long for type " + target.ToString());
    }
    text.resize(cut);
    characters = limit;
  }
  if (target.id() == TypeId::kChar) text.append(limit - characters, ' ');
  return Status::Ok();
}

Status CastToString(const Vector& input, Vector& output, size_t count) {
  const LogicalType& from = input.type();
  const LogicalType& to = output.type();
  std::string* out = output.str();
  const uint8_t* valid = input.validity();
  bool plain_copy = from.id() == TypeId::kVarchar && to.id() == TypeId::kVarchar &&
                    to.length() == LogicalType::kUnboundedLength;
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    out[i] = plain_copy ? input.str()[i] : FormatRow(input, i);
    if (!plain_copy) RETURN_IF_ERROR(FitStringLength(out[i], to));
  }
  return Status::Ok();
}

Status CastFromString(const Vector& input, Vector& output, size_t count) {
  const std::string* in = input.str();
  const uint8_t* valid = input.validity();
  for (size_t i = 0; i < count; i++) {
    if (valid[i]) RETURN_IF_ERROR(ParseInto(in[i], output, i));
  }
  return Status::Ok();
}

}  // namespace martlet
