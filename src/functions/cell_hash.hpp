// 64-bit hashes of vector cells, consistent with CompareCells: cells that compare equal hash
// equal (-0.0 and 0.0, every NaN, '1 mon' and '30 days').
#pragma once

#include <cmath>
#include <cstring>
#include <string>

#include "common/vector.hpp"
#include "functions/vector_cells.hpp"

namespace martlet {

// A bijective finalizer: every input bit affects every output bit (two multiply-xorshift
// rounds), which HyperLogLog needs since it reads the top and the leading-zero bits.
inline uint64_t MixBits(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  return x;
}

inline uint64_t CombineHashes(uint64_t seed, uint64_t value) {
  return MixBits(seed * 0x9e3779b97f4a7c15ULL + value + 0x632be59bd9b4e019ULL);
}

// Eight bytes at a time; the length goes in first so that "a" and "a\0" differ.
inline uint64_t HashBytes(const char* data, size_t size) {
  uint64_t h = MixBits(size + 0x5851f42d4c957f2dULL);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    h = (h ^ MixBits(word)) * 0x9e3779b97f4a7c15ULL;
    h = (h << 29) | (h >> 35);
  }
  // The last bytes, read one by one (as a little-endian word): a memcpy of a variable length
  // is a library call.
  uint64_t tail = 0;
  for (size_t k = 0; i + k < size; k++) tail |= uint64_t{static_cast<unsigned char>(data[i + k])} << (8 * k);
  return MixBits(h ^ MixBits(tail ^ 0xa0761d6478bd642fULL));
}

inline uint64_t HashValue(int64_t x) { return MixBits(static_cast<uint64_t>(x)); }
inline uint64_t HashValue(int128_t x) {
  auto u = static_cast<unsigned __int128>(x);
  return CombineHashes(MixBits(static_cast<uint64_t>(u)), static_cast<uint64_t>(u >> 64));
}
inline uint64_t HashValue(double x) {
  if (x == 0.0) x = 0.0;       // -0.0 equals 0.0
  if (std::isnan(x)) x = NAN;  // every NaN equals every other
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return MixBits(bits);
}
inline uint64_t HashValue(const std::string& x) { return HashBytes(x.data(), x.size()); }
inline uint64_t HashValue(const Interval& x) { return HashValue(IntervalSpan(x)); }

// Hash of one non-NULL cell.
inline uint64_t HashCell(const Vector& v, size_t row) {
  switch (v.type().physical()) {
    case PhysicalType::kInt64:
      return HashValue(v.i64()[row]);
    case PhysicalType::kInt128:
      return HashValue(v.i128()[row]);
    case PhysicalType::kDouble:
      return HashValue(v.f64()[row]);
    case PhysicalType::kString:
      return HashValue(v.str()[row]);
    case PhysicalType::kInterval:
      return HashValue(v.interval()[row]);
  }
  return 0;
}

}  // namespace martlet
