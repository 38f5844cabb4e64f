// Reading query results from a PostgreSQL server through libpq.
//
// A query is first described (prepared, not run) so that its columns and their Martlet types
// are known before any row arrives. Its rows then come as `COPY (query) TO STDOUT` in the
// binary format and are decoded straight into column vectors, one chunk at a time: a result
// of any size streams through bounded memory, and no value goes through a text form unless
// its type has no binary decoder here (those the server casts to text).
//
// Every error message starts with `PostgreSQL source "<conninfo>"`, the password masked.
// A PostgresConnection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/vector.hpp"
#include "martlet/status.hpp"

typedef struct pg_conn PGconn;

namespace martlet {

// How a column's values travel: decoded from PostgreSQL's binary form, or cast to text by
// the server (types Martlet has no equivalent for: uuid, json, arrays, time, ...).
enum class PostgresWireForm : uint8_t {
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumeric,
  kDate,
  kTimestamp,  // timestamp and timestamptz: microseconds since 2000-01-01
  kInterval,
  kText,          // text, varchar, bpchar, name: the bytes themselves
  kCastToFloat8,  // numeric without a precision: the server rounds it to double precision
  kCastToText,
};

struct PostgresColumn {
  std::string name;
  uint32_t type_oid = 0;
  int32_t type_modifier = -1;
  std::string type_name;  // as PostgreSQL spells it, for messages
  LogicalType type;       // what the column becomes in Martlet
  PostgresWireForm form = PostgresWireForm::kCastToText;
};

// `conninfo` with any password replaced by ********: key=value strings and URIs alike.
std::string MaskConninfo(std::string_view conninfo);

// Martlet's type for a PostgreSQL column (`column.type_oid`, `column.type_modifier`), set in
// `column.type` and `column.form`. Fails for numeric wider than DECIMAL(38).
Status MapPostgresType(PostgresColumn& column);

class PostgresConnection {
 public:
  // Connects; the session runs in UTC with ISO dates, so values cast to text read as Martlet
  // prints them.
  static Result<std::unique_ptr<PostgresConnection>> Open(const std::string& conninfo);
  ~PostgresConnection();
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // The columns `sql` returns, with their Martlet types; the query is prepared, not run.
  Result<std::vector<PostgresColumn>> Describe(const std::string& sql);

  // Starts streaming the rows of `sql`, whose columns are `columns` (from Describe): only the
  // columns listed in `selected` (indexes into `columns`) travel, in that order.
  Status StartQuery(const std::string& sql, const std::vector<PostgresColumn>& columns,
                    const std::vector<int>& selected);
  // Decodes up to kChunkSize rows into `out` (initialized with the selected columns' types).
  // Returns false, with `out` empty, once every row has been read.
  Result<bool> ReadChunk(DataChunk& out);

  // "PostgreSQL source \"dbname=shop\"": how messages name this source.
  const std::string& label() const { return label_; }
  // Quotes `name` as an identifier for this server ("Order" -> "\"Order\"").
  std::string QuoteIdentifier(const std::string& name) const;

 private:
  PostgresConnection(PGconn* connection, std::string label)
      : connection_(connection), label_(std::move(label)) {}
  Status Error(const std::string& what) const;
  Result<bool> DecodeMessage(const char* data, size_t size, DataChunk& out, size_t row);
  Status FinishQuery();

  PGconn* connection_;
  std::string label_;
  std::vector<PostgresColumn> columns_;
  bool streaming_ = false;  // a COPY is under way
  bool header_read_ = false;
  uint64_t rows_read_ = 0;
};

}  // namespace martlet
