// COUNT, SUM, AVG, MIN, MAX, ANY_VALUE, BOOL_AND, BOOL_OR / EVERY.
#include <algorithm>

#include "common/decimal.hpp"
#include "functions/aggregate_internal.hpp"
#include "functions/aggregate_state_support.hpp"

namespace martlet {

namespace {

constexpr int kSumScaleDigits = LogicalType::kMaxDecimalPrecision;
constexpr int kAvgMinScale = 12;

Status BigintOutOfRange() {
  return Status(StatusCode::kOverflow,
                "bigint out of range: sum passed 9223372036854775807; cast the argument to "
                "numeric");
}

Status NumericOutOfRange() {
  return Status(StatusCode::kOverflow, "numeric field overflow: the sum needs more than 38 digits");
}

bool FitsDecimal38(int128_t v) {
  static const int128_t kLimit = MaxDecimalMagnitude(kSumScaleDigits);
  return v <= kLimit && v >= -kLimit;
}

// ---- COUNT ----------------------------------------------------------------------------

class CountState final : public AggregateState {
 public:
  // What a row adds: 1 (COUNT(*)), 1 when its argument is not NULL (COUNT(x)), or its
  // argument, a partial count (the total of a COUNT computed in two steps).
  enum class Adds { kRow, kValidArgument, kPartialCount };
  explicit CountState(Adds adds) : adds_(adds) {}
  void Resize(size_t n) override { counts_.resize(n, 0); }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    int64_t* counts = counts_.data();
    if (adds_ == Adds::kRow) {
      for (size_t i = 0; i < count; i++) counts[groups[i]]++;
    } else if (adds_ == Adds::kValidArgument) {
      const uint8_t* valid = args[0]->validity();
      for (size_t i = 0; i < count; i++) counts[groups[i]] += valid[i];
    } else {
      const uint8_t* valid = args[0]->validity();
      const int64_t* partial = args[0]->i64();
      for (size_t i = 0; i < count; i++) counts[groups[i]] += valid[i] ? partial[i] : 0;
    }
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<CountState&>(other);
    for (size_t g = 0; g < count; g++) counts_[target[g]] += from.counts_[g];
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    for (size_t g = 0; g < counts_.size(); g++) {
      out.i64()[g] = counts_[g];
      out.SetValid(g);
    }
    return Status::Ok();
  }

 private:
  Adds adds_;
  std::vector<int64_t> counts_;
};

// ---- SUM ------------------------------------------------------------------------------

// SMALLINT/INTEGER -> BIGINT, checked.
class SumBigintState final : public AggregateState {
 public:
  void Resize(size_t n) override { sums_.Resize(n, 0); }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const int64_t* data = args[0]->i64();
    int64_t* sums = sums_.values.data();
    uint8_t* has = sums_.has.data();
    bool overflow = false;
    ForEachValid(*args[0], count, [&](size_t i) {
      uint32_t g = groups[i];
      overflow |= __builtin_add_overflow(sums[g], data[i], &sums[g]);
      has[g] = 1;
    });
    return overflow ? BigintOutOfRange() : Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<SumBigintState&>(other).sums_;
    for (size_t g = 0; g < count; g++) {
      if (!from.has[g]) continue;
      int64_t& sum = sums_.values[target[g]];
      if (__builtin_add_overflow(sum, from.values[g], &sum)) return BigintOutOfRange();
      sums_.has[target[g]] = 1;
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    sums_.WriteTo(out);
    return Status::Ok();
  }

