#include "functions/hyperloglog.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "functions/aggregate_internal.hpp"
#include "functions/aggregate_state_support.hpp"
#include "functions/cell_hash.hpp"

namespace martlet {

namespace {

constexpr int kRankBits = 64 - HyperLogLog::kPrecision;  // q in Ertl's paper

// sigma(x) = x + sum_k x^(2^k) 2^(k-1), the small-range correction.
double Sigma(double x) {
  if (x == 1.0) return std::numeric_limits<double>::infinity();
  double y = 1.0, z = x;
  while (true) {
    x *= x;
    double previous = z;
    z += x * y;
    y += y;
    if (z == previous) return z;
  }
}

// tau(x) = (1 - x - sum_k (1 - x^(2^-k))^2 2^-k) / 3, the large-range correction.
double Tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1.0, z = 1.0 - x;
  while (true) {
    x = std::sqrt(x);
    double previous = z;
    y *= 0.5;
    z -= (1.0 - x) * (1.0 - x) * y;
    if (z == previous) return z / 3.0;
  }
}

}  // namespace

void HyperLogLog::Add(uint64_t hash) {
  if (!registers_.empty()) {
    AddToRegisters(hash);
    return;
  }
  auto it = std::lower_bound(sparse_.begin(), sparse_.end(), hash);
  if (it != sparse_.end() && *it == hash) return;
  sparse_.insert(it, hash);
  if (sparse_.size() > kSparseLimit) MakeDense();
}

void HyperLogLog::AddToRegisters(uint64_t hash) {
  size_t index = static_cast<size_t>(hash >> kRankBits);
  uint64_t rest = hash << kPrecision;
  uint8_t rank = rest == 0 ? static_cast<uint8_t>(kRankBits + 1)
                           : static_cast<uint8_t>(__builtin_clzll(rest) + 1);
  if (rank > registers_[index]) registers_[index] = rank;
}

void HyperLogLog::MakeDense() {
  registers_.assign(kRegisterCount, 0);
  for (uint64_t hash : sparse_) AddToRegisters(hash);
  sparse_.clear();
  sparse_.shrink_to_fit();
}

void HyperLogLog::Merge(const HyperLogLog& other) {
  if (other.registers_.empty()) {
    for (uint64_t hash : other.sparse_) Add(hash);
    return;
  }
  if (registers_.empty()) MakeDense();
  for (size_t i = 0; i < kRegisterCount; i++) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
  }
}

double HyperLogLog::Estimate() const {
  if (registers_.empty()) return static_cast<double>(sparse_.size());
  int histogram[kRankBits + 2] = {};
  for (uint8_t r : registers_) histogram[r]++;
  const double m = static_cast<double>(kRegisterCount);
  double z = m * Tau(1.0 - histogram[kRankBits + 1] / m);
  for (int k = kRankBits; k >= 1; k--) z = 0.5 * (z + histogram[k]);
  z += m * Sigma(histogram[0] / m);
  const double kAlphaInfinity = 0.5 / std::log(2.0);
  return kAlphaInfinity * m * m / z;
}

namespace {

class ApproximateCountDistinctState final : public AggregateState {
 public:
  void Resize(size_t n) override { sketches_.resize(n); }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const Vector& v = *args[0];
    switch (v.type().physical()) {
      case PhysicalType::kInt64:
        return AddAll(v.i64(), v, groups, count);
      case PhysicalType::kInt128:
        return AddAll(v.i128(), v, groups, count);
      case PhysicalType::kDouble:
        return AddAll(v.f64(), v, groups, count);
      case PhysicalType::kString:
        return AddAll(v.str(), v, groups, count);
      case PhysicalType::kInterval:
        return AddAll(v.interval(), v, groups, count);
    }
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<ApproximateCountDistinctState&>(other);
    for (size_t g = 0; g < count; g++) sketches_[target[g]].Merge(from.sketches_[g]);
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    for (size_t g = 0; g < sketches_.size(); g++) {
      out.i64()[g] = std::llround(sketches_[g].Estimate());
      out.SetValid(g);
    }
    return Status::Ok();
  }

 private:
  template <typename T>
  Status AddAll(const T* data, const Vector& v, const uint32_t* groups, size_t count) {
    ForEachValid(v, count, [&](size_t i) { sketches_[groups[i]].Add(HashValue(data[i])); });
    return Status::Ok();
  }
  std::vector<HyperLogLog> sketches_;
};

}  // namespace

Result<AggregateBinding> ResolveApproximateCountDistinct(
    const std::vector<LogicalType>& arg_types) {
  if (arg_types.size() != 1) return WrongAggregateArity("count", 1);
  AggregateBinding binding{arg_types, LogicalType(TypeId::kBigInt), nullptr};
  binding.make_state = [] { return std::make_unique<ApproximateCountDistinctState>(); };
  return binding;
}

}  // namespace martlet
