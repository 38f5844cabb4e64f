// The encoders and decoders behind EncodeBlock/DecodeBlock, one pair per encoding. Internal
// to storage/; the public API is encoding.hpp.
//
// Each kernel works on a plain array of values of one physical representation T:
//   int64_t, int128_t, double, Interval   fixed width; compared and hashed bit-wise, so NaN
//                                         payloads and -0.0 survive every encoding
//   std::string_view                      strings; decoded into std::string
// Decoders take the row count from the block header, read from a bounds-checked ByteReader
// and return false on malformed input (the caller reports kCorruption). They write rows
// out[0, n) and nothing else. The *Rows decoders decode only the rows rows[0, count)
// (ascending, each below n) and write each to its own position, out[rows[i]]; they read and
// check only what those rows need (a corrupt value in a row not asked for may go unnoticed).
//
// Payload formats (all integers little-endian; "packed(n, w)" is bit_packing.hpp's format):
//   raw          fixed: n values as in memory (int128 16 bytes, Interval i32 months,
//                i32 days, i64 micros); string: n x u32 length, then the bytes concatenated
//   run length   u32 run_count, run values (raw), u8 w, packed(run_count, w) of length - 1
//   dictionary   u32 entry_count, entries (raw), u8 w, packed(n, w) of codes
//   FOR int64    u64 base (the minimum), u8 w, packed(n, w) of value - base
//   delta int64  u64 first, u64 min_delta, u8 w, packed(n - 1, w) of delta - min_delta,
//                where delta_i = value_i - value_(i-1) (all arithmetic modulo 2^64)
//   FOR int128   i128 base (the minimum), then "FOR int64" of the 64-bit offsets value - base
//   delta int128 i128 base (the minimum), then "delta int64" of the offsets value - base
#pragma once

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "common/types.hpp"
#include "storage/bit_packing.hpp"
#include "storage/byte_io.hpp"

namespace martlet::encoding_internal {

template <typename T>
inline constexpr bool kIsString = std::is_same_v<T, std::string_view>;

// The array type a decoder writes: std::string for strings, T itself otherwise.
template <typename T>
using OutputOf = std::conditional_t<kIsString<T>, std::string, T>;

template <typename T>
inline bool SameValue(const T& a, const T& b) {
  if constexpr (kIsString<T>) {
    return a == b;
  } else {
    return std::memcmp(&a, &b, sizeof(T)) == 0;
  }
}

struct ValueHash {
  template <typename T>
  size_t operator()(const T& value) const {
    if constexpr (kIsString<T>) {
      return std::hash<std::string_view>{}(value);
    } else {
      uint64_t words[(sizeof(T) + 7) / 8] = {};
      std::memcpy(words, &value, sizeof(T));
      uint64_t hash = 0x9E3779B97F4A7C15ull;
      for (uint64_t word : words) {
        hash = (hash ^ word) * 0xBF58476D1CE4E5B9ull;
        hash ^= hash >> 31;
      }
      return static_cast<size_t>(hash);
    }
  }
};

struct ValueEqual {
  template <typename T>
  bool operator()(const T& a, const T& b) const {
    return SameValue(a, b);
  }
};

// Bytes one value takes in the raw format.
template <typename T>
inline size_t RawValueBytes(const T& value) {
  if constexpr (kIsString<T>) {
    return sizeof(uint32_t) + value.size();
  } else {
    return sizeof(T);
  }
}

// ---- raw -------------------------------------------------------------------------------

template <typename T>
void EncodeRaw(const T* values, size_t n, std::string& out) {
  if constexpr (kIsString<T>) {
    for (size_t i = 0; i < n; ++i) PutFixed<uint32_t>(out, static_cast<uint32_t>(values[i].size()));
    for (size_t i = 0; i < n; ++i) out.append(values[i]);
  } else {
    out.append(reinterpret_cast<const char*>(values), n * sizeof(T));
  }
}

// Validates the length table of n raw strings and returns the bytes they need in total.
inline bool ReadStringLengths(ByteReader& in, size_t n, const uint8_t** lengths, size_t* total) {
  if (in.remaining() / sizeof(uint32_t) < n) return false;
  *lengths = in.current();
  uint64_t sum = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t length;
    std::memcpy(&length, *lengths + i * sizeof(uint32_t), sizeof(uint32_t));
    sum += length;
  }
  in.Skip(n * sizeof(uint32_t));
  if (sum > in.remaining()) return false;
  *total = static_cast<size_t>(sum);
  return true;
}