 private:
  GroupValues<int64_t> sums_;
};

// BIGINT -> DECIMAL(38,0) and DECIMAL(p,s) -> DECIMAL(38,s): exact in int128, with the
// 38-digit limit checked when the result is produced (intermediate sums may pass it and come
// back, as PostgreSQL's unbounded numeric would allow).
template <typename In>
class SumWideState final : public AggregateState {
 public:
  void Resize(size_t n) override { sums_.Resize(n, 0); }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const In* data = CellData<In>(*args[0]);
    int128_t* sums = sums_.values.data();
    uint8_t* has = sums_.has.data();
    bool overflow = false;
    ForEachValid(*args[0], count, [&](size_t i) {
      uint32_t g = groups[i];
      overflow |= __builtin_add_overflow(sums[g], static_cast<int128_t>(data[i]), &sums[g]);
      has[g] = 1;
    });
    return overflow ? NumericOutOfRange() : Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<SumWideState&>(other).sums_;
    for (size_t g = 0; g < count; g++) {
      if (!from.has[g]) continue;
      int128_t& sum = sums_.values[target[g]];
      if (__builtin_add_overflow(sum, from.values[g], &sum)) return NumericOutOfRange();
      sums_.has[target[g]] = 1;
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    for (size_t g = 0; g < sums_.values.size(); g++) {
      if (sums_.has[g] && !FitsDecimal38(sums_.values[g])) return NumericOutOfRange();
    }
    sums_.WriteTo(out);
    return Status::Ok();
  }

 private:
  GroupValues<int128_t> sums_;
};

class SumDoubleState final : public AggregateState {
 public:
  void Resize(size_t n) override { sums_.Resize(n, 0.0); }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const double* data = args[0]->f64();
    double* sums = sums_.values.data();
    uint8_t* has = sums_.has.data();
    ForEachValid(*args[0], count, [&](size_t i) {
      sums[groups[i]] += data[i];
      has[groups[i]] = 1;
    });
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<SumDoubleState&>(other).sums_;
    for (size_t g = 0; g < count; g++) {
      if (!from.has[g]) continue;
      sums_.values[target[g]] += from.values[g];
      sums_.has[target[g]] = 1;
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    sums_.WriteTo(out);
    return Status::Ok();
  }

 private:
  GroupValues<double> sums_;
};

// PostgreSQL adds intervals field by field (months, days, microseconds) without carrying.
class SumIntervalState final : public AggregateState {
 public:
  void Resize(size_t n) override { sums_.Resize(n); }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const Interval* data = args[0]->interval();
    bool overflow = false;
    ForEachValid(*args[0], count, [&](size_t i) {
      overflow |= !Add(sums_.values[groups[i]], data[i]);
      sums_.has[groups[i]] = 1;
    });
    return overflow ? IntervalOutOfRange() : Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<SumIntervalState&>(other).sums_;
    for (size_t g = 0; g < count; g++) {
      if (!from.has[g]) continue;
      if (!Add(sums_.values[target[g]], from.values[g])) return IntervalOutOfRange();
      sums_.has[target[g]] = 1;
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    sums_.WriteTo(out);
    return Status::Ok();
  }

