#include "main/system_views.hpp"

#include <sys/stat.h>

#include "main/load_log.hpp"
#include "main/materialized_views.hpp"
#include "storage/manifest.hpp"
#include "storage/row_group_file.hpp"

namespace martlet {

namespace {

// Builds a chunk row by row from Values.
class RowBuilder {
 public:
  RowBuilder(std::vector<std::string>& names,
             std::vector<std::pair<std::string, LogicalType>> columns) {
    std::vector<LogicalType> types;
    names.clear();
    for (auto& [name, type] : columns) {
      names.push_back(name);
      types.push_back(type);
    }
    chunk_ = std::make_shared<DataChunk>();
    chunk_->Initialize(types);
  }
  void Add(const std::vector<Value>& values) {
    size_t row = chunk_->size();
    for (size_t c = 0; c < values.size(); c++) {
      chunk_->columns[c].Resize(row + 1);
      chunk_->columns[c].SetValue(row, values[c]);
    }
    chunk_->row_count = row + 1;
  }
  std::shared_ptr<DataChunk> Finish() { return std::move(chunk_); }

 private:
  std::shared_ptr<DataChunk> chunk_;
};

Value Text(const std::string& s) { return Value::Text(s); }
Value Int(int64_t x) { return Value::BigInt(x); }

std::string TypeNameWithoutModifiers(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kDecimal: return "numeric";
    case TypeId::kChar: return "character";
    case TypeId::kVarchar: return "character varying";
    default: return type.ToString();
  }
}

Value NullInt() { return Value::Null(LogicalType(TypeId::kInteger)); }

Value Timestamp(int64_t micros) { return Value::FromInt64(LogicalType(TypeId::kTimestamp), micros); }
Value Int32(int64_t x) { return Value::Integer(static_cast<int32_t>(x)); }
// Martlet has no users yet: everything runs as the first user, in one session per process.
constexpr int32_t kUserId = 100;

Value CharacterLength(const LogicalType& type) {
  if (!type.IsString() || type.length() == LogicalType::kUnboundedLength) return NullInt();
  return Value::Integer(static_cast<int32_t>(type.length()));
}

// As PostgreSQL reports them: binary precision for integers and floats.
Value NumericPrecision(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kSmallInt: return Value::Integer(16);
    case TypeId::kInteger: return Value::Integer(32);
    case TypeId::kBigInt: return Value::Integer(64);
    case TypeId::kReal: return Value::Integer(24);
    case TypeId::kDouble: return Value::Integer(53);
    case TypeId::kDecimal: return Value::Integer(type.precision());
    default: return NullInt();
  }
}

Value NumericScale(const LogicalType& type) {
  if (type.IsInteger()) return Value::Integer(0);
  if (type.id() == TypeId::kDecimal) return Value::Integer(type.scale());
  return NullInt();
}

}  // namespace

std::shared_ptr<DataChunk> SystemViews::Rows(const std::string& schema, const std::string& name,
                                             std::vector<std::string>& column_names) const {
  if (schema == "information_schema" && name == "tables") return Tables(column_names);
  if (schema == "information_schema" && name == "columns") return Columns(column_names);
  if ((schema == "public" || schema == "pg_catalog") && name == "svv_table_info") {
    return TableInfo(column_names);
  }
  if ((schema == "public" || schema == "pg_catalog") && name == "stv_mv_info") {
    return MaterializedViews(column_names);
  }
  if ((schema == "public" || schema == "pg_catalog") && name == "stl_load_errors") return LoadErrors(column_names);
  if ((schema == "public" || schema == "pg_catalog") && name == "sys_load_history") return LoadHistory(column_names);
  return nullptr;
}

std::shared_ptr<DataChunk> SystemViews::Tables(std::vector<std::string>& names) const {
  RowBuilder rows(names, {{"table_catalog", LogicalType::Varchar()},
                          {"table_schema", LogicalType::Varchar()},
                          {"table_name", LogicalType::Varchar()},
                          {"table_type", LogicalType::Varchar()}});
  for (const auto& [schema_name, schema] : transaction_.catalog().schemas()) {
    for (const auto& [name, table] : schema.tables) {
      rows.Add({Text("martlet"), Text(schema_name), Text(name),
                Text(table->temporary ? "LOCAL TEMPORARY" : "BASE TABLE")});
    }
    for (const auto& [name, view] : schema.views) {
      rows.Add({Text("martlet"), Text(schema_name), Text(name), Text("VIEW")});
    }
  }
  return rows.Finish();
}

