// Values, precomputed results, filter, projection and limit.
#include "exec/expression_executor.hpp"
#include "exec/operators.hpp"

namespace martlet {

namespace {

class ValuesOperator : public Operator {
 public:
  ValuesOperator(std::vector<LogicalType> types, std::vector<std::vector<BoundExprPtr>> rows)
      : rows_(std::move(rows)) {
    types_ = std::move(types);
  }
  std::string Name() const override { return "Values"; }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    if (done_) return false;
    done_ = true;
    if (types_.empty()) {
      out.row_count = rows_.size();
      return !rows_.empty();
    }
    out.SetRowCount(rows_.size());
    for (size_t r = 0; r < rows_.size(); r++) {
      for (size_t c = 0; c < types_.size(); c++) {
        ASSIGN_OR_RETURN(Value value, EvaluateConstant(*rows_[r][c], context.functions));
        out.columns[c].SetValue(r, value);
      }
    }
    return true;
  }

 private:
  std::vector<std::vector<BoundExprPtr>> rows_;
  bool done_ = false;
};

class ResultOperator : public Operator {
 public:
  explicit ResultOperator(std::shared_ptr<DataChunk> rows) : rows_(std::move(rows)) {
    for (const auto& column : rows_->columns) types_.push_back(column.type());
  }
  std::string Name() const override { return "Result"; }

 protected:
  Result<bool> NextChunk(ExecContext&, DataChunk& out) override {
    size_t total = rows_->size();
    if (offset_ >= total) return false;
    size_t n = std::min(kChunkSize, total - offset_);
    out.AppendRange(*rows_, offset_, n);
    offset_ += n;
    return true;
  }

 private:
  std::shared_ptr<DataChunk> rows_;
  size_t offset_ = 0;
};

class FilterOperator : public Operator {
 public:
  FilterOperator(OperatorPtr child, BoundExprPtr predicate) : predicate_(std::move(predicate)) {
    types_ = child->types();
    children_.push_back(std::move(child));
  }
  std::string Name() const override { return "Filter"; }
  Status PrepareBuilds(ExecContext& context) override { return children_[0]->PrepareBuilds(context); }
  std::string Detail() const override { return predicate_->ToString(); }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    while (true) {
      ASSIGN_OR_RETURN(bool has_rows, children_[0]->Next(context, out));
      if (!has_rows) return false;
      RETURN_IF_ERROR(SelectRows(*predicate_, out, context.functions, selection_));
      if (selection_.empty()) continue;
      if (selection_.size() != out.size()) out.Compact(selection_.data(), selection_.size());
      return true;
    }
  }

 private:
  BoundExprPtr predicate_;
  std::vector<uint32_t> selection_;
};

class ProjectOperator : public Operator {
 public:
  ProjectOperator(OperatorPtr child, std::vector<BoundExprPtr> exprs) : exprs_(std::move(exprs)) {
    for (const auto& expr : exprs_) types_.push_back(expr->type);
    // A column that one expression passes through unchanged, and nothing else reads, is moved
    // rather than copied.
    std::vector<int> uses(child->types().size(), 0);
    for (const auto& expr : exprs_) ForEachColumn(*expr, [&](int c) { uses[c]++; });
    for (const auto& expr : exprs_) {
      movable_.push_back(expr->kind == BoundExprKind::kColumn && uses[expr->column_index] == 1 &&
                         child->types()[expr->column_index] == expr->type);
    }
    children_.push_back(std::move(child));
  }
  std::string Name() const override { return "Project"; }
  Status PrepareBuilds(ExecContext& context) override { return children_[0]->PrepareBuilds(context); }
  std::string Detail() const override {
    std::string out;
    for (size_t i = 0; i < exprs_.size() && i < 8; i++) out += (i ? ", " : "") + exprs_[i]->ToString();
    return exprs_.size() > 8 ? out + ", ..." : out;
  }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    ASSIGN_OR_RETURN(bool has_rows, children_[0]->Next(context, input_));
    if (!has_rows) return false;
    // Expressions first (they may read columns that are moved afterwards).
    for (size_t i = 0; i < exprs_.size(); i++) {
      if (!movable_[i]) RETURN_IF_ERROR(EvaluateInto(*exprs_[i], input_, context.functions, out.columns[i]));
    }
    for (size_t i = 0; i < exprs_.size(); i++) {
      if (movable_[i]) out.columns[i] = std::move(input_.columns[exprs_[i]->column_index]);
    }
    out.row_count = input_.size();
    input_.columns.clear();  // moved-from vectors are re-created by the next Next()
    return true;
  }

 private:
  std::vector<BoundExprPtr> exprs_;
  std::vector<bool> movable_;
  DataChunk input_;
};

