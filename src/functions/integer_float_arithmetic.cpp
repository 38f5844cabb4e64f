// + - * / % on the integer types and on REAL/DOUBLE PRECISION, with PostgreSQL's errors:
// overflow of the result type, division by zero (for floats too), float overflow/underflow.
#include <cmath>
#include <limits>

#include "functions/arithmetic_internal.hpp"
#include "functions/numeric_support.hpp"

namespace martlet {
namespace {

// + - *: every row is computed (NULL rows hold arbitrary data, so their overflow is
// ignored) and one flag collects overflow of the valid rows, which keeps the loop branch-free.
template <typename T, ArithOp kOp>
Status IntegerAddSubMul(const std::vector<const Vector*>& args, size_t count, Vector& result,
                        const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* a = args[0]->i64();
  const int64_t* b = args[1]->i64();
  const uint8_t* valid = result.validity();
  int64_t* out = result.i64();
  bool overflow = false;
  for (size_t i = 0; i < count; i++) {
    T x = static_cast<T>(a[i]), y = static_cast<T>(b[i]), r;
    bool o;
    if constexpr (kOp == ArithOp::kAdd) {
      o = __builtin_add_overflow(x, y, &r);
    } else if constexpr (kOp == ArithOp::kSubtract) {
      o = __builtin_sub_overflow(x, y, &r);
    } else {
      o = __builtin_mul_overflow(x, y, &r);
    }
    out[i] = r;
    overflow |= o & (valid[i] != 0);
  }
  if (overflow) return IntegerOutOfRange(result.type().id());
  return Status::Ok();
}

// / truncates toward zero; MIN / -1 overflows while MIN % -1 is 0, as in PostgreSQL.
template <typename T, ArithOp kOp>
Status IntegerDivMod(const std::vector<const Vector*>& args, size_t count, Vector& result,
                     const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* a = args[0]->i64();
  const int64_t* b = args[1]->i64();
  const uint8_t* valid = result.validity();
  int64_t* out = result.i64();
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) {
      out[i] = 0;
      continue;
    }
    T x = static_cast<T>(a[i]), y = static_cast<T>(b[i]);
    if (y == 0) return DivisionByZero();
    if (y == -1) {
      if constexpr (kOp == ArithOp::kDivide) {
        if (x == std::numeric_limits<T>::min()) return IntegerOutOfRange(result.type().id());
        out[i] = -static_cast<int64_t>(x);
      } else {
        out[i] = 0;
      }
      continue;
    }
    out[i] = kOp == ArithOp::kDivide ? x / y : x % y;
  }
  return Status::Ok();
}

template <typename T>
ScalarKernel IntegerKernelFor(ArithOp op) {
  switch (op) {
    case ArithOp::kAdd:
      return &IntegerAddSubMul<T, ArithOp::kAdd>;
    case ArithOp::kSubtract:
      return &IntegerAddSubMul<T, ArithOp::kSubtract>;
    case ArithOp::kMultiply:
      return &IntegerAddSubMul<T, ArithOp::kMultiply>;
    case ArithOp::kDivide:
      return &IntegerDivMod<T, ArithOp::kDivide>;
    case ArithOp::kModulo:
      return &IntegerDivMod<T, ArithOp::kModulo>;
  }
  return nullptr;
}

// PostgreSQL's checks: an infinite result from finite inputs overflowed; a zero product or
// quotient of non-zero inputs underflowed.
template <typename F, ArithOp kOp>
Status CheckFloat(F x, F y, F r) {
  if (std::isinf(r) && !std::isinf(x) && !std::isinf(y)) return FloatOverflow();
  if constexpr (kOp == ArithOp::kMultiply) {
    if (r == 0 && x != 0 && y != 0) return FloatUnderflow();
  }
  if constexpr (kOp == ArithOp::kDivide) {
    if (r == 0 && x != 0 && !std::isinf(y)) return FloatUnderflow();
  }
  return Status::Ok();
}

