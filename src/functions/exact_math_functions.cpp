// ABS, SIGN, CEIL, FLOOR, ROUND and TRUNC: exact on integers and decimals (an integer stays
// its type, a decimal stays a decimal), IEEE on floats. ROUND halves away from zero on exact
// types and to even on floats, as PostgreSQL's round(numeric) and round(float8) do.
#include <algorithm>
#include <cmath>

#include "common/decimal.hpp"
#include "functions/kernel_support.hpp"
#include "functions/math_internal.hpp"
#include "functions/numeric_support.hpp"

namespace martlet {
namespace {

enum class Rounding : uint8_t { kCeil, kFloor, kRound, kTrunc };

// ---- ABS and SIGN -------------------------------------------------------------------------

Status AbsInteger(const std::vector<const Vector*>& args, size_t count, Vector& result,
                  const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* a = args[0]->i64();
  const uint8_t* valid = result.validity();
  int64_t* out = result.i64();
  IntegerRange range = RangeOf(result.type().id());
  bool overflow = false;
  for (size_t i = 0; i < count; i++) {
    overflow |= (a[i] == range.min) & (valid[i] != 0);
    out[i] = a[i] < 0 ? static_cast<int64_t>(0 - static_cast<uint64_t>(a[i])) : a[i];
  }
  if (overflow) return IntegerOutOfRange(result.type().id());
  return Status::Ok();
}

Status AbsDecimal(const std::vector<const Vector*>& args, size_t count, Vector& result,
                  const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int128_t* a = args[0]->i128();
  int128_t* out = result.i128();
  for (size_t i = 0; i < count; i++) out[i] = a[i] < 0 ? -a[i] : a[i];
  return Status::Ok();
}

Status AbsFloat(const std::vector<const Vector*>& args, size_t count, Vector& result,
                const FunctionContext&) {
  PropagateValidity(args, count, result);
  const double* a = args[0]->f64();
  double* out = result.f64();
  for (size_t i = 0; i < count; i++) out[i] = std::fabs(a[i]);
  return Status::Ok();
}

Status SignInteger(const std::vector<const Vector*>& args, size_t count, Vector& result,
                   const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* a = args[0]->i64();
  int64_t* out = result.i64();
  for (size_t i = 0; i < count; i++) out[i] = (a[i] > 0) - (a[i] < 0);
  return Status::Ok();
}

Status SignDecimal(const std::vector<const Vector*>& args, size_t count, Vector& result,
                   const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int128_t* a = args[0]->i128();
  int128_t* out = result.i128();  // DECIMAL(1, 0): the unscaled value is the sign itself
  for (size_t i = 0; i < count; i++) out[i] = (a[i] > 0) - (a[i] < 0);
  return Status::Ok();
}

Status SignFloat(const std::vector<const Vector*>& args, size_t count, Vector& result,
                 const FunctionContext&) {
  PropagateValidity(args, count, result);
  const double* a = args[0]->f64();
  double* out = result.f64();
  for (size_t i = 0; i < count; i++) out[i] = (a[i] > 0) - (a[i] < 0);
  return Status::Ok();
}

// ---- CEIL, FLOOR, ROUND, TRUNC to an integral value ----------------------------------------

int128_t RoundTo(int128_t value, int128_t divisor, Rounding mode) {
  if (mode == Rounding::kRound) return RoundHalfAway(value, divisor);
  int128_t quotient = value / divisor, remainder = value % divisor;
  if (mode == Rounding::kCeil && remainder > 0) quotient++;
  if (mode == Rounding::kFloor && remainder < 0) quotient--;
  return quotient;
}

template <Rounding kMode>
Status RoundDecimalToIntegral(const std::vector<const Vector*>& args, size_t count, Vector& result,
                              const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int128_t* a = args[0]->i128();
  int128_t* out = result.i128();
  int128_t divisor = Pow10(args[0]->type().scale());
  for (size_t i = 0; i < count; i++) out[i] = RoundTo(a[i], divisor, kMode);
  return Status::Ok();
}

template <Rounding kMode>
Status RoundFloatToIntegral(const std::vector<const Vector*>& args, size_t count, Vector& result,
                            const FunctionContext&) {
  PropagateValidity(args, count, result);
  const double* a = args[0]->f64();
  double* out = result.f64();
  for (size_t i = 0; i < count; i++) {
    switch (kMode) {
      case Rounding::kCeil:
        out[i] = std::ceil(a[i]);
        break;
      case Rounding::kFloor:
        out[i] = std::floor(a[i]);
        break;
      case Rounding::kRound:
        out[i] = std::rint(a[i]);
        break;  // half to even, as PG
      case Rounding::kTrunc:
        out[i] = std::trunc(a[i]);
        break;
    }
  }
  return Status::Ok();
}

Status CopyInteger(const std::vector<const Vector*>& args, size_t count, Vector& result,
                   const FunctionContext&) {
  PropagateValidity(args, count, result);
  std::copy_n(args[0]->i64(), count, result.i64());
  return Status::Ok();
}

// ---- ROUND(x, n) and TRUNC(x, n): to n digits after the point (before it when n < 0) -----

// Rounds an unscaled value of scale `scale` to `digits` fractional digits, keeping the scale.
bool RoundToDigits(int128_t value, int scale, int64_t digits, Rounding mode, int128_t* out) {
  if (digits >= scale) {
    *out = value;
    return true;
  }
  int64_t dropped = scale - digits;
  if (dropped > LogicalType::kMaxDecimalPrecision) {  // every digit is dropped
    *out = 0;
    return true;
  }
  int128_t divisor = Pow10(static_cast<int>(dropped));
  return !__builtin_mul_overflow(RoundTo(value, divisor, mode), divisor, out);
}

template <Rounding kMode>
Status RoundDecimalDigits(const std::vector<const Vector*>& args, size_t count, Vector& result,
                          const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int128_t* a = args[0]->i128();
  const int64_t* digits = args[1]->i64();
  const uint8_t* valid = result.validity();
  int128_t* out = result.i128();
  int scale = args[0]->type().scale(), precision = result.type().precision();
  int128_t limit = MaxDecimalMagnitude(precision);
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    if (!RoundToDigits(a[i], scale, digits[i], kMode, &out[i]) || out[i] > limit ||
        out[i] < -limit) {
      return DecimalOverflow(precision, scale);
    }
  }
  return Status::Ok();
}

template <Rounding kMode>
Status RoundIntegerDigits(const std::vector<const Vector*>& args, size_t count, Vector& result,
                          const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* a = args[0]->i64();
  const int64_t* digits = args[1]->i64();
  const uint8_t* valid = result.validity();
  int64_t* out = result.i64();
  IntegerRange range = RangeOf(result.type().id());
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    int128_t rounded;
    bool ok = RoundToDigits(a[i], 0, digits[i], kMode, &rounded);
    if (!ok || rounded < range.min || rounded > range.max) {
      return IntegerOutOfRange(result.type().id());
    }
    out[i] = static_cast<int64_t>(rounded);
  }
  return Status::Ok();
}