// Decodes n raw values into out[0, n); for strings `Out` is std::string or std::string_view
// (views point into the input).
template <typename T, typename Out>
bool DecodeRaw(ByteReader& in, size_t n, Out* out) {
  if constexpr (kIsString<T>) {
    const uint8_t* lengths;
    size_t total;
    if (!ReadStringLengths(in, n, &lengths, &total)) return false;
    const char* data = reinterpret_cast<const char*>(in.current());
    for (size_t i = 0; i < n; ++i) {
      uint32_t length;
      std::memcpy(&length, lengths + i * sizeof(uint32_t), sizeof(uint32_t));
      out[i] = std::string_view(data, length);
      data += length;
    }
    return in.Skip(total);
  } else {
    if (in.remaining() / sizeof(T) < n) return false;
    if (n == 0) return true;  // `out` may be null then, which memcpy does not allow
    std::memcpy(static_cast<void*>(out), in.current(), n * sizeof(T));
    return in.Skip(n * sizeof(T));
  }
}

inline uint32_t StringLength(const uint8_t* lengths, size_t row) {
  uint32_t length;
  std::memcpy(&length, lengths + row * sizeof(uint32_t), sizeof(uint32_t));
  return length;
}

// The values of raw strings at rows asked for in ascending order: each row's offset is the
// sum of the lengths before it, walked once.
class RawStringWalker {
 public:
  RawStringWalker(const uint8_t* lengths, const char* data) : lengths_(lengths), data_(data) {}
  std::string_view At(uint32_t row) {
    for (; position_ < row; ++position_) offset_ += StringLength(lengths_, position_);
    return std::string_view(data_ + offset_, StringLength(lengths_, row));
  }

 private:
  const uint8_t* lengths_;
  const char* data_;
  size_t offset_ = 0;  // of row position_'s bytes
  size_t position_ = 0;
};

template <typename T>
bool DecodeRawRows(ByteReader& in, size_t n, const uint32_t* rows, size_t count, OutputOf<T>* out) {
  if constexpr (kIsString<T>) {
    const uint8_t* lengths;
    size_t total;
    if (!ReadStringLengths(in, n, &lengths, &total)) return false;
    RawStringWalker walker(lengths, reinterpret_cast<const char*>(in.current()));
    for (size_t i = 0; i < count; ++i) out[rows[i]] = walker.At(rows[i]);
    return in.Skip(total);
  } else {
    if (in.remaining() / sizeof(T) < n) return false;
    const uint8_t* values = in.current();
    for (size_t i = 0; i < count; ++i) {
      std::memcpy(static_cast<void*>(&out[rows[i]]), values + size_t{rows[i]} * sizeof(T), sizeof(T));
    }
    return in.Skip(n * sizeof(T));
  }
}

// Values that index into the input (run values, dictionary entries).
template <typename T>
bool DecodeRawVector(ByteReader& in, size_t n, std::vector<T>& values) {
  values.resize(n);
  return DecodeRaw<T>(in, n, values.data());
}

// Reads "u8 width, packed(count, width)" and returns a pointer to the packed bytes.
inline bool ReadPacked(ByteReader& in, size_t count, int max_width, int* width,
                       const uint8_t** packed) {
  uint8_t w;
  if (!in.ReadFixed(&w) || w > max_width) return false;
  *width = w;
  *packed = in.current();
  return in.Skip(PackedSize(count, w));
}

inline void WritePacked(const uint64_t* values, size_t count, int width, std::string& out) {
  PutU8(out, static_cast<uint8_t>(width));
  PackBits(values, count, width, out);
}

// ---- run length --------------------------------------------------------------------------

template <typename T>
void EncodeRunLength(const T* values, size_t n, std::string& out) {
  std::vector<T> run_values;
  std::vector<uint64_t> lengths_minus_one;
  uint64_t longest = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && SameValue(values[i], values[i - 1])) {
      longest = std::max(longest, ++lengths_minus_one.back());
    } else {
      run_values.push_back(values[i]);
      lengths_minus_one.push_back(0);
    }
  }
  PutFixed<uint32_t>(out, static_cast<uint32_t>(run_values.size()));
  EncodeRaw(run_values.data(), run_values.size(), out);
  WritePacked(lengths_minus_one.data(), lengths_minus_one.size(), BitWidth(longest), out);
}

