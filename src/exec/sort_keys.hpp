// Ordering the rows of a chunk by a list of keys (ORDER BY, window PARTITION BY / ORDER BY).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/vector.hpp"

namespace martlet {

struct SortKey {
  int column = 0;  // index into the chunk's columns
  bool descending = false;
  // Resolved by the caller: PostgreSQL's default is NULLS LAST for ASC, NULLS FIRST for DESC.
  bool nulls_first = false;

  bool operator==(const SortKey&) const = default;
};

// The row indexes of `chunk` in key order. Stable: rows with equal keys keep their order.
// Strings compare bytewise, doubles put NaN above every number, intervals compare as
// PostgreSQL does (30-day months).
std::vector<uint32_t> SortRowIndexes(const DataChunk& chunk, const std::vector<SortKey>& keys);

// <0, 0 or >0 as row_a of `a` sorts before, with or after row_b of `b` (chunks with the same
// column types).
int CompareRows(const DataChunk& a, size_t row_a, const DataChunk& b, size_t row_b,
                const std::vector<SortKey>& keys);

}  // namespace martlet
