// EXPLAIN LINEAGE: the stored columns each output column of a SELECT is computed from,
// read off the bound plan (planner/column_lineage.hpp). The query is bound, never run.
#include "main/connection_impl.hpp"
#include "main/system_views.hpp"
#include "planner/column_lineage.hpp"

namespace martlet {

namespace {

class LineageRows {
 public:
  LineageRows() {
    data_->has_rows = true;
    data_->names = {"output_column", "ordinal",       "source_schema",
                    "source_table",  "source_column", "kind"};
    data_->types = {LogicalType::Varchar(), LogicalType(TypeId::kInteger), LogicalType::Varchar(),
                    LogicalType::Varchar(), LogicalType::Varchar(),        LogicalType::Varchar()};
  }

  void Add(const std::string* output_column, int ordinal, const ColumnSource* source,
           const char* kind) {
    auto text = [](const std::string* s) {
      return s ? Value::Text(*s) : Value::Null(LogicalType::Varchar());
    };
    rows_.push_back(
        {text(output_column),
         ordinal > 0 ? Value::Integer(ordinal) : Value::Null(LogicalType(TypeId::kInteger)),
         text(source ? &source->schema : nullptr), text(source ? &source->table : nullptr),
         text(source ? &source->column : nullptr), Value::Text(kind)});
  }

  std::shared_ptr<ResultData> Finish() {
    data_->rows.Initialize(data_->types);
    for (size_t c = 0; c < data_->types.size(); c++) data_->rows.columns[c].Resize(rows_.size());
    for (size_t r = 0; r < rows_.size(); r++) {
      for (size_t c = 0; c < rows_[r].size(); c++) data_->rows.columns[c].SetValue(r, rows_[r][c]);
    }
    data_->rows.row_count = rows_.size();
    return data_;
  }

 private:
  std::shared_ptr<ResultData> data_ = std::make_shared<ResultData>();
  std::vector<std::vector<Value>> rows_;
};

}  // namespace

// One row per (output column, source column) with kind 'value'; an output column computed
// from no stored column (a constant) gets one row with NULL sources. Then one row per
// filter column, with a NULL output column and ordinal.
Result<StatementOutcome> ExecuteExplainLineage(ConnectionImpl& connection,
                                               const sql::ExplainStatement& statement) {
  if (statement.statement->kind != sql::StatementKind::kSelect) {
    return Status(StatusCode::kNotSupported, "EXPLAIN LINEAGE supports SELECT statements",
                  statement.statement->position);
  }
  const auto& select = static_cast<const sql::SelectStatement&>(*statement.statement);
  SystemViews views(connection.transaction());
  Binder binder = connection.MakeBinder(&views);
  binder.expand_views = statement.expand_views;
  ASSIGN_OR_RETURN(PlanPtr plan, binder.BindQuery(*select.query));
  QueryLineage lineage = ColumnLineage(*plan);
  LineageRows rows;
  for (size_t i = 0; i < lineage.columns.size(); i++) {
    int ordinal = static_cast<int>(i + 1);
    if (lineage.columns[i].empty()) rows.Add(&plan->names[i], ordinal, nullptr, "value");
    for (const auto& source : lineage.columns[i])
      rows.Add(&plan->names[i], ordinal, &source, "value");
  }
  for (const auto& source : lineage.filter) rows.Add(nullptr, 0, &source, "filter");
  StatementOutcome outcome;
  outcome.data = rows.Finish();
  outcome.tag = "EXPLAIN";
  return outcome;
}

}  // namespace martlet
