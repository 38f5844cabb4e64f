// LISTAGG, MEDIAN, PERCENTILE_CONT and PERCENTILE_DISC: aggregates that need every value of
// a group in order. Their states buffer the (non-NULL) input rows with their group ids and do
// the work in Finalize, which leaves the buffer untouched so that it can run again.
#include <algorithm>
#include <cmath>

#include "functions/aggregate_internal.hpp"
#include "functions/aggregate_state_support.hpp"

namespace martlet {

namespace {

class BufferedRowsState : public AggregateState {
 public:
  explicit BufferedRowsState(const std::vector<LogicalType>& types) {
    for (const auto& type : types) columns_.emplace_back(type);
  }
  void Resize(size_t n) override { group_count_ = n; }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    selection_.clear();
    const uint8_t* valid = args[0]->validity();
    for (size_t i = 0; i < count; i++) {
      if (!valid[i]) continue;
      selection_.push_back(static_cast<uint32_t>(i));
      groups_.push_back(groups[i]);
    }
    for (size_t c = 0; c < columns_.size(); c++) {
      columns_[c].AppendSelected(*args[c], selection_.data(), selection_.size());
    }
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<BufferedRowsState&>(other);
    selection_.clear();
    for (size_t r = 0; r < from.groups_.size(); r++) {
      if (from.groups_[r] >= count) continue;
      selection_.push_back(static_cast<uint32_t>(r));
      groups_.push_back(target[from.groups_[r]]);
    }
    for (size_t c = 0; c < columns_.size(); c++) {
      columns_[c].AppendSelected(from.columns_[c], selection_.data(), selection_.size());
    }
    return Status::Ok();
  }

 protected:
  // The buffered rows of group g are rows[offsets[g] .. offsets[g + 1]), in arrival order.
  void GroupRows(std::vector<uint32_t>& offsets, std::vector<uint32_t>& rows) const {
    offsets.assign(group_count_ + 1, 0);
    for (uint32_t g : groups_) offsets[g + 1]++;
    for (size_t g = 0; g < group_count_; g++) offsets[g + 1] += offsets[g];
    rows.resize(groups_.size());
    std::vector<uint32_t> next(offsets.begin(), offsets.end() - 1);
    for (size_t r = 0; r < groups_.size(); r++) rows[next[groups_[r]]++] = static_cast<uint32_t>(r);
  }

  // Stable sort by columns [first_key, first_key + descending.size()); NULLs sort last in
  // ascending and first in descending order, as PostgreSQL's defaults.
  void SortByKeys(uint32_t* begin, uint32_t* end, size_t first_key,
                  const std::vector<bool>& descending) const {
    std::stable_sort(begin, end, [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < descending.size(); k++) {
        const Vector& key = columns_[first_key + k];
        bool a_null = key.IsNull(a), b_null = key.IsNull(b);
        int c = a_null || b_null ? static_cast<int>(a_null) - static_cast<int>(b_null)
                                 : CompareCells(key, a, key, b);
        if (descending[k]) c = -c;
        if (c != 0) return c < 0;
      }
      return false;
    });
  }

  size_t group_count_ = 0;
  std::vector<Vector> columns_;
  std::vector<uint32_t> groups_;

 private:
  std::vector<uint32_t> selection_;
};

class ListAggState final : public BufferedRowsState {
 public:
  ListAggState(const std::vector<LogicalType>& types, size_t first_key,
               std::vector<bool> descending, std::string delimiter)
      : BufferedRowsState(types),
        first_key_(first_key),
        descending_(std::move(descending)),
        delimiter_(std::move(delimiter)) {}

  Status Finalize(Vector& out) override {
    std::vector<uint32_t> offsets, rows;
    GroupRows(offsets, rows);
    const std::string* values = columns_[0].str();
    for (size_t g = 0; g < group_count_; g++) {
      uint32_t* begin = rows.data() + offsets[g];
      uint32_t* end = rows.data() + offsets[g + 1];
      if (begin == end) {
        out.SetNull(g);
        continue;
      }
      SortByKeys(begin, end, first_key_, descending_);
      std::string joined;
      for (uint32_t* r = begin; r != end; ++r) {
        if (r != begin) joined += delimiter_;
        joined += values[*r];
      }
      out.str()[g] = std::move(joined);
      out.SetValid(g);
    }
    return Status::Ok();
  }

 private:
  size_t first_key_;
  std::vector<bool> descending_;
  std::string delimiter_;
};

