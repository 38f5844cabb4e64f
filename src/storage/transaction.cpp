#include "storage/transaction.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <thread>

#include "storage/manifest.hpp"
#include "storage/row_group_file.hpp"

namespace martlet {

// Creates `path` and any missing parents.
static Status MakeDirectory(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return Status(StatusCode::kIOError,
                  "could not create directory \"" + path + "\": " + error.message());
  }
  return Status::Ok();
}

Result<std::unique_ptr<StorageManager>> StorageManager::Open(const std::string& directory) {
  std::unique_ptr<StorageManager> storage(new StorageManager());
  storage->directory_ = directory;
  RETURN_IF_ERROR(MakeDirectory(directory));
  RETURN_IF_ERROR(MakeDirectory(directory + "/data"));
  std::string lock_path = directory + "/LOCK";
  storage->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (storage->lock_fd_ < 0) {
    return Status(StatusCode::kIOError,
                  "could not open \"" + lock_path + "\": " + std::strerror(errno));
  }
  if (::flock(storage->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return Status(StatusCode::kIOError, "the database \"" + directory +
                                            "\" is in use by another process (it holds " +
                                            lock_path + ")");
  }
  ASSIGN_OR_RETURN(DatabaseState state, ReadManifest(directory));
  // Temporary tables live for one session; a new process starts without them.
  std::vector<std::pair<std::string, std::string>> temporary;
  for (const auto& [schema_name, schema] : state.catalog.schemas()) {
    for (const auto& [name, table] : schema.tables) {
      if (table->temporary) temporary.emplace_back(schema_name, name);
    }
  }
  for (const auto& [schema_name, name] : temporary) {
    auto table = state.catalog.FindTable(schema_name, name);
    state.tables.erase(table->id);
    state.catalog.RemoveTable(schema_name, name);
  }
  storage->next_file_id_ = state.next_file_id;
  storage->current_ = std::make_shared<const DatabaseState>(std::move(state));
  RETURN_IF_ERROR(storage->RemoveUnreferencedFiles());
  return storage;
}

StorageManager::~StorageManager() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

// Files of transactions that never committed (a crash, a kill -9) are garbage.
Status StorageManager::RemoveUnreferencedFiles() {
  std::set<std::string> referenced;
  for (const auto& [id, data] : current_->tables) {
    for (const auto& group : data->row_groups) {
      referenced.insert(RowGroupPath(directory_, id, group->file_id));
    }
  }
  std::string data_directory = directory_ + "/data";
  DIR* dir = ::opendir(data_directory.c_str());
  if (!dir) return Status::Ok();
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    std::string path = data_directory + "/" + name;
    if (!referenced.count(path)) ::unlink(path.c_str());
  }
  ::closedir(dir);
  ::unlink((directory_ + "/manifest.tmp").c_str());
  return Status::Ok();
}

std::shared_ptr<const DatabaseState> StorageManager::Current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

std::unique_ptr<Transaction> StorageManager::Begin() {
  return std::make_unique<Transaction>(*this, Current());
}

// A refreshed materialized view reflects a base table at the version it will have after
// this commit if the transaction changed it before the refresh and not since, at the
// snapshot's version if the transaction never changed it, and at no version otherwise.
void Transaction::StampRefresh(uint64_t commit, TableChanges& view) const {
  view.data->refreshed_at = commit;
  view.data->base_versions.clear();
  for (const auto& [base, edits_then] : view.refresh_edits) {
    auto changed = changed_tables_.find(base);
    uint64_t version = 0;
    if (changed != changed_tables_.end() && !dropped_tables_.count(base)) {
      if (static_cast<int64_t>(changed->second.edits) == edits_then) version = commit;
    } else if (edits_then < 0 && !dropped_tables_.count(base)) {
      auto data = snapshot_->FindTableData(base);
      version = data ? data->version : 0;
    }
    view.data->base_versions.emplace_back(base, version);
  }
}