std::shared_ptr<DataChunk> SystemViews::Columns(std::vector<std::string>& names) const {
  RowBuilder rows(names, {{"table_catalog", LogicalType::Varchar()},
                          {"table_schema", LogicalType::Varchar()},
                          {"table_name", LogicalType::Varchar()},
                          {"column_name", LogicalType::Varchar()},
                          {"ordinal_position", LogicalType(TypeId::kInteger)},
                          {"column_default", LogicalType::Varchar()},
                          {"is_nullable", LogicalType::Varchar()},
                          {"data_type", LogicalType::Varchar()},
                          {"character_maximum_length", LogicalType(TypeId::kInteger)},
                          {"numeric_precision", LogicalType(TypeId::kInteger)},
                          {"numeric_scale", LogicalType(TypeId::kInteger)},
                          {"encoding", LogicalType::Varchar()}});
  for (const auto& [schema_name, schema] : transaction_.catalog().schemas()) {
    for (const auto& [name, table] : schema.tables) {
      for (size_t i = 0; i < table->columns.size(); i++) {
        const ColumnDefinition& column = table->columns[i];
        std::string default_text = column.default_sql;
        if (column.identity) {
          default_text = "identity(" + std::to_string(column.identity_seed) + ", " +
                         std::to_string(column.identity_step) + ")";
        }
        rows.Add({Text("martlet"), Text(schema_name), Text(name), Text(column.name),
                  Value::Integer(static_cast<int32_t>(i + 1)),
                  default_text.empty() ? Value::Null(LogicalType::Varchar()) : Text(default_text),
                  Text(column.not_null ? "NO" : "YES"), Text(TypeNameWithoutModifiers(column.type)),
                  CharacterLength(column.type), NumericPrecision(column.type), NumericScale(column.type),
                  Text(column.encode.empty() ? "auto" : column.encode)});
      }
    }
    for (const auto& [name, view] : schema.views) {
      for (size_t i = 0; i < view->columns.size(); i++) {
        const auto& [column_name, type] = view->columns[i];
        rows.Add({Text("martlet"), Text(schema_name), Text(name), Text(column_name),
                  Value::Integer(static_cast<int32_t>(i + 1)), Value::Null(LogicalType::Varchar()), Text("YES"),
                  Text(TypeNameWithoutModifiers(type)), CharacterLength(type), NumericPrecision(type),
                  NumericScale(type), Value::Null(LogicalType::Varchar())});
      }
    }
  }
  return rows.Finish();
}

std::shared_ptr<DataChunk> SystemViews::TableInfo(std::vector<std::string>& names) const {
  RowBuilder rows(names, {{"schema", LogicalType::Varchar()},
                          {"table", LogicalType::Varchar()},
                          {"table_id", LogicalType(TypeId::kBigInt)},
                          {"diststyle", LogicalType::Varchar()},
                          {"sortkey1", LogicalType::Varchar()},
                          {"encoded", LogicalType::Varchar()},
                          {"size", LogicalType(TypeId::kBigInt)},
                          {"tbl_rows", LogicalType(TypeId::kBigInt)},
                          {"unsorted", LogicalType::Decimal(5, 2)},
                          {"row_groups", LogicalType(TypeId::kBigInt)}});
  for (const auto& [schema_name, schema] : transaction_.catalog().schemas()) {
    for (const auto& [name, table] : schema.tables) {
      auto data = transaction_.TableDataFor(table->id);
      int64_t bytes = 0, live = 0, groups = 0;
      if (data) {
        for (const auto& group : data->row_groups) {
          struct stat info;
          std::string path = RowGroupPath(transaction_.directory(), table->id, group->file_id);
          if (::stat(path.c_str(), &info) == 0) bytes += info.st_size;
          live += group->live_rows();
          groups++;
        }
      }
      const DataChunk* pending = transaction_.PendingRows(table->id);
      if (pending) live += static_cast<int64_t>(pending->size());
      std::string diststyle = table->attributes.diststyle;
      for (auto& c : diststyle) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (diststyle == "KEY") diststyle += "(" + table->attributes.distkey + ")";
      std::string sortkey = table->attributes.sortkey.empty() ? "" : table->attributes.sortkey[0];
      // Size in 1 MB blocks, as Redshift reports it (rounded up).
      int64_t megabytes = (bytes + (1 << 20) - 1) >> 20;
      // Rows are not yet kept in sort-key order: with a sort key, every row counts as unsorted.
      int128_t unsorted = table->attributes.sortkey.empty() || live == 0 ? 0 : 10000;
      rows.Add({Text(schema_name), Text(name), Int(static_cast<int64_t>(table->id)), Text(diststyle),
                sortkey.empty() ? Value::Null(LogicalType::Varchar()) : Text(sortkey), Text("Y"),
                Int(megabytes), Int(live), Value::FromInt128(LogicalType::Decimal(5, 2), unsorted),
                Int(groups)});
    }
  }
  return rows.Finish();
}

