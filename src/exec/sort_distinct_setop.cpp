// Sort (and top-N), DISTINCT and the set operations UNION / INTERSECT / EXCEPT [ALL].
#include <algorithm>

#include "exec/expression_executor.hpp"
#include "exec/group_table.hpp"
#include "exec/operators.hpp"

namespace martlet {

namespace {

class SortOperator : public Operator {
 public:
  SortOperator(OperatorPtr child, std::vector<SortKey> keys, int64_t limit,
               std::vector<OperatorPtr> parallel_inputs)
      : keys_(std::move(keys)), limit_(limit), parallel_inputs_(std::move(parallel_inputs)) {
    types_ = child->types();
    children_.push_back(std::move(child));
  }
  std::string Name() const override { return limit_ >= 0 ? "TopN" : "Sort"; }
  std::string Detail() const override {
    std::string out;
    for (size_t i = 0; i < keys_.size(); i++) {
      out += (i ? ", " : "") + std::string("#") + std::to_string(keys_[i].column) +
             (keys_[i].descending ? " DESC" : "");
    }
    return limit_ >= 0 ? out + " limit " + std::to_string(limit_) : out;
  }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    if (!sorted_) {
      sorted_ = true;
      RETURN_IF_ERROR(CollectInputs(context));
      order_ = SortRowIndexes(input_, keys_);
      if (limit_ >= 0 && order_.size() > static_cast<size_t>(limit_)) order_.resize(limit_);
    }
    if (offset_ >= order_.size()) return false;
    size_t n = std::min(kChunkSize, order_.size() - offset_);
    for (size_t c = 0; c < types_.size(); c++) {
      out.columns[c].TakeSelected(input_.columns[c], order_.data() + offset_, n);  // each row once
    }
    out.row_count = n;
    offset_ += n;
    return true;
  }

 private:
  Status CollectInputs(ExecContext& context) {
    size_t inputs = parallel_inputs_.size() + 1;
    std::vector<DataChunk> parts(inputs);
    RETURN_IF_ERROR(RunInParallel(inputs, [&](size_t i) -> Status {
      Operator& input = i == 0 ? *children_[0] : *parallel_inputs_[i - 1];
      ASSIGN_OR_RETURN(parts[i], CollectAll(context, input));
      return Status::Ok();
    }));
    for (const auto& copy : parallel_inputs_) children_[0]->AbsorbStats(*copy);
    input_ = std::move(parts[0]);
    for (size_t i = 1; i < inputs; i++) input_.TakeRange(parts[i], 0, parts[i].size());
    return Status::Ok();
  }

  std::vector<SortKey> keys_;
  int64_t limit_;
  std::vector<OperatorPtr> parallel_inputs_;
  bool sorted_ = false;
  DataChunk input_;
  std::vector<uint32_t> order_;
  size_t offset_ = 0;
};

std::vector<const Vector*> AllColumns(const DataChunk& chunk) {
  std::vector<const Vector*> columns;
  for (const auto& column : chunk.columns) columns.push_back(&column);
  return columns;
}

class DistinctOperator : public Operator {
 public:
  explicit DistinctOperator(OperatorPtr child) : seen_(child->types()) {
    types_ = child->types();
    children_.push_back(std::move(child));
  }
  std::string Name() const override { return "Distinct"; }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    while (true) {
      ASSIGN_OR_RETURN(bool has_rows, children_[0]->Next(context, out));
      if (!has_rows) return false;
      size_t count = out.size();
      size_t before = seen_.size();
      groups_.resize(count);
      seen_.FindOrCreate(AllColumns(out), count, groups_.data());
      selection_.clear();
      for (size_t i = 0; i < count; i++) {
        // A row is new exactly when its group id is the next one handed out.
        if (groups_[i] >= before && groups_[i] == before + selection_.size()) {
          selection_.push_back(static_cast<uint32_t>(i));
        }
      }
      if (selection_.empty()) continue;
      out.Compact(selection_.data(), selection_.size());
      return true;
    }
  }

 private:
  GroupTable seen_;
  std::vector<uint32_t> groups_, selection_;
};

class SetOpOperator : public Operator {
 public:
  SetOpOperator(OperatorPtr left, OperatorPtr right, int set_op, bool all)
      : set_op_(set_op), all_(all) {
    types_ = left->types();
    children_.push_back(std::move(left));
    children_.push_back(std::move(right));
  }
  std::string Name() const override {
    static const char* kNames[] = {"Union", "Intersect", "Except"};
    return std::string(kNames[set_op_]) + (all_ ? " All" : "");
  }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    if (set_op_ == 0 && all_) {
      // UNION ALL streams both inputs.
      while (current_ < 2) {
        ASSIGN_OR_RETURN(bool has_rows, children_[current_]->Next(context, out));
        if (has_rows) return true;
        current_++;
      }
      return false;
    }
    if (!result_) RETURN_IF_ERROR(Compute(context));
    if (offset_ >= result_->size()) return false;
    size_t n = std::min(kChunkSize, result_->size() - offset_);
    out.TakeRange(*result_, offset_, n);  // each row is handed on once
    offset_ += n;
    return true;
  }

 private:
  Status Compute(ExecContext& context) {
    ASSIGN_OR_RETURN(DataChunk left, CollectAll(context, *children_[0]));
    ASSIGN_OR_RETURN(DataChunk right, CollectAll(context, *children_[1]));
    GroupTable table(types_);
    std::vector<uint32_t> left_groups(left.size()), right_groups(right.size());
    table.FindOrCreate(AllColumns(left), left.size(), left_groups.data());
    table.FindOrCreate(AllColumns(right), right.size(), right_groups.data());
    std::vector<int64_t> left_count(table.size(), 0), right_count(table.size(), 0);
    for (uint32_t g : left_groups) left_count[g]++;
    for (uint32_t g : right_groups) right_count[g]++;
    result_ = std::make_shared<DataChunk>();
    result_->Initialize(types_);
    std::vector<uint32_t> rows;
    for (size_t g = 0; g < table.size(); g++) {
      int64_t copies = 0;
      if (set_op_ == 0) copies = 1;  // UNION (distinct)
      if (set_op_ == 1) copies = all_ ? std::min(left_count[g], right_count[g]) : (left_count[g] && right_count[g]);
      if (set_op_ == 2) {
        copies = all_ ? std::max<int64_t>(0, left_count[g] - right_count[g])
                      : (left_count[g] > 0 && right_count[g] == 0);
      }
      for (int64_t i = 0; i < copies; i++) rows.push_back(static_cast<uint32_t>(g));
    }
    for (size_t c = 0; c < types_.size(); c++) {
      result_->columns[c].AppendSelected(table.keys().columns[c], rows.data(), rows.size());
    }
    result_->row_count = rows.size();
    return Status::Ok();
  }

  int set_op_;
  bool all_;
  int current_ = 0;
  std::shared_ptr<DataChunk> result_;
  size_t offset_ = 0;
};

}  // namespace

OperatorPtr MakeSortOperator(OperatorPtr child, std::vector<SortKey> keys, int64_t limit,
                             std::vector<OperatorPtr> parallel_inputs) {
  return std::make_unique<SortOperator>(std::move(child), std::move(keys), limit,
                                        std::move(parallel_inputs));
}
OperatorPtr MakeDistinctOperator(OperatorPtr child) {
  return std::make_unique<DistinctOperator>(std::move(child));
}
OperatorPtr MakeSetOpOperator(OperatorPtr left, OperatorPtr right, int set_op, bool all) {
  return std::make_unique<SetOpOperator>(std::move(left), std::move(right), set_op, all);
}

}  // namespace martlet
