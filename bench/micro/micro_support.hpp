// Helpers shared by the micro benchmarks: deterministic data and a hard stop on engine errors.
//
// The benchmarks call engine functions that return Status; an error there means the benchmark
// measures nothing meaningful, so it aborts the run with the message rather than report a
// number for a failed call.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "martlet/status.hpp"

namespace martlet::micro {

// Rows in one column block: the block size the issue asks the decoders to be measured at.
inline constexpr size_t kBlockRows = 65536;

inline void CheckOk(const Status& status, std::string_view what) {
  if (status.ok()) return;
  std::fprintf(stderr, "micro benchmark: %.*s failed: %s\n", static_cast<int>(what.size()),
               what.data(), status.message().c_str());
  std::abort();
}

template <typename T>
T CheckOk(Result<T> result, std::string_view what) {
  if (!result.ok()) CheckOk(result.status(), what);
  return std::move(result).value();
}

// splitmix64: fast, seedable and the same on every platform, so every run measures the same
// data (std::uniform_int_distribution may differ between standard libraries).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [low, high], both inclusive.
  int64_t Uniform(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Next() % static_cast<uint64_t>(high - low + 1));
  }

 private:
  uint64_t state_;
};

}  // namespace martlet::micro
