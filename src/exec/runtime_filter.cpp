#include "exec/runtime_filter.hpp"

#include <algorithm>

#include "common/hash.hpp"

namespace martlet {

static inline uint64_t Mix(int64_t key) { return Mix64(static_cast<uint64_t>(key)); }

static inline uint64_t BitsOf(uint64_t h) {
  return (uint64_t{1} << ((h >> 40) & 63)) | (uint64_t{1} << ((h >> 46) & 63));
}

void RuntimeFilter::Publish(const Vector& keys, size_t count) {
  const int64_t* data = keys.i64();
  size_t valid = 0;
  int64_t low = INT64_MAX, high = INT64_MIN;
  for (size_t i = 0; i < count; i++) {
    if (keys.IsNull(i)) continue;
    low = std::min(low, data[i]);
    high = std::max(high, data[i]);
    valid++;
  }
  if (valid > 0) {
    min_ = low;
    max_ = high;
  }
  // About 16 bits per key: a false-positive rate of a few percent.
  size_t words = 1;
  while (words * 64 < valid * 16 && words < (size_t{1} << 24)) words <<= 1;
  bloom_.assign(words, 0);
  word_mask_ = words - 1;
  for (size_t i = 0; i < count; i++) {
    if (keys.IsNull(i)) continue;
    uint64_t h = Mix(data[i]);
    bloom_[h & word_mask_] |= BitsOf(h);
  }
  ready_.store(true, std::memory_order_release);
}

bool RuntimeFilter::MayContain(int64_t key) const {
  if (key < min_ || key > max_) return false;
  uint64_t h = Mix(key);
  uint64_t bits = BitsOf(h);
  return (bloom_[h & word_mask_] & bits) == bits;
}

void RuntimeFilter::Refine(const Vector& keys, std::vector<uint32_t>& selection) const {
  const int64_t* data = keys.i64();
  const uint8_t* valid = keys.validity();
  size_t n = 0;
  for (uint32_t row : selection) {
    selection[n] = row;
    n += (valid[row] && MayContain(data[row])) ? 1 : 0;
  }
  selection.resize(n);
}

}  // namespace martlet
