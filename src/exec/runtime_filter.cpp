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
  // Keys packed densely enough (a dimension's surrogate keys, dates) get an exact bitmap over
  // [min, max], which needs no hashing to look up.
  const uint64_t width = static_cast<uint64_t>(max_) - static_cast<uint64_t>(min_);
  dense_ = valid > 0 && width < kMaxBitmapBits && width / 64 <= valid;
  if (dense_) {
    bloom_.assign(width / 64 + 1, 0);
    for (size_t i = 0; i < count; i++) {
      if (keys.IsNull(i)) continue;
      const uint64_t offset = static_cast<uint64_t>(data[i]) - static_cast<uint64_t>(min_);
      bloom_[offset / 64] |= uint64_t{1} << (offset % 64);
    }
    ready_.store(true, std::memory_order_release);
    return;
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

// Without a branch: which keys pass is as good as random, and a mispredicted branch costs more
// than the range check, the hash and the lookup together.
template <bool kDense>
bool RuntimeFilter::MayContain(int64_t key) const {
  const uint64_t offset = static_cast<uint64_t>(key) - static_cast<uint64_t>(min_);
  const bool in_range = offset <= static_cast<uint64_t>(max_) - static_cast<uint64_t>(min_);
  if constexpr (kDense) {
    const uint64_t at = in_range ? offset : 0;
    return in_range & ((bloom_[at / 64] >> (at % 64)) & 1);
  } else {
    const uint64_t h = Mix(key);
    const uint64_t bits = BitsOf(h);
    return in_range & ((bloom_[h & word_mask_] & bits) == bits);
  }
}

template <bool kDense>
void RuntimeFilter::RefineWith(const Vector& keys, std::vector<uint32_t>& selection) const {
  const int64_t* data = keys.i64();
  const uint8_t* valid = keys.validity();
  size_t n = 0;
  if (selection.size() == keys.size()) {
    // Every row is still in (distinct rows in order): no need to read the selection.
    for (uint32_t row = 0; row < selection.size(); row++) {
      selection[n] = row;
      n += valid[row] & MayContain<kDense>(data[row]);
    }
  } else {
    for (uint32_t row : selection) {
      selection[n] = row;
      n += valid[row] & MayContain<kDense>(data[row]);
    }
  }
  selection.resize(n);
}

void RuntimeFilter::Refine(const Vector& keys, std::vector<uint32_t>& selection) const {
  if (max_ < min_) {
    selection.clear();
  } else if (dense_) {
    RefineWith<true>(keys, selection);
  } else {
    RefineWith<false>(keys, selection);
  }
}

}  // namespace martlet
