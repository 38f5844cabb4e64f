#include "storage/bit_packing.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace martlet {

void PackBits(const uint64_t* values, size_t count, int width, std::string& out) {
  if (width == 0) return;
  const size_t start = out.size();
  const size_t packed = PackedSize(count, width);
  out.resize(start + packed, '\0');
  char* dst = out.data() + start;
  const uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  // A 128-bit accumulator holds up to 63 pending bits plus one whole value.
  unsigned __int128 pending = 0;
  int pending_bits = 0;
  for (size_t i = 0; i < count; ++i) {
    pending |= static_cast<unsigned __int128>(values[i] & mask) << pending_bits;
    pending_bits += width;
    if (pending_bits >= 64) {
      const uint64_t word = static_cast<uint64_t>(pending);
      std::memcpy(dst, &word, 8);
      dst += 8;
      pending >>= 64;
      pending_bits -= 64;
    }
  }
  // The tail is shorter than a word; the rest of the last group is already zero.
  const uint64_t word = static_cast<uint64_t>(pending);
  std::memcpy(dst, &word, static_cast<size_t>((pending_bits + 7) / 8));
}

namespace {

// Unpacks one group of eight values. Reads bytes [0, W + 9) of `in` at most, so callers pass
// either a group followed by at least 9 more readable bytes or a padded copy.
template <int W>
inline void UnpackGroup(const uint8_t* in, uint64_t* out) {
  if constexpr (W == 0) {
    for (int i = 0; i < 8; ++i) out[i] = 0;
  } else if constexpr (W == 64) {
    std::memcpy(out, in, 64);
  } else {
    constexpr uint64_t kMask = (uint64_t{1} << W) - 1;
#pragma GCC unroll 8
    for (int i = 0; i < 8; ++i) {
      const int bit = i * W;
      const int shift = bit & 7;
      uint64_t word;
      std::memcpy(&word, in + (bit >> 3), 8);
      uint64_t value = word >> shift;
      if (shift + W > 64) value |= uint64_t{in[(bit >> 3) + 8]} << (64 - shift);
      out[i] = value & kMask;
    }
  }
}

template <int W>
void UnpackGroups(const uint8_t* in, size_t groups, size_t readable, uint64_t* out) {
  constexpr size_t kSlack = 9;
  size_t g = 0;
  // Fast path: groups followed by enough bytes that the 8-byte loads stay in bounds.
  for (; g < groups && (g + 1) * W + kSlack <= readable; ++g) {
    UnpackGroup<W>(in + g * W, out + g * 8);
  }
  for (; g < groups; ++g) {
    uint8_t padded[64 + 16] = {};
    std::memcpy(padded, in + g * W, W);
    UnpackGroup<W>(padded, out + g * 8);
  }
}

using UnpackFn = void (*)(const uint8_t*, size_t, size_t, uint64_t*);

template <size_t... Ws>
constexpr std::array<UnpackFn, sizeof...(Ws)> MakeUnpackTable(std::index_sequence<Ws...>) {
  return {&UnpackGroups<static_cast<int>(Ws)>...};
}

constexpr auto kUnpackTable = MakeUnpackTable(std::make_index_sequence<65>());

}  // namespace

void UnpackBits(const uint8_t* in, size_t count, int width, uint64_t* out) {
  const UnpackFn unpack = kUnpackTable[static_cast<size_t>(width)];
  const size_t full_groups = count / 8;
  const size_t readable = PackedSize(count, width);
  unpack(in, full_groups, readable, out);
  const size_t tail = count % 8;
  if (tail == 0) return;
  uint64_t last[8];
  unpack(in + full_groups * static_cast<size_t>(width), 1,
         readable - full_groups * static_cast<size_t>(width), last);
  std::memcpy(out + full_groups * 8, last, tail * sizeof(uint64_t));
}

namespace {

// The value whose first bit is bit `shift` of p[0]; reads p[0, 8), and p[8] when the value
// reaches past them.
inline uint64_t ExtractAt(const uint8_t* p, unsigned shift, int width, uint64_t mask) {
  uint64_t word;
  std::memcpy(&word, p, 8);
  uint64_t value = word >> shift;
  if (shift + static_cast<unsigned>(width) > 64) value |= uint64_t{p[8]} << (64 - shift);
  return value & mask;
}

}  // namespace

void UnpackBitsAt(const uint8_t* in, size_t packed_count, int width, const uint32_t* rows,
                  size_t count, uint64_t* out) {
  if (width == 0) {
    std::fill(out, out + count, uint64_t{0});
    return;
  }
  // Bits are one little-endian stream: value i starts at bit i * width.
  const size_t readable = PackedSize(packed_count, width);
  const uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  const size_t w = static_cast<size_t>(width);
  size_t i = 0;
  for (; i < count; ++i) {
    const size_t bit = size_t{rows[i]} * w;
    if ((bit >> 3) + 9 > readable) break;  // rows ascend: the rest are near the end too
    out[i] = ExtractAt(in + (bit >> 3), bit & 7, width, mask);
  }
  for (; i < count; ++i) {
    const size_t bit = size_t{rows[i]} * w;
    uint8_t padded[16] = {};
    std::memcpy(padded, in + (bit >> 3), std::min<size_t>(9, readable - (bit >> 3)));
    out[i] = ExtractAt(padded, bit & 7, width, mask);
  }
}

}  // namespace martlet
