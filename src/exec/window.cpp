#include "exec/window.hpp"

#include <algorithm>
#include <array>

#include "exec/window_internal.hpp"
#include "functions/vector_cells.hpp"

namespace martlet {

namespace {

constexpr std::array<std::string_view, 11> kWindowFunctions = {
    "row_number", "rank", "dense_rank",  "percent_rank", "cume_dist", "ntile",
    "lag",        "lead", "first_value", "last_value",   "nth_value"};

// ---- ordering and boundaries ------------------------------------------------------------

std::vector<SortKey> LayoutKeys(const WindowCall& call) {
  std::vector<SortKey> keys;
  for (int column : call.partition_columns) keys.push_back({column, false, false});
  keys.insert(keys.end(), call.order.begin(), call.order.end());
  return keys;
}

WindowLayout BuildLayout(const DataChunk& input, const WindowCall& call) {
  WindowLayout layout;
  layout.keys = LayoutKeys(call);
  layout.rows = SortRowIndexes(input, layout.keys);
  std::vector<SortKey> partition_keys(layout.keys.begin(),
                                      layout.keys.begin() + call.partition_columns.size());
  size_t n = layout.rows.size();
  layout.partition_id.resize(n);
  layout.partition_start.resize(n);
  layout.peer_start.resize(n);
  for (size_t p = 0; p < n; p++) {
    bool new_partition = p == 0 || CompareRows(input, layout.rows[p - 1], input, layout.rows[p],
                                               partition_keys) != 0;
    bool new_peers = new_partition ||
                     CompareRows(input, layout.rows[p - 1], input, layout.rows[p], call.order) != 0;
    if (new_partition) layout.partition_count++;
    layout.partition_id[p] = static_cast<uint32_t>(layout.partition_count - 1);
    layout.partition_start[p] =
        new_partition ? static_cast<uint32_t>(p) : layout.partition_start[p - 1];
    layout.peer_start[p] = new_peers ? static_cast<uint32_t>(p) : layout.peer_start[p - 1];
  }
  layout.partition_end.resize(n);
  layout.peer_end.resize(n);
  for (size_t p = n; p-- > 0;) {
    bool last_of_partition =
        p + 1 == n || layout.partition_start[p + 1] != layout.partition_start[p];
    bool last_of_peers = p + 1 == n || layout.peer_start[p + 1] != layout.peer_start[p];
    layout.partition_end[p] =
        last_of_partition ? static_cast<uint32_t>(p + 1) : layout.partition_end[p + 1];
    layout.peer_end[p] = last_of_peers ? static_cast<uint32_t>(p + 1) : layout.peer_end[p + 1];
  }
  return layout;
}

// ---- frames -----------------------------------------------------------------------------

Status ValidateFrame(const FrameSpec& frame) {
  if (frame.unit == FrameSpec::kDefault) return Status::Ok();
  if (frame.start == FrameSpec::kUnboundedFollowing) {
    return Status(StatusCode::kInvalidInput, "frame start cannot be UNBOUNDED FOLLOWING");
  }
  if (frame.end == FrameSpec::kUnboundedPreceding) {
    return Status(StatusCode::kInvalidInput, "frame end cannot be UNBOUNDED PRECEDING");
  }
  bool start_offset = frame.start == FrameSpec::kPreceding || frame.start == FrameSpec::kFollowing;
  bool end_offset = frame.end == FrameSpec::kPreceding || frame.end == FrameSpec::kFollowing;
  if ((start_offset && frame.start_offset < 0) || (end_offset && frame.end_offset < 0)) {
    return Status(StatusCode::kInvalidInput, "frame offsets must not be negative");
  }
  return Status::Ok();
}

// Position p moved by `offset` rows (negative: back), clamped to [low, high].
uint32_t Shift(size_t p, int64_t offset, size_t low, size_t high) {
  int64_t target =
      static_cast<int64_t>(p) +
      std::clamp<int64_t>(offset, -static_cast<int64_t>(p) - 1, static_cast<int64_t>(high) + 1);
  return static_cast<uint32_t>(
      std::clamp<int64_t>(target, static_cast<int64_t>(low), static_cast<int64_t>(high)));
}

uint32_t FrameBound(FrameSpec::BoundKind kind, int64_t offset, bool is_end, bool rows,
                    const WindowLayout& l, size_t p) {
  size_t low = l.partition_start[p], high = l.partition_end[p];
  size_t one = is_end ? 1 : 0;  // an end bound is exclusive
  switch (kind) {
    case FrameSpec::kUnboundedPreceding:
      return static_cast<uint32_t>(low);
    case FrameSpec::kPreceding:
      return Shift(p + one, -offset, low, high);
    case FrameSpec::kCurrentRow:
      if (rows) return static_cast<uint32_t>(p + one);
      return is_end ? l.peer_end[p] : l.peer_start[p];
    case FrameSpec::kFollowing:
      return Shift(p + one, offset, low, high);
    case FrameSpec::kUnboundedFollowing:
      return static_cast<uint32_t>(high);
  }
  return static_cast<uint32_t>(low);
}

bool IsOffset(FrameSpec::BoundKind kind) {
  return kind == FrameSpec::kPreceding || kind == FrameSpec::kFollowing;
}

// The ORDER BY key of a RANGE frame with offsets, in layout order: raw values (days, micros,
// unscaled decimals) that the binder expressed the offsets in.
struct RangeKey {
  std::vector<int128_t> values;
  std::vector<uint8_t> is_null;
  bool descending = false;
};

RangeKey GatherRangeKey(const DataChunk& input, const SortKey& order, const WindowLayout& layout) {
  const Vector& column = input.columns[order.column];
  bool wide = column.type().physical() == PhysicalType::kInt128;
  RangeKey key;
  key.descending = order.descending;
  key.values.resize(layout.rows.size());
  key.is_null.resize(layout.rows.size());
  for (size_t p = 0; p < layout.rows.size(); p++) {
    uint32_t row = layout.rows[p];
    key.is_null[p] = column.IsNull(row);
    key.values[p] = wide ? column.i128()[row] : column.i64()[row];
  }
  return key;
}

// A RANGE offset bound of position p: the first position of its partition whose key reaches
// key(p) -/+ offset (for an end bound, the first past it). NULL keys are only their own peers.
uint32_t RangeOffsetBound(FrameSpec::BoundKind kind, int64_t offset, bool is_end, const RangeKey& key,
                          const WindowLayout& l, size_t p) {
  if (key.is_null[p]) return is_end ? l.peer_end[p] : l.peer_start[p];
  // The partition's non-NULL keys are one sorted run; NULLs sort before or after it.
  auto first = key.is_null.begin() + l.partition_start[p];
  auto last = key.is_null.begin() + l.partition_end[p];
  auto non_null_begin = std::find(first, last, 0);
  auto non_null_end = std::find(non_null_begin, last, 1);
  size_t low = static_cast<size_t>(non_null_begin - key.is_null.begin());
  size_t high = static_cast<size_t>(non_null_end - key.is_null.begin());
  int sign = (kind == FrameSpec::kPreceding ? -1 : 1) * (key.descending ? -1 : 1);
  int128_t target = key.values[p] + static_cast<int128_t>(sign) * offset;
  auto before_bound = [&](size_t q) {
    int128_t v = key.values[q];
    if (!key.descending) return is_end ? v <= target : v < target;
    return is_end ? v >= target : v > target;
  };
  while (low < high) {  // the first position for which before_bound is false
    size_t middle = low + (high - low) / 2;
    if (before_bound(middle)) low = middle + 1;
    else high = middle;
  }
  return static_cast<uint32_t>(low);
}

WindowFrames ComputeFrames(const FrameSpec& spec, const DataChunk& input, const WindowCall& call,
                           const WindowLayout& layout) {
  FrameSpec frame = spec;
  if (frame.unit == FrameSpec::kDefault) {
    // Without ORDER BY every row of a partition is a peer, so this covers both defaults.
    frame =
        FrameSpec{FrameSpec::kRange, FrameSpec::kUnboundedPreceding, FrameSpec::kCurrentRow, 0, 0};
  }
  bool rows = frame.unit == FrameSpec::kRows;
  bool range_offsets = !rows && (IsOffset(frame.start) || IsOffset(frame.end));
  RangeKey key;
  if (range_offsets) key = GatherRangeKey(input, call.order[0], layout);
  auto bound = [&](FrameSpec::BoundKind kind, int64_t offset, bool is_end, size_t p) {
    if (range_offsets && IsOffset(kind)) return RangeOffsetBound(kind, offset, is_end, key, layout, p);
    return FrameBound(kind, offset, is_end, rows, layout, p);
  };
  size_t n = layout.rows.size();
  WindowFrames frames;
  frames.start.resize(n);
  frames.end.resize(n);
  for (size_t p = 0; p < n; p++) {
    frames.start[p] = bound(frame.start, frame.start_offset, false, p);
    frames.end[p] = std::max(frames.start[p], bound(frame.end, frame.end_offset, true, p));
  }
  return frames;
}

// ---- ranking ----------------------------------------------------------------------------

enum class Ranking { kRowNumber, kRank, kDenseRank, kPercentRank, kCumeDist };

Ranking RankingFor(const std::string& name) {
  if (name == "row_number") return Ranking::kRowNumber;
  if (name == "rank") return Ranking::kRank;
  if (name == "dense_rank") return Ranking::kDenseRank;
  if (name == "percent_rank") return Ranking::kPercentRank;
  return Ranking::kCumeDist;
}

void ComputeRanking(Ranking kind, const WindowLayout& l, Vector& result) {
  int64_t dense = 0;
  for (size_t p = 0; p < l.rows.size(); p++) {
    int64_t rank = static_cast<int64_t>(l.peer_start[p] - l.partition_start[p]) + 1;
    double size = static_cast<double>(l.partition_end[p] - l.partition_start[p]);
    if (p == l.partition_start[p]) dense = 0;
    if (p == l.peer_start[p]) dense++;
    switch (kind) {
      case Ranking::kRowNumber:
        result.i64()[p] = static_cast<int64_t>(p - l.partition_start[p]) + 1;
        break;
      case Ranking::kRank:
        result.i64()[p] = rank;
        break;
      case Ranking::kDenseRank:
        result.i64()[p] = dense;
        break;
      case Ranking::kPercentRank:
        result.f64()[p] = size > 1 ? static_cast<double>(rank - 1) / (size - 1) : 0.0;
        break;
      case Ranking::kCumeDist:
        result.f64()[p] = static_cast<double>(l.peer_end[p] - l.partition_start[p]) / size;
        break;
    }
    result.SetValid(p);
  }
}

// ntile(buckets): the first (size % buckets) buckets get one row more than the others.
Status ComputeNtile(const Vector& buckets, const WindowLayout& l, Vector& result) {
  for (size_t p = 0; p < l.rows.size(); p++) {
    if (buckets.IsNull(p)) {
      result.SetNull(p);
      continue;
    }
    int64_t b = buckets.i64()[p];
    if (b <= 0) {
      return Status(StatusCode::kInvalidInput, "argument of ntile must be greater than zero");
    }
    int64_t size = l.partition_end[p] - l.partition_start[p];
    int64_t r = static_cast<int64_t>(p - l.partition_start[p]);
    int64_t base = size / b, extra = size % b;
    int64_t big = extra * (base + 1);  // rows in the larger buckets
    result.i64()[p] = r < big ? r / (base + 1) + 1 : extra + (r - big) / base + 1;
    result.SetValid(p);
  }
  return Status::Ok();
}

// ---- value functions --------------------------------------------------------------------

// Positions of the non-NULL values, for IGNORE NULLS: valid_before[p] counts them below p.
struct NonNullIndex {
  std::vector<uint32_t> positions;
  std::vector<uint32_t> valid_before;
  explicit NonNullIndex(const Vector& v) : valid_before(v.size() + 1, 0) {
    for (size_t p = 0; p < v.size(); p++) {
      if (!v.IsNull(p)) positions.push_back(static_cast<uint32_t>(p));
      valid_before[p + 1] = static_cast<uint32_t>(positions.size());
    }
  }
  // The k-th (0-based) non-NULL value in [from, to), or -1.
  int64_t Nth(size_t from, size_t to, int64_t k) const {
    int64_t index = static_cast<int64_t>(valid_before[from]) + k;
    if (k < 0 || index >= static_cast<int64_t>(valid_before[to])) return -1;
    return positions[index];
  }
  // The k-th (0-based) non-NULL value in [from, to) counted from the end, or -1.
  int64_t NthFromEnd(size_t from, size_t to, int64_t k) const {
    int64_t index = static_cast<int64_t>(valid_before[to]) - 1 - k;
    if (k < 0 || index < static_cast<int64_t>(valid_before[from])) return -1;
    return positions[index];
  }
};

Status ComputeLagLead(const DataChunk& input, const WindowCall& call, const WindowLayout& l,
                      Vector& result) {
  bool lead = call.function == "lead";
  Vector x = GatherArgument(input, call, 0, l);
  std::optional<Vector> offsets, defaults;
  if (call.arg_columns.size() > 1) offsets = GatherArgument(input, call, 1, l);
  if (call.arg_columns.size() > 2) defaults = GatherArgument(input, call, 2, l);
  std::optional<NonNullIndex> index;
  if (call.ignore_nulls) index.emplace(x);
  for (size_t p = 0; p < l.rows.size(); p++) {
    if (offsets && offsets->IsNull(p)) {
      result.SetNull(p);
      continue;
    }
    int64_t offset = offsets ? offsets->i64()[p] : 1;
    bool forward = lead == (offset >= 0);
    uint64_t distance =
        offset >= 0 ? static_cast<uint64_t>(offset) : 0 - static_cast<uint64_t>(offset);
    int64_t k = static_cast<int64_t>(std::min<uint64_t>(distance, l.rows.size() + 1));
    int64_t target;
    if (index && k > 0) {
      target = forward ? index->Nth(p + 1, l.partition_end[p], k - 1)
                       : index->NthFromEnd(l.partition_start[p], p, k - 1);
    } else {
      target = static_cast<int64_t>(p) + (forward ? k : -k);
      if (target < l.partition_start[p] || target >= l.partition_end[p]) target = -1;
    }
    if (target >= 0) {
      CopyCell(x, static_cast<size_t>(target), result, p);
    } else if (defaults) {
      CopyCell(*defaults, p, result, p);
    } else {
      result.SetNull(p);
    }
  }
  return Status::Ok();
}

Status ComputeFrameValue(const DataChunk& input, const WindowCall& call, const WindowLayout& l,
                         const WindowFrames& frames, Vector& result) {
  Vector x = GatherArgument(input, call, 0, l);
  std::optional<Vector> nth;
  if (call.function == "nth_value") {
    if (call.arg_columns.size() < 2) {
      return Status(StatusCode::kBindError, "nth_value takes 2 arguments");
    }
    nth = GatherArgument(input, call, 1, l);
  }
  std::optional<NonNullIndex> index;
  if (call.ignore_nulls) index.emplace(x);
  bool from_end = call.function == "last_value";
  for (size_t p = 0; p < l.rows.size(); p++) {
    int64_t k = 0;  // 0-based
    if (nth) {
      if (nth->IsNull(p)) {
        result.SetNull(p);
        continue;
      }
      if (nth->i64()[p] <= 0) {
        return Status(StatusCode::kInvalidInput, "argument of nth_value must be greater than zero");
      }
      k = nth->i64()[p] - 1;
    }
    size_t from = frames.start[p], to = frames.end[p];
    int64_t target;
    if (index) {
      target = from_end ? index->NthFromEnd(from, to, k) : index->Nth(from, to, k);
    } else {
      int64_t size = static_cast<int64_t>(to - from);
      target = k >= size ? -1 : static_cast<int64_t>(from_end ? to - 1 - k : from + k);
    }
    if (target >= 0) {
      CopyCell(x, static_cast<size_t>(target), result, p);
    } else {
      result.SetNull(p);
    }
  }
  return Status::Ok();
}

// ---- one call ---------------------------------------------------------------------------

Status CheckArity(const WindowCall& call, size_t low, size_t high) {
  if (call.arg_columns.size() >= low && call.arg_columns.size() <= high) return Status::Ok();
  return Status(StatusCode::kBindError, "window function " + call.function + " takes " +
                                            std::to_string(low) + " to " + std::to_string(high) +
                                            " argument(s)");
}

Status ComputeCall(const DataChunk& input, const WindowCall& call, const WindowLayout& layout,
                   Vector& result) {
  const std::string& name = call.function;
  if (name == "row_number" || name == "rank" || name == "dense_rank" || name == "percent_rank" ||
      name == "cume_dist") {
    ComputeRanking(RankingFor(name), layout, result);
    return Status::Ok();
  }
  if (name == "ntile") {
    RETURN_IF_ERROR(CheckArity(call, 1, 1));
    return ComputeNtile(GatherArgument(input, call, 0, layout), layout, result);
  }
  if (name == "lag" || name == "lead") {
    RETURN_IF_ERROR(CheckArity(call, 1, 3));
    return ComputeLagLead(input, call, layout, result);
  }
  RETURN_IF_ERROR(ValidateFrame(call.frame));
  WindowFrames frames = ComputeFrames(call.frame, input, call, layout);
  if (name == "first_value" || name == "last_value" || name == "nth_value") {
    RETURN_IF_ERROR(CheckArity(call, name == "nth_value" ? 2 : 1, name == "nth_value" ? 2 : 1));
    return ComputeFrameValue(input, call, layout, frames, result);
  }
  if (call.aggregate.has_value() || IsAggregateFunction(name)) {
    return ComputeWindowAggregate(input, call, layout, frames, result);
  }
  return Status(StatusCode::kBindError, "window function " + name + " does not exist");
}

}  // namespace

Vector GatherArgument(const DataChunk& input, const WindowCall& call, size_t index,
                      const WindowLayout& layout) {
  const Vector& column = input.columns[call.arg_columns[index]];
  Vector gathered(column.type());
  gathered.AppendSelected(column, layout.rows.data(), layout.rows.size());
  return gathered;
}

bool IsWindowFunction(std::string_view name) {
  return std::find(kWindowFunctions.begin(), kWindowFunctions.end(), name) !=
         kWindowFunctions.end();
}

Result<LogicalType> ResolveWindowFunction(std::string_view name,
                                          const std::vector<LogicalType>& arg_types) {
  auto arity = [&](size_t low, size_t high) -> Status {
    if (arg_types.size() >= low && arg_types.size() <= high) return Status::Ok();
    return Status(StatusCode::kBindError, "window function " + std::string(name) + " takes " +
                                              std::to_string(low) + " to " + std::to_string(high) +
                                              " argument(s)");
  };
  if (name == "row_number" || name == "rank" || name == "dense_rank") {
    RETURN_IF_ERROR(arity(0, 0));
    return LogicalType(TypeId::kBigInt);
  }
  if (name == "percent_rank" || name == "cume_dist") {
    RETURN_IF_ERROR(arity(0, 0));
    return LogicalType(TypeId::kDouble);
  }
  if (name == "ntile") {
    RETURN_IF_ERROR(arity(1, 1));
    return LogicalType(TypeId::kInteger);
  }
  if (name == "lag" || name == "lead") {
    RETURN_IF_ERROR(arity(1, 3));
    return arg_types[0];
  }
  if (name == "first_value" || name == "last_value") {
    RETURN_IF_ERROR(arity(1, 1));
    return arg_types[0];
  }
  if (name == "nth_value") {
    RETURN_IF_ERROR(arity(2, 2));
    return arg_types[0];
  }
  return Status(StatusCode::kBindError, "window function " + std::string(name) + " does not exist");
}

WindowOperator::WindowOperator(OperatorPtr child, std::vector<WindowCall> calls)
    : calls_(std::move(calls)) {
  types_ = child->types();
  for (const WindowCall& call : calls_) types_.push_back(call.return_type);
  children_.push_back(std::move(child));
}

std::string WindowOperator::Detail() const {
  std::string detail;
  for (const WindowCall& call : calls_) {
    if (!detail.empty()) detail += ", ";
    detail += call.function + "()";
  }
  return detail;
}

Status WindowOperator::Compute(ExecContext& context) {
  ASSIGN_OR_RETURN(input_, CollectAll(context, *children_[0]));
  std::vector<WindowLayout> layouts;
  for (size_t c = 0; c < calls_.size(); c++) {
    const WindowCall& call = calls_[c];
    std::vector<SortKey> keys = LayoutKeys(call);
    auto found = std::find_if(layouts.begin(), layouts.end(),
                              [&](const WindowLayout& l) { return l.keys == keys; });
    if (found == layouts.end()) {
      layouts.push_back(BuildLayout(input_, call));
      found = layouts.end() - 1;
    }
    const WindowLayout& layout = *found;
    Vector result(call.return_type, layout.rows.size());
    RETURN_IF_ERROR(ComputeCall(input_, call, layout, result));
    if (c == 0) emit_rows_ = layout.rows;
    if (found == layouts.begin()) {
      results_.push_back(std::move(result));
      continue;
    }
    // Reorder from this call's order into the output order.
    std::vector<uint32_t> position_of_row(layout.rows.size());
    for (size_t p = 0; p < layout.rows.size(); p++)
      position_of_row[layout.rows[p]] = static_cast<uint32_t>(p);
    std::vector<uint32_t> selection(emit_rows_.size());
    for (size_t i = 0; i < emit_rows_.size(); i++) selection[i] = position_of_row[emit_rows_[i]];
    Vector reordered(call.return_type);
    reordered.AppendSelected(result, selection.data(), selection.size());
    results_.push_back(std::move(reordered));
  }
  if (calls_.empty()) {
    emit_rows_.resize(input_.size());
    for (size_t i = 0; i < emit_rows_.size(); i++) emit_rows_[i] = static_cast<uint32_t>(i);
  }
  return Status::Ok();
}

Result<bool> WindowOperator::NextChunk(ExecContext& context, DataChunk& out) {
  if (!computed_) {
    RETURN_IF_ERROR(Compute(context));
    computed_ = true;
  }
  if (next_row_ >= emit_rows_.size()) return false;
  size_t count = std::min(kChunkSize, emit_rows_.size() - next_row_);
  size_t child_width = input_.columns.size();
  for (size_t c = 0; c < child_width; c++) {
    out.columns[c].AppendSelected(input_.columns[c], emit_rows_.data() + next_row_, count);
  }
  for (size_t c = 0; c < results_.size(); c++) {
    out.columns[child_width + c].AppendRange(results_[c], next_row_, count);
  }
  out.row_count = count;
  next_row_ += count;
  return true;
}

}  // namespace martlet