class CteOperator : public Operator {
 public:
  CteOperator(OperatorPtr child, std::shared_ptr<CteRows> rows) : rows_(std::move(rows)) {
    types_ = child->types();
    children_.push_back(std::move(child));
  }
  std::string Name() const override { return "CTE " + rows_->name; }
  std::string Detail() const override {
    return "computed once, read " + std::to_string(rows_->reads) + " times";
  }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    std::call_once(rows_->computed, [&] {
      Result<DataChunk> rows = CollectAll(context, *children_[0]);
      rows_->status = rows.status();
      if (rows.ok()) rows_->rows = std::move(rows).value();
    });
    RETURN_IF_ERROR(rows_->status);
    const size_t total = rows_->rows.size();
    if (offset_ >= total) return false;
    const size_t n = std::min(kChunkSize, total - offset_);
    out.AppendRange(rows_->rows, offset_, n);  // copied: the other references read them too
    offset_ += n;
    return true;
  }

 private:
  std::shared_ptr<CteRows> rows_;
  size_t offset_ = 0;
};

class LimitOperator : public Operator {
 public:
  LimitOperator(OperatorPtr child, int64_t limit, int64_t offset) : limit_(limit), offset_(offset) {
    types_ = child->types();
    children_.push_back(std::move(child));
  }
  std::string Name() const override { return "Limit"; }
  std::string Detail() const override {
    return "limit " + std::to_string(limit_) + " offset " + std::to_string(offset_);
  }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    while (limit_ < 0 || emitted_ < limit_) {
      ASSIGN_OR_RETURN(bool has_rows, children_[0]->Next(context, input_));
      if (!has_rows) return false;
      int64_t n = static_cast<int64_t>(input_.size());
      int64_t skip = std::min(n, offset_ - skipped_);
      skipped_ += skip;
      int64_t take = n - skip;
      if (limit_ >= 0) take = std::min(take, limit_ - emitted_);
      if (take <= 0) continue;
      out.TakeRange(input_, static_cast<size_t>(skip), static_cast<size_t>(take));
      emitted_ += take;
      return true;
    }
    return false;
  }

 private:
  int64_t limit_, offset_;
  int64_t emitted_ = 0, skipped_ = 0;
  DataChunk input_;
};

}  // namespace

OperatorPtr MakeValuesOperator(std::vector<LogicalType> types,
                               std::vector<std::vector<BoundExprPtr>> rows) {
  return std::make_unique<ValuesOperator>(std::move(types), std::move(rows));
}
OperatorPtr MakeResultOperator(std::shared_ptr<DataChunk> rows) {
  return std::make_unique<ResultOperator>(std::move(rows));
}

OperatorPtr MakeCteOperator(OperatorPtr child, std::shared_ptr<CteRows> rows) {
  return std::make_unique<CteOperator>(std::move(child), std::move(rows));
}
OperatorPtr MakeFilterOperator(OperatorPtr child, BoundExprPtr predicate) {
  return std::make_unique<FilterOperator>(std::move(child), std::move(predicate));
}
OperatorPtr MakeProjectOperator(OperatorPtr child, std::vector<BoundExprPtr> exprs) {
  return std::make_unique<ProjectOperator>(std::move(child), std::move(exprs));
}
OperatorPtr MakeLimitOperator(OperatorPtr child, int64_t limit, int64_t offset) {
  return std::make_unique<LimitOperator>(std::move(child), limit, offset);
}

}  // namespace martlet
