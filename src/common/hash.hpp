// 64-bit mixing and a small seeded generator, shared by hash tables, runtime filters, the
// benchmark generators and the demo.
#pragma once

#include <cstdint>

namespace martlet {

// SplitMix64's finalizer: a cheap bijective mix in which every input bit affects every
// output bit.
constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// SplitMix64: fast, seedable and the same on every platform, so that generated data is the
// same everywhere (std::uniform_int_distribution differs between standard libraries).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return Mix64(state_ += 0x9e3779b97f4a7c15ULL); }

 private:
  uint64_t state_;
};

}  // namespace martlet