class PercentileState final : public BufferedRowsState {
 public:
  PercentileState(const LogicalType& type, bool continuous, double fraction, bool descending)
      : BufferedRowsState({type}),
        continuous_(continuous),
        fraction_(fraction),
        descending_{descending} {}

  Status Finalize(Vector& out) override {
    std::vector<uint32_t> offsets, rows;
    GroupRows(offsets, rows);
    for (size_t g = 0; g < group_count_; g++) {
      uint32_t* begin = rows.data() + offsets[g];
      size_t n = offsets[g + 1] - offsets[g];
      if (n == 0) {
        out.SetNull(g);
        continue;
      }
      SortByKeys(begin, begin + n, 0, descending_);
      if (continuous_) {
        Interpolate(begin, n, out, g);
      } else {
        // The first value whose position (1-based, over n) reaches the fraction.
        double position = std::ceil(fraction_ * static_cast<double>(n)) - 1;
        size_t index = static_cast<size_t>(std::clamp(position, 0.0, static_cast<double>(n - 1)));
        CopyCell(columns_[0], begin[index], out, g);
      }
    }
    return Status::Ok();
  }

 private:
  void Interpolate(const uint32_t* sorted, size_t n, Vector& out, size_t g) const {
    double position = fraction_ * static_cast<double>(n - 1);
    size_t lower = static_cast<size_t>(std::floor(position));
    size_t upper = static_cast<size_t>(std::ceil(position));
    double weight = position - static_cast<double>(lower);
    const Vector& values = columns_[0];
    if (values.type().physical() == PhysicalType::kDouble) {
      double a = values.f64()[sorted[lower]], b = values.f64()[sorted[upper]];
      out.f64()[g] = upper == lower ? a : a + (b - a) * weight;
    } else {  // DATE / TIMESTAMP: interpolate and round to the unit
      int64_t a = values.i64()[sorted[lower]], b = values.i64()[sorted[upper]];
      double step = std::round(static_cast<double>(b - a) * weight);
      out.i64()[g] = a + static_cast<int64_t>(step);
    }
    out.SetValid(g);
  }

  bool continuous_;
  double fraction_;
  std::vector<bool> descending_;
};

Status CheckFraction(double fraction) {
  if (fraction >= 0.0 && fraction <= 1.0) return Status::Ok();
  return Status(StatusCode::kInvalidInput,
                "percentile value " + std::to_string(fraction) + " is not between 0 and 1");
}

Result<AggregateBinding> ResolveListAgg(const std::vector<LogicalType>& arg_types,
                                        const AggregateCallInfo& info) {
  size_t keys = info.order_descending.size();
  if (arg_types.size() < keys + 1 || arg_types.size() > keys + 2) {
    return WrongAggregateArity("listagg", 2);
  }
  // The value is cast to text; a second regular argument is the delimiter column, which is
  // ignored in favour of info.delimiter (the binder requires it to be a constant).
  std::vector<LogicalType> types = arg_types;
  types[0] = LogicalType::Varchar();
  size_t first_key = arg_types.size() - keys;
  AggregateBinding binding{types, LogicalType::Varchar(), nullptr};
  binding.make_state = [types, first_key, info] {
    return std::make_unique<ListAggState>(types, first_key, info.order_descending, info.delimiter);
  };
  return binding;
}

Result<AggregateBinding> ResolvePercentile(std::string_view name,
                                           const std::vector<LogicalType>& arg_types,
                                           const AggregateCallInfo& info) {
  if (arg_types.size() != 1) return WrongAggregateArity(name, 1);
  bool median = name == "median";
  double fraction = median ? 0.5 : info.fraction;
  RETURN_IF_ERROR(CheckFraction(fraction));
  bool descending = !info.order_descending.empty() && info.order_descending[0];
  bool continuous = name != "percentile_disc";
  LogicalType type = arg_types[0];
  if (continuous) {
    if (type.IsNumeric()) {
      type = LogicalType(TypeId::kDouble);
    } else if (!type.IsTemporal()) {
      return NoSuchAggregate(name, arg_types);
    }
  }
  AggregateBinding binding{{type}, type, nullptr};
  binding.make_state = [type, continuous, fraction, descending] {
    return std::make_unique<PercentileState>(type, continuous, fraction, descending);
  };
  return binding;
}

}  // namespace

Result<AggregateBinding> ResolveOrderedAggregate(std::string_view name,
                                                 const std::vector<LogicalType>& arg_types,
                                                 const AggregateCallInfo& info) {
  if (name == "listagg") return ResolveListAgg(arg_types, info);
  return ResolvePercentile(name, arg_types, info);
}

}  // namespace martlet
