// Aggregates over window frames. Which of the strategies runs depends on the shape of the
// frames, checked on the computed bounds rather than on the syntax (so ROWS BETWEEN UNBOUNDED
// PRECEDING AND UNBOUNDED FOLLOWING and the default frame without ORDER BY both take the
// one-pass route).
#include "exec/window_internal.hpp"
#include "functions/vector_cells.hpp"

namespace martlet {

namespace {

struct AggregateInput {
  const AggregateBinding* binding;
  std::vector<Vector> args;  // layout order
  std::vector<const Vector*> arg_ptrs;
};

// Feeds positions [from, to) of the arguments to group 0 of `state`.
class SliceFeeder {
 public:
  explicit SliceFeeder(const AggregateInput& input) : input_(input) {
    for (const Vector& arg : input.args) slices_.emplace_back(arg.type());
    for (const Vector& slice : slices_) slice_ptrs_.push_back(&slice);
  }
  Status Feed(AggregateState& state, size_t from, size_t to) {
    size_t count = to - from;
    if (zeros_.size() < count) zeros_.resize(count, 0);
    for (size_t c = 0; c < slices_.size(); c++) {
      slices_[c].Clear();
      slices_[c].AppendRange(input_.args[c], from, count);
    }
    return state.Update(slice_ptrs_, zeros_.data(), count);
  }

 private:
  const AggregateInput& input_;
  std::vector<Vector> slices_;
  std::vector<const Vector*> slice_ptrs_;
  std::vector<uint32_t> zeros_;
};

// Every frame is its whole partition: one group per partition, one pass.
Status AggregatePartitions(const AggregateInput& input, const WindowLayout& layout,
                           Vector& result) {
  auto state = input.binding->make_state();
  state->Resize(layout.partition_count);
  size_t n = layout.rows.size();
  RETURN_IF_ERROR(state->Update(input.arg_ptrs, layout.partition_id.data(), n));
  Vector per_partition(result.type(), layout.partition_count);
  RETURN_IF_ERROR(state->Finalize(per_partition));
  result.Clear();
  result.AppendSelected(per_partition, layout.partition_id.data(), n);
  return Status::Ok();
}

// Frames that grow at one end only: a state per partition takes the new rows and is
// finalized again whenever the frame changed. `forward`: frames start at the partition start
// and their ends never decrease; otherwise they end at the partition end and are visited
// from the last position back.
Status AggregateRunning(const AggregateInput& input, const WindowLayout& layout,
                        const WindowFrames& frames, bool forward, Vector& result) {
  SliceFeeder feeder(input);
  Vector one(result.type(), 1);
  size_t n = layout.rows.size();
  for (size_t first = 0; first < n; first = layout.partition_end[first]) {
    size_t last = layout.partition_end[first];
    auto state = input.binding->make_state();
    state->Resize(1);
    size_t covered_from = forward ? first : last;  // rows fed so far: [covered_from, covered_to)
    size_t covered_to = forward ? first : last;
    bool finalized = false;
    for (size_t step = 0; step < last - first; step++) {
      size_t p = forward ? first + step : last - 1 - step;
      size_t from = frames.start[p], to = frames.end[p];
      bool changed = forward ? to > covered_to : from < covered_from;
      if (changed) {
        RETURN_IF_ERROR(forward ? feeder.Feed(*state, covered_to, to)
                                : feeder.Feed(*state, from, covered_from));
        covered_from = std::min(covered_from, from);
        covered_to = std::max(covered_to, to);
      }
      if (changed || !finalized) {
        RETURN_IF_ERROR(state->Finalize(one));
        finalized = true;
      }
      CopyCell(one, 0, result, p);
    }
  }
  return Status::Ok();
}

// Any frames: position p is group p, and every (frame row, p) pair is fed in batches.
Status AggregatePairs(const AggregateInput& input, const WindowFrames& frames, Vector& result) {
  size_t n = frames.start.size();
  auto state = input.binding->make_state();
  state->Resize(n);
  std::vector<Vector> batch;
  std::vector<const Vector*> batch_ptrs;
  for (const Vector& arg : input.args) batch.emplace_back(arg.type());
  for (const Vector& v : batch) batch_ptrs.push_back(&v);
  std::vector<uint32_t> selection, groups;
  auto flush = [&]() -> Status {
    for (size_t c = 0; c < batch.size(); c++) {
      batch[c].Clear();
      batch[c].AppendSelected(input.args[c], selection.data(), selection.size());
    }
    Status status = state->Update(batch_ptrs, groups.data(), groups.size());
    selection.clear();
    groups.clear();
    return status;
  };
  for (uint32_t p = 0; p < n; p++) {
    for (uint32_t row = frames.start[p]; row < frames.end[p]; row++) {
      selection.push_back(row);
      groups.push_back(p);
      if (selection.size() == kChunkSize) RETURN_IF_ERROR(flush());
    }
  }
  if (!selection.empty()) RETURN_IF_ERROR(flush());
  return state->Finalize(result);
}

Result<AggregateBinding> BindingFor(const DataChunk& input, const WindowCall& call) {
  if (call.aggregate_info.distinct) {
    return Status(StatusCode::kNotSupported,
                  "DISTINCT is not implemented for window functions: " + call.function);
  }
  std::vector<LogicalType> arg_types;
  for (int column : call.arg_columns) arg_types.push_back(input.columns[column].type());
  AggregateBinding binding;
  if (call.aggregate.has_value()) {
    binding = *call.aggregate;
  } else {
    ASSIGN_OR_RETURN(binding, ResolveAggregate(call.function, arg_types, call.aggregate_info));
  }
  for (size_t i = 0; i < arg_types.size() && i < binding.arg_types.size(); i++) {
    if (arg_types[i].physical() != binding.arg_types[i].physical()) {
      return Status(StatusCode::kInternal, "window aggregate " + call.function + ": argument " +
                                               std::to_string(i + 1) + " must be cast to " +
                                               binding.arg_types[i].ToString() + " first");
    }
  }
  return binding;
}

}  // namespace

Status ComputeWindowAggregate(const DataChunk& input, const WindowCall& call,
                              const WindowLayout& layout, const WindowFrames& frames,
                              Vector& result) {
  ASSIGN_OR_RETURN(AggregateBinding binding, BindingFor(input, call));
  AggregateInput args{&binding, {}, {}};
  for (size_t i = 0; i < call.arg_columns.size(); i++) {
    args.args.push_back(GatherArgument(input, call, i, layout));
  }
  for (const Vector& arg : args.args) args.arg_ptrs.push_back(&arg);
  bool whole = true, prefix = true, suffix = true;
  for (size_t p = 0; p < layout.rows.size(); p++) {
    bool starts_at_partition = frames.start[p] == layout.partition_start[p];
    bool ends_at_partition = frames.end[p] == layout.partition_end[p];
    whole = whole && starts_at_partition && ends_at_partition;
    prefix = prefix && starts_at_partition;
    suffix = suffix && ends_at_partition;
  }
  if (whole) return AggregatePartitions(args, layout, result);
  if (prefix) return AggregateRunning(args, layout, frames, true, result);
  if (suffix) return AggregateRunning(args, layout, frames, false, result);
  return AggregatePairs(args, frames, result);
}

}  // namespace martlet
