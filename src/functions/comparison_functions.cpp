// = <> < <= > >= and IS [NOT] DISTINCT FROM for every type. These run in almost every filter
// and join, so each (representation, operator) pair is its own loop over raw arrays; NULLs
// are handled once per vector by ANDing validity masks, never by a branch per row.
//
// Orderings follow PostgreSQL: strings compare bytewise (C collation) and CHAR(n) ignores
// trailing spaces; floats order NaN above everything and equal to itself; intervals compare
// as a total length with 30-day months; decimals of different scales compare exactly.
#include <algorithm>
#include <cmath>
#include <string_view>

#include "common/date_time.hpp"
#include "common/decimal.hpp"
#include "functions/cast.hpp"
#include "functions/kernel_support.hpp"
#include "functions/numeric_support.hpp"

namespace martlet {
namespace {

enum class CmpOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

struct PlainOrder {
  template <typename T>
  static bool Eq(const T& a, const T& b) {
    return a == b;
  }
  template <typename T>
  static bool Lt(const T& a, const T& b) {
    return a < b;
  }
};

struct FloatOrder {
  static bool Eq(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }
  static bool Lt(double a, double b) { return a < b || (!std::isnan(a) && std::isnan(b)); }
};

// CHAR(n) semantics: trailing spaces are not significant.
struct PaddedTextOrder {
  static std::string_view Trim(const std::string& s) {
    size_t end = s.find_last_not_of(' ');
    return std::string_view(s).substr(0, end == std::string::npos ? 0 : end + 1);
  }
  static bool Eq(const std::string& a, const std::string& b) { return Trim(a) == Trim(b); }
  static bool Lt(const std::string& a, const std::string& b) { return Trim(a) < Trim(b); }
};

struct IntervalOrder {
  static int128_t Key(const Interval& v) {
    return (static_cast<int128_t>(v.months) * 30 + v.days) * kMicrosPerDay + v.micros;
  }
  static bool Eq(const Interval& a, const Interval& b) { return Key(a) == Key(b); }
  static bool Lt(const Interval& a, const Interval& b) { return Key(a) < Key(b); }
};

template <CmpOp kOp, typename Order, typename T>
inline bool Apply(const T& a, const T& b) {
  switch (kOp) {
    case CmpOp::kEq:
      return Order::Eq(a, b);
    case CmpOp::kNe:
      return !Order::Eq(a, b);
    case CmpOp::kLt:
      return Order::Lt(a, b);
    case CmpOp::kLe:
      return !Order::Lt(b, a);
    case CmpOp::kGt:
      return Order::Lt(b, a);
    case CmpOp::kGe:
      return !Order::Lt(a, b);
  }
  return false;
}

template <typename T>
const T* Data(const Vector& v);
template <>
const int64_t* Data(const Vector& v) {
  return v.i64();
}
template <>
const int128_t* Data(const Vector& v) {
  return v.i128();
}
template <>
const double* Data(const Vector& v) {
  return v.f64();
}
template <>
const std::string* Data(const Vector& v) {
  return v.str();
}
template <>
const Interval* Data(const Vector& v) {
  return v.interval();
}

// Rows whose inputs are NULL get an arbitrary result bit and a 0 validity; computing them
// anyway keeps the loop free of branches.
template <CmpOp kOp, typename Order, typename T>
Status CompareKernel(const std::vector<const Vector*>& args, size_t count, Vector& result,
                     const FunctionContext&) {
  PropagateValidity(args, count, result);
  const T* a = Data<T>(*args[0]);
  const T* b = Data<T>(*args[1]);
  int64_t* out = result.i64();
  for (size_t i = 0; i < count; i++) out[i] = Apply<kOp, Order>(a[i], b[i]);
  return Status::Ok();
}

// 10^shift * v, saturated: a value that overflows is beyond every 38-digit decimal, so
// saturating keeps the order.
inline int128_t ScaleUp(int128_t v, int128_t factor) {
  int128_t r;
  if (!__builtin_mul_overflow(v, factor, &r)) return r;
  const int128_t max = ~(static_cast<int128_t>(1) << 127);
  return v < 0 ? -max : max;
}

template <CmpOp kOp>
Status DecimalCompareKernel(const std::vector<const Vector*>& args, size_t count, Vector& result,
                            const FunctionContext& context) {
  int scale_a = args[0]->type().scale(), scale_b = args[1]->type().scale();
  if (scale_a == scale_b) {
    return CompareKernel<kOp, PlainOrder, int128_t>(args, count, result, context);
  }
  PropagateValidity(args, count, result);
  const int128_t* a = args[0]->i128();
  const int128_t* b = args[1]->i128();
  int64_t* out = result.i64();
  int scale = std::max(scale_a, scale_b);
  int128_t factor_a = Pow10(scale - scale_a), factor_b = Pow10(scale - scale_b);
  for (size_t i = 0; i < count; i++) {
    out[i] = Apply<kOp, PlainOrder>(ScaleUp(a[i], factor_a), ScaleUp(b[i], factor_b));
  }
  return Status::Ok();
}

// IS DISTINCT FROM (kNot false) and IS NOT DISTINCT FROM: NULL is a value like any other,
// and the result is never NULL.
template <bool kNot, typename Order, typename T>
Status DistinctKernel(const std::vector<const Vector*>& args, size_t count, Vector& result,
                      const FunctionContext&) {
  const T* a = Data<T>(*args[0]);
  const T* b = Data<T>(*args[1]);
  const uint8_t* valid_a = args[0]->validity();
  const uint8_t* valid_b = args[1]->validity();
  int64_t* out = result.i64();
  std::fill_n(result.validity(), count, 1);
  for (size_t i = 0; i < count; i++) {
    bool distinct = valid_a[i] != valid_b[i] || (valid_a[i] && !Order::Eq(a[i], b[i]));
    out[i] = distinct != kNot;
  }
  return Status::Ok();
}

// How a pair of (already matched) operand types is compared.
enum class CompareKind : uint8_t { kInt64, kDecimal, kFloat, kText, kPaddedText, kInterval };

template <CmpOp kOp>
ScalarKernel CompareKernelFor(CompareKind kind) {
  switch (kind) {
    case CompareKind::kInt64:
      return &CompareKernel<kOp, PlainOrder, int64_t>;
    case CompareKind::kDecimal:
      return &DecimalCompareKernel<kOp>;
    case CompareKind::kFloat:
      return &CompareKernel<kOp, FloatOrder, double>;
    case CompareKind::kText:
      return &CompareKernel<kOp, PlainOrder, std::string>;
    case CompareKind::kPaddedText:
      return &CompareKernel<kOp, PaddedTextOrder, std::string>;
    case CompareKind::kInterval:
      return &CompareKernel<kOp, IntervalOrder, Interval>;
  }
  return nullptr;
}

template <bool kNot>
ScalarKernel DistinctKernelFor(CompareKind kind) {
  switch (kind) {
    case CompareKind::kInt64:
      return &DistinctKernel<kNot, PlainOrder, int64_t>;
    case CompareKind::kDecimal:
      return &DistinctKernel<kNot, PlainOrder, int128_t>;
    case CompareKind::kFloat:
      return &DistinctKernel<kNot, FloatOrder, double>;
    case CompareKind::kText:
      return &DistinctKernel<kNot, PlainOrder, std::string>;
    case CompareKind::kPaddedText:
      return &DistinctKernel<kNot, PaddedTextOrder, std::string>;
    case CompareKind::kInterval:
      return &DistinctKernel<kNot, IntervalOrder, Interval>;
  }
  return nullptr;
}

struct MatchedOperands {
  LogicalType a, b;
  CompareKind kind;
};

// The decimal an integer operand is cast to when it meets DECIMAL(p, s): of scale s when
// that fits in 38 digits, so the comparison itself needs no rescaling.
LogicalType IntegerAsDecimal(TypeId integer, int scale) {
  int digits = IntegerDigits(integer);
  if (digits + scale <= LogicalType::kMaxDecimalPrecision) {
    return LogicalType::Decimal(digits + scale, scale);
  }
  return DecimalForInteger(integer);
}

Result<MatchedOperands> MatchNumeric(const LogicalType& a, const LogicalType& b) {
  if (a.IsInteger() && b.IsInteger()) return MatchedOperands{a, b, CompareKind::kInt64};
  if (a.IsFloat() || b.IsFloat()) {
    // REAL values are held exactly as doubles, so only non-floats need a cast.
    LogicalType x = a.IsFloat() ? a : LogicalType(TypeId::kDouble);
    LogicalType y = b.IsFloat() ? b : LogicalType(TypeId::kDouble);
    return MatchedOperands{x, y, CompareKind::kFloat};
  }
  LogicalType x = a.IsInteger() ? IntegerAsDecimal(a.id(), b.scale()) : a;
  LogicalType y = b.IsInteger() ? IntegerAsDecimal(b.id(), a.scale()) : b;
  return MatchedOperands{x, y, CompareKind::kDecimal};
}

Result<MatchedOperands> MatchOperands(const LogicalType& left, const LogicalType& right) {
  LogicalType a = left, b = right;
  if (a.id() == TypeId::kNull && b.id() == TypeId::kNull) {
    a = b = LogicalType(TypeId::kBoolean);
  } else if (a.id() == TypeId::kNull) {
    a = b;
  } else if (b.id() == TypeId::kNull) {
    b = a;
  }
  if (a.IsString() && b.IsString()) {
    bool padded = a.id() == TypeId::kChar || b.id() == TypeId::kChar;
    return MatchedOperands{a, b, padded ? CompareKind::kPaddedText : CompareKind::kText};
  }
  // A string against another type is read as a literal of that type, as PostgreSQL reads
  // date_col = '1998-12-01'.
  if (a.IsString()) a = b;
  if (b.IsString()) b = a;
  if (a.IsNumeric() && b.IsNumeric()) return MatchNumeric(a, b);
  if (a.IsTemporal() && b.IsTemporal()) {
    ASSIGN_OR_RETURN(LogicalType common, CommonSuperType(a, b));
    return MatchedOperands{common, common, CompareKind::kInt64};
  }
  if (a.id() == b.id() && a.id() == TypeId::kBoolean) {
    return MatchedOperands{a, b, CompareKind::kInt64};
  }
  if (a.id() == b.id() && a.id() == TypeId::kInterval) {
    return MatchedOperands{a, b, CompareKind::kInterval};
  }
  return Status(StatusCode::kBindError, "");
}

Status NoOperator(std::string_view symbol, const std::vector<LogicalType>& types) {
  return Status(StatusCode::kBindError, "operator does not exist: " + types[0].ToString() + " " +
                                            std::string(symbol) + " " + types[1].ToString());
}

template <CmpOp kOp>
Result<ScalarBinding> ResolveCompare(const std::vector<LogicalType>& types) {
  static constexpr const char* kSymbols[] = {"=", "<>", "<", "<=", ">", ">="};
  const char* symbol = kSymbols[static_cast<int>(kOp)];
  if (types.size() != 2) return NoSuchFunction(symbol, types);
  Result<MatchedOperands> matched = MatchOperands(types[0], types[1]);
  if (!matched.ok()) return NoOperator(symbol, types);
  return MakeBinding({matched->a, matched->b}, LogicalType(TypeId::kBoolean),
                     CompareKernelFor<kOp>(matched->kind));
}

template <bool kNot>
Result<ScalarBinding> ResolveDistinct(const std::vector<LogicalType>& types) {
  const char* name = kNot ? "is_not_distinct_from" : "is_distinct_from";
  if (types.size() != 2) return NoSuchFunction(name, types);
  Result<MatchedOperands> matched = MatchOperands(types[0], types[1]);
  if (!matched.ok()) return NoSuchFunction(name, types);
  MatchedOperands m = *matched;
  // The distinct kernels compare unscaled decimals directly, so both sides share a type.
  if (m.kind == CompareKind::kDecimal && !(m.a == m.b)) {
    ASSIGN_OR_RETURN(LogicalType common, CommonSuperType(m.a, m.b));
    m.a = m.b = common;
  }
  return MakeBinding({m.a, m.b}, LogicalType(TypeId::kBoolean), DistinctKernelFor<kNot>(m.kind));
}

}  // namespace

void RegisterComparisonFunctions(FunctionRegistry& registry) {
  registry.AddScalar("=", &ResolveCompare<CmpOp::kEq>);
  registry.AddScalar("<>", &ResolveCompare<CmpOp::kNe>);
  registry.AddScalar("!=", &ResolveCompare<CmpOp::kNe>);
  registry.AddScalar("<", &ResolveCompare<CmpOp::kLt>);
  registry.AddScalar("<=", &ResolveCompare<CmpOp::kLe>);
  registry.AddScalar(">", &ResolveCompare<CmpOp::kGt>);
  registry.AddScalar(">=", &ResolveCompare<CmpOp::kGe>);
  registry.AddScalar("is_distinct_from", &ResolveDistinct<false>);
  registry.AddScalar("is_not_distinct_from", &ResolveDistinct<true>);
}

}  // namespace martlet
