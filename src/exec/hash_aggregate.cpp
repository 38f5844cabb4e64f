// Hash aggregation: group ids from a GroupTable, one AggregateState per aggregate call.
#include <thread>

#include "exec/expression_executor.hpp"
#include "exec/group_table.hpp"
#include "exec/operators.hpp"
#include "exec/shared_subexpressions.hpp"

namespace martlet {

namespace {

// Aggregates one grouping set over a stream of chunks.
class GroupingSetAggregator {
 public:
  GroupingSetAggregator(const AggregateSpec& spec, std::vector<int> keys)
      : spec_(spec), keys_(std::move(keys)) {
    std::vector<LogicalType> key_types;
    for (int k : keys_) key_types.push_back(spec_.group_keys[k]->type);
    table_ = std::make_unique<GroupTable>(key_types);
    for (const auto& call : spec_.aggregates) {
      states_.push_back(call.binding.make_state ? call.binding.make_state() : nullptr);
    }
    if (keys_.empty()) {
      for (auto& state : states_) {
        if (state) state->Resize(1);
      }
    }
  }

  Status Consume(const DataChunk& chunk, const FunctionContext& context) {
    size_t count = chunk.size();
    if (count == 0) return Status::Ok();
    group_ids_.assign(count, 0);
    if (!keys_.empty()) {
      std::vector<EvaluatedVector> values;
      std::vector<const Vector*> pointers;
      for (int k : keys_) {
        ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*spec_.group_keys[k], chunk, context));
        pointers.push_back(value.vector);
        values.push_back(std::move(value));
      }
      table_->FindOrCreate(pointers, count, group_ids_.data());
      for (auto& state : states_) {
        if (state) state->Resize(table_->size());
      }
    }
    for (size_t a = 0; a < spec_.aggregates.size(); a++) {
      if (!states_[a]) continue;  // GROUPING(): a constant of the grouping set
      const AggregateCall& call = spec_.aggregates[a];
      std::vector<EvaluatedVector> values;
      std::vector<const Vector*> args;
      for (const auto& arg : call.args) {
        ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*arg, chunk, context));
        args.push_back(value.vector);
        values.push_back(std::move(value));
      }
      RETURN_IF_ERROR(states_[a]->Update(args, group_ids_.data(), count));
    }
    return Status::Ok();
  }

  size_t KeyBytes() const { return keys_.empty() ? 0 : ApproximateBytes(table_->keys()); }

  // Folds `other` (the same grouping set, aggregated by another thread) into this one.
  Status Merge(GroupingSetAggregator& other) {
    size_t groups = keys_.empty() ? 1 : other.table_->size();
    std::vector<uint32_t> targets(groups, 0);
    if (!keys_.empty()) {
      std::vector<const Vector*> keys;
      for (const auto& column : other.table_->keys().columns) keys.push_back(&column);
      table_->FindOrCreate(keys, groups, targets.data());
      for (auto& state : states_) {
        if (state) state->Resize(table_->size());
      }
    }
    for (size_t a = 0; a < states_.size(); a++) {
      if (states_[a]) RETURN_IF_ERROR(states_[a]->Combine(*other.states_[a], targets.data(), groups));
    }
    return Status::Ok();
  }

  // Output: every group key (NULL for keys outside this set), then each aggregate.
  Result<std::shared_ptr<DataChunk>> Finish(const std::vector<LogicalType>& types) {
    size_t groups = keys_.empty() ? 1 : table_->size();
    auto out = std::make_shared<DataChunk>();
    out->Initialize(types);
    size_t key_count = spec_.group_keys.size();
    DataChunk keys = keys_.empty() ? DataChunk() : table_->TakeKeys();
    for (size_t k = 0; k < key_count; k++) {
      auto it = std::find(keys_.begin(), keys_.end(), static_cast<int>(k));
      if (it == keys_.end()) {
        out->columns[k].Resize(groups);
        for (size_t g = 0; g < groups; g++) out->columns[k].SetNull(g);
      } else {
        out->columns[k] = std::move(keys.columns[it - keys_.begin()]);
      }
    }
    for (size_t a = 0; a < states_.size(); a++) {
      Vector& column = out->columns[key_count + a];
      column.Resize(groups);
      if (states_[a]) {
        RETURN_IF_ERROR(states_[a]->Finalize(column));
        continue;
      }
      // GROUPING(a, b, ...): one bit per argument, the first the highest, set when that key
      // is not part of this grouping set.
      int64_t value = 0;
      for (int key : spec_.aggregates[a].info.grouping_keys) {
        bool absent = std::find(keys_.begin(), keys_.end(), key) == keys_.end();
        value = value * 2 + (absent ? 1 : 0);
      }
      std::fill(column.i64(), column.i64() + groups, value);
    }
    out->row_count = groups;
    return out;
  }

 private:
  const AggregateSpec& spec_;
  std::vector<int> keys_;
  std::unique_ptr<GroupTable> table_;
  std::vector<std::unique_ptr<AggregateState>> states_;
  std::vector<uint32_t> group_ids_;
};