template <Rounding kMode>
Status RoundFloatDigits(const std::vector<const Vector*>& args, size_t count, Vector& result,
                        const FunctionContext&) {
  PropagateValidity(args, count, result);
  const double* a = args[0]->f64();
  const int64_t* digits = args[1]->i64();
  const uint8_t* valid = result.validity();
  double* out = result.f64();
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    double factor = std::pow(10.0, static_cast<double>(digits[i]));
    double scaled = a[i] * factor;
    if (!std::isfinite(scaled) || factor == 0) {  // nothing to round at that position
      out[i] = std::isfinite(scaled) ? 0 : a[i];
      continue;
    }
    double rounded = kMode == Rounding::kRound ? std::round(scaled) : std::trunc(scaled);
    out[i] = rounded / factor;
  }
  return Status::Ok();
}

// ---- resolvers ---------------------------------------------------------------------------

LogicalType Settled(const LogicalType& type) {
  return type.id() == TypeId::kNull ? LogicalType(TypeId::kDouble) : type;
}

constexpr char kAbsName[] = "abs";
constexpr char kSignName[] = "sign";
constexpr char kCeilName[] = "ceil";
constexpr char kCeilingName[] = "ceiling";
constexpr char kFloorName[] = "floor";
constexpr char kRoundName[] = "round";
constexpr char kTruncName[] = "trunc";

