#include "cli/copy_progress.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace martlet::cli {

namespace {

constexpr uint64_t kQuietBelowBytes = 8 << 20;

std::string Megabytes(uint64_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1 << 20));
}

}  // namespace

CopyProgressCallback TerminalCopyProgress() {
  auto shown = std::make_shared<bool>(false);
  return [shown](const CopyProgress& progress) {
    if (progress.finished) {
      if (*shown) fmt::print(stderr, "\r\033[K");
      *shown = false;
      std::fflush(stderr);
      return;
    }
    if (progress.bytes_total < kQuietBelowBytes) return;
    double rate =
        progress.seconds > 0 ? static_cast<double>(progress.bytes_done) / progress.seconds : 0;
    fmt::print(stderr, "\r\033[KCOPY: {} of {}, {} rows, {}/s", Megabytes(progress.bytes_done),
               Megabytes(progress.bytes_total), progress.rows_loaded,
               Megabytes(static_cast<uint64_t>(rate)));
    std::fflush(stderr);
    *shown = true;
  };
}

}  // namespace martlet::cli
