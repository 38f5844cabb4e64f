// Hash join: the right child is the build side (collected into one chunk and hashed on its
// keys), the left child streams through as the probe side.
#include <condition_variable>
#include <mutex>

#include "exec/expression_executor.hpp"
#include "exec/group_table.hpp"
#include "exec/operators.hpp"

namespace martlet {

// The rows of each key of a hash table, key by key: those of group g are
// rows[offsets[g], offsets[g + 1]), in row order. Rows with a NULL key are left out: they match
// nothing. A key's rows sit side by side, so a probe reads them without a dependent load each.
struct RowsByKey {
  std::vector<uint32_t> offsets;  // groups + 1
  std::vector<uint32_t> rows;
  std::pair<const uint32_t*, const uint32_t*> Of(uint32_t group) const {
    return {rows.data() + offsets[group], rows.data() + offsets[group + 1]};
  }
};

// The build side, shared by the parallel copies of a join: its rows and keys are collected
// once (`collected`), the hash table over them is built once when a copy needs it (`built`).
struct JoinBuildState {
  std::once_flag collected, built;
  Status collect_status;
  DataChunk rows;
  std::vector<EvaluatedVector> keys;  // the right keys over `rows`
  std::unique_ptr<GroupTable> table;  // null for a join without keys
  RowsByKey rows_by_key;              // the rows of each key of `table`
  bool unique_keys = false;           // no key has two rows: a probe row meets at most one
  bool has_null_key = false;
  // A join reading its probe side first (ReadProbeSideFirst): every copy of the join sharing
  // this state reports the probe keys it read, and the last to report publishes them, when
  // every copy's probe side was small, as filters on the build side's scans.
  size_t copies = 0;  // the join operators sharing this state
  std::mutex probe_mutex;
  std::condition_variable all_reported;
  size_t reports = 0;
  bool probe_small = true;
  std::vector<std::vector<int64_t>> probe_keys;  // per key
};

namespace {

// The most probe rows a join reads ahead: a semi or anti join whose probe side turns out to
// be at most this many rows, and at most a quarter of the build side, hashes the probe side
// instead and streams the build side past it; a join reading its probe side first publishes
// its keys for the build side when all its copies together read at most this many.
constexpr size_t kMaxProbeRowsReadAhead = 1 << 20;

void GroupRows(const std::vector<const Vector*>& keys, const std::vector<uint32_t>& groups, size_t groups_count,
               RowsByKey& out, bool& has_null_key) {
  std::vector<uint8_t> null_key(groups.size(), 0);
  for (const Vector* key : keys) {
    if (!key->AnyNull()) continue;
    for (size_t r = 0; r < groups.size(); r++) null_key[r] |= key->IsNull(r) ? 1 : 0;
  }
  out.offsets.assign(groups_count + 1, 0);
  for (size_t r = 0; r < groups.size(); r++) {
    if (null_key[r]) {
      has_null_key = true;
      continue;
    }
    out.offsets[groups[r] + 1]++;
  }
  for (size_t g = 0; g < groups_count; g++) out.offsets[g + 1] += out.offsets[g];
  out.rows.resize(out.offsets[groups_count]);
  std::vector<uint32_t> fill(out.offsets.begin(), out.offsets.end() - 1);
  for (size_t r = 0; r < groups.size(); r++) {
    if (!null_key[r]) out.rows[fill[groups[r]]++] = static_cast<uint32_t>(r);
  }
}

std::vector<const Vector*> Pointers(const std::vector<EvaluatedVector>& keys) {
  std::vector<const Vector*> pointers;
  for (const auto& key : keys) pointers.push_back(key.vector);
  return pointers;
}

}  // namespace

std::shared_ptr<JoinBuildState> MakeJoinBuildState() { return std::make_shared<JoinBuildState>(); }

namespace {

class HashJoinOperator : public Operator {
 public:
  HashJoinOperator(OperatorPtr left, OperatorPtr right, HashJoinSpec spec) : spec_(std::move(spec)) {
    shared_ = spec_.shared_build ? spec_.shared_build : MakeJoinBuildState();
    left_width_ = left->types().size();
    types_ = left->types();
    if (!IsSemiOrAnti()) {
      types_.insert(types_.end(), right->types().begin(), right->types().end());
    }
    children_.push_back(std::move(left));
    children_.push_back(std::move(right));
    shared_->copies++;  // copies are made one after another, before any runs
  }