 private:
  static bool Add(Interval& sum, const Interval& x) {
    bool overflow = __builtin_add_overflow(sum.months, x.months, &sum.months);
    overflow |= __builtin_add_overflow(sum.days, x.days, &sum.days);
    overflow |= __builtin_add_overflow(sum.micros, x.micros, &sum.micros);
    return !overflow;
  }
  static Status IntervalOutOfRange() {
    return Status(StatusCode::kOverflow, "interval out of range in sum");
  }
  GroupValues<Interval> sums_;
};

// ---- AVG ------------------------------------------------------------------------------

// sum / count with `extra_scale` more digits after the point, rounded half away from zero.
Result<int128_t> DivideRounded(int128_t sum, int64_t count, int extra_scale) {
  int128_t factor = Pow10(extra_scale);
  int128_t quotient = sum / count;
  int128_t remainder = sum % count;  // |remainder| < count < 2^63: times 10^6 fits
  int128_t scaled;
  if (__builtin_mul_overflow(quotient, factor, &scaled)) return NumericOutOfRange();
  int128_t fraction_numerator = remainder * factor;
  int128_t fraction = fraction_numerator / count;
  int128_t rest = fraction_numerator % count;
  if (rest < 0) rest = -rest;
  if (2 * rest >= count) fraction += sum < 0 ? -1 : 1;
  int128_t result = scaled + fraction;
  if (!FitsDecimal38(result)) return NumericOutOfRange();
  return result;
}

// Integers and decimals: exact sum and count, divided once at the end.
template <typename In>
class AvgExactState final : public AggregateState {
 public:
  explicit AvgExactState(int extra_scale) : extra_scale_(extra_scale) {}
  void Resize(size_t n) override {
    sums_.resize(n, 0);
    counts_.resize(n, 0);
  }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const In* data = CellData<In>(*args[0]);
    int128_t* sums = sums_.data();
    int64_t* counts = counts_.data();
    bool overflow = false;
    ForEachValid(*args[0], count, [&](size_t i) {
      uint32_t g = groups[i];
      overflow |= __builtin_add_overflow(sums[g], static_cast<int128_t>(data[i]), &sums[g]);
      counts[g]++;
    });
    return overflow ? NumericOutOfRange() : Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<AvgExactState&>(other);
    for (size_t g = 0; g < count; g++) {
      if (__builtin_add_overflow(sums_[target[g]], from.sums_[g], &sums_[target[g]])) {
        return NumericOutOfRange();
      }
      counts_[target[g]] += from.counts_[g];
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    for (size_t g = 0; g < sums_.size(); g++) {
      if (counts_[g] == 0) {
        out.SetNull(g);
        continue;
      }
      ASSIGN_OR_RETURN(out.i128()[g], DivideRounded(sums_[g], counts_[g], extra_scale_));
      out.SetValid(g);
    }
    return Status::Ok();
  }

 private:
  int extra_scale_;
  std::vector<int128_t> sums_;
  std::vector<int64_t> counts_;
};

class AvgDoubleState final : public AggregateState {
 public:
  void Resize(size_t n) override {
    sums_.resize(n, 0.0);
    counts_.resize(n, 0);
  }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const double* data = args[0]->f64();
    double* sums = sums_.data();
    int64_t* counts = counts_.data();
    ForEachValid(*args[0], count, [&](size_t i) {
      sums[groups[i]] += data[i];
      counts[groups[i]]++;
    });
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<AvgDoubleState&>(other);
    for (size_t g = 0; g < count; g++) {
      sums_[target[g]] += from.sums_[g];
      counts_[target[g]] += from.counts_[g];
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    for (size_t g = 0; g < sums_.size(); g++) {
      if (counts_[g] == 0) {
        out.SetNull(g);
      } else {
        out.f64()[g] = sums_[g] / static_cast<double>(counts_[g]);
        out.SetValid(g);
      }
    }
    return Status::Ok();
  }

 private:
  std::vector<double> sums_;
  std::vector<int64_t> counts_;
};

// ---- MIN / MAX / ANY_VALUE ----------------------------------------------------------

template <typename T, bool kMax>
class MinMaxState final : public AggregateState {
 public:
  void Resize(size_t n) override { best_.Resize(n); }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const T* data = CellData<T>(*args[0]);
    T* best = best_.values.data();
    uint8_t* has = best_.has.data();
    ForEachValid(*args[0], count, [&](size_t i) {
      uint32_t g = groups[i];
      if (!has[g] || Better(data[i], best[g])) {
        best[g] = data[i];
        has[g] = 1;
      }
    });
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<MinMaxState&>(other).best_;
    for (size_t g = 0; g < count; g++) {
      uint32_t t = target[g];
      if (from.has[g] && (!best_.has[t] || Better(from.values[g], best_.values[t]))) {
        best_.values[t] = from.values[g];
        best_.has[t] = 1;
      }
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    best_.WriteTo(out);
    return Status::Ok();
  }