Status StorageManager::CommitTransaction(Transaction& txn) {
  std::lock_guard<std::mutex> lock(mutex_);
  const DatabaseState& base = *txn.snapshot_;
  const DatabaseState& now = *current_;
  auto conflict = [](const std::string& what) {
    return Status(StatusCode::kSerializationError,
                  "could not serialize access due to concurrent update of " + what +
                      "; the transaction was rolled back, run it again");
  };
  if (txn.catalog_changed_ && now.catalog_version != base.catalog_version) {
    return conflict("the catalog");
  }
  for (const auto& [id, changes] : txn.changed_tables_) {
    auto before = base.FindTableData(id);
    auto after = now.FindTableData(id);
    uint64_t before_version = before ? before->version : 0;
    uint64_t after_version = after ? after->version : 0;
    if (before_version != after_version || (!before && after)) {
      std::string name = "table " + std::to_string(id);
      for (const auto& [schema_name, schema] : now.catalog.schemas()) {
        for (const auto& [table_name, table] : schema.tables) {
          if (table->id == id) name = "table \"" + table_name + "\"";
        }
      }
      return conflict(name);
    }
  }
  for (uint64_t id : txn.dropped_tables_) {
    auto before = base.FindTableData(id);
    auto after = now.FindTableData(id);
    if ((before ? before->version : 0) != (after ? after->version : 0)) {
      return conflict("a dropped table");
    }
  }
  auto next = std::make_shared<DatabaseState>(now);
  next->commit_sequence = now.commit_sequence + 1;
  next->next_file_id = next_file_id_;
  if (txn.catalog_changed_) {
    next->catalog = txn.catalog_;
    next->catalog_version = next->commit_sequence;
  }
  for (uint64_t id : txn.dropped_tables_) next->tables.erase(id);
  for (auto& [id, changes] : txn.changed_tables_) {
    if (txn.dropped_tables_.count(id)) continue;
    changes.data->version = next->commit_sequence;
    if (changes.refreshed) txn.StampRefresh(next->commit_sequence, changes);
    next->tables[id] = changes.data;
  }
  // The new files' directory entries must be durable before a manifest names them.
  if (!txn.written_files_.empty()) RETURN_IF_ERROR(SyncDirectory(directory_ + "/data"));
  RETURN_IF_ERROR(WriteManifest(directory_, *next));
  // Files of dropped or rewritten row groups are no longer referenced by any manifest.
  // Readers of older snapshots may still be scanning them, so they are removed at the next
  // open rather than here.
  current_ = std::move(next);
  return Status::Ok();
}

Transaction::Transaction(StorageManager& storage, std::shared_ptr<const DatabaseState> snapshot)
    : storage_(storage), snapshot_(std::move(snapshot)), catalog_(snapshot_->catalog) {}

Transaction::~Transaction() {
  if (!finished_) Rollback();
}

Catalog& Transaction::MutableCatalog() {
  catalog_changed_ = true;
  return catalog_;
}

std::shared_ptr<const TableData> Transaction::TableDataFor(uint64_t table_id) const {
  if (dropped_tables_.count(table_id)) return nullptr;
  auto it = changed_tables_.find(table_id);
  if (it != changed_tables_.end()) return it->second.data;
  return snapshot_->FindTableData(table_id);
}

const DataChunk* Transaction::PendingRows(uint64_t table_id) const {
  auto it = changed_tables_.find(table_id);
  if (it == changed_tables_.end() || it->second.pending.size() == 0) return nullptr;
  return &it->second.pending;
}

Transaction::TableChanges& Transaction::Changes(const TableEntry& table) {
  auto it = changed_tables_.find(table.id);
  if (it != changed_tables_.end()) return it->second;
  TableChanges& changes = changed_tables_[table.id];
  auto base = snapshot_->FindTableData(table.id);
  changes.data = base ? std::make_shared<TableData>(*base) : std::make_shared<TableData>();
  changes.data->table_id = table.id;
  changes.data->identity_next.resize(table.columns.size(), 0);
  changes.pending.Initialize(table.Types());
  return changes;
}

Status Transaction::CreateTableData(const TableEntry& table) {
  dropped_tables_.erase(table.id);
  TableChanges& changes = Changes(table);
  changes.created = true;
  for (size_t c = 0; c < table.columns.size(); c++) {
    if (table.columns[c].identity) changes.data->identity_next[c] = table.columns[c].identity_seed;
  }
  return Status::Ok();
}

void Transaction::DropTableData(uint64_t table_id) {
  changed_tables_.erase(table_id);
  dropped_tables_.insert(table_id);
}

