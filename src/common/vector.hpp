// Vector: one column of up to a chunk's worth of values; DataChunk: a set of equal-length
// vectors. These are what operators pass to each other.
//
// A vector holds its values in the array of its physical type (see types.hpp) and a validity
// mask with one byte per row (1 = a value, 0 = NULL). Only the array matching the physical
// type is used. Kernels work on the raw arrays; nothing in a hot loop goes through Value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/types.hpp"

namespace martlet {

class Value;

inline constexpr size_t kChunkSize = 2048;

// An allocator whose value-initialising construct() leaves numbers uninitialised, so that a
// vector grown only to be overwritten (decoding, gathering selected rows) skips a memset.
// Vector::Resize still zeroes new rows explicitly.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}  // NOLINT: allocator rebinding
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

template <typename T>
using NumberArray = std::vector<T, UninitializedAllocator<T>>;

class Vector {
 public:
  Vector() = default;
  explicit Vector(LogicalType type, size_t size = 0) : type_(type) { Resize(size); }

  const LogicalType& type() const { return type_; }
  size_t size() const { return validity_.size(); }

  // Changes the row count; new rows are valid and zero/empty.
  void Resize(size_t size);
  // Like Resize, but the values of new rows are unspecified (strings empty) until the caller
  // writes them all.
  void ResizeForOverwrite(size_t size);
  void Clear() { Resize(0); }
  void Reserve(size_t capacity);
  // Append one valid row; the column's physical type must be the one named.
  void AppendInt64(int64_t value) {
    validity_.push_back(1);
    i64_.push_back(value);
  }
  void AppendInt128(int128_t value) {
    validity_.push_back(1);
    i128_.push_back(value);
  }
  void AppendString(std::string_view value) {
    validity_.push_back(1);
    str_.emplace_back(value);
  }

  int64_t* i64() { return i64_.data(); }
  const int64_t* i64() const { return i64_.data(); }
  int128_t* i128() { return i128_.data(); }
  const int128_t* i128() const { return i128_.data(); }
  double* f64() { return f64_.data(); }
  const double* f64() const { return f64_.data(); }
  std::string* str() { return str_.data(); }
  const std::string* str() const { return str_.data(); }
  Interval* interval() { return interval_.data(); }
  const Interval* interval() const { return interval_.data(); }

  uint8_t* validity() { return validity_.data(); }
  const uint8_t* validity() const { return validity_.data(); }
  bool IsNull(size_t row) const { return validity_[row] == 0; }
  void SetNull(size_t row) { validity_[row] = 0; }
  void SetValid(size_t row) { validity_[row] = 1; }
  bool AnyNull() const;

  Value GetValue(size_t row) const;
  // Stores `value` (which must already have this vector's physical type) at `row`.
  void SetValue(size_t row, const Value& value);

  // Appends rows [offset, offset + count) of `other` (same physical type).
  void AppendRange(const Vector& other, size_t offset, size_t count);
  // Like AppendRange, but moves strings out of `other` instead of copying them.
  void TakeRange(Vector& other, size_t offset, size_t count);
  // Appends the rows of `other` listed in `selection`.
  void AppendSelected(const Vector& other, const uint32_t* selection, size_t count);
  // Like AppendSelected, but moves strings out of `other` instead of copying them.
  void TakeSelected(Vector& other, const uint32_t* selection, size_t count);
  // Appends row `row` of `other`.
  void AppendRow(const Vector& other, size_t row);
  // Replaces the contents by the selected rows of itself (used by filters).
  void Compact(const uint32_t* selection, size_t count);

  // Re-labels the vector without touching its data (e.g. INTEGER -> BIGINT share int64).
  void SetType(const LogicalType& type) { type_ = type; }

 private:
  LogicalType type_;
  NumberArray<uint8_t> validity_;
  NumberArray<int64_t> i64_;
  NumberArray<int128_t> i128_;
  NumberArray<double> f64_;
  std::vector<std::string> str_;
  std::vector<Interval> interval_;
};

struct DataChunk {
  std::vector<Vector> columns;

  size_t size() const { return columns.empty() ? row_count : columns[0].size(); }
  // Rows when there are no columns (SELECT 1 FROM t needs the count of t's rows).
  size_t row_count = 0;

  void Initialize(const std::vector<LogicalType>& types);
  void Reset();  // keeps the column types, drops the rows
  void SetRowCount(size_t n);
  void AppendRange(const DataChunk& other, size_t offset, size_t count);
  // Like AppendRange, but moves strings out of `other` instead of copying them.
  void TakeRange(DataChunk& other, size_t offset, size_t count);
  void Compact(const uint32_t* selection, size_t count);
};

}  // namespace martlet
