// Bit packing of unsigned integers, the core of frame-of-reference, delta and dictionary codes.
//
// On-disk format of `count` values packed at `width` bits (0 <= width <= 64):
//   The values are taken eight at a time. A group of eight occupies exactly `width` bytes:
//   value i of the group (0..7) holds bits [i * width, i * width + width) of the group, bit 0
//   being the least significant bit of the group's first byte. The last group is padded with
//   zero values, so the packed size is PackedSize(count, width) = ceil(count / 8) * width.
//   Width 0 takes no bytes at all: every value is 0.
// Groups of eight keep every group byte-aligned, which lets the decoder unpack with constant
// shifts (one specialized routine per width) instead of a bit-by-bit loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace martlet {

// Bits needed to hold `max_value` (0 for 0, 64 for values with the top bit set).
inline int BitWidth(uint64_t max_value) {
  return max_value == 0 ? 0 : 64 - __builtin_clzll(max_value);
}

inline size_t PackedSize(size_t count, int width) {
  return (count + 7) / 8 * static_cast<size_t>(width);
}

// Appends PackedSize(count, width) bytes to `out`. Bits of a value above `width` are ignored.
void PackBits(const uint64_t* values, size_t count, int width, std::string& out);

// Unpacks `count` values into out[0, count). `in` must hold PackedSize(count, width) bytes and
// `width` must be at most 64; the function reads nothing beyond that and writes nothing beyond
// out[count - 1].
void UnpackBits(const uint8_t* in, size_t count, int width, uint64_t* out);

// Unpacks only the values at positions rows[0, count) (each below `packed_count`) of the
// `packed_count` values packed at `in`, into out[0, count). Reads nothing beyond
// PackedSize(packed_count, width) bytes.
void UnpackBitsAt(const uint8_t* in, size_t packed_count, int width, const uint32_t* rows,
                  size_t count, uint64_t* out);

}  // namespace martlet
