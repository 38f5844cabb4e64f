// One run of a pipeline at a time: an exclusive flock(2) on <project>/.martlet/run.lock,
// which the system drops when the process ends, however it ends.
#pragma once

#include <string>

#include "martlet/status.hpp"

namespace martlet::etl {

class PipelineLock {
 public:
  // Takes the lock or fails at once. The file holds the pid of the last run that took it.
  static Result<PipelineLock> Acquire(const std::string& project_directory,
                                      const std::string& pipeline);
  PipelineLock(PipelineLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  PipelineLock& operator=(PipelineLock&&) = delete;
  PipelineLock(const PipelineLock&) = delete;
  ~PipelineLock();

 private:
  explicit PipelineLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace martlet::etl
