// What window.cpp and window_aggregate.cpp share.
#pragma once

#include <vector>

#include "exec/window.hpp"

namespace martlet {

// The input ordered for one (PARTITION BY, ORDER BY) pair. Everything is indexed by sorted
// position p (0..n-1); boundaries are half-open position ranges.
struct WindowLayout {
  std::vector<SortKey> keys;           // partition keys, then order keys
  std::vector<uint32_t> rows;          // position -> input row
  std::vector<uint32_t> partition_id;  // position -> 0-based partition number
  std::vector<uint32_t> partition_start, partition_end;
  std::vector<uint32_t> peer_start, peer_end;  // rows equal in the order keys
  size_t partition_count = 0;
};

// Each position's frame [start, end); end == start for an empty frame.
struct WindowFrames {
  std::vector<uint32_t> start, end;
};

// The call's argument column `index`, in layout order.
Vector GatherArgument(const DataChunk& input, const WindowCall& call, size_t index,
                      const WindowLayout& layout);

// Computes an aggregate over each position's frame into `result` (n rows, layout order).
Status ComputeWindowAggregate(const DataChunk& input, const WindowCall& call,
                              const WindowLayout& layout, const WindowFrames& frames,
                              Vector& result);

}  // namespace martlet
