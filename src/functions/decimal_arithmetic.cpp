// DECIMAL arithmetic on unscaled int128 values. Result precision and scale follow Redshift's
// documented rules ("Computations with numeric values"), each capped at 38 digits:
//   a + b, a - b  scale max(s1, s2)      precision max(p1 - s1, p2 - s2) + 1 + scale
//   a * b         scale s1 + s2          precision p1 + p2 + 1
//   a / b         scale max(12, s1 + p2 - s2 + 1)  precision p1 - s1 + s2 + scale
//   a % b         scale max(s1, s2)      precision min(p1 - s1, p2 - s2) + scale
// When a quotient would need more than 38 digits its scale gives way first (down to 12), so
// the integer digits survive. Redshift's minimum quotient scale is 4; Martlet keeps 12, as
// ratios and shares (TPC-H Q8, Q14) need more than four places to match other engines
// (PostgreSQL keeps at least 16 significant digits). Results are exact; a value
// beyond the result precision fails with 'numeric field overflow', never wraps.
#include <algorithm>

#include "common/decimal.hpp"
#include "functions/arithmetic_internal.hpp"
#include "functions/numeric_support.hpp"

namespace martlet {
namespace {

constexpr int kMaxDigits = LogicalType::kMaxDecimalPrecision;
constexpr int kMinQuotientScale = 12;

using uint128_t = unsigned __int128;

struct DecimalArgs {
  const int128_t* a;
  const int128_t* b;
  int scale_a, scale_b, scale, precision;
  int128_t limit;  // the largest magnitude the result type holds
  const uint8_t* valid;
  int128_t* out;
};

DecimalArgs Unpack(const std::vector<const Vector*>& args, Vector& result) {
  const LogicalType& type = result.type();
  return {args[0]->i128(),
          args[1]->i128(),
          args[0]->type().scale(),
          args[1]->type().scale(),
          type.scale(),
          type.precision(),
          MaxDecimalMagnitude(type.precision()),
          result.validity(),
          result.i128()};
}

template <bool kSubtract>
Status DecimalAddSub(const std::vector<const Vector*>& args, size_t count, Vector& result,
                     const FunctionContext&) {
  PropagateValidity(args, count, result);
  DecimalArgs d = Unpack(args, result);
  int128_t factor_a = Pow10(d.scale - d.scale_a), factor_b = Pow10(d.scale - d.scale_b);
  bool overflow = false;
  if (d.precision <= 18) {
    // At most 18 result digits: each operand, scaled to the result's scale, has fewer, so the
    // whole computation fits in 64 bits (unsigned, so that a NULL row's value cannot overflow
    // undefinedly) and vectorizes. The limit check still guards the result.
    const auto fa = static_cast<uint64_t>(factor_a), fb = static_cast<uint64_t>(factor_b);
    const auto limit = static_cast<int64_t>(d.limit);
    for (size_t i = 0; i < count; i++) {
      uint64_t x = static_cast<uint64_t>(static_cast<int64_t>(d.a[i])) * fa;
      uint64_t y = static_cast<uint64_t>(static_cast<int64_t>(d.b[i])) * fb;
      auto r = static_cast<int64_t>(kSubtract ? x - y : x + y);
      overflow |= (r > limit || r < -limit) & (d.valid[i] != 0);
      d.out[i] = r;
    }
  } else if (factor_a == 1 && factor_b == 1) {  // both operands of one scale
    for (size_t i = 0; i < count; i++) {
      int128_t r;
      bool o = kSubtract ? __builtin_sub_overflow(d.a[i], d.b[i], &r)
                         : __builtin_add_overflow(d.a[i], d.b[i], &r);
      o |= r > d.limit || r < -d.limit;
      d.out[i] = r;
      overflow |= o & (d.valid[i] != 0);
    }
  } else {
    for (size_t i = 0; i < count; i++) {
      int128_t x, y, r;
      bool o = __builtin_mul_overflow(d.a[i], factor_a, &x) |
               __builtin_mul_overflow(d.b[i], factor_b, &y);
      o |= kSubtract ? __builtin_sub_overflow(x, y, &r) : __builtin_add_overflow(x, y, &r);
      o |= r > d.limit || r < -d.limit;
      d.out[i] = r;
      overflow |= o & (d.valid[i] != 0);
    }
  }
  if (overflow) return DecimalOverflow(d.precision, d.scale);
  return Status::Ok();
}

Status DecimalMultiply(const std::vector<const Vector*>& args, size_t count, Vector& result,
                       const FunctionContext&) {
  PropagateValidity(args, count, result);
  DecimalArgs d = Unpack(args, result);
  int excess = d.scale_a + d.scale_b - d.scale;  // > 0 only when the scale was capped
  int128_t divisor = Pow10(excess);
  bool overflow = false;
  for (size_t i = 0; i < count; i++) {
    int128_t r;
    bool o = false;
    const auto a = static_cast<int64_t>(d.a[i]), b = static_cast<int64_t>(d.b[i]);
    if (a == d.a[i] && b == d.b[i]) {
      // Both fit in 64 bits (nearly always): their product fits in 127, and one widening
      // multiply replaces the library's checked 128-bit one.
      r = static_cast<int128_t>(a) * b;
    } else {
      o = __builtin_mul_overflow(d.a[i], d.b[i], &r);
    }
    if (excess > 0) r = RoundHalfAway(r, divisor);
    o |= r > d.limit || r < -d.limit;
    d.out[i] = r;
    overflow |= o & (d.valid[i] != 0);
  }
  if (overflow) return DecimalOverflow(d.precision, d.scale);
  return Status::Ok();
}

// round(a * 10^shift / b) half away from zero; false when it exceeds `limit`. Works on
// magnitudes, which for 38-digit values fit comfortably in unsigned 128 bits.
bool DivideScaled(int128_t a, int128_t b, int shift, int128_t limit, int128_t* out) {
  bool negative = (a < 0) != (b < 0);
  uint128_t ua = static_cast<uint128_t>(a < 0 ? -a : a);
  uint128_t ub = static_cast<uint128_t>(b < 0 ? -b : b);
  uint128_t ulimit = static_cast<uint128_t>(limit);
  if (shift < 0) {
    // A divisor past 128 bits exceeds twice any 38-digit dividend: the quotient rounds to 0.
    if (__builtin_mul_overflow(ub, static_cast<uint128_t>(Pow10(-shift)), &ub)) {
      *out = 0;
      return true;
    }
    shift = 0;
  }
  uint128_t q, r, scaled;
  if (shift <= kMaxDigits &&
      !__builtin_mul_overflow(ua, static_cast<uint128_t>(Pow10(shift)), &scaled)) {
    q = scaled / ub;
    r = scaled % ub;
  } else {
    // Long division, one decimal digit at a time. 10 * r may not fit, so the digit is
    // found by adding r ten times, each partial sum staying below 2 * ub.
    q = ua / ub;
    r = ua % ub;
    for (int step = 0; step < shift; step++) {
      if (q > ulimit / 10) return false;  // q * 10 alone passes the limit
      uint128_t digit = 0, partial = 0;
      for (int k = 0; k < 10; k++) {
        partial += r;
        if (partial >= ub) {
          partial -= ub;
          digit++;
        }
      }
      q = q * 10 + digit;
      r = partial;
    }
  }
  if (r >= ub - r) q++;
  if (q > ulimit) return false;
  *out = negative ? -static_cast<int128_t>(q) : static_cast<int128_t>(q);
  return true;
}

Status DecimalDivide(const std::vector<const Vector*>& args, size_t count, Vector& result,
                     const FunctionContext&) {
  PropagateValidity(args, count, result);
  DecimalArgs d = Unpack(args, result);
  int shift = d.scale + d.scale_b - d.scale_a;
  for (size_t i = 0; i < count; i++) {
    if (!d.valid[i]) {
      d.out[i] = 0;
      continue;
    }
    if (d.b[i] == 0) return DivisionByZero();
    if (!DivideScaled(d.a[i], d.b[i], shift, d.limit, &d.out[i])) {
      return DecimalOverflow(d.precision, d.scale);
    }
  }
  return Status::Ok();
}

Status DecimalModulo(const std::vector<const Vector*>& args, size_t count, Vector& result,
                     const FunctionContext&) {
  PropagateValidity(args, count, result);
  DecimalArgs d = Unpack(args, result);
  int128_t factor_a = Pow10(d.scale - d.scale_a), factor_b = Pow10(d.scale - d.scale_b);
  for (size_t i = 0; i < count; i++) {
    if (!d.valid[i]) {
      d.out[i] = 0;
      continue;
    }
    int128_t x, y;
    if (__builtin_mul_overflow(d.a[i], factor_a, &x) ||
        __builtin_mul_overflow(d.b[i], factor_b, &y)) {
      return DecimalOverflow(d.precision, d.scale);
    }
    if (y == 0) return DivisionByZero();
    d.out[i] = x % y;  // takes the sign of the dividend, as PostgreSQL's mod
  }
  return Status::Ok();
}

}  // namespace

LogicalType DecimalResultType(ArithOp op, const LogicalType& a, const LogicalType& b) {
  int p1 = a.precision(), s1 = a.scale(), p2 = b.precision(), s2 = b.scale();
  int precision = 0, scale = 0;
  switch (op) {
    case ArithOp::kAdd:
    case ArithOp::kSubtract:
      scale = std::max(s1, s2);
      precision = std::max(p1 - s1, p2 - s2) + 1 + scale;
      break;
    case ArithOp::kMultiply:
      scale = std::min(s1 + s2, kMaxDigits);
      precision = p1 + p2 + 1;
      break;
    case ArithOp::kDivide: {
      int integer_digits = p1 - s1 + s2;
      scale = std::max(kMinQuotientScale, s1 + p2 - s2 + 1);
      if (integer_digits + scale > kMaxDigits) {
        scale = std::min(scale, std::max(kMinQuotientScale, kMaxDigits - integer_digits));
      }
      precision = integer_digits + scale;
      break;
    }
    case ArithOp::kModulo:
      scale = std::max(s1, s2);
      precision = std::min(p1 - s1, p2 - s2) + scale;
      break;
  }
  precision = std::clamp(precision, std::max(scale, 1), kMaxDigits);
  return LogicalType::Decimal(precision, scale);
}

ScalarKernel DecimalArithmeticKernel(ArithOp op) {
  switch (op) {
    case ArithOp::kAdd:
      return &DecimalAddSub<false>;
    case ArithOp::kSubtract:
      return &DecimalAddSub<true>;
    case ArithOp::kMultiply:
      return &DecimalMultiply;
    case ArithOp::kDivide:
      return &DecimalDivide;
    case ArithOp::kModulo:
      return &DecimalModulo;
  }
  return nullptr;
}

}  // namespace martlet