template <typename F, ArithOp kOp>
Status FloatArithmetic(const std::vector<const Vector*>& args, size_t count, Vector& result,
                       const FunctionContext&) {
  PropagateValidity(args, count, result);
  const double* a = args[0]->f64();
  const double* b = args[1]->f64();
  const uint8_t* valid = result.validity();
  double* out = result.f64();
  for (size_t i = 0; i < count; i++) {
    F x = static_cast<F>(a[i]), y = static_cast<F>(b[i]), r;
    if constexpr (kOp == ArithOp::kAdd) {
      r = x + y;
    } else if constexpr (kOp == ArithOp::kSubtract) {
      r = x - y;
    } else if constexpr (kOp == ArithOp::kMultiply) {
      r = x * y;
    } else {
      if (y == 0 && valid[i]) return DivisionByZero();
      r = kOp == ArithOp::kDivide ? x / y : std::fmod(x, y);
    }
    out[i] = r;
    if ((!std::isfinite(r) || r == 0) && valid[i]) RETURN_IF_ERROR((CheckFloat<F, kOp>(x, y, r)));
  }
  return Status::Ok();
}

template <typename F>
ScalarKernel FloatKernelFor(ArithOp op) {
  switch (op) {
    case ArithOp::kAdd:
      return &FloatArithmetic<F, ArithOp::kAdd>;
    case ArithOp::kSubtract:
      return &FloatArithmetic<F, ArithOp::kSubtract>;
    case ArithOp::kMultiply:
      return &FloatArithmetic<F, ArithOp::kMultiply>;
    case ArithOp::kDivide:
      return &FloatArithmetic<F, ArithOp::kDivide>;
    case ArithOp::kModulo:
      return &FloatArithmetic<F, ArithOp::kModulo>;
  }
  return nullptr;
}

template <typename T>
Status NegateInteger(const std::vector<const Vector*>& args, size_t count, Vector& result,
                     const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* a = args[0]->i64();
  const uint8_t* valid = result.validity();
  int64_t* out = result.i64();
  bool overflow = false;
  for (size_t i = 0; i < count; i++) {
    T r;
    overflow |= __builtin_sub_overflow(T{0}, static_cast<T>(a[i]), &r) & (valid[i] != 0);
    out[i] = r;
  }
  if (overflow) return IntegerOutOfRange(result.type().id());
  return Status::Ok();
}

Status NegateDecimal(const std::vector<const Vector*>& args, size_t count, Vector& result,
                     const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int128_t* a = args[0]->i128();
  int128_t* out = result.i128();
  for (size_t i = 0; i < count; i++) out[i] = -a[i];  // |a| < 10^38: no overflow
  return Status::Ok();
}

Status NegateFloat(const std::vector<const Vector*>& args, size_t count, Vector& result,
                   const FunctionContext&) {
  PropagateValidity(args, count, result);
  const double* a = args[0]->f64();
  double* out = result.f64();
  for (size_t i = 0; i < count; i++) out[i] = -a[i];
  return Status::Ok();
}

Status NegateInterval(const std::vector<const Vector*>& args, size_t count, Vector& result,
                      const FunctionContext&) {
  PropagateValidity(args, count, result);
  const Interval* a = args[0]->interval();
  const uint8_t* valid = result.validity();
  Interval* out = result.interval();
  for (size_t i = 0; i < count; i++) {
    Interval r;
    bool overflow = __builtin_sub_overflow(0, a[i].months, &r.months) |
                    __builtin_sub_overflow(0, a[i].days, &r.days) |
                    __builtin_sub_overflow(int64_t{0}, a[i].micros, &r.micros);
    if (overflow && valid[i]) return Status(StatusCode::kOverflow, "interval out of range");
    out[i] = r;
  }
  return Status::Ok();
}

}  // namespace

ScalarKernel IntegerArithmeticKernel(ArithOp op, TypeId type) {
  switch (type) {
    case TypeId::kSmallInt:
      return IntegerKernelFor<int16_t>(op);
    case TypeId::kInteger:
      return IntegerKernelFor<int32_t>(op);
    default:
      return IntegerKernelFor<int64_t>(op);
  }
}

ScalarKernel FloatArithmeticKernel(ArithOp op, bool is_real) {
  return is_real ? FloatKernelFor<float>(op) : FloatKernelFor<double>(op);
}

ScalarKernel NegateKernel(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kSmallInt:
      return &NegateInteger<int16_t>;
    case TypeId::kInteger:
      return &NegateInteger<int32_t>;
    case TypeId::kBigInt:
      return &NegateInteger<int64_t>;
    case TypeId::kDecimal:
      return &NegateDecimal;
    case TypeId::kReal:
    case TypeId::kDouble:
      return &NegateFloat;
    case TypeId::kInterval:
      return &NegateInterval;
    default:
      return nullptr;
  }
}

}  // namespace martlet