int64_t Transaction::ReserveIdentity(const TableEntry& table, size_t column, size_t count) {
  TableChanges& changes = Changes(table);
  int64_t& next = changes.data->identity_next[column];
  if (next == 0) next = table.columns[column].identity_seed;
  int64_t first = next;
  next += static_cast<int64_t>(count) * table.columns[column].identity_step;
  return first;
}

// Runs work(i) for every i in [0, count) on up to `threads` threads (the caller's among
// them), each thread taking the next unclaimed index.
static void ParallelFor(size_t count, int threads, const std::function<void(size_t)>& work) {
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t i = next++; i < count; i = next++) work(i);
  };
  size_t helpers = std::min(count, static_cast<size_t>(std::max(threads, 1))) - (count > 0);
  std::vector<std::thread> pool;
  for (size_t t = 0; t < helpers; t++) pool.emplace_back(run);
  run();
  for (auto& thread : pool) thread.join();
}

constexpr size_t kParallelWriteRows = 16384;

static std::vector<EncodingChoice> ColumnEncodingChoices(const TableEntry& table) {
  std::vector<EncodingChoice> choices(table.columns.size());
  for (size_t c = 0; c < table.columns.size(); c++) {
    if (table.columns[c].encode.empty()) continue;
    auto parsed = EncodingFromRedshiftName(table.columns[c].encode);
    if (parsed.ok()) choices[c] = parsed.value();
  }
  return choices;
}

// Writes the pending rows' full row groups (and with `all` the last partial one) to new
// files. Every column of every group is encoded independently, spread over the write
// threads; then each group's file is written and synced, also in parallel. Files get their
// ids and places in the table in row order, so the result does not depend on the threads.
Status Transaction::Flush(const TableEntry& table, TableChanges& changes, bool all) {
  DataChunk& pending = changes.pending;
  const size_t total = pending.size();
  const size_t groups = all ? (total + kRowGroupRows - 1) / kRowGroupRows : total / kRowGroupRows;
  if (groups == 0) return Status::Ok();
  const size_t column_count = pending.columns.size();
  const std::vector<EncodingChoice> choices = ColumnEncodingChoices(table);
  auto group_rows = [&](size_t g) { return std::min(kRowGroupRows, total - g * kRowGroupRows); };
  // Small writes (an INSERT of a few rows) are not worth starting threads for.
  const int threads = total < kParallelWriteRows ? 1 : write_threads_;
  std::vector<std::vector<EncodedColumn>> encoded(groups, std::vector<EncodedColumn>(column_count));
  ParallelFor(groups * column_count, threads, [&](size_t i) {
    const size_t g = i / column_count;
    const size_t c = i % column_count;
    encoded[g][c] =
        EncodeRowGroupColumn(pending.columns[c], g * kRowGroupRows, group_rows(g), choices[c]);
  });
  std::vector<uint64_t> file_ids(groups);
  std::vector<std::string> paths(groups);
  for (size_t g = 0; g < groups; g++) {
    file_ids[g] = storage_.AllocateFileId();
    paths[g] = RowGroupPath(storage_.directory(), table.id, file_ids[g]);
    written_files_.push_back(paths[g]);
  }
  std::vector<Status> results(groups);
  ParallelFor(groups, threads, [&](size_t g) {
    results[g] = WriteEncodedRowGroupFile(paths[g], encoded[g], group_rows(g));
    encoded[g].clear();
  });
  for (const Status& result : results) RETURN_IF_ERROR(result);
  for (size_t g = 0; g < groups; g++) {
    auto info = std::make_shared<RowGroupInfo>();
    info->file_id = file_ids[g];
    info->row_count = static_cast<uint32_t>(group_rows(g));
    changes.data->row_groups.push_back(std::move(info));
  }
  const size_t written = std::min(total, groups * kRowGroupRows);
  DataChunk rest;
  rest.Initialize(table.Types());
  for (size_t c = 0; c < column_count; c++) rest.columns[c].TakeRange(pending.columns[c], written, total - written);
  rest.row_count = total - written;
  pending = std::move(rest);
  return Status::Ok();
}

