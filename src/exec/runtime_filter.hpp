// RuntimeFilter: what a hash join learns about its build side's keys (their range and a
// Bloom filter), handed to the scan on its probe side so that the scan drops rows that can
// find no partner before they travel through the pipeline. In a star schema this turns a
// selective filter on a dimension into a filter on the fact table.
//
// The join publishes the filter once its build side is complete, before it pulls the first
// probe row, so a scan below it only ever sees a finished filter. Publish happens once;
// readers may run on any thread after that.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "common/vector.hpp"

namespace martlet {

class RuntimeFilter {
 public:
  // Records the non-NULL keys of the build side (64-bit keys only).
  void Publish(const Vector& keys, size_t count);
  bool ready() const { return ready_.load(std::memory_order_acquire); }

  // Whether a block with values in [min, max] can hold a matching key.
  bool RangeMayMatch(int64_t min, int64_t max) const { return !(max < min_ || min > max_); }
  // Keeps in `selection` (row numbers of `keys`) only the rows that may have a partner.
  void Refine(const Vector& keys, std::vector<uint32_t>& selection) const;

 private:
  template <bool kDense>
  bool MayContain(int64_t key) const;
  template <bool kDense>
  void RefineWith(const Vector& keys, std::vector<uint32_t>& selection) const;

  std::atomic<bool> ready_{false};
  int64_t min_ = 0;
  int64_t max_ = -1;  // empty: nothing matches
  // Dense keys: bloom_ is an exact bitmap of [min_, max_]. Otherwise a blocked Bloom filter:
  // each key sets two bits of one 64-bit word, so a lookup touches one cache line.
  static constexpr uint64_t kMaxBitmapBits = uint64_t{1} << 27;  // 16 MB
  bool dense_ = false;
  std::vector<uint64_t> bloom_;
  uint64_t word_mask_ = 0;
};

}  // namespace martlet