// Redshift's STV_MV_INFO. Every view is fully recomputed on refresh (state 0) and never
// used to rewrite queries (autorewrite f); updated_upto_xid is the commit of its last refresh.
std::shared_ptr<DataChunk> SystemViews::MaterializedViews(std::vector<std::string>& names) const {
  RowBuilder rows(names, {{"db_name", LogicalType::Varchar()},
                          {"schema", LogicalType::Varchar()},
                          {"name", LogicalType::Varchar()},
                          {"updated_upto_xid", LogicalType(TypeId::kBigInt)},
                          {"is_stale", LogicalType::Char(1)},
                          {"owner_user_name", LogicalType::Varchar()},
                          {"state", LogicalType(TypeId::kInteger)},
                          {"autorewrite", LogicalType::Char(1)},
                          {"autorefresh", LogicalType::Char(1)}});
  auto flag = [](bool on) { return Text(on ? "t" : "f"); };
  for (const auto& [schema_name, schema] : transaction_.catalog().schemas()) {
    for (const auto& [name, table] : schema.tables) {
      if (!table->materialized_view) continue;
      auto data = transaction_.TableDataFor(table->id);
      rows.Add({Text("martlet"), Text(schema_name), Text(name), Int(data ? static_cast<int64_t>(data->refreshed_at) : 0),
                flag(IsStale(transaction_, *table)), Text("martlet"), Value::Integer(0), flag(false),
                flag(table->materialized_view->auto_refresh)});
    }
  }
  return rows.Finish();
}

}  // namespace martlet

namespace martlet {

std::shared_ptr<DataChunk> SystemViews::LoadErrors(std::vector<std::string>& names) const {
  const LogicalType integer(TypeId::kInteger);
  RowBuilder rows(names, {{"userid", integer},
                          {"slice", integer},
                          {"tbl", integer},
                          {"starttime", LogicalType(TypeId::kTimestamp)},
                          {"session", integer},
                          {"query", integer},
                          {"filename", LogicalType::Varchar()},
                          {"line_number", LogicalType(TypeId::kBigInt)},
                          {"colname", LogicalType::Varchar()},
                          {"type", LogicalType::Varchar()},
                          {"col_length", LogicalType::Varchar()},
                          {"position", integer},
                          {"raw_line", LogicalType::Varchar()},
                          {"raw_field_value", LogicalType::Varchar()},
                          {"err_code", integer},
                          {"err_reason", LogicalType::Varchar()}});
  // A log that cannot be read shows as empty rather than failing every query on it.
  auto records = ReadLoadErrors(transaction_.directory());
  if (!records.ok()) return rows.Finish();
  for (const auto& e : records.value()) {
    rows.Add({Value::Integer(kUserId), Value::Integer(0), Int32(e.table_id), Timestamp(e.start_micros),
              Value::Integer(0), Int32(e.query_id), Text(e.file), Int(e.line_number), Text(e.column_name),
              Text(e.column_type), Text(e.column_length), Int32(e.position), Text(e.raw_line),
              Text(e.raw_field_value), Int32(e.error_code), Text(e.reason)});
  }
  return rows.Finish();
}

std::shared_ptr<DataChunk> SystemViews::LoadHistory(std::vector<std::string>& names) const {
  const LogicalType integer(TypeId::kInteger);
  const LogicalType bigint(TypeId::kBigInt);
  RowBuilder rows(names, {{"user_id", integer},
                          {"query_id", bigint},
                          {"status", LogicalType::Varchar()},
                          {"session_id", integer},
                          {"database_name", LogicalType::Varchar()},
                          {"table_name", LogicalType::Varchar()},
                          {"table_id", bigint},
                          {"start_time", LogicalType(TypeId::kTimestamp)},
                          {"end_time", LogicalType(TypeId::kTimestamp)},
                          {"duration", bigint},
                          {"data_source", LogicalType::Varchar()},
                          {"file_format", LogicalType::Varchar()},
                          {"loaded_rows", bigint},
                          {"loaded_bytes", bigint},
                          {"source_file_count", bigint},
                          {"error_count", bigint},
                          {"error_message", LogicalType::Varchar()}});
  auto records = ReadLoadHistory(transaction_.directory());
  if (!records.ok()) return rows.Finish();
  for (const auto& h : records.value()) {
    rows.Add({Value::Integer(kUserId), Int(h.query_id), Text(h.status), Value::Integer(0), Text("martlet"),
              Text(h.table_name), Int(h.table_id), Timestamp(h.start_micros), Timestamp(h.end_micros),
              Int(h.end_micros - h.start_micros), Text(h.source), Text(h.file_format), Int(h.loaded_rows),
              Int(h.loaded_bytes), Int(h.file_count), Int(h.error_count),
              h.error_message.empty() ? Value::Null(LogicalType::Varchar()) : Text(h.error_message)});
  }
  return rows.Finish();
}

}  // namespace martlet
