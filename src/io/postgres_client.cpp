#include "io/postgres_client.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

namespace martlet {

namespace {

constexpr char kCopySignature[] = "PGCOPY\n\377\r\n";  // and a zero byte: 11 bytes

uint16_t Read16(const char* p) {
  return static_cast<uint16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1]));
}
uint32_t Read32(const char* p) { return (static_cast<uint32_t>(Read16(p)) << 16) | Read16(p + 2); }

// libpq's messages end with a line break and may span lines; one line reads better.
std::string OneLine(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::string line;
  for (size_t i = 0; i < text.size(); i++) {
    if (text[i] == '\n') {
      while (i + 1 < text.size() && (text[i + 1] == '\t' || text[i + 1] == ' ')) i++;
      if (!line.empty() && line.back() != '.') line += '.';
      line += ' ';
    } else {
      line += text[i];
    }
  }
  return line;
}

std::string ResultMessage(const PGresult* result) {
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string message = primary ? primary : OneLine(PQresultErrorMessage(result));
  if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL))
    message += " (" + std::string(detail) + ")";
  return message;
}

// key=value pairs, values plain or single-quoted with backslash escapes.
std::string MaskKeyValues(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t key_start = i;
    while (i < text.size() && text[i] != '=' && text[i] != ' ') i++;
    std::string_view key = text.substr(key_start, i - key_start);
    while (i < text.size() && text[i] == ' ') i++;
    if (i >= text.size() || text[i] != '=') {
      out += text.substr(key_start, i - key_start);
      continue;
    }
    i++;  // '='
    while (i < text.size() && text[i] == ' ') i++;
    size_t value_start = i;
    if (i < text.size() && text[i] == '\'') {
      for (i++; i < text.size() && text[i] != '\''; i++) {
        if (text[i] == '\\') i++;
      }
      i = std::min(i + 1, text.size());
    } else {
      while (i < text.size() && text[i] != ' ') i++;
    }
    out += key;
    out += '=';
    out += key == "password" ? std::string_view("********")
                             : text.substr(value_start, i - value_start);
    while (i < text.size() && text[i] == ' ') out += text[i++];
  }
  return out;
}

std::string MaskUri(std::string_view uri) {
  std::string out(uri);
  size_t authority = out.find("://") + 3;
  size_t authority_end = out.find_first_of("/?", authority);
  size_t at = out.rfind('@', authority_end == std::string::npos ? out.size() : authority_end);
  if (at != std::string::npos && at >= authority) {
    size_t colon = out.find(':', authority);
    if (colon != std::string::npos && colon < at)
      out.replace(colon + 1, at - colon - 1, "********");
  }
  size_t query = out.find('?');
  while (query != std::string::npos) {
    size_t start = query + 1;
    size_t end = out.find('&', start);
    if (out.compare(start, 9, "password=") == 0) {
      size_t value_end = end == std::string::npos ? out.size() : end;
      out.replace(start + 9, value_end - start - 9, "********");
      end = out.find('&', start);
    }
    query = end;
  }
  return out;
}

}  // namespace

std::string MaskConninfo(std::string_view conninfo) {
  if (conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://"))
    return MaskUri(conninfo);
  return MaskKeyValues(conninfo);
}

namespace {

// The server options the connection asks for: the session runs in UTC with ISO dates, so that
// values the server casts to text read as Martlet prints them. They are added to the options
// `conninfo` (or PGOPTIONS) gives, which would otherwise be replaced.
std::string SessionOptions(const std::string& conninfo) {
  std::string options;
  if (PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), nullptr)) {
    for (PQconninfoOption* option = parsed; option->keyword; option++) {
      if (std::strcmp(option->keyword, "options") == 0 && option->val) options = option->val;
    }
    PQconninfoFree(parsed);
  }
  if (options.empty()) {
    if (const char* environment = std::getenv("PGOPTIONS")) options = environment;
  }
  if (!options.empty()) options += ' ';
  return options + "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres";
}

}  // namespace