void Transaction::RecordRefresh(const TableEntry& view, const std::vector<uint64_t>& base_table_ids) {
  TableChanges& changes = Changes(view);
  changes.refreshed = true;
  changes.refresh_edits.clear();
  changes.data->base_versions.clear();
  for (uint64_t base : base_table_ids) {
    auto it = changed_tables_.find(base);
    changes.refresh_edits.emplace_back(base, it == changed_tables_.end() ? -1 : static_cast<int64_t>(it->second.edits));
    // Until the commit stamps them: the versions this transaction sees.
    auto data = TableDataFor(base);
    changes.data->base_versions.emplace_back(base, data ? data->version : 0);
  }
}

Status Transaction::Append(const TableEntry& table, const DataChunk& rows) {
  TableChanges& changes = Changes(table);
  changes.edits++;
  changes.pending.AppendRange(rows, 0, rows.size());
  return Flush(table, changes, false);
}

Status Transaction::Append(const TableEntry& table, DataChunk&& rows) {
  TableChanges& changes = Changes(table);
  changes.edits++;
  DataChunk& pending = changes.pending;
  if (pending.size() == 0 && rows.columns.size() == pending.columns.size()) {
    pending = std::move(rows);
  } else {
    size_t count = rows.size();
    for (size_t c = 0; c < pending.columns.size(); c++) pending.columns[c].TakeRange(rows.columns[c], 0, count);
    pending.row_count += count;
  }
  return Flush(table, changes, false);
}

Status Transaction::DeleteRows(const TableEntry& table, const std::vector<int64_t>& row_ids) {
  TableChanges& changes = Changes(table);
  if (!row_ids.empty()) changes.edits++;
  std::map<uint32_t, std::vector<uint32_t>> by_group;
  for (int64_t id : row_ids) {
    by_group[static_cast<uint32_t>(static_cast<uint64_t>(id) >> 32)].push_back(
        static_cast<uint32_t>(id & 0xffffffff));
  }
  for (auto& [group_index, rows] : by_group) {
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (group_index == kPendingRowGroup) {
      std::vector<uint32_t> keep;
      size_t next = 0;
      for (uint32_t r = 0; r < changes.pending.size(); r++) {
        if (next < rows.size() && rows[next] == r) {
          next++;
        } else {
          keep.push_back(r);
        }
      }
      changes.pending.Compact(keep.data(), keep.size());
      continue;
    }
    if (group_index >= changes.data->row_groups.size()) {
      return Status(StatusCode::kInternal, "row id refers to a missing row group");
    }
    auto updated = std::make_shared<RowGroupInfo>(*changes.data->row_groups[group_index]);
    std::vector<uint32_t> merged;
    std::set_union(updated->deleted.begin(), updated->deleted.end(), rows.begin(), rows.end(),
                   std::back_inserter(merged));
    updated->deleted = std::move(merged);
    changes.data->row_groups[group_index] = std::move(updated);
  }
  return Status::Ok();
}

Status Transaction::Truncate(const TableEntry& table) {
  TableChanges& changes = Changes(table);
  changes.edits++;
  changes.data->row_groups.clear();
  changes.pending.Reset();
  return Status::Ok();
}

Status Transaction::Commit() {
  if (finished_) return Status(StatusCode::kInternal, "transaction already finished");
  if (!HasChanges()) {
    finished_ = true;
    return Status::Ok();
  }
  for (auto& [id, changes] : changed_tables_) {
    if (changes.pending.size() == 0) continue;
    std::shared_ptr<const TableEntry> table;
    for (const auto& [schema_name, schema] : catalog_.schemas()) {
      for (const auto& [name, entry] : schema.tables) {
        if (entry->id == id) table = entry;
      }
    }
    if (!table) continue;  // dropped in this transaction
    Status flushed = Flush(*table, changes, true);
    if (!flushed.ok()) {
      Rollback();
      return flushed;
    }
  }
  Status status = storage_.CommitTransaction(*this);
  if (!status.ok()) {
    Rollback();
    return status;
  }
  finished_ = true;
  return Status::Ok();
}

void Transaction::Rollback() {
  for (const auto& path : written_files_) {
    storage_.files().Forget(path);  // a scan in this transaction may have opened it
    ::unlink(path.c_str());
  }
  written_files_.clear();
  changed_tables_.clear();
  finished_ = true;
}

}  // namespace martlet
