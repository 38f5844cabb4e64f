// Transactions over a database directory: snapshot reads, buffered writes, atomic commits.
//
// A Transaction starts from the committed DatabaseState of the moment (its snapshot) and
// never sees later commits. Inserted rows are buffered and written to new row-group files
// as they fill; deletes are markers on row offsets. Commit publishes a new manifest; it fails
// with kSerializationError when another transaction committed a change to a table (or to
// the catalog) that this one also changed since its snapshot: the first committer wins and
// no update is lost. Rollback (or destruction) removes the files the transaction wrote.
//
// One Transaction is used by one thread at a time; StorageManager is thread-safe.
#pragma once

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/vector.hpp"
#include "storage/database_state.hpp"
#include "storage/row_group_file_cache.hpp"

namespace martlet {

inline constexpr size_t kRowGroupRows = 131072;
// Row ids handed out by scans: (row group index << 32) | row offset; buffered rows use the
// row-group index kPendingRowGroup.
inline constexpr uint32_t kPendingRowGroup = UINT32_MAX;

class Transaction;

class StorageManager {
 public:
  // Opens or creates the database in `directory`; takes an exclusive lock on it so that a
  // second process gets a clear error instead of a corrupted database.
  static Result<std::unique_ptr<StorageManager>> Open(const std::string& directory);
  ~StorageManager();

  const std::string& directory() const { return directory_; }
  std::shared_ptr<const DatabaseState> Current() const;
  std::unique_ptr<Transaction> Begin();
  uint64_t AllocateFileId() { return next_file_id_++; }
  // The row-group files scans have opened so far.
  RowGroupFileCache& files() { return files_; }

 private:
  friend class Transaction;
  StorageManager() = default;
  Status RemoveUnreferencedFiles();
  Status CommitTransaction(Transaction& transaction);

  std::string directory_;
  int lock_fd_ = -1;
  mutable std::mutex mutex_;
  std::shared_ptr<const DatabaseState> current_;
  std::atomic<uint64_t> next_file_id_{1};
  RowGroupFileCache files_;
};

class Transaction {
 public:
  Transaction(StorageManager& storage, std::shared_ptr<const DatabaseState> snapshot);
  ~Transaction();

  const Catalog& catalog() const { return catalog_; }
  // The catalog to change (DDL); marks the transaction as changing the catalog.
  Catalog& MutableCatalog();
  const std::string& directory() const { return storage_.directory(); }
  RowGroupFileCache& files() const { return storage_.files(); }

  // This transaction's view of a table's rows: committed row groups and buffered rows.
  std::shared_ptr<const TableData> TableDataFor(uint64_t table_id) const;
  const DataChunk* PendingRows(uint64_t table_id) const;

  Status CreateTableData(const TableEntry& table);
  void DropTableData(uint64_t table_id);
  // Appends rows (already of the table's column types, constraints checked).
  Status Append(const TableEntry& table, const DataChunk& rows);
  // The same, taking the rows' values instead of copying them.
  Status Append(const TableEntry& table, DataChunk&& rows);
  // Marks rows deleted; `row_ids` come from a scan in this transaction.
  Status DeleteRows(const TableEntry& table, const std::vector<int64_t>& row_ids);
  Status Truncate(const TableEntry& table);
  // Records that the rows of materialized view `view` were just recomputed from the tables
  // `base_table_ids` as this transaction sees them. The commit stamps the versions of the
  // base tables those rows reflect (see TableData::base_versions).
  void RecordRefresh(const TableEntry& view, const std::vector<uint64_t>& base_table_ids);
  // Reserves `count` IDENTITY values of `column`; returns the first.
  int64_t ReserveIdentity(const TableEntry& table, size_t column, size_t count);

  // Threads that encode and write row groups (default 1). Files and their order are the same
  // for any number.
  void set_write_threads(int threads) { write_threads_ = std::max(threads, 1); }

  bool HasChanges() const { return catalog_changed_ || !changed_tables_.empty(); }
  Status Commit();
  void Rollback();

 private:
  friend class StorageManager;
  struct TableChanges {
    std::shared_ptr<TableData> data;  // a private copy, published at commit
    DataChunk pending;
    bool created = false;
    uint64_t edits = 0;  // appends, deletes and truncates so far
    // Set by RecordRefresh: each base table and its `edits` then (-1: not changed then).
    bool refreshed = false;
    std::vector<std::pair<uint64_t, int64_t>> refresh_edits;
  };
  TableChanges& Changes(const TableEntry& table);
  // At commit: the base table versions a view refreshed in this transaction reflects.
  void StampRefresh(uint64_t commit, TableChanges& view) const;
  Status Flush(const TableEntry& table, TableChanges& changes, bool all);

  StorageManager& storage_;
  std::shared_ptr<const DatabaseState> snapshot_;
  Catalog catalog_;
  bool catalog_changed_ = false;
  std::map<uint64_t, TableChanges> changed_tables_;
  std::set<uint64_t> dropped_tables_;
  std::vector<std::string> written_files_;
  bool finished_ = false;
  int write_threads_ = 1;
};

}  // namespace martlet
