// Ordering the rows of a chunk by a list of keys (ORDER BY, window PARTITION BY / ORDER BY).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/sort_key.hpp"
#include "common/vector.hpp"

namespace martlet {


// The row indexes of `chunk` in key order. Stable: rows with equal keys keep their order.
// Strings compare bytewise, doubles put NaN above every number, intervals compare as
// PostgreSQL does (30-day months).
std::vector<uint32_t> SortRowIndexes(const DataChunk& chunk, const std::vector<SortKey>& keys);

// <0, 0 or >0 as row_a of `a` sorts before, with or after row_b of `b` (chunks with the same
// column types).
int CompareRows(const DataChunk& a, size_t row_a, const DataChunk& b, size_t row_b,
                const std::vector<SortKey>& keys);

}  // namespace martlet
