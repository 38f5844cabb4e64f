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
#include "io/postgres_binary.hpp"
#include "martlet/status.hpp"

typedef struct pg_conn PGconn;

namespace martlet {

// `conninfo` with any password replaced by ********: key=value strings and URIs alike.
std::string MaskConninfo(std::string_view conninfo);

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
