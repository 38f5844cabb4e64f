// What one committed version of a database holds: the catalog and, for every table, its row
// groups and delete markers. A DatabaseState is immutable once published; readers hold a
// shared_ptr to the state they started with (their snapshot), and a commit publishes a new
// one. See docs/storage.md, "Manifest and commits".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace martlet {

// One immutable row-group file of a table, and the rows of it that have been deleted.
struct RowGroupInfo {
  uint64_t file_id = 0;
  uint32_t row_count = 0;
  std::vector<uint32_t> deleted;  // sorted row offsets within the file

  uint32_t live_rows() const { return row_count - static_cast<uint32_t>(deleted.size()); }
};

struct TableData {
  uint64_t table_id = 0;
  uint64_t version = 0;  // the commit that last changed this table's rows
  std::vector<std::shared_ptr<const RowGroupInfo>> row_groups;
  std::vector<int64_t> identity_next;  // per column: the next IDENTITY value (0 when none)
  // A materialized view's table: the commit of its last refresh, and for each base table
  // (id, version) the version its rows were computed from (0: a version never committed).
  uint64_t refreshed_at = 0;
  std::vector<std::pair<uint64_t, uint64_t>> base_versions;

  uint64_t LiveRows() const;
};

struct DatabaseState {
  uint64_t commit_sequence = 0;
  uint64_t catalog_version = 0;  // the commit that last changed the catalog
  uint64_t next_file_id = 1;
  Catalog catalog;
  std::map<uint64_t, std::shared_ptr<const TableData>> tables;

  std::shared_ptr<const TableData> FindTableData(uint64_t table_id) const {
    auto it = tables.find(table_id);
    return it == tables.end() ? nullptr : it->second;
  }
};

// Where a row-group file lives inside the database directory.
std::string RowGroupPath(const std::string& directory, uint64_t table_id, uint64_t file_id);

}  // namespace martlet