  Status PrepareBuilds(ExecContext& context) override {
    if (!built_) RETURN_IF_ERROR(Build(context));
    return Status::Ok();
  }

  std::string Name() const override {
    switch (spec_.type) {
      case PlanJoinType::kInner: return "HashJoin";
      case PlanJoinType::kLeft: return "HashJoin (left)";
      case PlanJoinType::kRight: return "HashJoin (right)";
      case PlanJoinType::kFull: return "HashJoin (full)";
      case PlanJoinType::kSemi: return "HashJoin (semi)";
      case PlanJoinType::kAnti: return spec_.null_aware ? "HashJoin (anti, null-aware)" : "HashJoin (anti)";
    }
    return "HashJoin";
  }
  std::string Detail() const override {
    std::string out;
    for (size_t i = 0; i < spec_.left_keys.size(); i++) {
      out += (i ? " AND " : "") + spec_.left_keys[i]->ToString() + " = " + spec_.right_keys[i]->ToString();
    }
    if (spec_.residual) out += (out.empty() ? "" : " AND ") + spec_.residual->ToString();
    return out.empty() ? "cross" : out;
  }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    if (!built_) RETURN_IF_ERROR(Build(context));
    if (reversed_) return NextReversed(context, out);
    while (buffered_next_ < buffered_.size()) {
      probe_ = std::move(buffered_[buffered_next_++]);
      RETURN_IF_ERROR(Probe(context, out));
      if (out.size() > 0) return true;
    }
    while (!probe_done_) {
      ASSIGN_OR_RETURN(bool has_rows, children_[0]->Next(context, probe_));
      if (!has_rows) {
        probe_done_ = true;
        break;
      }
      RETURN_IF_ERROR(Probe(context, out));
      if (out.size() > 0) return true;
    }
    if ((spec_.type == PlanJoinType::kRight || spec_.type == PlanJoinType::kFull) && !unmatched_emitted_) {
      unmatched_emitted_ = true;
      EmitUnmatchedBuildRows(out);
      return out.size() > 0;
    }
    return false;
  }

 private:
  bool IsSemiOrAnti() const {
    return spec_.type == PlanJoinType::kSemi || spec_.type == PlanJoinType::kAnti;
  }

  // Collects the build side; a semi or anti join whose probe side is much smaller then hashes
  // the probe side instead (reversed_), any other builds the hash table over the build side.
  Status Build(ExecContext& context) {
    built_ = true;
    if (spec_.build_after_probe_side) RETURN_IF_ERROR(children_[0]->PrepareBuilds(context));
    const bool probe_first = ReadsProbeSideFirst();
    if (probe_first) RETURN_IF_ERROR(ReadProbeSideFirst(context));
    std::call_once(shared_->collected, [&] { shared_->collect_status = CollectShared(context, *shared_); });
    RETURN_IF_ERROR(shared_->collect_status);
    if (MayReverse()) {
      if (probe_first) {
        reversed_ = probe_done_ && BufferedRows() <= shared_->rows.size() / 4;
      } else {
        ASSIGN_OR_RETURN(reversed_, BufferSmallProbeSide(context));
      }
      if (reversed_) return MatchReversed(context);
    }
    std::call_once(shared_->built, [&] { BuildSharedTable(*shared_); });
    build_matched_.assign(shared_->rows.size(), 0);
    return Status::Ok();
  }

