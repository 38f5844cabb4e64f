// Typed access to single cells of a Vector: comparison in SQL order and copying.
//
// MIN/MAX, the ordered aggregates, the sort and the window operator all need the same total
// order on each physical representation; it is defined once here so they cannot disagree.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>

#include "common/date_time.hpp"
#include "common/types.hpp"
#include "common/vector.hpp"

namespace martlet {

// The value array of a vector as T (T must match the vector's physical type).
template <typename T>
const T* CellData(const Vector& v);
template <>
inline const int64_t* CellData<int64_t>(const Vector& v) {
  return v.i64();
}
template <>
inline const int128_t* CellData<int128_t>(const Vector& v) {
  return v.i128();
}
template <>
inline const double* CellData<double>(const Vector& v) {
  return v.f64();
}
template <>
inline const std::string* CellData<std::string>(const Vector& v) {
  return v.str();
}
template <>
inline const Interval* CellData<Interval>(const Vector& v) {
  return v.interval();
}

template <typename T>
T* MutableCellData(Vector& v) {
  return const_cast<T*>(CellData<T>(static_cast<const Vector&>(v)));
}

// PostgreSQL orders NaN above every other double and treats all NaNs as equal.
inline int CompareDouble(double a, double b) {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a == b) return 0;
  return static_cast<int>(std::isnan(a)) - static_cast<int>(std::isnan(b));
}

// Intervals compare as PostgreSQL compares them: a month counts 30 days, a day 24 hours.
inline int128_t IntervalSpan(const Interval& v) {
  return (static_cast<int128_t>(v.months) * 30 + v.days) * kMicrosPerDay + v.micros;
}

inline int CompareValue(int64_t a, int64_t b) { return (a > b) - (a < b); }
inline int CompareValue(int128_t a, int128_t b) { return (a > b) - (a < b); }
inline int CompareValue(double a, double b) { return CompareDouble(a, b); }
// Byte order, which is the C collation PostgreSQL uses for `COLLATE "C"`.
inline int CompareValue(const std::string& a, const std::string& b) {
  int c = a.compare(b);
  return (c > 0) - (c < 0);
}
inline int CompareValue(const Interval& a, const Interval& b) {
  return CompareValue(IntervalSpan(a), IntervalSpan(b));
}

// Compares two non-NULL cells of vectors with the same physical type.
inline int CompareCells(const Vector& a, size_t row_a, const Vector& b, size_t row_b) {
  switch (a.type().physical()) {
    case PhysicalType::kInt64:
      return CompareValue(a.i64()[row_a], b.i64()[row_b]);
    case PhysicalType::kInt128:
      return CompareValue(a.i128()[row_a], b.i128()[row_b]);
    case PhysicalType::kDouble:
      return CompareValue(a.f64()[row_a], b.f64()[row_b]);
    case PhysicalType::kString:
      return CompareValue(a.str()[row_a], b.str()[row_b]);
    case PhysicalType::kInterval:
      return CompareValue(a.interval()[row_a], b.interval()[row_b]);
  }
  return 0;
}

// Copies cell `from` of `src` (NULL or not) into cell `to` of `dst` (same physical type).
inline void CopyCell(const Vector& src, size_t from, Vector& dst, size_t to) {
  if (src.IsNull(from)) {
    dst.SetNull(to);
    return;
  }
  dst.SetValid(to);
  switch (src.type().physical()) {
    case PhysicalType::kInt64:
      dst.i64()[to] = src.i64()[from];
      break;
    case PhysicalType::kInt128:
      dst.i128()[to] = src.i128()[from];
      break;
    case PhysicalType::kDouble:
      dst.f64()[to] = src.f64()[from];
      break;
    case PhysicalType::kString:
      dst.str()[to] = src.str()[from];
      break;
    case PhysicalType::kInterval:
      dst.interval()[to] = src.interval()[from];
      break;
  }
}

}  // namespace martlet
