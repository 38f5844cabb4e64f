// The record of every COPY: its outcome (sys_load_history) and each row it rejected
// (stl_load_errors). Kept outside the transactional storage, in two append-only files of the
// database directory, so that a failed COPY, whose data rolls back, is still recorded:
//
//   log/load_history.log   one line per COPY
//   log/load_errors.log    one line per rejected row
//
// A line is tab-separated fields with \\, \t, \n and \r escaped, ending in '\n'. A line cut
// short by a crash (no final '\n', or too few fields) is ignored by the readers, so the files
// never stop the database from opening and never touch its tables.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "martlet/status.hpp"

namespace martlet {

struct LoadErrorRecord {
  int64_t query_id = 0;
  int64_t table_id = 0;
  int64_t start_micros = 0;
  std::string file;
  int64_t line_number = 0;
  std::string column_name;  // empty when the whole row was wrong (column count, parse error)
  std::string column_type;
  std::string column_length;
  int64_t position = 0;  // the column's position in the row, from 0 (Redshift's field position)
  std::string raw_line;
  std::string raw_field_value;
  int64_t error_code = 0;
  std::string reason;
};

struct LoadHistoryRecord {
  int64_t query_id = 0;
  int64_t table_id = 0;
  std::string table_name;  // schema.table
  std::string status;      // "completed" or "failed"
  int64_t start_micros = 0;
  int64_t end_micros = 0;
  std::string source;       // the FROM of the COPY
  std::string file_format;  // "text", "csv" or "json"
  int64_t loaded_rows = 0;
  int64_t loaded_bytes = 0;
  int64_t file_count = 0;
  int64_t error_count = 0;  // rows rejected
  std::string error_message;
};

// The two logs of one database directory; safe to use from many connections at once (the
// database directory is locked to one process).
class LoadLog {
 public:
  explicit LoadLog(std::string directory) : directory_(std::move(directory)) {}

  // A new query id for a COPY: one more than any the logs hold.
  int64_t NextQueryId();
  // Appends the rejected rows, then the history line, and syncs both files.
  Status Append(const std::vector<LoadErrorRecord>& errors, const LoadHistoryRecord& history);

 private:
  std::string directory_;
  std::mutex mutex_;
  int64_t next_query_id_ = 0;  // 0: not read from the logs yet
};

// The records of the logs in `directory` (the database directory), oldest first; none when
// the files do not exist yet.
Result<std::vector<LoadErrorRecord>> ReadLoadErrors(const std::string& directory);
Result<std::vector<LoadHistoryRecord>> ReadLoadHistory(const std::string& directory);

}  // namespace martlet
