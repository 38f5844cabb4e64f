// COPY table FROM 'postgresql://...?table=schema.table': a table of a PostgreSQL database
// streamed into a Martlet table, all or nothing.
#include <chrono>

#include "functions/cast.hpp"
#include "io/postgres_client.hpp"
#include "main/load_log.hpp"
#include "main/postgres_query.hpp"
#include "main/table_rows.hpp"

namespace martlet {

namespace {

// Options that change nothing here but that Redshift scripts often carry.
bool IsIgnoredOption(const std::string& name) {
  return name == "compupdate" || name == "statupdate";
}

struct PostgresTableSource {
  std::string conninfo;  // the URI without its table parameter
  std::string schema;    // empty: the server's search_path decides
  std::string table;
};

// Splits 'postgresql://host/db?sslmode=require&table=sales.orders' into the connection URI
// and the table it names.
Result<PostgresTableSource> ParseSource(const std::string& source) {
  PostgresTableSource result;
  size_t query = source.find('?');
  result.conninfo = source.substr(0, query);
  std::string table;
  char separator = '?';
  while (query != std::string::npos) {
    size_t end = source.find('&', query + 1);
    std::string parameter =
        source.substr(query + 1, end == std::string::npos ? end : end - query - 1);
    if (parameter.starts_with("table=")) {
      table = parameter.substr(6);
    } else if (!parameter.empty()) {
      result.conninfo += separator + parameter;
      separator = '&';
    }
    query = end;
  }
  if (table.empty()) {
    return Status(StatusCode::kInvalidInput,
                  "COPY from PostgreSQL needs the table to read: "
                  "'postgresql://host/database?table=schema.table'");
  }
  size_t dot = table.find('.');
  result.schema = dot == std::string::npos ? "" : table.substr(0, dot);
  result.table = dot == std::string::npos ? table : table.substr(dot + 1);
  if (result.table.empty() || result.table.find('.') != std::string::npos) {
    return Status(StatusCode::kInvalidInput,
                  "COPY from PostgreSQL: table=" + table + " is not a table name (schema.table)");
  }
  return result;
}

// Converts `chunk` (the source's types) to the target columns' types in place, naming the
// first row that does not convert: `first_row` is the chunk's first row's number.
Status ConvertToTargets(const TableEntry& table, const std::vector<int>& targets, DataChunk& chunk,
                        size_t first_row) {
  for (size_t i = 0; i < targets.size(); i++) {
    const ColumnDefinition& column = table.columns[targets[i]];
    Vector& input = chunk.columns[i];
    if (input.type() == column.type) continue;
    Vector converted(column.type, chunk.size());
    if (!CastVector(input, converted, chunk.size()).ok()) {
      for (size_t r = 0; r < chunk.size(); r++) {
        Value value = input.GetValue(r);
        Result<Value> cast = CastValue(value, column.type);
        if (!cast.ok()) {
          return Status(cast.status().code(), cast.status().message() + " (row " +
                                                  std::to_string(first_row + r) + ", column \"" +
                                                  column.name + "\", value \"" +
                                                  value.ToText().substr(0, 200) + "\")");
        }
      }
      return Status(StatusCode::kInvalidInput,
                    "a value of column \"" + column.name + "\" does not convert");
    }
    input = std::move(converted);
  }
  return Status::Ok();
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The load itself; fills `history` with the table once the statement is known to be valid
// (a COPY that names no table or a wrong option is not a load and is not recorded).
Result<StatementOutcome> LoadPostgresTable(ConnectionImpl& connection,
                                           const sql::CopyStatement& statement,
                                           LoadHistoryRecord& history, size_t& loaded);

}  // namespace

bool IsPostgresSource(const std::string& source) {
  return source.starts_with("postgresql://") || source.starts_with("postgres://");
}

Result<StatementOutcome> CopyFromPostgres(ConnectionImpl& connection,
                                          const sql::CopyStatement& statement) {
  LoadLog& log = *connection.database().load_log;
  LoadHistoryRecord history;
  history.start_micros = NowMicros();
  size_t loaded = 0;
  Result<StatementOutcome> outcome = LoadPostgresTable(connection, statement, history, loaded);
  if (history.table_name.empty()) return outcome;
  history.query_id = log.NextQueryId();
  history.end_micros = NowMicros();
  history.status = outcome.ok() ? "completed" : "failed";
  history.source = MaskConninfo(statement.source);  // no password in the log file
  history.file_format = "postgresql";
  history.loaded_rows = outcome.ok() ? static_cast<int64_t>(loaded) : 0;
  history.file_count = 1;
  history.error_message = outcome.ok() ? "" : outcome.status().message();
  Status logged = log.Append({}, history);
  if (outcome.ok() && !logged.ok()) {
    outcome->notices.push_back("the load could not be recorded in sys_load_history: " +
                               logged.message());
  }
  return outcome;
}

namespace {

Result<StatementOutcome> LoadPostgresTable(ConnectionImpl& connection,
                                           const sql::CopyStatement& statement,
                                           LoadHistoryRecord& history, size_t& loaded) {
  Transaction& transaction = connection.transaction();
  auto [schema, name] = Binder::QualifiedName(statement.table);
  auto table = transaction.catalog().FindTable(schema, name);
  if (!table) {
    return Status(StatusCode::kCatalogError, "relation \"" + name + "\" does not exist",
                  statement.position);
  }
  for (size_t i = 0; i < statement.options.size(); i++) {
    const sql::CopyOption& option = statement.options[i];
    if (IsIgnoredOption(option.name)) continue;
    return Status(StatusCode::kInvalidInput,
                  "COPY from PostgreSQL takes no option " + option.name +
                      " (the source's columns carry their types)",
                  option.position);
  }
  Result<PostgresTableSource> source = ParseSource(statement.source);
  if (!source.ok()) return source.status().WithPosition(statement.source_position);
  history.table_id = static_cast<int64_t>(table->id);
  history.table_name = table->schema + "." + table->name;
  std::vector<int> targets;
  for (const auto& column : statement.columns) {
    int index = table->FindColumn(column);
    if (index < 0) {
      return Status(StatusCode::kBindError,
                    "column \"" + column + "\" of relation \"" + name + "\" does not exist",
                    statement.position);
    }
    targets.push_back(index);
  }
  if (targets.empty()) {
    for (size_t i = 0; i < table->columns.size(); i++) targets.push_back(static_cast<int>(i));
  }
  auto failed = [&](const Status& status) {
    return Status(
        status.code(),
        "Load into table \"" + name + "\" failed: " + status.message() + "; nothing was loaded",
        statement.source_position);
  };
  Result<std::unique_ptr<PostgresConnection>> opened = PostgresConnection::Open(source->conninfo);
  if (!opened.ok()) return failed(opened.status());
  PostgresConnection& remote = *opened.value();
  // The target's columns, by name, from the source table.
  std::string query = "SELECT ";
  for (size_t i = 0; i < targets.size(); i++) {
    query += (i > 0 ? ", " : "") + remote.QuoteIdentifier(table->columns[targets[i]].name);
  }
  query += " FROM ";
  if (!source->schema.empty()) query += remote.QuoteIdentifier(source->schema) + ".";
  query += remote.QuoteIdentifier(source->table);
  Result<std::vector<PostgresColumn>> columns = remote.Describe(query);
  if (!columns.ok()) return failed(columns.status());
  std::vector<LogicalType> types;
  for (size_t i = 0; i < targets.size(); i++) {
    const PostgresColumn& from = columns.value()[i];
    const ColumnDefinition& to = table->columns[targets[i]];
    if (!CanCast(from.type, to.type)) {
      return failed(Status(StatusCode::kTypeError, remote.label() + ": column \"" + from.name +
                                                       "\" is of type " + from.type.ToString() +
                                                       ", which cannot be loaded into " +
                                                       to.type.ToString()));
    }
    types.push_back(from.type);
  }
  std::vector<int> all(targets.size());
  for (size_t i = 0; i < all.size(); i++) all[i] = static_cast<int>(i);
  Status started = remote.StartQuery(query, columns.value(), all);
  if (!started.ok()) return failed(started);
  DataChunk chunk;
  while (true) {
    chunk.Initialize(types);
    Result<bool> more = remote.ReadChunk(chunk);
    if (!more.ok()) return failed(more.status());
    if (!more.value()) break;
    Status converted = ConvertToTargets(*table, targets, chunk, loaded + 1);
    if (!converted.ok())
      return failed(Status(converted.code(), remote.label() + ": " + converted.message()));
    Result<DataChunk> complete = CompleteRows(connection, *table, targets, chunk);
    if (!complete.ok()) return failed(complete.status());
    const size_t count = complete->size();
    RETURN_IF_ERROR(transaction.Append(*table, std::move(complete).value()));
    loaded += count;
  }
  StatementOutcome outcome;
  outcome.tag = "COPY " + std::to_string(loaded);
  return outcome;
}

}  // namespace

}  // namespace martlet
