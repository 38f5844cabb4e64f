// Frame-of-reference and delta kernels. Both reduce to two cores over unsigned 64-bit words,
// where all arithmetic is modulo 2^64: the encoder and decoder agree on every bit whatever
// the values, and for int64 the signed minimum as a base keeps the offsets small.
#include <algorithm>
#include <limits>
#include <vector>

#include "storage/encoding_kernels.hpp"

namespace martlet::encoding_internal {
namespace {

using uint128_t = unsigned __int128;

// "u64 base, u8 w, packed(n, w) of x - base".
void EncodeForCore(const uint64_t* x, size_t n, uint64_t base, std::string& out) {
  std::vector<uint64_t> offsets(n);
  uint64_t largest = 0;
  for (size_t i = 0; i < n; ++i) {
    offsets[i] = x[i] - base;
    largest = std::max(largest, offsets[i]);
  }
  PutFixed<uint64_t>(out, base);
  WritePacked(offsets.data(), n, BitWidth(largest), out);
}

bool DecodeForCore(ByteReader& in, size_t n, uint64_t* out) {
  uint64_t base;
  int width;
  const uint8_t* packed;
  if (!in.ReadFixed(&base) || !ReadPacked(in, n, 64, &width, &packed)) return false;
  UnpackBits(packed, n, width, out);
  for (size_t i = 0; i < n; ++i) out[i] += base;
  return true;
}

// DecodeForCore for the rows rows[0, count) only; value i goes to emit(i, value).
template <typename Emit>
bool DecodeForCoreRows(ByteReader& in, size_t n, const uint32_t* rows, size_t count, Emit emit) {
  uint64_t base;
  int width;
  const uint8_t* packed;
  if (!in.ReadFixed(&base) || !ReadPacked(in, n, 64, &width, &packed)) return false;
  constexpr size_t kBatch = 1024;
  uint64_t offsets[kBatch];
  for (size_t start = 0; start < count; start += kBatch) {
    const size_t m = std::min(kBatch, count - start);
    UnpackBitsAt(packed, n, width, rows + start, m, offsets);
    for (size_t i = 0; i < m; ++i) emit(rows[start + i], base + offsets[i]);
  }
  return true;
}

// "u64 first, u64 min_delta, u8 w, packed(n - 1, w) of delta - min_delta".
void EncodeDeltaCore(const uint64_t* x, size_t n, std::string& out) {
  const size_t delta_count = n > 0 ? n - 1 : 0;
  std::vector<uint64_t> deltas(delta_count);
  int64_t min_delta = std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < delta_count; ++i) {
    deltas[i] = x[i + 1] - x[i];
    min_delta = std::min(min_delta, static_cast<int64_t>(deltas[i]));
  }
  if (delta_count == 0) min_delta = 0;
  uint64_t largest = 0;
  for (uint64_t& delta : deltas) {
    delta -= static_cast<uint64_t>(min_delta);
    largest = std::max(largest, delta);
  }
  PutFixed<uint64_t>(out, n > 0 ? x[0] : 0);
  PutFixed<uint64_t>(out, static_cast<uint64_t>(min_delta));
  WritePacked(deltas.data(), delta_count, BitWidth(largest), out);
}

bool DecodeDeltaCore(ByteReader& in, size_t n, uint64_t* out) {
  uint64_t first;
  uint64_t min_delta;
  int width;
  const uint8_t* packed;
  const size_t delta_count = n > 0 ? n - 1 : 0;
  if (!in.ReadFixed(&first) || !in.ReadFixed(&min_delta) ||
      !ReadPacked(in, delta_count, 64, &width, &packed)) {
    return false;
  }
  if (n == 0) return true;
  out[0] = first;
  UnpackBits(packed, delta_count, width, out + 1);
  for (size_t i = 1; i < n; ++i) out[i] = out[i - 1] + min_delta + out[i];
  return true;
}

int128_t Int128Min(const int128_t* values, size_t n) {
  return n == 0 ? 0 : *std::min_element(values, values + n);
}

std::vector<uint64_t> Int128Offsets(const int128_t* values, size_t n, int128_t base) {
  std::vector<uint64_t> offsets(n);
  for (size_t i = 0; i < n; ++i) {
    offsets[i] =
        static_cast<uint64_t>(static_cast<uint128_t>(values[i]) - static_cast<uint128_t>(base));
  }
  return offsets;
}

// Reads an int128 base and adds the 64-bit offsets a core decodes to it.
template <typename Core>
bool DecodeInt128(ByteReader& in, size_t n, int128_t* out, Core core) {
  int128_t base;
  if (!in.ReadFixed(&base)) return false;
  std::vector<uint64_t> offsets(n);
  if (!core(in, n, offsets.data())) return false;
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<int128_t>(static_cast<uint128_t>(base) + offsets[i]);
  }
  return true;
}