Result<std::unique_ptr<PostgresConnection>> PostgresConnection::Open(const std::string& conninfo) {
  std::string label = "PostgreSQL source \"" + MaskConninfo(conninfo) + "\"";
  // With expand_dbname, `conninfo` (a key=value string or a URI) is expanded in the place of
  // dbname: it overrides the keys before it and is overridden by those after it.
  std::string options = SessionOptions(conninfo);
  const char* keys[] = {"connect_timeout", "dbname", "options", "fallback_application_name",
                        nullptr};
  const char* values[] = {"30", conninfo.c_str(), options.c_str(), "martlet", nullptr};
  PGconn* connection = PQconnectdbParams(keys, values, 1);
  if (!connection)
    return Status(StatusCode::kOutOfMemory, label + ": cannot allocate a connection");
  std::unique_ptr<PostgresConnection> result(new PostgresConnection(connection, label));
  if (PQstatus(connection) != CONNECTION_OK) {
    return Status(StatusCode::kIOError,
                  label + ": cannot connect: " + OneLine(PQerrorMessage(connection)));
  }
  const char* encoding = PQparameterStatus(connection, "server_encoding");
  if (encoding && std::strcmp(encoding, "UTF8") != 0 && std::strcmp(encoding, "SQL_ASCII") != 0) {
    return Status(StatusCode::kNotSupported, label + ": the database's encoding is " + encoding +
                                                 "; Martlet reads UTF8 databases");
  }
  return result;
}

PostgresConnection::~PostgresConnection() {
  if (streaming_) {
    // Stop the server from producing rows nobody will read (LIMIT, an error).
    if (PGcancel* cancel = PQgetCancel(connection_)) {
      char buffer[256];
      PQcancel(cancel, buffer, sizeof buffer);
      PQfreeCancel(cancel);
    }
  }
  PQfinish(connection_);
}

Status PostgresConnection::Error(const std::string& what) const {
  return Status(StatusCode::kIOError,
                label_ + ": " + what + ": " + OneLine(PQerrorMessage(connection_)));
}

std::string PostgresConnection::QuoteIdentifier(const std::string& name) const {
  char* quoted = PQescapeIdentifier(connection_, name.data(), name.size());
  if (!quoted) return "\"" + name + "\"";
  std::string result = quoted;
  PQfreemem(quoted);
  return result;
}

Result<std::vector<PostgresColumn>> PostgresConnection::Describe(const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> prepared(
      PQprepare(connection_, "", sql.c_str(), 0, nullptr), &PQclear);
  if (!prepared) return Error("the query failed");
  if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
    return Status(StatusCode::kInvalidInput,
                  label_ + ": the query failed: " + ResultMessage(prepared.get()));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> described(PQdescribePrepared(connection_, ""),
                                                          &PQclear);
  if (!described || PQresultStatus(described.get()) != PGRES_COMMAND_OK) {
    return Status(
        StatusCode::kInvalidInput,
        label_ + ": the query cannot be described: " +
            (described ? ResultMessage(described.get()) : OneLine(PQerrorMessage(connection_))));
  }
  int count = PQnfields(described.get());
  if (count == 0) {
    return Status(StatusCode::kInvalidInput,
                  label_ + ": the query returns no columns (is it a SELECT?)");
  }
  std::vector<PostgresColumn> columns(static_cast<size_t>(count));
  for (int i = 0; i < count; i++) {
    PostgresColumn& column = columns[i];
    column.name = PQfname(described.get(), i);
    column.type_oid = PQftype(described.get(), i);
    column.type_modifier = PQfmod(described.get(), i);
    Status mapped = MapPostgresType(column);
    if (!mapped.ok()) return Status(mapped.code(), label_ + ": " + mapped.message());
  }
  return columns;
}

}  // namespace martlet

namespace martlet {

namespace {

// COPY (query) TO STDOUT in the binary format, of the `selected` columns of the query (whose
// columns are `columns`). Columns without a binary decoder are cast by the server; the
// query's columns are renamed by position, so that any names (even duplicates) can be
// referred to.
std::string CopyCommand(std::string sql, const std::vector<PostgresColumn>& columns,
                        const std::vector<int>& selected) {
  while (!sql.empty() &&
         (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';'))
    sql.pop_back();
  bool wrap = selected.size() != columns.size();
  for (int c : selected) {
    wrap = wrap || columns[c].form == PostgresWireForm::kCastToText ||
           columns[c].form == PostgresWireForm::kCastToFloat8;
  }
  if (wrap) {
    std::string list, aliases;
    for (size_t i = 0; i < columns.size(); i++)
      aliases += (i > 0 ? ", c" : "c") + std::to_string(i + 1);
    for (size_t i = 0; i < selected.size(); i++) {
      const PostgresColumn& column = columns[selected[i]];
      list += (i > 0 ? ", c" : "c") + std::to_string(selected[i] + 1);
      if (column.form == PostgresWireForm::kCastToText) list += "::text";
      if (column.form == PostgresWireForm::kCastToFloat8) list += "::float8";
    }
    // The line break ends a -- comment the query may end with.
    sql = "SELECT " + list + " FROM (" + sql + "\n) AS martlet_source(" + aliases + ")";
  }
  return "COPY (" + sql + "\n) TO STDOUT (FORMAT binary)";
}

}  // namespace

Status PostgresConnection::StartQuery(const std::string& sql,
                                      const std::vector<PostgresColumn>& columns,
                                      const std::vector<int>& selected) {
  columns_.clear();
  for (int c : selected) columns_.push_back(columns[c]);
  header_read_ = false;
  rows_read_ = 0;
  if (!PQsendQuery(connection_, CopyCommand(sql, columns, selected).c_str()))
    return Error("the query failed");
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQgetResult(connection_), &PQclear);
  if (!result || PQresultStatus(result.get()) != PGRES_COPY_OUT) {
    std::string message =
        result ? ResultMessage(result.get()) : OneLine(PQerrorMessage(connection_));
    while (PGresult* rest = PQgetResult(connection_)) PQclear(rest);
    return Status(StatusCode::kInvalidInput, label_ + ": the query failed: " + message);
  }
  streaming_ = true;
  return Status::Ok();
}

