// Slowly changing dimensions of type 2: a snapshot table keeps every version of each row of
// a source query, with the period it was valid in.
//
// The snapshot table has the source's columns, then
//   <surrogate_key> BIGINT IDENTITY  one number per version, for facts to reference
//   valid_from      TIMESTAMP        when this version became current
//   valid_to        TIMESTAMP        when a newer version replaced it; NULL while current
//   is_current      BOOLEAN          valid_to IS NULL
// A run compares the source with the current versions by the unique key: a changed row gets
// its current version closed and a new version added; a new key gets its first version.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "martlet/martlet.hpp"

namespace martlet::etl {

enum class SnapshotStrategy {
  kTimestamp,  // a row changed when its updated_at column is newer than the current version's
  kCheck,      // a row changed when any of the check columns differs (all columns when empty)
};

struct SnapshotSpec {
  std::string target;  // the snapshot table, "schema.table" or "table"
  std::string source_sql;  // a SELECT giving the current state of the source
  std::vector<std::string> unique_key;
  SnapshotStrategy strategy = SnapshotStrategy::kTimestamp;
  std::string updated_at;  // kTimestamp: the source column telling when a row last changed
  std::vector<std::string> check_columns;  // kCheck
  std::string surrogate_key = "scd_id";
  // Close the current version of keys that disappeared from the source.
  bool invalidate_hard_deletes = false;
};

struct SnapshotOutcome {
  int64_t new_versions = 0;  // rows inserted: new keys and new versions of changed keys
  int64_t closed_versions = 0;  // versions closed because their key changed or disappeared
};

// Brings the snapshot table up to date with the source, in one transaction on `connection`
// (which must not be inside one). `run_time` ('YYYY-MM-DD HH:MM:SS') stamps versions of the
// check strategy and closes hard-deleted keys. Creates the table on the first run.
Result<SnapshotOutcome> RunSnapshot(Connection& connection, const SnapshotSpec& spec,
                                    const std::string& run_time);

}  // namespace martlet::etl