 private:
  static bool Better(const T& candidate, const T& current) {
    int c = CompareValue(candidate, current);
    return kMax ? c > 0 : c < 0;
  }
  GroupValues<T> best_;
};

template <typename T>
class AnyValueState final : public AggregateState {
 public:
  void Resize(size_t n) override { first_.Resize(n); }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const T* data = CellData<T>(*args[0]);
    ForEachValid(*args[0], count, [&](size_t i) {
      uint32_t g = groups[i];
      if (!first_.has[g]) {
        first_.values[g] = data[i];
        first_.has[g] = 1;
      }
    });
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<AnyValueState&>(other).first_;
    for (size_t g = 0; g < count; g++) {
      if (from.has[g] && !first_.has[target[g]]) {
        first_.values[target[g]] = from.values[g];
        first_.has[target[g]] = 1;
      }
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    first_.WriteTo(out);
    return Status::Ok();
  }

 private:
  GroupValues<T> first_;
};

// ---- BOOL_AND / BOOL_OR -----------------------------------------------------------------

template <bool kAnd>
class BoolState final : public AggregateState {
 public:
  void Resize(size_t n) override { values_.Resize(n, kAnd ? 1 : 0); }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const int64_t* data = args[0]->i64();
    ForEachValid(*args[0], count, [&](size_t i) { Fold(groups[i], data[i] != 0); });
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<BoolState&>(other).values_;
    for (size_t g = 0; g < count; g++) {
      if (from.has[g]) Fold(target[g], from.values[g] != 0);
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    values_.WriteTo(out);
    return Status::Ok();
  }