template <typename T>
bool DecodeRunLength(ByteReader& in, size_t n, OutputOf<T>* out) {
  uint32_t run_count;
  if (!in.ReadFixed(&run_count) || run_count > n) return false;
  std::vector<T> run_values;
  if (!DecodeRawVector(in, run_count, run_values)) return false;
  int width;
  const uint8_t* packed;
  if (!ReadPacked(in, run_count, 64, &width, &packed)) return false;
  std::vector<uint64_t> lengths(run_count);
  UnpackBits(packed, run_count, width, lengths.data());
  size_t row = 0;
  for (size_t run = 0; run < run_count; ++run) {
    // Bound with the value about to be used as a length: the run must fit in the rows left.
    if (lengths[run] >= n - row) return false;
    const size_t end = row + static_cast<size_t>(lengths[run]) + 1;
    if constexpr (std::is_trivially_copyable_v<OutputOf<T>>) {
      // Short runs are written as 8 values without looking at their length (the next runs
      // overwrite the extra ones): run lengths are too irregular for a predicted loop.
      if (end - row <= 8 && row + 8 <= n) {
        for (size_t k = 0; k < 8; k++) out[row + k] = run_values[run];
        row = end;
        continue;
      }
    }
    std::fill(out + row, out + end, run_values[run]);
    row = end;
  }
  return row == n;
}

// Reads the packed run lengths of `run_count` runs over n rows as the row after each run
// (checking that the runs cover exactly n rows).
inline bool ReadRunEnds(ByteReader& in, size_t n, uint32_t run_count, std::vector<uint64_t>& ends) {
  int width;
  const uint8_t* packed;
  if (!ReadPacked(in, run_count, 64, &width, &packed)) return false;
  ends.resize(run_count);
  UnpackBits(packed, run_count, width, ends.data());
  size_t row = 0;
  for (uint64_t& end : ends) {
    if (end >= n - row) return false;  // stored as length - 1
    row += static_cast<size_t>(end) + 1;
    end = row;
  }
  return row == n;
}

template <typename T>
bool DecodeRunLengthRows(ByteReader& in, size_t n, const uint32_t* rows, size_t count,
                         OutputOf<T>* out) {
  uint32_t run_count;
  if (!in.ReadFixed(&run_count) || run_count > n) return false;
  std::vector<T> run_values;
  if (!DecodeRawVector(in, run_count, run_values)) return false;
  std::vector<uint64_t> ends;
  if (!ReadRunEnds(in, n, run_count, ends)) return false;
  size_t run = 0;
  for (size_t i = 0; i < count; ++i) {
    while (ends[run] <= rows[i]) ++run;
    out[rows[i]] = OutputOf<T>(run_values[run]);
  }
  return true;
}

// ---- dictionary --------------------------------------------------------------------------

// Builds the dictionary of a block: distinct entries in order of first appearance and a code
// per row. With a finite `budget` (the automatic choice) it gives up, returning false, as
// soon as the dictionary cannot come in under `budget` bytes, or when more than half of the
// first rows are distinct (a dictionary then saves too little to pay for its lookups).
template <typename T>
struct DictionaryBuilder {
  static constexpr size_t kUnlimited = static_cast<size_t>(-1);
  static constexpr size_t kCardinalityProbeRows = 8192;

  std::unordered_map<T, uint32_t, ValueHash, ValueEqual> index;
  std::vector<T> entries;
  std::vector<uint64_t> codes;
  size_t entry_bytes = 0;

  bool Build(const T* values, size_t n, size_t budget) {
    codes.resize(n);
    for (size_t i = 0; i < n; ++i) {
      auto [it, inserted] = index.try_emplace(values[i], static_cast<uint32_t>(entries.size()));
      if (inserted) {
        entries.push_back(values[i]);
        entry_bytes += RawValueBytes(values[i]);
        if (budget != kUnlimited && TooExpensive(i + 1, n, budget)) return false;
      }
      codes[i] = it->second;
    }
    return true;
  }

  bool TooExpensive(size_t rows_seen, size_t n, size_t budget) const {
    if (rows_seen >= kCardinalityProbeRows && entries.size() * 2 > rows_seen) return true;
    return entry_bytes + PackedSize(n, BitWidth(entries.size() - 1)) > budget;
  }

  size_t EncodedSize() const {
    return sizeof(uint32_t) + entry_bytes + 1 + PackedSize(codes.size(), CodeWidth());
  }
  int CodeWidth() const { return entries.empty() ? 0 : BitWidth(entries.size() - 1); }

  void Encode(std::string& out) const {
    PutFixed<uint32_t>(out, static_cast<uint32_t>(entries.size()));
    EncodeRaw(entries.data(), entries.size(), out);
    WritePacked(codes.data(), codes.size(), CodeWidth(), out);
  }
};