class HashAggregateOperator : public Operator {
 public:
  HashAggregateOperator(OperatorPtr child, AggregateSpec spec, std::vector<LogicalType> types,
                        std::vector<OperatorPtr> parallel_inputs)
      : spec_(std::move(spec)), parallel_inputs_(std::move(parallel_inputs)) {
    types_ = std::move(types);
    std::vector<BoundExprPtr*> exprs;
    for (auto& key : spec_.group_keys) exprs.push_back(&key);
    for (auto& call : spec_.aggregates) {
      for (auto& arg : call.args) exprs.push_back(&arg);
    }
    shared_ = ExtractSharedSubexpressions(exprs, child->types().size());
    children_.push_back(std::move(child));
  }
  std::string Name() const override {
    return spec_.grouping_sets.empty() ? "HashAggregate" : "HashAggregate (grouping sets)";
  }
  std::string Detail() const override {
    std::string out;
    for (size_t i = 0; i < spec_.group_keys.size(); i++) out += (i ? ", " : "") + spec_.group_keys[i]->ToString();
    if (!out.empty()) out = "by " + out + "; ";
    for (size_t i = 0; i < spec_.aggregates.size(); i++) {
      out += (i ? ", " : "") + spec_.aggregates[i].function;
    }
    for (size_t i = 0; i < shared_.size(); i++) out += (i ? ", " : "; once: ") + shared_[i]->ToString();
    if (!parallel_inputs_.empty()) out += "; " + std::to_string(parallel_inputs_.size() + 1) + " threads";
    return out;
  }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    if (!result_) RETURN_IF_ERROR(Run(context));
    if (offset_ >= result_->size()) return false;
    size_t n = std::min(kChunkSize, result_->size() - offset_);
    out.TakeRange(*result_, offset_, n);  // each row is handed on once
    offset_ += n;
    return true;
  }

 private:
  Status Run(ExecContext& context) {
    std::vector<std::vector<int>> sets = spec_.grouping_sets;
    if (sets.empty()) {
      std::vector<int> all;
      for (size_t k = 0; k < spec_.group_keys.size(); k++) all.push_back(static_cast<int>(k));
      sets.push_back(std::move(all));
    }
    // One set of aggregators per input (the child and its parallel copies), merged at the end.
    size_t inputs = parallel_inputs_.size() + 1;
    std::vector<std::vector<std::unique_ptr<GroupingSetAggregator>>> per_input(inputs);
    for (auto& aggregators : per_input) {
      for (auto& set : sets) aggregators.push_back(std::make_unique<GroupingSetAggregator>(spec_, set));
    }
    RETURN_IF_ERROR(RunInParallel(inputs, [&](size_t i) -> Status {
      Operator& input = i == 0 ? *children_[0] : *parallel_inputs_[i - 1];
      DataChunk chunk;
      while (true) {
        ASSIGN_OR_RETURN(bool has_rows, input.Next(context, chunk));
        if (!has_rows) return Status::Ok();
        const size_t width = chunk.columns.size();
        RETURN_IF_ERROR(AppendSharedColumns(shared_, chunk, context.functions));
        for (auto& aggregator : per_input[i]) {
          RETURN_IF_ERROR(aggregator->Consume(chunk, context.functions));
          // Group keys dominate what an aggregation holds; states add about as much again.
          RETURN_IF_ERROR(CheckMemory(context, 2 * aggregator->KeyBytes() * inputs, "HashAggregate"));
        }
        chunk.columns.resize(width);
      }
    }));
    for (const auto& copy : parallel_inputs_) children_[0]->AbsorbStats(*copy);
    auto& aggregators = per_input[0];
    for (size_t i = 1; i < inputs; i++) {
      for (size_t s = 0; s < sets.size(); s++) RETURN_IF_ERROR(aggregators[s]->Merge(*per_input[i][s]));
    }
    for (auto& aggregator : aggregators) {
      ASSIGN_OR_RETURN(auto rows, aggregator->Finish(types_));
      if (!result_) {
        result_ = std::move(rows);
        continue;
      }
      result_->TakeRange(*rows, 0, rows->size());
    }
    return Status::Ok();
  }

  AggregateSpec spec_;
  std::vector<BoundExprPtr> shared_;  // computed once per chunk, read as extra input columns
  std::vector<OperatorPtr> parallel_inputs_;
  std::shared_ptr<DataChunk> result_;
  size_t offset_ = 0;
};

}  // namespace

OperatorPtr MakeHashAggregateOperator(OperatorPtr child, AggregateSpec spec,
                                      std::vector<LogicalType> output_types,
                                      std::vector<OperatorPtr> parallel_inputs) {
  return std::make_unique<HashAggregateOperator>(std::move(child), std::move(spec),
                                                 std::move(output_types), std::move(parallel_inputs));
}

Status RunInParallel(size_t count, const std::function<Status(size_t)>& work) {
  std::vector<Status> results(count);
  std::vector<std::thread> threads;
  for (size_t i = 1; i < count; i++) {
    threads.emplace_back([&, i] { results[i] = work(i); });
  }
  if (count > 0) results[0] = work(0);
  for (auto& thread : threads) thread.join();
  for (auto& result : results) RETURN_IF_ERROR(result);
  return Status::Ok();
}

}  // namespace martlet