 private:
  void Fold(uint32_t g, bool x) {
    if (kAnd) {
      values_.values[g] &= static_cast<int64_t>(x);
    } else {
      values_.values[g] |= static_cast<int64_t>(x);
    }
    values_.has[g] = 1;
  }
  GroupValues<int64_t> values_;
};

// ---- resolution -----------------------------------------------------------------------

using StateFactory = std::function<std::unique_ptr<AggregateState>()>;

template <template <typename> class State>
StateFactory FactoryForPhysical(PhysicalType physical) {
  switch (physical) {
    case PhysicalType::kInt64:
      return [] { return std::make_unique<State<int64_t>>(); };
    case PhysicalType::kInt128:
      return [] { return std::make_unique<State<int128_t>>(); };
    case PhysicalType::kDouble:
      return [] { return std::make_unique<State<double>>(); };
    case PhysicalType::kString:
      return [] { return std::make_unique<State<std::string>>(); };
    case PhysicalType::kInterval:
      return [] { return std::make_unique<State<Interval>>(); };
  }
  return nullptr;
}

template <typename T>
using MinState = MinMaxState<T, false>;
template <typename T>
using MaxState = MinMaxState<T, true>;

Result<AggregateBinding> ResolveCount(const std::vector<LogicalType>& arg_types,
                                      const AggregateCallInfo& info) {
  if (arg_types.size() > 1) return WrongAggregateArity("count", 1);
  const auto adds = info.star || arg_types.empty() ? CountState::Adds::kRow : CountState::Adds::kValidArgument;
  AggregateBinding binding{arg_types, LogicalType(TypeId::kBigInt), nullptr};
  binding.make_state = [adds] { return std::make_unique<CountState>(adds); };
  return binding;
}

Result<AggregateBinding> ResolveSum(const std::vector<LogicalType>& arg_types) {
  const LogicalType& arg = arg_types[0];
  AggregateBinding binding{arg_types, arg, nullptr};
  switch (arg.id()) {
    case TypeId::kSmallInt:
    case TypeId::kInteger:
      binding.return_type = LogicalType(TypeId::kBigInt);
      binding.make_state = [] { return std::make_unique<SumBigintState>(); };
      return binding;
    case TypeId::kBigInt:
      binding.return_type = LogicalType::Decimal(kSumScaleDigits, 0);
      binding.make_state = [] { return std::make_unique<SumWideState<int64_t>>(); };
      return binding;
    case TypeId::kDecimal:
      binding.return_type = LogicalType::Decimal(kSumScaleDigits, arg.scale());
      binding.make_state = [] { return std::make_unique<SumWideState<int128_t>>(); };
      return binding;
    case TypeId::kReal:
    case TypeId::kDouble:
      binding.make_state = [] { return std::make_unique<SumDoubleState>(); };
      return binding;
    case TypeId::kInterval:
      binding.make_state = [] { return std::make_unique<SumIntervalState>(); };
      return binding;
    default:
      return NoSuchAggregate("sum", arg_types);
  }
}

Result<AggregateBinding> ResolveAvg(const std::vector<LogicalType>& arg_types) {
  const LogicalType& arg = arg_types[0];
  AggregateBinding binding{arg_types, LogicalType(TypeId::kDouble), nullptr};
  if (arg.IsFloat()) {
    binding.make_state = [] { return std::make_unique<AvgDoubleState>(); };
    return binding;
  }
  if (arg.IsInteger()) {
    binding.return_type = LogicalType::Decimal(kSumScaleDigits, kAvgMinScale);
    binding.make_state = [] { return std::make_unique<AvgExactState<int64_t>>(kAvgMinScale); };
    return binding;
  }
  if (arg.id() == TypeId::kDecimal) {
    int scale = std::max(arg.scale(), kAvgMinScale);
    int extra = scale - arg.scale();
    binding.return_type = LogicalType::Decimal(kSumScaleDigits, scale);
    binding.make_state = [extra] { return std::make_unique<AvgExactState<int128_t>>(extra); };
    return binding;
  }
  return NoSuchAggregate("avg", arg_types);
}

Result<AggregateBinding> ResolveSameType(std::string_view name,
                                         const std::vector<LogicalType>& arg_types) {
  AggregateBinding binding{arg_types, arg_types[0], nullptr};
  PhysicalType physical = arg_types[0].physical();
  if (name == "min") {
    binding.make_state = FactoryForPhysical<MinState>(physical);
  } else if (name == "max") {
    binding.make_state = FactoryForPhysical<MaxState>(physical);
  } else {
    binding.make_state = FactoryForPhysical<AnyValueState>(physical);
  }
  return binding;
}

Result<AggregateBinding> ResolveBool(std::string_view name,
                                     const std::vector<LogicalType>& arg_types) {
  if (arg_types[0].id() != TypeId::kBoolean) return NoSuchAggregate(name, arg_types);
  AggregateBinding binding{arg_types, LogicalType(TypeId::kBoolean), nullptr};
  if (name == "bool_or") {
    binding.make_state = [] { return std::make_unique<BoolState<false>>(); };
  } else {
    binding.make_state = [] { return std::make_unique<BoolState<true>>(); };
  }
  return binding;
}

}  // namespace

Result<AggregateBinding> ResolveBasicAggregate(std::string_view name,
                                               const std::vector<LogicalType>& arg_types,
                                               const AggregateCallInfo& info) {
  if (name == "count") return ResolveCount(arg_types, info);
  if (arg_types.size() != 1) return WrongAggregateArity(name, 1);
  if (name == "sum") return ResolveSum(arg_types);
  if (name == "avg") return ResolveAvg(arg_types);
  if (name == "min" || name == "max" || name == "any_value") {
    return ResolveSameType(name, arg_types);
  }
  if (name == "bool_and" || name == "bool_or" || name == "every") {
    return ResolveBool(name, arg_types);
  }
  return Status(StatusCode::kBindError,
                "aggregate function " + std::string(name) + " does not exist");
}

AggregateBinding CountTotalBinding() {
  AggregateBinding binding{{LogicalType(TypeId::kBigInt)}, LogicalType(TypeId::kBigInt), nullptr};
  binding.make_state = [] { return std::make_unique<CountState>(CountState::Adds::kPartialCount); };
  return binding;
}

}  // namespace martlet
