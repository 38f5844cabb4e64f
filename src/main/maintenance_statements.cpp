// ANALYZE [COMPRESSION] and VACUUM.
#include "main/table_rows.hpp"
#include "storage/manifest.hpp"
#include "storage/row_group_file.hpp"

namespace martlet {

namespace {

std::vector<std::shared_ptr<const TableEntry>> TablesNamed(const Catalog& catalog,
                                                           const std::vector<std::string>& names,
                                                           int position, Status& status) {
  std::vector<std::shared_ptr<const TableEntry>> tables;
  if (names.empty()) {
    for (const auto& [schema_name, schema] : catalog.schemas()) {
      for (const auto& [name, table] : schema.tables) tables.push_back(table);
    }
    return tables;
  }
  auto [schema, name] = Binder::QualifiedName(names);
  auto table = catalog.FindTable(schema, name);
  if (!table) {
    status = Status(StatusCode::kCatalogError, "relation \"" + name + "\" does not exist", position);
  } else {
    tables.push_back(table);
  }
  return tables;
}

}  // namespace

Result<StatementOutcome> ExecuteAnalyze(ConnectionImpl& connection,
                                        const sql::AnalyzeStatement& statement) {
  Status status;
  auto tables = TablesNamed(connection.transaction().catalog(), statement.table, statement.position, status);
  RETURN_IF_ERROR(status);
  StatementOutcome outcome;
  outcome.tag = "ANALYZE";
  if (!statement.compression) return outcome;  // statistics are computed on the fly today
  // ANALYZE COMPRESSION: the encoding of each column (its ENCODE when it has one, as set by
  // CREATE TABLE or by COPY's COMPUPDATE; otherwise what its stored blocks use) and the share
  // of the raw size it saves.
  auto data = std::make_shared<ResultData>();
  data->has_rows = true;
  data->names = {"Table", "Column", "Encoding", "Est_reduction_pct"};
  data->types = {LogicalType::Varchar(), LogicalType::Varchar(), LogicalType::Varchar(),
                 LogicalType::Decimal(5, 2)};
  data->rows.Initialize(data->types);
  for (const auto& table : tables) {
    auto table_data = connection.transaction().TableDataFor(table->id);
    std::vector<uint64_t> stored(table->columns.size(), 0), raw(table->columns.size(), 0);
    std::vector<std::string> encoding(table->columns.size(), "raw");
    if (table_data) {
      for (const auto& group : table_data->row_groups) {
        ASSIGN_OR_RETURN(RowGroupFile file, RowGroupFile::Open(RowGroupPath(
                                                connection.transaction().directory(), table->id, group->file_id)));
        for (size_t c = 0; c < table->columns.size() && c < file.column_count(); c++) {
          stored[c] += file.ColumnStoredBytes(c);
          encoding[c] = std::string(EncodingName(file.ColumnEncoding(c)));
          size_t width = table->columns[c].type.physical() == PhysicalType::kInt128 ? 16 : 8;
          if (table->columns[c].type.IsString()) width = table->columns[c].type.length() ? table->columns[c].type.length() : 32;
          raw[c] += width * group->row_count;
        }
      }
    }
    for (size_t c = 0; c < table->columns.size(); c++) {
      size_t row = data->rows.size();
      for (auto& column : data->rows.columns) column.Resize(row + 1);
      double saving = raw[c] == 0 ? 0 : 100.0 * (1.0 - static_cast<double>(stored[c]) / static_cast<double>(raw[c]));
      if (saving < 0) saving = 0;
      data->rows.columns[0].SetValue(row, Value::Text(table->name));
      data->rows.columns[1].SetValue(row, Value::Text(table->columns[c].name));
      const std::string& fixed = table->columns[c].encode;
      data->rows.columns[2].SetValue(row, Value::Text(fixed.empty() || fixed == "auto" ? encoding[c] : fixed));
      data->rows.columns[3].SetValue(row, Value::FromInt128(LogicalType::Decimal(5, 2),
                                                            static_cast<int128_t>(saving * 100 + 0.5)));
      data->rows.row_count = row + 1;
    }
  }
  outcome.data = std::move(data);
  return outcome;
}

Result<StatementOutcome> ExecuteVacuum(ConnectionImpl& connection, const sql::VacuumStatement& statement) {
  Status status;
  Transaction& transaction = connection.transaction();
  auto tables = TablesNamed(transaction.catalog(), statement.table, statement.position, status);
  RETURN_IF_ERROR(status);
  for (const auto& table : tables) {
    auto data = transaction.TableDataFor(table->id);
    if (!data) continue;
    // Rewrite tables with deleted rows or with many small row groups (one INSERT each).
    bool has_deletes = false;
    for (const auto& group : data->row_groups) has_deletes = has_deletes || !group->deleted.empty();
    bool fragmented = data->row_groups.size() > 1 && data->LiveRows() / data->row_groups.size() < kRowGroupRows / 2;
    if (!has_deletes && !fragmented) continue;
    ASSIGN_OR_RETURN(DataChunk rows, ReadAllRows(connection, *table, false));
    RETURN_IF_ERROR(transaction.Truncate(*table));
    RETURN_IF_ERROR(transaction.Append(*table, rows));
  }
  StatementOutcome outcome;
  outcome.tag = "VACUUM";
  return outcome;
}

}  // namespace martlet