// The unsigned distance between the smallest and largest delta of neighbours, modulo 2^64
// (which depends only on the low 64 bits of each value).
template <typename T>
uint64_t DeltaRange(const T* values, size_t n) {
  if (n < 2) return 0;
  int64_t lo = std::numeric_limits<int64_t>::max();
  int64_t hi = std::numeric_limits<int64_t>::min();
  for (size_t i = 1; i < n; ++i) {
    const auto delta = static_cast<int64_t>(static_cast<uint64_t>(values[i]) -
                                            static_cast<uint64_t>(values[i - 1]));
    lo = std::min(lo, delta);
    hi = std::max(hi, delta);
  }
  return static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
}

}  // namespace

bool Int128RangeFits(const int128_t* values, size_t n) {
  return ComputeIntegerRanges(values, n).fits;
}

IntegerRanges ComputeIntegerRanges(const int64_t* values, size_t n) {
  IntegerRanges ranges;
  if (n == 0) return ranges;
  const auto [lo, hi] = std::minmax_element(values, values + n);
  ranges.value_range = static_cast<uint64_t>(*hi) - static_cast<uint64_t>(*lo);
  ranges.delta_range = DeltaRange(values, n);
  return ranges;
}

IntegerRanges ComputeIntegerRanges(const int128_t* values, size_t n) {
  IntegerRanges ranges;
  if (n == 0) return ranges;
  const auto [lo, hi] = std::minmax_element(values, values + n);
  const uint128_t range = static_cast<uint128_t>(*hi) - static_cast<uint128_t>(*lo);
  ranges.fits = range <= std::numeric_limits<uint64_t>::max();
  ranges.value_range = static_cast<uint64_t>(range);
  ranges.delta_range = DeltaRange(values, n);
  return ranges;
}

size_t FrameOfReferenceSize(size_t n, const IntegerRanges& ranges, bool wide) {
  return (wide ? sizeof(int128_t) : 0) + 8 + 1 + PackedSize(n, BitWidth(ranges.value_range));
}

size_t DeltaSize(size_t n, const IntegerRanges& ranges, bool wide) {
  const size_t delta_count = n > 0 ? n - 1 : 0;
  return (wide ? sizeof(int128_t) : 0) + 8 + 8 + 1 +
         PackedSize(delta_count, BitWidth(ranges.delta_range));
}

void EncodeFrameOfReference(const int64_t* values, size_t n, std::string& out) {
  const int64_t base = n == 0 ? 0 : *std::min_element(values, values + n);
  EncodeForCore(reinterpret_cast<const uint64_t*>(values), n, static_cast<uint64_t>(base), out);
}

void EncodeFrameOfReference(const int128_t* values, size_t n, std::string& out) {
  const int128_t base = Int128Min(values, n);
  PutFixed<int128_t>(out, base);
  const std::vector<uint64_t> offsets = Int128Offsets(values, n, base);
  EncodeForCore(offsets.data(), n, 0, out);
}

void EncodeDelta(const int64_t* values, size_t n, std::string& out) {
  EncodeDeltaCore(reinterpret_cast<const uint64_t*>(values), n, out);
}

void EncodeDelta(const int128_t* values, size_t n, std::string& out) {
  const int128_t base = Int128Min(values, n);
  PutFixed<int128_t>(out, base);
  const std::vector<uint64_t> offsets = Int128Offsets(values, n, base);
  EncodeDeltaCore(offsets.data(), n, out);
}

// int64_t and uint64_t may alias each other, so the cores decode straight into the output.
bool DecodeFrameOfReference(ByteReader& in, size_t n, int64_t* out) {
  return DecodeForCore(in, n, reinterpret_cast<uint64_t*>(out));
}

bool DecodeFrameOfReference(ByteReader& in, size_t n, int128_t* out) {
  return DecodeInt128(in, n, out, DecodeForCore);
}

bool DecodeDelta(ByteReader& in, size_t n, int64_t* out) {
  return DecodeDeltaCore(in, n, reinterpret_cast<uint64_t*>(out));
}

bool DecodeDelta(ByteReader& in, size_t n, int128_t* out) {
  return DecodeInt128(in, n, out, DecodeDeltaCore);
}

bool DecodeFrameOfReferenceRows(ByteReader& in, size_t n, const uint32_t* rows, size_t count,
                                int64_t* out) {
  return DecodeForCoreRows(in, n, rows, count,
                           [out](uint32_t row, uint64_t value) { out[row] = static_cast<int64_t>(value); });
}

bool DecodeFrameOfReferenceRows(ByteReader& in, size_t n, const uint32_t* rows, size_t count,
                                int128_t* out) {
  int128_t base;
  if (!in.ReadFixed(&base)) return false;
  return DecodeForCoreRows(in, n, rows, count, [out, base](uint32_t row, uint64_t offset) {
    out[row] = static_cast<int128_t>(static_cast<uint128_t>(base) + offset);
  });
}

}  // namespace martlet::encoding_internal
