// STDDEV / VARIANCE and their _SAMP / _POP forms.
//
// Welford's update per row keeps the mean and the sum of squared deviations, which stays
// accurate when the values are large and close together (where sum-of-squares minus square
// of sum cancels catastrophically). Partial states merge with Chan et al.'s pairwise formula.
#include <cmath>

#include "functions/aggregate_internal.hpp"
#include "functions/aggregate_state_support.hpp"

namespace martlet {

namespace {

enum class Statistic { kVarSamp, kVarPop, kStddevSamp, kStddevPop };

class MomentsState final : public AggregateState {
 public:
  explicit MomentsState(Statistic statistic) : statistic_(statistic) {}
  void Resize(size_t n) override {
    counts_.resize(n, 0);
    means_.resize(n, 0.0);
    squares_.resize(n, 0.0);
  }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const double* data = args[0]->f64();
    ForEachValid(*args[0], count, [&](size_t i) {
      uint32_t g = groups[i];
      double n = static_cast<double>(++counts_[g]);
      double delta = data[i] - means_[g];
      means_[g] += delta / n;
      squares_[g] += delta * (data[i] - means_[g]);
    });
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<MomentsState&>(other);
    for (size_t g = 0; g < count; g++) {
      if (from.counts_[g] == 0) continue;
      uint32_t t = target[g];
      double na = static_cast<double>(counts_[t]);
      double nb = static_cast<double>(from.counts_[g]);
      double n = na + nb;
      double delta = from.means_[g] - means_[t];
      means_[t] += delta * nb / n;
      squares_[t] += from.squares_[g] + delta * delta * na * nb / n;
      counts_[t] += from.counts_[g];
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    bool sample = statistic_ == Statistic::kVarSamp || statistic_ == Statistic::kStddevSamp;
    bool root = statistic_ == Statistic::kStddevSamp || statistic_ == Statistic::kStddevPop;
    for (size_t g = 0; g < counts_.size(); g++) {
      int64_t divisor = sample ? counts_[g] - 1 : counts_[g];
      if (divisor <= 0) {
        out.SetNull(g);
        continue;
      }
      // Rounding can leave a tiny negative sum of squares for identical values.
      double variance = std::max(0.0, squares_[g]) / static_cast<double>(divisor);
      out.f64()[g] = root ? std::sqrt(variance) : variance;
      out.SetValid(g);
    }
    return Status::Ok();
  }

 private:
  Statistic statistic_;
  std::vector<int64_t> counts_;
  std::vector<double> means_;
  std::vector<double> squares_;
};

Statistic StatisticFor(std::string_view name) {
  if (name == "var_pop") return Statistic::kVarPop;
  if (name == "stddev" || name == "stddev_samp") return Statistic::kStddevSamp;
  if (name == "stddev_pop") return Statistic::kStddevPop;
  return Statistic::kVarSamp;  // variance, var_samp
}

}  // namespace

Result<AggregateBinding> ResolveStatisticsAggregate(std::string_view name,
                                                    const std::vector<LogicalType>& arg_types) {
  if (arg_types.size() != 1) return WrongAggregateArity(name, 1);
  if (!arg_types[0].IsNumeric()) return NoSuchAggregate(name, arg_types);
  Statistic statistic = StatisticFor(name);
  // The binder casts integers and decimals to double precision; the result is double too.
  AggregateBinding binding{{LogicalType(TypeId::kDouble)}, LogicalType(TypeId::kDouble), nullptr};
  binding.make_state = [statistic] { return std::make_unique<MomentsState>(statistic); };
  return binding;
}

}  // namespace martlet
