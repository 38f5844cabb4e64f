// Random numbers for the benchmark generators: one small generator per row, seeded from the
// table and the row's number, so that any row can be made without making the rows before it.
// That is what lets the generators split a table across threads and still write the same
// bytes whatever the thread count.
#pragma once

#include <cstdint>

#include "common/hash.hpp"

namespace martlet::generate {

using martlet::Mix64;

// The seed of row `row` of the table numbered `table` in a run seeded with `seed`.
constexpr uint64_t RowSeed(uint64_t seed, uint32_t table, uint64_t row) {
  return Mix64(Mix64(seed ^ (uint64_t{table} << 56)) + row * 0x9e3779b97f4a7c15ULL);
}

// SplitMix64: 64-bit state, passes BigCrush, and a row needs only a few dozen numbers.
class RowRandom {
 public:
  explicit RowRandom(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix64(state_);
  }

  // Uniform in [low, high], both inclusive; the multiply-shift bias is below 2^-32 for the
  // ranges used here.
  int64_t Uniform(int64_t low, int64_t high) {
    uint64_t range = static_cast<uint64_t>(high - low) + 1;
    auto scaled = static_cast<unsigned __int128>(Next()) * range;
    return low + static_cast<int64_t>(static_cast<uint64_t>(scaled >> 64));
  }

  // An index into a list of `size` entries.
  uint32_t Index(uint32_t size) { return static_cast<uint32_t>(Uniform(0, int64_t{size} - 1)); }

 private:
  uint64_t state_;
};

}  // namespace martlet::generate
