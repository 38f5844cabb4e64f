#include "etl/snapshot.hpp"

#include <algorithm>
#include <cstdlib>

namespace martlet::etl {
namespace {

constexpr const char* kStage = "martlet_snapshot_source";

std::string Quote(const std::string& identifier) {
  std::string quoted = "\"";
  for (char c : identifier) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string QuoteQualified(const std::string& name) {
  size_t dot = name.find('.');
  if (dot == std::string::npos) return Quote(name);
  return Quote(name.substr(0, dot)) + "." + Quote(name.substr(dot + 1));
}

std::string Literal(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  return quoted + "'";
}

// "a.x = b.x AND a.y = b.y" over the given columns.
std::string JoinOn(const std::vector<std::string>& columns, const std::string& left,
                   const std::string& right, const char* comparison, const char* separator) {
  std::string text;
  for (const auto& column : columns) {
    if (!text.empty()) text += separator;
    text += left + "." + Quote(column) + comparison + right + "." + Quote(column);
  }
  return text;
}

int64_t AffectedRows(const QueryResult& result) {
  size_t space = result.tag().rfind(' ');
  return space == std::string::npos ? 0 : std::atoll(result.tag().c_str() + space + 1);
}

class SnapshotRun {
 public:
  SnapshotRun(Connection& connection, const SnapshotSpec& spec, const std::string& run_time)
      : con_(connection), spec_(spec), target_(QuoteQualified(spec.target)), run_time_(Literal(run_time)) {}

  Result<SnapshotOutcome> Run() {
    if (spec_.unique_key.empty()) {
      return Status(StatusCode::kInvalidInput, "snapshot " + spec_.target + " needs a unique key");
    }
    RETURN_IF_ERROR(Execute("BEGIN"));
    Result<SnapshotOutcome> outcome = RunInTransaction();
    if (!outcome.ok()) {
      (void)con_.query("ROLLBACK");
      return outcome;
    }
    RETURN_IF_ERROR(Execute("COMMIT"));
    return outcome;
  }

 private:
  Result<SnapshotOutcome> RunInTransaction() {
    RETURN_IF_ERROR(Execute(std::string("CREATE TEMP TABLE ") + kStage + " AS " + spec_.source_sql));
    ASSIGN_OR_RETURN(QueryResult shape, Query(std::string("SELECT * FROM ") + kStage + " LIMIT 0"));
    for (size_t i = 0; i < shape.column_count(); i++) {
      columns_.push_back(shape.column_name(i));
      types_.push_back(shape.column_type_name(i));
    }
    RETURN_IF_ERROR(CheckColumnsExist());
    RETURN_IF_ERROR(CheckKeysUnique());
    SnapshotOutcome outcome;
    ASSIGN_OR_RETURN(bool exists, TargetExists());
    if (!exists) RETURN_IF_ERROR(CreateTarget());
    ASSIGN_OR_RETURN(outcome.closed_versions, CloseChangedVersions());
    if (spec_.invalidate_hard_deletes) {
      ASSIGN_OR_RETURN(int64_t deleted, CloseDeletedKeys());
      outcome.closed_versions += deleted;
    }
    ASSIGN_OR_RETURN(outcome.new_versions, InsertNewVersions());
    RETURN_IF_ERROR(Execute(std::string("DROP TABLE ") + kStage));
    return outcome;
  }

  Status CheckColumnsExist() const {
    std::vector<std::string> needed = spec_.unique_key;
    if (spec_.strategy == SnapshotStrategy::kTimestamp) {
      if (spec_.updated_at.empty()) {
        return Status(StatusCode::kInvalidInput,
                      "snapshot " + spec_.target + " uses the timestamp strategy but names no updated_at column");
      }
      needed.push_back(spec_.updated_at);
    }
    needed.insert(needed.end(), spec_.check_columns.begin(), spec_.check_columns.end());
    for (const auto& column : needed) {
      if (std::find(columns_.begin(), columns_.end(), column) == columns_.end()) {
        return Status(StatusCode::kBindError,
                      "snapshot " + spec_.target + ": the source query has no column \"" + column + "\"");
      }
    }
    return Status::Ok();
  }

  // Two source rows with one key would both become the current version.
  Status CheckKeysUnique() {
    std::string key;
    for (const auto& column : spec_.unique_key) key += (key.empty() ? "" : ", ") + Quote(column);
    ASSIGN_OR_RETURN(QueryResult duplicates,
                     Query("SELECT " + key + ", count(*) FROM " + kStage + " GROUP BY " + key +
                           " HAVING count(*) > 1 LIMIT 1"));
    if (duplicates.row_count() == 0) return Status::Ok();
    std::string sample;
    for (size_t i = 0; i < spec_.unique_key.size(); i++) {
      sample += (i > 0 ? ", " : "") + spec_.unique_key[i] + " = " + duplicates.text(0, i);
    }
    return Status(StatusCode::kConstraintViolation,
                  "snapshot " + spec_.target + ": the source has " +
                      duplicates.text(0, spec_.unique_key.size()) + " rows with " + sample +
                      "; its unique key must identify one row");
  }

  Result<bool> TargetExists() {
    size_t dot = spec_.target.find('.');
    std::string schema = dot == std::string::npos ? "public" : spec_.target.substr(0, dot);
    std::string table = dot == std::string::npos ? spec_.target : spec_.target.substr(dot + 1);
    ASSIGN_OR_RETURN(QueryResult found,
                     Query("SELECT count(*) FROM information_schema.tables WHERE table_schema = " +
                         Literal(schema) + " AND table_name = " + Literal(table)));
    return found.text(0, 0) != "0";
  }

  Status CreateTarget() {
    std::string sql = "CREATE TABLE " + target_ + " (";
    for (size_t i = 0; i < columns_.size(); i++) sql += Quote(columns_[i]) + " " + types_[i] + ", ";
    sql += Quote(spec_.surrogate_key) + " BIGINT IDENTITY(1, 1), valid_from TIMESTAMP NOT NULL, " +
           "valid_to TIMESTAMP, is_current BOOLEAN NOT NULL)";
    return Execute(sql);
  }

  // The moment a version of source row s starts: its updated_at, or the run's time.
  std::string VersionStart(const std::string& s) const {
    if (spec_.strategy == SnapshotStrategy::kCheck) return run_time_;
    return "CAST(" + s + "." + Quote(spec_.updated_at) + " AS TIMESTAMP)";
  }

  // True when source row s differs from the current version t.
  std::string Changed(const std::string& t, const std::string& s) const {
    if (spec_.strategy == SnapshotStrategy::kTimestamp) {
      return VersionStart(s) + " > t.valid_from";
    }
    std::vector<std::string> compared = spec_.check_columns;
    if (compared.empty()) {
      for (const auto& column : columns_) {
        if (std::find(spec_.unique_key.begin(), spec_.unique_key.end(), column) == spec_.unique_key.end()) {
          compared.push_back(column);
        }
      }
    }
    if (compared.empty()) return "FALSE";
    return "(" + JoinOn(compared, t, s, " IS DISTINCT FROM ", " OR ") + ")";
  }

  Result<int64_t> CloseChangedVersions() {
    std::string sql = "UPDATE " + target_ + " AS t SET valid_to = " + VersionStart("s") +
                      ", is_current = FALSE FROM " + kStage + " AS s WHERE t.is_current AND " +
                      JoinOn(spec_.unique_key, "t", "s", " = ", " AND ") + " AND " + Changed("t", "s");
    ASSIGN_OR_RETURN(QueryResult result, Query(sql));
    return AffectedRows(result);
  }

  Result<int64_t> CloseDeletedKeys() {
    std::string sql = "UPDATE " + target_ + " AS t SET valid_to = " + run_time_ +
                      ", is_current = FALSE WHERE t.is_current AND NOT EXISTS (SELECT 1 FROM " + kStage +
                      " AS s WHERE " + JoinOn(spec_.unique_key, "t", "s", " = ", " AND ") + ")";
    ASSIGN_OR_RETURN(QueryResult result, Query(sql));
    return AffectedRows(result);
  }

  // Every source row whose key has no current version (new keys, and keys just closed).
  Result<int64_t> InsertNewVersions() {
    std::string names, values;
    for (const auto& column : columns_) {
      names += Quote(column) + ", ";
      values += "s." + Quote(column) + ", ";
    }
    std::string sql = "INSERT INTO " + target_ + " (" + names + "valid_from, valid_to, is_current) SELECT " +
                      values + VersionStart("s") + ", NULL, TRUE FROM " + kStage +
                      " AS s WHERE NOT EXISTS (SELECT 1 FROM " + target_ + " AS t WHERE t.is_current AND " +
                      JoinOn(spec_.unique_key, "t", "s", " = ", " AND ") + ")";
    ASSIGN_OR_RETURN(QueryResult result, Query(sql));
    return AffectedRows(result);
  }

  Result<QueryResult> Query(const std::string& sql) {
    QueryResult result = con_.query(sql);
    if (!result.ok()) {
      return Status(result.status().code(), "snapshot " + spec_.target + ": " + result.error_message());
    }
    return result;
  }

  Status Execute(const std::string& sql) { return Query(sql).status(); }

  Connection& con_;
  const SnapshotSpec& spec_;
  std::string target_;
  std::string run_time_;
  std::vector<std::string> columns_;
  std::vector<std::string> types_;
};

}  // namespace

Result<SnapshotOutcome> RunSnapshot(Connection& connection, const SnapshotSpec& spec,
                                    const std::string& run_time) {
  return SnapshotRun(connection, spec, run_time).Run();
}

}  // namespace martlet::etl
