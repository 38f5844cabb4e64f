// Casts among BOOLEAN, the integers, DECIMAL, REAL and DOUBLE PRECISION. The common
// conversions (integer widening, integer -> decimal, decimal -> double) are plain loops over
// every row; range checks look at valid rows only, since NULL rows hold arbitrary data.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "common/decimal.hpp"
#include "functions/cast_internal.hpp"
#include "functions/numeric_support.hpp"

namespace martlet {
namespace {

bool IsInt64Typed(const LogicalType& t) { return t.physical() == PhysicalType::kInt64; }

Status IntegerToInteger(const Vector& input, Vector& output, size_t count) {
  const int64_t* in = input.i64();
  int64_t* out = output.i64();
  if (output.type().id() == TypeId::kBoolean) {
    for (size_t i = 0; i < count; i++) out[i] = in[i] != 0;
    return Status::Ok();
  }
  IntegerRange from = RangeOf(input.type().id()), to = RangeOf(output.type().id());
  if (from.min < to.min || from.max > to.max) {
    const uint8_t* valid = input.validity();
    for (size_t i = 0; i < count; i++) {
      if (valid[i] && (in[i] < to.min || in[i] > to.max)) {
        return IntegerOutOfRange(output.type().id());
      }
    }
  }
  std::copy_n(in, count, out);
  return Status::Ok();
}

Status IntegerToDecimal(const Vector& input, Vector& output, size_t count) {
  const int64_t* in = input.i64();
  int128_t* out = output.i128();
  int precision = output.type().precision(), scale = output.type().scale();
  int128_t factor = Pow10(scale);
  if (IntegerDigits(input.type().id()) + scale <= precision) {
    for (size_t i = 0; i < count; i++) out[i] = static_cast<int128_t>(in[i]) * factor;
    return Status::Ok();
  }
  int128_t limit = MaxDecimalMagnitude(precision - scale);
  const uint8_t* valid = input.validity();
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    if (in[i] > limit || in[i] < -limit) return DecimalOverflow(precision, scale);
    out[i] = static_cast<int128_t>(in[i]) * factor;
  }
  return Status::Ok();
}

Status DecimalToInteger(const Vector& input, Vector& output, size_t count) {
  const int128_t* in = input.i128();
  int64_t* out = output.i64();
  int128_t divisor = Pow10(input.type().scale());
  IntegerRange to = RangeOf(output.type().id());
  const uint8_t* valid = input.validity();
  for (size_t i = 0; i < count; i++) {
    int128_t rounded = RoundHalfAway(in[i], divisor);
    if (valid[i] && (rounded < to.min || rounded > to.max)) {
      return IntegerOutOfRange(output.type().id());
    }
    out[i] = static_cast<int64_t>(rounded);
  }
  return Status::Ok();
}

Status DecimalToDecimal(const Vector& input, Vector& output, size_t count) {
  const int128_t* in = input.i128();
  int128_t* out = output.i128();
  const LogicalType& from = input.type();
  const LogicalType& to = output.type();
  bool widening =
      to.scale() >= from.scale() && to.precision() - to.scale() >= from.precision() - from.scale();
  if (widening) {
    int128_t factor = Pow10(to.scale() - from.scale());
    for (size_t i = 0; i < count; i++) out[i] = in[i] * factor;
    return Status::Ok();
  }
  const uint8_t* valid = input.validity();
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    ASSIGN_OR_RETURN(out[i], Rescale(in[i], from.scale(), to.scale(), to.precision()));
  }
  return Status::Ok();
}

Status DecimalToFloat(const Vector& input, Vector& output, size_t count) {
  const int128_t* in = input.i128();
  double* out = output.f64();
  double divisor = static_cast<double>(Pow10(input.type().scale()));
  for (size_t i = 0; i < count; i++) out[i] = static_cast<double>(in[i]) / divisor;
  if (output.type().id() == TypeId::kReal) {
    for (size_t i = 0; i < count; i++) out[i] = static_cast<float>(out[i]);
  }
  return Status::Ok();
}

