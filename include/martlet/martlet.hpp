// Martlet's public C++ API: open a database, connect, run SQL, read results.
//
//   martlet::Database db{"warehouse"};            // a directory; created when missing
//   auto con = db.connect();
//   auto result = con.query("SELECT 1 AS one");
//   if (!result.ok()) std::cerr << result.error_message() << "\n";
//   else std::cout << result.text(0, 0) << "\n";  // "1"
//
// A Database may be shared by many connections; a Connection is used by one thread at a
// time. Results are fully materialized and independent of the connection that made them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "martlet/status.hpp"

namespace martlet {

class DatabaseImpl;
class ConnectionImpl;
class ResultData;

// The kinds of column a client needs to tell apart when it shows or compares values.
enum class ColumnKind { kBoolean, kInteger, kDecimal, kFloat, kText, kDate, kTimestamp, kInterval, kUnknown };

class QueryResult {
 public:
  QueryResult();
  explicit QueryResult(Status error);
  QueryResult(std::shared_ptr<const ResultData> data, std::string tag);
  ~QueryResult();
  QueryResult(QueryResult&&) noexcept;
  QueryResult& operator=(QueryResult&&) noexcept;
  QueryResult(const QueryResult&);
  QueryResult& operator=(const QueryResult&);

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const std::string& error_message() const { return status_.message(); }
  // Byte offset in the SQL text the error points at, or -1.
  int error_position() const { return status_.position(); }

  // Whether the statement returns rows (SELECT, EXPLAIN, SHOW) or only a tag (INSERT 0 3).
  bool has_rows() const;
  // The command tag as PostgreSQL sends it: "SELECT 3", "INSERT 0 1", "CREATE TABLE".
  const std::string& tag() const { return tag_; }

  size_t column_count() const;
  const std::string& column_name(size_t column) const;
  ColumnKind column_kind(size_t column) const;
  std::string column_type_name(size_t column) const;  // "integer", "numeric(15,2)", ...
  size_t row_count() const;
  bool is_null(size_t row, size_t column) const;
  // The value as psql prints it in text format; "" for NULL.
  std::string text(size_t row, size_t column) const;
  // Messages for the user besides the result, as Redshift sends INFO notices: e.g. a COPY
  // that skipped bad rows says how many.
  const std::vector<std::string>& notices() const;

 private:
  Status status_;
  std::shared_ptr<const ResultData> data_;
  std::string tag_;
};

// How far a COPY has got, for a progress display.
struct CopyProgress {
  uint64_t bytes_done = 0;   // input bytes parsed so far (after decompression)
  uint64_t bytes_total = 0;  // of the files read so far; grows as files are opened
  uint64_t rows_loaded = 0;
  double seconds = 0;  // since the COPY started
  bool finished = false;  // the last call of a COPY
};

// Supplies the data of `COPY table FROM STDIN`: called once per such statement, it returns
// the whole input (text, CSV or JSON as the options say). An error fails the COPY.
using CopyInputSource = std::function<Result<std::string>()>;
using CopyProgressCallback = std::function<void(const CopyProgress&)>;

class Connection {
 public:
  ~Connection();
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;

  // Runs one or more statements separated by ';' and returns the last one's result; stops at
  // the first error and returns it.
  QueryResult query(const std::string& sql);
  // Runs every statement and returns each result, stopping after the first error.
  std::vector<QueryResult> query_all(const std::string& sql);

  bool in_transaction() const;

  // Where COPY ... FROM STDIN reads from; without one such a COPY fails.
  void set_copy_input(CopyInputSource source);
  // Called from the statement's thread every so often while a COPY runs (about every 32 MB
  // of input and once at the end); the engine itself never prints.
  void set_copy_progress(CopyProgressCallback callback);

 private:
  friend class Database;
  explicit Connection(std::unique_ptr<ConnectionImpl> impl);
  std::unique_ptr<ConnectionImpl> impl_;
};

struct DatabaseOptions {
  // 0: every core.
  int threads = 0;
};

class Database {
 public:
  // Opens (or creates) the database in `directory`. If opening fails, every query on every
  // connection returns the error; `status()` tells it up front.
  explicit Database(const std::string& directory, DatabaseOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  static Result<std::unique_ptr<Database>> Open(const std::string& directory,
                                                DatabaseOptions options = {});
  const Status& status() const { return status_; }
  Connection connect();

 private:
  Status status_;
  std::shared_ptr<DatabaseImpl> impl_;
};

// Formats an error the way the shell shows it: the message, then the line of SQL with a
// caret under the position, e.g.
//   ERROR:  column "prodct_id" does not exist (did you mean "product_id"?)
//   LINE 3:   WHERE prodct_id = 1
//                   ^
std::string FormatError(const Status& status, const std::string& sql);

}  // namespace martlet
