#include "storage/row_group_file_cache.hpp"

namespace martlet {

Result<std::shared_ptr<const RowGroupFile>> RowGroupFileCache::Open(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = files_.find(path);
  if (found != files_.end()) return found->second;
  ASSIGN_OR_RETURN(RowGroupFile file, RowGroupFile::Open(path));
  auto opened = std::make_shared<const RowGroupFile>(std::move(file));
  files_.emplace(path, opened);
  return opened;
}

void RowGroupFileCache::Forget(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  files_.erase(path);
}

}  // namespace martlet
