#include "exec/runtime_filter.hpp"

#include <algorithm>

namespace martlet {

static inline uint64_t Mix(int64_t key) {
  uint64_t x = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ULL;
  return x ^ (x >> 29);
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
  // About 16 bits per key, two probes: a false-positive rate near 1-2%.
  size_t bits = 64;
  while (bits < valid * 16 && bits < (size_t{1} << 30)) bits <<= 1;
  bloom_.assign(bits / 64, 0);
  bloom_mask_ = bits - 1;
  for (size_t i = 0; i < count; i++) {
    if (keys.IsNull(i)) continue;
    uint64_t h = Mix(data[i]);
    uint64_t a = h & bloom_mask_, b = (h >> 32) & bloom_mask_;
    bloom_[a >> 6] |= uint64_t{1} << (a & 63);
    bloom_[b >> 6] |= uint64_t{1} << (b & 63);
  }
  ready_.store(true, std::memory_order_release);
}

bool RuntimeFilter::MayContain(int64_t key) const {
  if (key < min_ || key > max_) return false;
  uint64_t h = Mix(key);
  uint64_t a = h & bloom_mask_, b = (h >> 32) & bloom_mask_;
  return ((bloom_[a >> 6] >> (a & 63)) & 1) && ((bloom_[b >> 6] >> (b & 63)) & 1);
}

void RuntimeFilter::Filter(const Vector& keys, size_t count, std::vector<uint32_t>& selection) const {
  selection.resize(count);
  const int64_t* data = keys.i64();
  const uint8_t* valid = keys.validity();
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    selection[n] = static_cast<uint32_t>(i);
    n += (valid[i] && MayContain(data[i])) ? 1 : 0;
  }
  selection.resize(n);
}

}  // namespace martlet