// A dictionary block's payload once read: its entries (strings as views into the input) and
// its codes, packed.
template <typename T>
struct DictionaryPayload {
  std::vector<T> entries;
  int width = 0;
  const uint8_t* packed = nullptr;
};

template <typename T>
bool ReadDictionary(ByteReader& in, size_t n, DictionaryPayload<T>& out) {
  uint32_t entry_count;
  if (!in.ReadFixed(&entry_count) || entry_count > n || (entry_count == 0 && n > 0)) {
    return false;
  }
  return DecodeRawVector(in, entry_count, out.entries) && ReadPacked(in, n, 32, &out.width, &out.packed);
}

// Codes are unpacked this many at a time, a multiple of 8 so that every batch of consecutive
// rows starts on a group.
inline constexpr size_t kCodeBatch = 1024;

inline bool CodesInRange(const uint64_t* codes, size_t m, size_t entry_count) {
  uint64_t largest = 0;
  for (size_t i = 0; i < m; ++i) largest = std::max(largest, codes[i]);
  return largest < entry_count;
}

template <typename T>
bool DecodeDictionary(ByteReader& in, size_t n, OutputOf<T>* out) {
  DictionaryPayload<T> dictionary;
  if (!ReadDictionary(in, n, dictionary)) return false;
  uint64_t codes[kCodeBatch];
  for (size_t start = 0; start < n; start += kCodeBatch) {
    const size_t m = std::min(kCodeBatch, n - start);
    UnpackBits(dictionary.packed + PackedSize(start, dictionary.width), m, dictionary.width, codes);
    if (!CodesInRange(codes, m, dictionary.entries.size())) return false;
    for (size_t i = 0; i < m; ++i) out[start + i] = dictionary.entries[codes[i]];
  }
  return true;
}

template <typename T>
bool DecodeDictionaryRows(ByteReader& in, size_t n, const uint32_t* rows, size_t count,
                          OutputOf<T>* out) {
  DictionaryPayload<T> dictionary;
  if (!ReadDictionary(in, n, dictionary)) return false;
  uint64_t codes[kCodeBatch];
  for (size_t start = 0; start < count; start += kCodeBatch) {
    const size_t m = std::min(kCodeBatch, count - start);
    UnpackBitsAt(dictionary.packed, n, dictionary.width, rows + start, m, codes);
    if (!CodesInRange(codes, m, dictionary.entries.size())) return false;
    for (size_t i = 0; i < m; ++i) out[rows[start + i]] = OutputOf<T>(dictionary.entries[codes[i]]);
  }
  return true;
}

// ---- frame of reference and delta (integer kernels, encoding_integer.cpp) ------------------

// True when max - min of the values fits in 64 bits, so FOR and delta can apply.
bool Int128RangeFits(const int128_t* values, size_t n);

void EncodeFrameOfReference(const int64_t* values, size_t n, std::string& out);
void EncodeFrameOfReference(const int128_t* values, size_t n, std::string& out);
void EncodeDelta(const int64_t* values, size_t n, std::string& out);
void EncodeDelta(const int128_t* values, size_t n, std::string& out);

bool DecodeFrameOfReference(ByteReader& in, size_t n, int64_t* out);
bool DecodeFrameOfReference(ByteReader& in, size_t n, int128_t* out);
bool DecodeDelta(ByteReader& in, size_t n, int64_t* out);
bool DecodeDelta(ByteReader& in, size_t n, int128_t* out);
bool DecodeFrameOfReferenceRows(ByteReader& in, size_t n, const uint32_t* rows, size_t count,
                                int64_t* out);
bool DecodeFrameOfReferenceRows(ByteReader& in, size_t n, const uint32_t* rows, size_t count,
                                int128_t* out);

// Range statistics for the size estimate: max - min of the values and of the deltas between
// neighbours, both as unsigned 64-bit distances. `fits` is false for an int128 block whose
// range exceeds 64 bits.
struct IntegerRanges {
  bool fits = true;
  uint64_t value_range = 0;
  uint64_t delta_range = 0;
};
IntegerRanges ComputeIntegerRanges(const int64_t* values, size_t n);
IntegerRanges ComputeIntegerRanges(const int128_t* values, size_t n);

// Encoded sizes of FOR and delta given the ranges.
size_t FrameOfReferenceSize(size_t n, const IntegerRanges& ranges, bool wide);
size_t DeltaSize(size_t n, const IntegerRanges& ranges, bool wide);

}  // namespace martlet::encoding_internal
