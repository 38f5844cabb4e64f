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

#include "common/hash.hpp"
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

// The engine's seeded generator, so that every run measures the same data.
class Random : public SplitMix64 {
 public:
  using SplitMix64::SplitMix64;
  // Uniform in [low, high], both inclusive.
  int64_t Uniform(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Next() % static_cast<uint64_t>(high - low + 1));
  }
};

}  // namespace martlet::micro
