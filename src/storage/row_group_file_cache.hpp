// The row-group files of one open database, kept open once a scan has opened them. A file's
// footer is then parsed, its mapping made and each block's checksum verified once per
// process rather than once per query, and later queries find its pages already mapped.
// Files never change once written; a file leaves the cache before it is deleted (Forget).
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "martlet/status.hpp"
#include "storage/row_group_file.hpp"

namespace martlet {

class RowGroupFileCache {
 public:
  // The file at `path`, opened now or by an earlier call.
  Result<std::shared_ptr<const RowGroupFile>> Open(const std::string& path);
  // Drops the file at `path`; scans still reading it keep it open until they finish.
  void Forget(const std::string& path);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const RowGroupFile>> files_;
};

}  // namespace martlet
