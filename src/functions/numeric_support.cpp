#include "functions/numeric_support.hpp"

namespace martlet {

IntegerRange RangeOf(TypeId id) {
  switch (id) {
    case TypeId::kBoolean:
      return {0, 1};
    case TypeId::kSmallInt:
      return {INT16_MIN, INT16_MAX};
    case TypeId::kInteger:
      return {INT32_MIN, INT32_MAX};
    default:
      return {INT64_MIN, INT64_MAX};
  }
}

Status IntegerOutOfRange(TypeId id) {
  const char* name = id == TypeId::kSmallInt  ? "smallint"
                     : id == TypeId::kInteger ? "integer"
                                              : "bigint";
  return Status(StatusCode::kOverflow, std::string(name) + " out of range");
}

int IntegerDigits(TypeId id) {
  switch (id) {
    case TypeId::kBoolean:
      return 1;
    case TypeId::kSmallInt:
      return 5;
    case TypeId::kInteger:
      return 10;
    default:
      return 19;
  }
}

LogicalType DecimalForInteger(TypeId id) { return LogicalType::Decimal(IntegerDigits(id), 0); }

Status DecimalOverflow(int precision, int scale) {
  return Status(StatusCode::kOverflow, "numeric field overflow: a field with precision " +
                                           std::to_string(precision) + ", scale " +
                                           std::to_string(scale) +
                                           " must round to an absolute value less than 10^" +
                                           std::to_string(precision - scale));
}

Status DivisionByZero() { return Status(StatusCode::kDivisionByZero, "division by zero"); }
Status FloatOverflow() { return Status(StatusCode::kOverflow, "value out of range: overflow"); }
Status FloatUnderflow() { return Status(StatusCode::kOverflow, "value out of range: underflow"); }

int128_t RoundHalfAway(int128_t value, int128_t divisor) {
  int128_t quotient = value / divisor;
  int128_t remainder = value % divisor;
  // |remainder| >= divisor - |remainder| is 2|remainder| >= divisor without overflow.
  if (remainder > 0 && remainder >= divisor - remainder) quotient++;
  if (remainder < 0 && -remainder >= divisor + remainder) quotient--;
  return quotient;
}

}  // namespace martlet