  Status CollectShared(ExecContext& context, JoinBuildState& state) {
    ASSIGN_OR_RETURN(state.rows, CollectBuildSide(context));
    for (const auto& key : spec_.right_keys) {
      ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*key, state.rows, context.functions));
      state.keys.push_back(std::move(value));
    }
    for (size_t k = 0; k < spec_.runtime_filters.size() && k < state.keys.size(); k++) {
      const Vector& key = *state.keys[k].vector;
      if (spec_.runtime_filters[k] && key.type().physical() == PhysicalType::kInt64) {
        spec_.runtime_filters[k]->Publish(key, state.rows.size());
      }
    }
    return Status::Ok();
  }

  // The build side's rows, collected on every worker thread when it is a parallel pipeline.
  Result<DataChunk> CollectBuildSide(ExecContext& context) {
    if (spec_.parallel_build_inputs.empty()) return CollectAll(context, *children_[1]);
    std::vector<DataChunk> parts(spec_.parallel_build_inputs.size() + 1);
    RETURN_IF_ERROR(RunInParallel(parts.size(), [&](size_t i) -> Status {
      Operator& input = i == 0 ? *children_[1] : *spec_.parallel_build_inputs[i - 1];
      ASSIGN_OR_RETURN(parts[i], CollectAll(context, input));
      return Status::Ok();
    }));
    DataChunk all = std::move(parts[0]);
    for (size_t i = 1; i < parts.size(); i++) {
      all.TakeRange(parts[i], 0, parts[i].size());
      parts[i] = DataChunk();
    }
    return all;
  }

  void BuildSharedTable(JoinBuildState& state) {
    if (spec_.right_keys.empty()) return;
    const size_t rows = state.rows.size();
    std::vector<LogicalType> types;
    for (const auto& key : spec_.right_keys) types.push_back(key->type);
    std::vector<const Vector*> pointers = Pointers(state.keys);
    state.table = std::make_unique<GroupTable>(types);
    state.table->Reserve(rows);
    std::vector<uint32_t> groups(rows);
    state.table->FindOrCreate(pointers, rows, groups.data());
    GroupRows(pointers, groups, state.table->size(), state.rows_by_key, state.has_null_key);
    const std::vector<uint32_t>& offsets = state.rows_by_key.offsets;
    state.unique_keys = true;
    for (size_t g = 0; g + 1 < offsets.size() && state.unique_keys; g++) {
      state.unique_keys = offsets[g + 1] - offsets[g] <= 1;
    }
  }

  // A join given filters for its build side (an inner, left, semi or anti join; not
  // NULL-aware, where a NULL build key matters to NOT IN) reads its probe side first, while it
  // stays small: a build row whose key no probe row has can change no answer.
  bool ReadsProbeSideFirst() const {
    if (spec_.type == PlanJoinType::kRight || spec_.type == PlanJoinType::kFull || spec_.null_aware) return false;
    for (const auto& filter : spec_.build_side_filters) {
      if (filter) return true;
    }
    return false;
  }

  Status ReadProbeSideFirst(ExecContext& context) {
    const size_t limit = kMaxProbeRowsReadAhead / std::max<size_t>(shared_->copies, 1);
    Status status;
    size_t rows = 0;
    while (rows <= limit) {
      DataChunk chunk;
      Result<bool> has_rows = children_[0]->Next(context, chunk);
      if (!has_rows.ok() || !*has_rows) {
        status = has_rows.status();
        probe_done_ = status.ok();
        break;
      }
      rows += chunk.size();
      buffered_.push_back(std::move(chunk));
    }
    std::vector<std::vector<int64_t>> keys(spec_.left_keys.size());
    if (probe_done_) status = CollectProbeKeys(context, keys);
    // Every copy reports, even after an error, so that no copy waits for ever.
    ReportProbeKeys(probe_done_ && status.ok(), std::move(keys));
    return status;
  }

  Status CollectProbeKeys(ExecContext& context, std::vector<std::vector<int64_t>>& keys) {
    for (size_t k = 0; k < keys.size(); k++) {
      if (k >= spec_.build_side_filters.size() || !spec_.build_side_filters[k]) continue;
      for (const DataChunk& chunk : buffered_) {
        ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*spec_.left_keys[k], chunk, context.functions));
        for (size_t r = 0; r < chunk.size(); r++) {
          if (!value.vector->IsNull(r)) keys[k].push_back(value.vector->i64()[r]);
        }
      }
    }
    return Status::Ok();
  }

  void ReportProbeKeys(bool small, std::vector<std::vector<int64_t>> keys) {
    JoinBuildState& state = *shared_;
    std::unique_lock<std::mutex> lock(state.probe_mutex);
    state.probe_small = state.probe_small && small;
    state.probe_keys.resize(keys.size());
    for (size_t k = 0; k < keys.size(); k++) {
      state.probe_keys[k].insert(state.probe_keys[k].end(), keys[k].begin(), keys[k].end());
    }
    if (++state.reports < state.copies) {
      state.all_reported.wait(lock, [&] { return state.reports >= state.copies; });
      return;
    }
    for (size_t k = 0; k < state.probe_keys.size() && state.probe_small; k++) {
      if (k >= spec_.build_side_filters.size() || !spec_.build_side_filters[k]) continue;
      const std::vector<int64_t>& values = state.probe_keys[k];
      Vector vector(LogicalType(TypeId::kBigInt), values.size());
      std::copy(values.begin(), values.end(), vector.i64());
      spec_.build_side_filters[k]->Publish(vector, values.size());
    }
    state.probe_keys.clear();
    state.all_reported.notify_all();
  }

  size_t BufferedRows() const {
    size_t rows = 0;
    for (const DataChunk& chunk : buffered_) rows += chunk.size();
    return rows;
  }

  bool MayReverse() const {
    return IsSemiOrAnti() && !spec_.null_aware && !spec_.left_keys.empty() &&
           shared_->rows.size() / 4 > 0;
  }

  // Reads the probe side while it stays small next to the build side. True when it ended
  // first; otherwise its chunks so far are probed first once the build side is hashed.
  Result<bool> BufferSmallProbeSide(ExecContext& context) {
    const size_t limit = std::min(kMaxProbeRowsReadAhead, shared_->rows.size() / 4);
    size_t rows = 0;
    while (rows <= limit) {
      DataChunk chunk;
      ASSIGN_OR_RETURN(bool has_rows, children_[0]->Next(context, chunk));
      if (!has_rows) {
        probe_done_ = true;
        return true;
      }
      rows += chunk.size();
      buffered_.push_back(std::move(chunk));
    }
    return false;
  }

  // Reversed semi or anti join: hashes the (small) probe side, streams the build side's rows
  // past it and marks each probe row that finds a partner passing the residual condition.
  Status MatchReversed(ExecContext& context) {
    DataChunk& left = probe_;
    left.Initialize(children_[0]->types());
    for (DataChunk& chunk : buffered_) left.TakeRange(chunk, 0, chunk.size());
    buffered_.clear();
    const size_t count = left.size();
    std::vector<EvaluatedVector> left_keys;
    std::vector<LogicalType> types;
    for (const auto& key : spec_.left_keys) {
      ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*key, left, context.functions));
      left_keys.push_back(std::move(value));
      types.push_back(key->type);
    }
    std::vector<const Vector*> pointers = Pointers(left_keys);
    GroupTable table(types);
    table.Reserve(count);
    std::vector<uint32_t> groups(count);
    table.FindOrCreate(pointers, count, groups.data());
    RowsByKey rows_by_key;
    bool has_null_key = false;
    GroupRows(pointers, groups, table.size(), rows_by_key, has_null_key);

    const DataChunk& right = shared_->rows;
    std::vector<uint32_t> right_groups(right.size());
    table.Find(Pointers(shared_->keys), right.size(), right_groups.data());
    left_matched_.assign(count, 0);
    for (size_t r = 0; r < right.size();) {
      probe_rows_.clear();
      build_rows_.clear();
      for (; r < right.size() && probe_rows_.size() < 4 * kChunkSize; r++) {
        if (right_groups[r] == GroupTable::kNoGroup) continue;
        const auto [begin, end] = rows_by_key.Of(right_groups[r]);
        for (const uint32_t* l = begin; l != end; l++) {
          if (left_matched_[*l]) continue;
          probe_rows_.push_back(*l);
          build_rows_.push_back(static_cast<uint32_t>(r));
        }
      }
      if (spec_.residual && !probe_rows_.empty()) RETURN_IF_ERROR(KeepPairsPassingResidual(context));
      for (uint32_t l : probe_rows_) left_matched_[l] = 1;
    }
    return Status::Ok();
  }

  // Hands out the probe rows that found a partner (semi) or none (anti), a chunk at a time.
  Result<bool> NextReversed(ExecContext&, DataChunk& out) {
    const bool want = spec_.type == PlanJoinType::kSemi;
    std::vector<uint32_t> keep;
    for (; reversed_next_ < probe_.size() && keep.size() < kChunkSize; reversed_next_++) {
      if ((left_matched_[reversed_next_] != 0) == want) keep.push_back(static_cast<uint32_t>(reversed_next_));
    }
    if (keep.empty()) return false;
    for (size_t c = 0; c < left_width_; c++) out.columns[c].AppendSelected(probe_.columns[c], keep.data(), keep.size());
    out.row_count = keep.size();
    return true;
  }

  // Collects (probe row, build row) candidate pairs for probe rows [start, ...), stopping
  // once a batch is large enough; returns the next probe row to continue from.
  size_t CollectPairs(const std::vector<uint32_t>& groups, size_t start) {
    probe_rows_.clear();
    build_rows_.clear();
    size_t count = probe_.size();
    size_t build_count = shared_->rows.size();
    size_t row = start;
    for (; row < count && probe_rows_.size() < 4 * kChunkSize; row++) {
      if (shared_->table) {
        if (groups[row] == GroupTable::kNoGroup) continue;
        const auto [begin, end] = shared_->rows_by_key.Of(groups[row]);
        for (const uint32_t* b = begin; b != end; b++) {
          probe_rows_.push_back(static_cast<uint32_t>(row));
          build_rows_.push_back(*b);
        }
      } else {
        for (size_t b = 0; b < build_count; b++) {
          probe_rows_.push_back(static_cast<uint32_t>(row));
          build_rows_.push_back(static_cast<uint32_t>(b));
        }
      }
    }
    return row;
  }

  Status Probe(ExecContext& context, DataChunk& out) {
    size_t count = probe_.size();
    std::vector<uint32_t> groups(count, 0);
    if (shared_->table) {
      std::vector<EvaluatedVector> keys;
      std::vector<const Vector*> pointers;
      for (const auto& key : spec_.left_keys) {
        ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*key, probe_, context.functions));
        pointers.push_back(value.vector);
        keys.push_back(std::move(value));
      }
      shared_->table->Find(pointers, count, groups.data());
    }
    std::vector<uint8_t> probe_matched(count, 0);
    size_t matched_rows = 0;  // rows of a join whose output has no columns still count
    if (spec_.null_aware && shared_->has_null_key) return Status::Ok();  // x NOT IN (.., NULL): never true
    size_t start = 0;
    while (start < count) {
      start = CollectPairs(groups, start);
      if (spec_.residual && !probe_rows_.empty()) RETURN_IF_ERROR(KeepPairsPassingResidual(context));
      for (uint32_t p : probe_rows_) probe_matched[p] = 1;
      for (uint32_t b : build_rows_) build_matched_[b] = 1;
      // Semi and anti joins only need to know which probe rows matched; the others gather the
      // pairs' columns straight into the output.
      if (!IsSemiOrAnti()) {
        // Probe rows that meet one build row at most are handed on once: their strings are
        // moved, not copied (a dimension's name carried up a chain of joins).
        for (size_t c = 0; c < left_width_; c++) {
          if (shared_->unique_keys) {
            out.columns[c].TakeSelected(probe_.columns[c], probe_rows_.data(), probe_rows_.size());
          } else {
            out.columns[c].AppendSelected(probe_.columns[c], probe_rows_.data(), probe_rows_.size());
          }
        }
        for (size_t c = 0; c < shared_->rows.columns.size(); c++) {
          out.columns[left_width_ + c].AppendSelected(shared_->rows.columns[c], build_rows_.data(),
                                                      build_rows_.size());
        }
      }
      matched_rows += probe_rows_.size();
    }
    if (IsSemiOrAnti()) {
      bool want = spec_.type == PlanJoinType::kSemi;
      std::vector<uint32_t> keep;
      for (size_t r = 0; r < count; r++) {
        bool matched = probe_matched[r] != 0;
        if (!want && spec_.null_aware && !matched && groups[r] == GroupTable::kNoGroup &&
            shared_->rows.size() > 0 && ProbeKeyIsNull(context, r)) {
          continue;  // NULL NOT IN (non-empty set) is NULL, not true
        }
        if (matched == want) keep.push_back(static_cast<uint32_t>(r));
      }
      for (size_t c = 0; c < left_width_; c++) out.columns[c].TakeSelected(probe_.columns[c], keep.data(), keep.size());
      out.row_count += keep.size();
      return Status::Ok();
    }
    size_t unmatched_rows = 0;
    if (spec_.type == PlanJoinType::kLeft || spec_.type == PlanJoinType::kFull) {
      std::vector<uint32_t> unmatched;
      for (size_t r = 0; r < count; r++) {
        if (!probe_matched[r]) unmatched.push_back(static_cast<uint32_t>(r));
      }
      unmatched_rows = unmatched.size();
      if (!unmatched.empty()) {
        for (size_t c = 0; c < left_width_; c++) {
          out.columns[c].TakeSelected(probe_.columns[c], unmatched.data(), unmatched.size());
        }
        for (size_t c = left_width_; c < types_.size(); c++) {
          size_t base = out.columns[c].size();
          out.columns[c].Resize(base + unmatched.size());
          for (size_t i = 0; i < unmatched.size(); i++) out.columns[c].SetNull(base + i);
        }
      }
    }
    out.row_count = matched_rows + unmatched_rows;
    return Status::Ok();
  }

  // Drops the collected pairs for which the join's residual condition is not true.
  Status KeepPairsPassingResidual(ExecContext& context) {
    DataChunk joined;
    joined.Initialize(JoinedTypes());
    for (size_t c = 0; c < left_width_; c++) {
      joined.columns[c].AppendSelected(probe_.columns[c], probe_rows_.data(), probe_rows_.size());
    }
    for (size_t c = 0; c < shared_->rows.columns.size(); c++) {
      joined.columns[left_width_ + c].AppendSelected(shared_->rows.columns[c], build_rows_.data(),
                                                     build_rows_.size());
    }
    joined.row_count = probe_rows_.size();
    RETURN_IF_ERROR(SelectRows(*spec_.residual, joined, context.functions, selection_));
    if (selection_.size() == probe_rows_.size()) return Status::Ok();
    for (size_t i = 0; i < selection_.size(); i++) {
      probe_rows_[i] = probe_rows_[selection_[i]];
      build_rows_[i] = build_rows_[selection_[i]];
    }
    probe_rows_.resize(selection_.size());
    build_rows_.resize(selection_.size());
    return Status::Ok();
  }

  bool ProbeKeyIsNull(ExecContext& context, size_t row) {
    for (const auto& key : spec_.left_keys) {
      auto value = Evaluate(*key, probe_, context.functions);
      if (value.ok() && value->vector->IsNull(row)) return true;
    }
    return false;
  }

  std::vector<LogicalType> JoinedTypes() const {
    std::vector<LogicalType> types = children_[0]->types();
    const auto& right = children_[1]->types();
    types.insert(types.end(), right.begin(), right.end());
    return types;
  }

  void EmitUnmatchedBuildRows(DataChunk& out) {
    std::vector<uint32_t> rows;
    for (size_t b = 0; b < shared_->rows.size(); b++) {
      if (!build_matched_[b]) rows.push_back(static_cast<uint32_t>(b));
    }
    for (size_t c = 0; c < left_width_; c++) {
      out.columns[c].Resize(rows.size());
      for (size_t i = 0; i < rows.size(); i++) out.columns[c].SetNull(i);
    }
    for (size_t c = 0; c < shared_->rows.columns.size(); c++) {
      out.columns[left_width_ + c].AppendSelected(shared_->rows.columns[c], rows.data(), rows.size());
    }
    out.row_count = rows.size();
  }

  HashJoinSpec spec_;
  size_t left_width_ = 0;
  bool built_ = false, probe_done_ = false, unmatched_emitted_ = false;
  std::vector<DataChunk> buffered_;  // probe chunks read while deciding whether to reverse
  size_t buffered_next_ = 0;
  bool reversed_ = false;              // a semi or anti join with the probe side hashed
  std::vector<uint8_t> left_matched_;  // reversed: probe rows (all in probe_) that found a partner
  size_t reversed_next_ = 0;           // reversed: the next probe row to hand out
  std::shared_ptr<JoinBuildState> shared_;
  DataChunk probe_;
  std::vector<uint8_t> build_matched_;
  std::vector<uint32_t> probe_rows_, build_rows_, selection_;
};

}  // namespace

OperatorPtr MakeHashJoinOperator(OperatorPtr left, OperatorPtr right, HashJoinSpec spec) {
  return std::make_unique<HashJoinOperator>(std::move(left), std::move(right), std::move(spec));
}

}  // namespace martlet