Status IntegerToFloat(const Vector& input, Vector& output, size_t count) {
  const int64_t* in = input.i64();
  double* out = output.f64();
  if (output.type().id() == TypeId::kReal) {
    for (size_t i = 0; i < count; i++) out[i] = static_cast<float>(in[i]);
  } else {
    for (size_t i = 0; i < count; i++) out[i] = static_cast<double>(in[i]);
  }
  return Status::Ok();
}

Status FloatToInteger(const Vector& input, Vector& output, size_t count) {
  const double* in = input.f64();
  int64_t* out = output.i64();
  TypeId target = output.type().id();
  IntegerRange to = RangeOf(target);
  // 2^63 is exact as a double; every double below it converts to int64 without UB.
  constexpr double kTwo63 = 9223372036854775808.0;
  const uint8_t* valid = input.validity();
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    double rounded = std::rint(in[i]);  // PostgreSQL rounds float to int half to even
    if (!(rounded >= -kTwo63 && rounded < kTwo63)) return IntegerOutOfRange(target);
    int64_t value = static_cast<int64_t>(rounded);
    if (value < to.min || value > to.max) return IntegerOutOfRange(target);
    out[i] = value;
  }
  return Status::Ok();
}

// PostgreSQL converts through the float's text with DBL_DIG (FLT_DIG) significant digits,
// so that 0.1::float8::numeric is 0.1 rather than the binary expansion.
Status FloatToDecimal(const Vector& input, Vector& output, size_t count) {
  const double* in = input.f64();
  int128_t* out = output.i128();
  bool is_real = input.type().id() == TypeId::kReal;
  int precision = output.type().precision(), scale = output.type().scale();
  const uint8_t* valid = input.validity();
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    if (std::isnan(in[i]))
      return Status(StatusCode::kInvalidInput, "cannot convert NaN to numeric");
    if (std::isinf(in[i])) {
      return Status(StatusCode::kInvalidInput, "cannot convert infinity to numeric");
    }
    char text[64];
    std::snprintf(text, sizeof(text), "%.*g", is_real ? 6 : 15, in[i]);
    ASSIGN_OR_RETURN(out[i], ParseDecimal(text, precision, scale));
  }
  return Status::Ok();
}

Status FloatToFloat(const Vector& input, Vector& output, size_t count) {
  const double* in = input.f64();
  double* out = output.f64();
  if (output.type().id() == TypeId::kDouble) {
    std::copy_n(in, count, out);
    return Status::Ok();
  }
  const uint8_t* valid = input.validity();
  constexpr double kMaxReal = std::numeric_limits<float>::max();
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    if (std::isfinite(in[i]) && std::fabs(in[i]) > kMaxReal) return FloatOverflow();
    float narrowed = static_cast<float>(in[i]);
    if (narrowed == 0 && in[i] != 0) return FloatUnderflow();
    out[i] = narrowed;
  }
  return Status::Ok();
}

}  // namespace

Status CastNumeric(const Vector& input, Vector& output, size_t count) {
  const LogicalType& from = input.type();
  const LogicalType& to = output.type();
  bool from_decimal = from.id() == TypeId::kDecimal, to_decimal = to.id() == TypeId::kDecimal;
  if (IsInt64Typed(from)) {
    if (IsInt64Typed(to)) return IntegerToInteger(input, output, count);
    if (to_decimal) return IntegerToDecimal(input, output, count);
    return IntegerToFloat(input, output, count);
  }
  if (from_decimal) {
    if (IsInt64Typed(to)) return DecimalToInteger(input, output, count);
    if (to_decimal) return DecimalToDecimal(input, output, count);
    return DecimalToFloat(input, output, count);
  }
  if (IsInt64Typed(to)) return FloatToInteger(input, output, count);
  if (to_decimal) return FloatToDecimal(input, output, count);
  return FloatToFloat(input, output, count);
}

}  // namespace martlet