Status PostgresConnection::FinishQuery() {
  streaming_ = false;
  Status status;
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQgetResult(connection_), &PQclear);
  if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    std::string message =
        result ? ResultMessage(result.get()) : OneLine(PQerrorMessage(connection_));
    status =
        Status(StatusCode::kInvalidInput, label_ + ": the query failed after " +
                                              std::to_string(rows_read_) + " rows: " + message);
  }
  while (PGresult* rest = PQgetResult(connection_)) PQclear(rest);
  return status;
}

// One CopyData message: the header (first message only), then one row or the trailer.
// Adds the row at `row` of `out` and returns true; false for a message without a row.
Result<bool> PostgresConnection::DecodeMessage(const char* data, size_t size, DataChunk& out,
                                               size_t row) {
  size_t position = 0;
  if (!header_read_) {
    if (size < 19 || std::memcmp(data, kCopySignature, 11) != 0) {
      return Status(StatusCode::kCorruption,
                    label_ + ": the server's COPY data does not start with its signature");
    }
    position = 19 + Read32(data + 15);
    header_read_ = true;
  }
  if (position + 2 > size) return false;
  int fields = static_cast<int16_t>(Read16(data + position));
  position += 2;
  if (fields == -1) return false;  // the trailer
  if (fields != static_cast<int>(columns_.size())) {
    return Status(StatusCode::kCorruption, label_ + ": a row has " + std::to_string(fields) +
                                               " columns, " + std::to_string(columns_.size()) +
                                               " expected");
  }
  for (size_t c = 0; c < columns_.size(); c++) {
    Vector& column = out.columns[c];
    if (position + 4 > size)
      return Status(StatusCode::kCorruption, label_ + ": a row is cut short");
    int32_t length = static_cast<int32_t>(Read32(data + position));
    position += 4;
    if (length < 0) {
      column.SetNull(row);
      continue;
    }
    if (position + static_cast<size_t>(length) > size) {
      return Status(StatusCode::kCorruption, label_ + ": a row is cut short");
    }
    Status status = DecodePostgresValue(columns_[c].form, data + position,
                                        static_cast<size_t>(length), column, row);
    if (!status.ok()) {
      return Status(status.code(), label_ + ": column \"" + columns_[c].name + "\", row " +
                                       std::to_string(rows_read_ + 1) + ": " + status.message());
    }
    position += static_cast<size_t>(length);
  }
  rows_read_++;
  return true;
}

Result<bool> PostgresConnection::ReadChunk(DataChunk& out) {
  if (!streaming_) return false;
  for (auto& column : out.columns) column.Resize(kChunkSize);
  size_t rows = 0;
  while (rows < kChunkSize) {
    char* buffer = nullptr;
    int length = PQgetCopyData(connection_, &buffer, 0);
    if (length == -1) {
      RETURN_IF_ERROR(FinishQuery());
      break;
    }
    if (length < 0) return Error("reading rows failed");
    std::unique_ptr<char, decltype(&PQfreemem)> message(buffer, &PQfreemem);
    ASSIGN_OR_RETURN(bool is_row, DecodeMessage(buffer, static_cast<size_t>(length), out, rows));
    if (is_row) rows++;
  }
  for (auto& column : out.columns) column.Resize(rows);
  out.row_count = rows;
  return rows > 0;
}

}  // namespace martlet
