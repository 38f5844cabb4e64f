// DISTINCT for any aggregate: each group keeps the argument tuples it has not seen before in
// a buffer (deduplicated through an open-addressing hash table), and Finalize feeds the
// buffer to a fresh state of the wrapped aggregate. The buffer is left as it is, so Finalize
// can run again after more rows arrive.
#include "functions/aggregate_internal.hpp"
#include "functions/cell_hash.hpp"

namespace martlet {

namespace {

class DistinctState final : public AggregateState {
 public:
  explicit DistinctState(const AggregateBinding& inner) : inner_(inner) {
    for (const auto& type : inner.arg_types) columns_.emplace_back(type);
    for (const auto& column : columns_) column_ptrs_.push_back(&column);
    slots_.assign(kInitialSlots, Slot{});
  }
  void Resize(size_t n) override { group_count_ = n; }
  Status Update(const std::vector<const Vector*>& args, const uint32_t* groups,
                size_t count) override {
    const uint8_t* valid = args[0]->validity();
    for (size_t i = 0; i < count; i++) {
      if (valid[i]) Insert(args, i, groups[i]);
    }
    return Status::Ok();
  }
  Status Combine(AggregateState& other, const uint32_t* target, size_t count) override {
    auto& from = static_cast<DistinctState&>(other);
    for (size_t r = 0; r < from.groups_.size(); r++) {
      if (from.groups_[r] < count) Insert(from.column_ptrs_, r, target[from.groups_[r]]);
    }
    return Status::Ok();
  }
  Status Finalize(Vector& out) override {
    std::unique_ptr<AggregateState> state = inner_.make_state();
    state->Resize(group_count_);
    if (!groups_.empty())
      RETURN_IF_ERROR(state->Update(column_ptrs_, groups_.data(), groups_.size()));
    return state->Finalize(out);
  }

 private:
  static constexpr size_t kInitialSlots = 64;
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint32_t row = kEmpty;  // index into the buffer
  };

  uint64_t HashRow(const std::vector<const Vector*>& args, size_t i, uint32_t group) const {
    uint64_t h = MixBits(group);
    for (const Vector* arg : args) h = CombineHashes(h, arg->IsNull(i) ? 0 : HashCell(*arg, i));
    return h;
  }

  bool SameRow(const std::vector<const Vector*>& args, size_t i, uint32_t row) const {
    for (size_t c = 0; c < args.size(); c++) {
      bool a_null = args[c]->IsNull(i), b_null = columns_[c].IsNull(row);
      if (a_null != b_null) return false;
      if (!a_null && CompareCells(*args[c], i, columns_[c], row) != 0) return false;
    }
    return true;
  }

  void Insert(const std::vector<const Vector*>& args, size_t i, uint32_t group) {
    uint64_t hash = HashRow(args, i, group);
    size_t mask = slots_.size() - 1;
    for (size_t s = hash & mask;; s = (s + 1) & mask) {
      Slot& slot = slots_[s];
      if (slot.row == kEmpty) {
        slot = Slot{hash, static_cast<uint32_t>(groups_.size())};
        for (size_t c = 0; c < columns_.size(); c++) columns_[c].AppendRow(*args[c], i);
        groups_.push_back(group);
        if (groups_.size() * 2 > slots_.size()) Grow();
        return;
      }
      if (slot.hash == hash && groups_[slot.row] == group && SameRow(args, i, slot.row)) return;
    }
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.row == kEmpty) continue;
      size_t s = slot.hash & mask;
      while (slots_[s].row != kEmpty) s = (s + 1) & mask;
      slots_[s] = slot;
    }
  }

  AggregateBinding inner_;
  size_t group_count_ = 0;
  std::vector<Vector> columns_;  // the distinct tuples seen, in arrival order
  std::vector<const Vector*> column_ptrs_;
  std::vector<uint32_t> groups_;  // the group of each buffered tuple
  std::vector<Slot> slots_;
};

}  // namespace

AggregateBinding MakeDistinctAggregate(AggregateBinding inner) {
  AggregateBinding binding{inner.arg_types, inner.return_type, nullptr};
  auto shared = std::make_shared<AggregateBinding>(std::move(inner));
  binding.make_state = [shared] { return std::make_unique<DistinctState>(*shared); };
  return binding;
}

}  // namespace martlet