template <const char* kName>
Result<ScalarBinding> ResolveAbsOrSign(const std::vector<LogicalType>& types) {
  constexpr bool kAbs = kName == kAbsName;
  if (types.size() != 1 || !Settled(types[0]).IsNumeric()) return NoSuchFunction(kName, types);
  LogicalType arg = Settled(types[0]);
  if (arg.IsInteger()) return MakeBinding({arg}, arg, kAbs ? &AbsInteger : &SignInteger);
  if (arg.IsFloat()) return MakeBinding({arg}, arg, kAbs ? &AbsFloat : &SignFloat);
  if (kAbs) return MakeBinding({arg}, arg, &AbsDecimal);
  return MakeBinding({arg}, LogicalType::Decimal(1, 0), &SignDecimal);
}

template <const char* kName, Rounding kMode>
Result<ScalarBinding> ResolveRounding(const std::vector<LogicalType>& types) {
  if (types.empty() || types.size() > 2 || !Settled(types[0]).IsNumeric()) {
    return NoSuchFunction(kName, types);
  }
  LogicalType arg = Settled(types[0]);
  if (types.size() == 1) {
    if (arg.IsInteger()) return MakeBinding({arg}, arg, &CopyInteger);
    if (arg.IsFloat()) return MakeBinding({arg}, arg, &RoundFloatToIntegral<kMode>);
    // One more integer digit for a carry (9.5 -> 10), except when truncating.
    int digits = arg.precision() - arg.scale() + (kMode == Rounding::kTrunc ? 0 : 1);
    LogicalType type = LogicalType::Decimal(std::clamp(digits, 1, 38), 0);
    return MakeBinding({arg}, type, &RoundDecimalToIntegral<kMode>);
  }
  bool digits_ok = types[1].IsInteger() || types[1].id() == TypeId::kNull;
  if (kMode == Rounding::kCeil || kMode == Rounding::kFloor || !digits_ok) {
    return NoSuchFunction(kName, types);
  }
  const LogicalType digits(TypeId::kInteger);
  if (arg.IsInteger()) return MakeBinding({arg, digits}, arg, &RoundIntegerDigits<kMode>);
  if (arg.IsFloat()) {
    const LogicalType number(TypeId::kDouble);
    return MakeBinding({number, digits}, number, &RoundFloatDigits<kMode>);
  }
  // The digit count is a value, not part of the type, so the scale stays; the extra digit
  // again leaves room for a carry.
  int precision = std::min(arg.precision() + (kMode == Rounding::kRound ? 1 : 0), 38);
  LogicalType type = LogicalType::Decimal(precision, arg.scale());
  return MakeBinding({arg, digits}, type, &RoundDecimalDigits<kMode>);
}

}  // namespace

void RegisterExactMathFunctions(FunctionRegistry& registry) {
  registry.AddScalar("abs", &ResolveAbsOrSign<kAbsName>);
  registry.AddScalar("sign", &ResolveAbsOrSign<kSignName>);
  registry.AddScalar("ceil", &ResolveRounding<kCeilName, Rounding::kCeil>);
  registry.AddScalar("ceiling", &ResolveRounding<kCeilingName, Rounding::kCeil>);
  registry.AddScalar("floor", &ResolveRounding<kFloorName, Rounding::kFloor>);
  registry.AddScalar("round", &ResolveRounding<kRoundName, Rounding::kRound>);
  registry.AddScalar("trunc", &ResolveRounding<kTruncName, Rounding::kTrunc>);
}

}  // namespace martlet
