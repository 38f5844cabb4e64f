// Hash aggregation: group ids from a GroupTable, one AggregateState per aggregate call.
#include "exec/expression_executor.hpp"
#include "exec/group_table.hpp"
#include "exec/operators.hpp"

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
    for (const auto& call : spec_.aggregates) states_.push_back(call.binding.make_state());
    if (keys_.empty()) {
      for (auto& state : states_) state->Resize(1);
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
      for (auto& state : states_) state->Resize(table_->size());
    }
    for (size_t a = 0; a < spec_.aggregates.size(); a++) {
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

  // Output: every group key (NULL for keys outside this set), then each aggregate.
  Result<std::shared_ptr<DataChunk>> Finish(const std::vector<LogicalType>& types) {
    size_t groups = keys_.empty() ? 1 : table_->size();
    auto out = std::make_shared<DataChunk>();
    out->Initialize(types);
    size_t key_count = spec_.group_keys.size();
    for (size_t k = 0; k < key_count; k++) {
      auto it = std::find(keys_.begin(), keys_.end(), static_cast<int>(k));
      if (it == keys_.end()) {
        out->columns[k].Resize(groups);
        for (size_t g = 0; g < groups; g++) out->columns[k].SetNull(g);
      } else {
        out->columns[k].AppendRange(table_->keys().columns[it - keys_.begin()], 0, groups);
      }
    }
    for (size_t a = 0; a < states_.size(); a++) {
      Vector& column = out->columns[key_count + a];
      column.Resize(groups);
      RETURN_IF_ERROR(states_[a]->Finalize(column));
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
  HashAggregateOperator(OperatorPtr child, AggregateSpec spec, std::vector<LogicalType> types)
      : spec_(std::move(spec)) {
    types_ = std::move(types);
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
    return out;
  }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    if (!result_) RETURN_IF_ERROR(Run(context));
    if (offset_ >= result_->size()) return false;
    size_t n = std::min(kChunkSize, result_->size() - offset_);
    out.AppendRange(*result_, offset_, n);
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
    std::vector<std::unique_ptr<GroupingSetAggregator>> aggregators;
    for (auto& set : sets) aggregators.push_back(std::make_unique<GroupingSetAggregator>(spec_, set));
    DataChunk chunk;
    while (true) {
      ASSIGN_OR_RETURN(bool has_rows, children_[0]->Next(context, chunk));
      if (!has_rows) break;
      for (auto& aggregator : aggregators) RETURN_IF_ERROR(aggregator->Consume(chunk, context.functions));
    }
    result_ = std::make_shared<DataChunk>();
    result_->Initialize(types_);
    for (auto& aggregator : aggregators) {
      ASSIGN_OR_RETURN(auto rows, aggregator->Finish(types_));
      result_->AppendRange(*rows, 0, rows->size());
    }
    return Status::Ok();
  }

  AggregateSpec spec_;
  std::shared_ptr<DataChunk> result_;
  size_t offset_ = 0;
};

}  // namespace

OperatorPtr MakeHashAggregateOperator(OperatorPtr child, AggregateSpec spec,
                                      std::vector<LogicalType> output_types) {
  return std::make_unique<HashAggregateOperator>(std::move(child), std::move(spec),
                                                 std::move(output_types));
}

}  // namespace martlet
