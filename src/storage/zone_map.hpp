// ZoneMap: the smallest and largest value, the NULL count and the row count of one column
// block. Scans consult it to skip blocks that cannot hold a row matching a predicate.
//
// Bounds, by physical type:
//   int64, int128   exact min and max of the non-NULL values.
//   double          min and max of the non-NaN values; when the block holds a NaN the max is
//                   NaN (PostgreSQL orders NaN above every number) and comparisons with the
//                   zone map give up (may match).
//   string          byte-wise (memcmp) order. A bound longer than kZoneMapMaxStringBytes is
//                   shortened: min becomes its prefix (still <= every value), max becomes its
//                   prefix with the last byte below 0xFF incremented and the rest dropped
//                   (still > every value). So min <= every value <= max always holds, but
//                   the bounds need not be values of the block.
//   interval        no bounds (intervals compare after normalization; not worth it here).
// A block whose rows are all NULL has no bounds either.
//
// Serialized form (SerializeZoneMap / ParseZoneMap), all integers little-endian:
//   u32 row_count
//   u32 null_count
//   u8  flags          bit 0: bounds follow; other bits zero
//   [min] [max]        only when bit 0 is set, each in its physical form:
//                        int64 8 bytes, int128 16 bytes, double 8 bytes (IEEE-754 bits),
//                        string u32 length + bytes (at most kZoneMapMaxStringBytes, except a
//                        max whose first kZoneMapMaxStringBytes bytes are all 0xFF: it has
//                        no shorter upper bound and is kept whole)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/value.hpp"
#include "common/vector.hpp"
#include "martlet/status.hpp"

namespace martlet {

inline constexpr size_t kZoneMapMaxStringBytes = 64;

struct ZoneMap {
  Value min;  // NULL when the block has no bounds (see above)
  Value max;
  uint32_t null_count = 0;
  uint32_t row_count = 0;

  // True when the block holds at least one non-NULL value.
  bool HasValues() const { return null_count < row_count; }
  // True when min and max are set and can be compared against.
  bool HasBounds() const { return !min.is_null() && !max.is_null(); }
};

enum class CompareOp : uint8_t {
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
};

// Computes the zone map of rows [offset, offset + count) of `column`. count < 2^32.
ZoneMap ComputeZoneMap(const Vector& column, size_t offset, size_t count);

// Can `column op constant` be true for some row of the block? False only when it certainly
// cannot: the block is all NULL, the constant is NULL, or the bounds exclude it. Returns true
// whenever the comparison is not one it understands (different physical types, DECIMAL scales
// or temporal units, CHAR padding semantics, NaN, interval).
bool ZoneMapMayMatch(const ZoneMap& zone_map, CompareOp op, const Value& constant);

// Is `column op constant` true for every row of the block? True only when it certainly is:
// no row is NULL and the bounds prove it (never for doubles, whose NaN the bounds leave out,
// nor for any comparison ZoneMapMayMatch does not understand).
bool ZoneMapAllMatch(const ZoneMap& zone_map, CompareOp op, const Value& constant);

// Appends the serialized form of `zone_map` (see above) to `out`.
void SerializeZoneMap(const ZoneMap& zone_map, std::string& out);

// Parses a zone map from the front of `*input` and advances `*input` past it. `type` is the
// column's type (the bounds become Values of that type). kCorruption when malformed.
Result<ZoneMap> ParseZoneMap(std::string_view* input, const LogicalType& type);

}  // namespace martlet
