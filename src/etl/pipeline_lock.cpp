#include "etl/pipeline_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace martlet::etl {

Result<PipelineLock> PipelineLock::Acquire(const std::string& project_directory,
                                           const std::string& pipeline) {
  std::filesystem::path folder = std::filesystem::path(project_directory) / ".martlet";
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  std::string path = (folder / "run.lock").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status(StatusCode::kIOError, "cannot open " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status(StatusCode::kInvalidInput,
                  "pipeline " + pipeline + " is already running (" + path +
                      " is locked by another process); wait for that run to end");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  return PipelineLock(fd);
}

PipelineLock::~PipelineLock() {
  if (fd_ >= 0) ::close(fd_);  // closing drops the flock
}

}  // namespace martlet::etl
