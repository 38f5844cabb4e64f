// Date, timestamp and interval arithmetic as PostgreSQL defines it: date +/- integer is a
// date, date - date is integer days, date/timestamp +/- interval is a timestamp, timestamp -
// timestamp is an interval of days and time, intervals add and scale by numbers.
#include <cmath>

#include "common/date_time.hpp"
#include "functions/arithmetic_internal.hpp"
#include "functions/kernel_support.hpp"
#include "functions/numeric_support.hpp"

namespace martlet {
namespace {

Status DateOutOfRange() { return Status(StatusCode::kOverflow, "date out of range"); }
Status IntervalOutOfRange() { return Status(StatusCode::kOverflow, "interval out of range"); }

// date + integer, integer + date (kDateFirst false) or date - integer (kSubtract).
template <bool kDateFirst, bool kSubtract>
Status DateIntegerKernel(const std::vector<const Vector*>& args, size_t count, Vector& result,
                         const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* dates = args[kDateFirst ? 0 : 1]->i64();
  const int64_t* days = args[kDateFirst ? 1 : 0]->i64();
  const uint8_t* valid = result.validity();
  int64_t* out = result.i64();
  bool overflow = false;
  for (size_t i = 0; i < count; i++) {
    bool o = kSubtract ? __builtin_sub_overflow(dates[i], days[i], &out[i])
                       : __builtin_add_overflow(dates[i], days[i], &out[i]);
    overflow |= o & (valid[i] != 0);
  }
  if (overflow) return DateOutOfRange();
  return Status::Ok();
}

Status DateMinusDate(const std::vector<const Vector*>& args, size_t count, Vector& result,
                     const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* a = args[0]->i64();
  const int64_t* b = args[1]->i64();
  int64_t* out = result.i64();
  // Dates lie within a few hundred thousand years, so the difference cannot overflow.
  for (size_t i = 0; i < count; i++)
    out[i] = static_cast<int64_t>(static_cast<uint64_t>(a[i]) - static_cast<uint64_t>(b[i]));
  return Status::Ok();
}

Interval Negated(const Interval& iv) {
  return {static_cast<int32_t>(-static_cast<int64_t>(iv.months)),
          static_cast<int32_t>(-static_cast<int64_t>(iv.days)),
          static_cast<int64_t>(0 - static_cast<uint64_t>(iv.micros))};
}

// timestamp + interval, interval + timestamp (kTimestampFirst false), timestamp - interval.
template <bool kTimestampFirst, bool kSubtract>
Status TimestampIntervalKernel(const std::vector<const Vector*>& args, size_t count, Vector& result,
                               const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* stamps = args[kTimestampFirst ? 0 : 1]->i64();
  const Interval* intervals = args[kTimestampFirst ? 1 : 0]->interval();
  const uint8_t* valid = result.validity();
  int64_t* out = result.i64();
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    Interval iv = kSubtract ? Negated(intervals[i]) : intervals[i];
    ASSIGN_OR_RETURN(out[i], AddIntervalToTimestamp(stamps[i], iv));
  }
  return Status::Ok();
}

// The difference as days and time of one sign, as PostgreSQL's timestamp_mi shows it.
Status TimestampMinusTimestamp(const std::vector<const Vector*>& args, size_t count, Vector& result,
                               const FunctionContext&) {
  PropagateValidity(args, count, result);
  const int64_t* a = args[0]->i64();
  const int64_t* b = args[1]->i64();
  const uint8_t* valid = result.validity();
  Interval* out = result.interval();
  for (size_t i = 0; i < count; i++) {
    int64_t diff;
    if (__builtin_sub_overflow(a[i], b[i], &diff)) {
      if (valid[i]) return IntervalOutOfRange();
      continue;
    }
    out[i] = {0, static_cast<int32_t>(diff / kMicrosPerDay), diff % kMicrosPerDay};
  }
  return Status::Ok();
}

template <bool kSubtract>
Status IntervalAddSub(const std::vector<const Vector*>& args, size_t count, Vector& result,
                      const FunctionContext&) {
  PropagateValidity(args, count, result);
  const Interval* a = args[0]->interval();
  const Interval* b = args[1]->interval();
  const uint8_t* valid = result.validity();
  Interval* out = result.interval();
  bool overflow = false;
  for (size_t i = 0; i < count; i++) {
    Interval r;
    bool o;
    if constexpr (kSubtract) {
      o = __builtin_sub_overflow(a[i].months, b[i].months, &r.months) |
          __builtin_sub_overflow(a[i].days, b[i].days, &r.days) |
          __builtin_sub_overflow(a[i].micros, b[i].micros, &r.micros);
    } else {
      o = __builtin_add_overflow(a[i].months, b[i].months, &r.months) |
          __builtin_add_overflow(a[i].days, b[i].days, &r.days) |
          __builtin_add_overflow(a[i].micros, b[i].micros, &r.micros);
    }
    out[i] = r;
    overflow |= o & (valid[i] != 0);
  }
  if (overflow) return IntervalOutOfRange();
  return Status::Ok();
}

// PostgreSQL's interval_mul: fractional months spill into days (30 per month) and fractional
// days into time (24 hours per day).
Result<Interval> ScaleInterval(const Interval& iv, double factor, bool divide) {
  auto scale = [&](double x) { return divide ? x / factor : x * factor; };
  double months = scale(iv.months);
  if (!std::isfinite(months) || std::fabs(months) > INT32_MAX) return IntervalOutOfRange();
  Interval r;
  r.months = static_cast<int32_t>(months);
  double days = scale(iv.days) + (months - r.months) * 30;
  if (!std::isfinite(days) || std::fabs(days) > INT32_MAX) return IntervalOutOfRange();
  r.days = static_cast<int32_t>(days);
  double micros = std::rint(scale(static_cast<double>(iv.micros)) +
                            (days - r.days) * static_cast<double>(kMicrosPerDay));
  if (!std::isfinite(micros) || std::fabs(micros) >= 9.2e18) return IntervalOutOfRange();
  r.micros = static_cast<int64_t>(micros);
  return r;
}

// interval * number, number * interval (kIntervalFirst false) or interval / number.
template <bool kIntervalFirst, bool kDivide>
Status IntervalScaleKernel(const std::vector<const Vector*>& args, size_t count, Vector& result,
                           const FunctionContext&) {
  PropagateValidity(args, count, result);
  const Interval* intervals = args[kIntervalFirst ? 0 : 1]->interval();
  const double* factors = args[kIntervalFirst ? 1 : 0]->f64();
  const uint8_t* valid = result.validity();
  Interval* out = result.interval();
  for (size_t i = 0; i < count; i++) {
    if (!valid[i]) continue;
    if (kDivide && factors[i] == 0) return DivisionByZero();
    ASSIGN_OR_RETURN(out[i], ScaleInterval(intervals[i], factors[i], kDivide));
  }
  return Status::Ok();
}

bool IsTimestamp(const LogicalType& t) {
  return t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampTz;
}
bool IsDate(const LogicalType& t) { return t.id() == TypeId::kDate; }
bool IsInterval(const LogicalType& t) { return t.id() == TypeId::kInterval; }

Result<ScalarBinding> ResolveAdd(const LogicalType& a, const LogicalType& b) {
  const LogicalType timestamp(TypeId::kTimestamp), interval(TypeId::kInterval);
  if (IsDate(a) && b.IsInteger()) return MakeBinding({a, b}, a, &DateIntegerKernel<true, false>);
  if (a.IsInteger() && IsDate(b)) return MakeBinding({a, b}, b, &DateIntegerKernel<false, false>);
  if (IsDate(a) && IsInterval(b)) {
    return MakeBinding({timestamp, interval}, timestamp, &TimestampIntervalKernel<true, false>);
  }
  if (IsInterval(a) && IsDate(b)) {
    return MakeBinding({interval, timestamp}, timestamp, &TimestampIntervalKernel<false, false>);
  }
  if (IsTimestamp(a) && IsInterval(b)) {
    return MakeBinding({a, b}, a, &TimestampIntervalKernel<true, false>);
  }
  if (IsInterval(a) && IsTimestamp(b)) {
    return MakeBinding({a, b}, b, &TimestampIntervalKernel<false, false>);
  }
  if (IsInterval(a) && IsInterval(b)) return MakeBinding({a, b}, a, &IntervalAddSub<false>);
  return Status(StatusCode::kBindError, "no temporal operator");
}

Result<ScalarBinding> ResolveSubtract(const LogicalType& a, const LogicalType& b) {
  const LogicalType timestamp(TypeId::kTimestamp), interval(TypeId::kInterval);
  if (IsDate(a) && b.IsInteger()) return MakeBinding({a, b}, a, &DateIntegerKernel<true, true>);
  if (IsDate(a) && IsDate(b)) {
    return MakeBinding({a, b}, LogicalType(TypeId::kInteger), &DateMinusDate);
  }
  if (IsDate(a) && IsInterval(b)) {
    return MakeBinding({timestamp, interval}, timestamp, &TimestampIntervalKernel<true, true>);
  }
  if (IsTimestamp(a) && IsInterval(b)) {
    return MakeBinding({a, b}, a, &TimestampIntervalKernel<true, true>);
  }
  if ((IsTimestamp(a) || IsDate(a)) && (IsTimestamp(b) || IsDate(b))) {
    // At least one is a timestamp; the date side is read as its midnight.
    LogicalType common = a.id() == TypeId::kTimestampTz || b.id() == TypeId::kTimestampTz
                             ? LogicalType(TypeId::kTimestampTz)
                             : timestamp;
    return MakeBinding({common, common}, interval, &TimestampMinusTimestamp);
  }
  if (IsInterval(a) && IsInterval(b)) return MakeBinding({a, b}, a, &IntervalAddSub<true>);
  return Status(StatusCode::kBindError, "no temporal operator");
}

}  // namespace

Result<ScalarBinding> ResolveTemporalArithmetic(ArithOp op, const LogicalType& a,
                                                const LogicalType& b) {
  const LogicalType interval(TypeId::kInterval), number(TypeId::kDouble);
  switch (op) {
    case ArithOp::kAdd:
      return ResolveAdd(a, b);
    case ArithOp::kSubtract:
      return ResolveSubtract(a, b);
    case ArithOp::kMultiply:
      if (IsInterval(a) && b.IsNumeric()) {
        return MakeBinding({interval, number}, interval, &IntervalScaleKernel<true, false>);
      }
      if (a.IsNumeric() && IsInterval(b)) {
        return MakeBinding({number, interval}, interval, &IntervalScaleKernel<false, false>);
      }
      break;
    case ArithOp::kDivide:
      if (IsInterval(a) && b.IsNumeric()) {
        return MakeBinding({interval, number}, interval, &IntervalScaleKernel<true, true>);
      }
      break;
    case ArithOp::kModulo:
      break;
  }
  return Status(StatusCode::kBindError, "no temporal operator");
}

}  // namespace martlet
