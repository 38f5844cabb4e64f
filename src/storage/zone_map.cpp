#include "storage/zone_map.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "storage/byte_io.hpp"

namespace martlet {
namespace {

constexpr uint8_t kFlagBounds = 1;

// The [lo, hi] of the valid rows of an integer array; the caller ensures one exists.
template <typename T>
std::pair<T, T> IntegerBounds(const T* values, const uint8_t* validity, size_t n) {
  T lo{}, hi{};
  bool seen = false;
  for (size_t i = 0; i < n; ++i) {
    if (!validity[i]) continue;
    if (!seen || values[i] < lo) lo = values[i];
    if (!seen || values[i] > hi) hi = values[i];
    seen = true;
  }
  return {lo, hi};
}

void DoubleBounds(const Vector& column, size_t offset, size_t n, ZoneMap& zone_map) {
  const double* values = column.f64() + offset;
  const uint8_t* validity = column.validity() + offset;
  bool seen = false, has_nan = false;
  double lo = 0, hi = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!validity[i]) continue;
    const double x = values[i];
    if (std::isnan(x)) {
      has_nan = true;
      continue;
    }
    if (!seen || x < lo) lo = x;
    if (!seen || x > hi) hi = x;
    seen = true;
  }
  const double nan = std::nan("");
  zone_map.min = Value::FromDouble(column.type(), seen ? lo : nan);
  zone_map.max = Value::FromDouble(column.type(), has_nan ? nan : hi);
}

std::string StringLowerBound(const std::string& s) {
  return s.size() <= kZoneMapMaxStringBytes ? s : s.substr(0, kZoneMapMaxStringBytes);
}

// A string of at most kZoneMapMaxStringBytes bytes that is >= s, or s itself when none is.
std::string StringUpperBound(const std::string& s) {
  if (s.size() <= kZoneMapMaxStringBytes) return s;
  std::string bound = s.substr(0, kZoneMapMaxStringBytes);
  while (!bound.empty() && static_cast<unsigned char>(bound.back()) == 0xFF) bound.pop_back();
  if (bound.empty()) return s;
  bound.back() = static_cast<char>(static_cast<unsigned char>(bound.back()) + 1);
  return bound;
}

void StringBounds(const Vector& column, size_t offset, size_t n, ZoneMap& zone_map) {
  const std::string* values = column.str() + offset;
  const uint8_t* validity = column.validity() + offset;
  const std::string* lo = nullptr;
  const std::string* hi = nullptr;
  for (size_t i = 0; i < n; ++i) {
    if (!validity[i]) continue;
    if (lo == nullptr || values[i] < *lo) lo = &values[i];
    if (hi == nullptr || values[i] > *hi) hi = &values[i];
  }
  zone_map.min = Value::FromString(column.type(), StringLowerBound(*lo));
  zone_map.max = Value::FromString(column.type(), StringUpperBound(*hi));
}

bool IsPlainInteger(TypeId id) {
  return id == TypeId::kBoolean || id == TypeId::kSmallInt || id == TypeId::kInteger ||
         id == TypeId::kBigInt;
}

// Whether the physical bounds of a column of `column` type can be compared with a constant
// of `constant` type directly. Anything needing a cast or special semantics says no.
bool DirectlyComparable(const LogicalType& column, const LogicalType& constant) {
  if (column.physical() != constant.physical()) return false;
  switch (column.physical()) {
    case PhysicalType::kInt64:
      return column.id() == constant.id() ||
             (IsPlainInteger(column.id()) && IsPlainInteger(constant.id()));
    case PhysicalType::kInt128:
      return column.scale() == constant.scale();
    case PhysicalType::kDouble:
      return true;
    case PhysicalType::kString:
      // CHAR compares ignoring trailing blanks; the byte-wise bounds do not model that.
      return column.id() != TypeId::kChar && constant.id() != TypeId::kChar;
    case PhysicalType::kInterval:
      return false;
  }
  return false;
}

template <typename T>
int ThreeWay(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Sign of (a - b), or nothing when either is NaN.
std::optional<int> CompareValues(const Value& a, const Value& b) {
  switch (a.type().physical()) {
    case PhysicalType::kInt64:
      return ThreeWay(a.int64(), b.int64());
    case PhysicalType::kInt128:
      return ThreeWay(a.int128(), b.int128());
    case PhysicalType::kDouble:
      if (std::isnan(a.float64()) || std::isnan(b.float64())) return std::nullopt;
      return ThreeWay(a.float64(), b.float64());
    case PhysicalType::kString:
      return ThreeWay(a.str(), b.str());
    case PhysicalType::kInterval:
      return std::nullopt;
  }
  return std::nullopt;
}

void SerializeBound(const Value& value, std::string& out) {
  switch (value.type().physical()) {
    case PhysicalType::kInt64:
      PutFixed<int64_t>(out, value.int64());
      break;
    case PhysicalType::kInt128:
      PutFixed<int128_t>(out, value.int128());
      break;
    case PhysicalType::kDouble:
      PutFixed<double>(out, value.float64());
      break;
    case PhysicalType::kString:
      PutFixed<uint32_t>(out, static_cast<uint32_t>(value.str().size()));
      out += value.str();
      break;
    case PhysicalType::kInterval:
      break;  // never has bounds
  }
}

bool ParseBound(ByteReader& in, const LogicalType& type, Value* value) {
  switch (type.physical()) {
    case PhysicalType::kInt64: {
      int64_t x;
      if (!in.ReadFixed(&x)) return false;
      *value = Value::FromInt64(type, x);
      return true;
    }
    case PhysicalType::kInt128: {
      int128_t x;
      if (!in.ReadFixed(&x)) return false;
      *value = Value::FromInt128(type, x);
      return true;
    }
    case PhysicalType::kDouble: {
      double x;
      if (!in.ReadFixed(&x)) return false;
      *value = Value::FromDouble(type, x);
      return true;
    }
    case PhysicalType::kString: {
      uint32_t length;
      std::string_view bytes;
      if (!in.ReadFixed(&length) || !in.ReadBytes(length, &bytes)) return false;
      *value = Value::FromString(type, std::string(bytes));
      return true;
    }
    case PhysicalType::kInterval:
      return false;
  }
  return false;
}

Status CorruptZoneMap(const std::string& what) {
  return Status(StatusCode::kCorruption, "corrupt zone map: " + what);
}

}  // namespace

ZoneMap ComputeZoneMap(const Vector& column, size_t offset, size_t count) {
  ZoneMap zone_map;
  zone_map.row_count = static_cast<uint32_t>(count);
  const uint8_t* validity = column.validity() + offset;
  const size_t valid = static_cast<size_t>(
      std::count_if(validity, validity + count, [](uint8_t v) { return v != 0; }));
  zone_map.null_count = static_cast<uint32_t>(count - valid);
  zone_map.min = zone_map.max = Value::Null(column.type());
  if (valid == 0) return zone_map;
  const LogicalType& type = column.type();
  switch (type.physical()) {
    case PhysicalType::kInt64: {
      const auto [lo, hi] = IntegerBounds(column.i64() + offset, validity, count);
      zone_map.min = Value::FromInt64(type, lo);
      zone_map.max = Value::FromInt64(type, hi);
      break;
    }
    case PhysicalType::kInt128: {
      const auto [lo, hi] = IntegerBounds(column.i128() + offset, validity, count);
      zone_map.min = Value::FromInt128(type, lo);
      zone_map.max = Value::FromInt128(type, hi);
      break;
    }
    case PhysicalType::kDouble:
      DoubleBounds(column, offset, count, zone_map);
      break;
    case PhysicalType::kString:
      StringBounds(column, offset, count, zone_map);
      break;
    case PhysicalType::kInterval:
      break;
  }
  return zone_map;
}

bool ZoneMapMayMatch(const ZoneMap& zone_map, CompareOp op, const Value& constant) {
  // A comparison with NULL, or of a NULL row, is never true.
  if (!zone_map.HasValues() || constant.is_null()) return false;
  if (!zone_map.HasBounds() || !DirectlyComparable(zone_map.min.type(), constant.type())) {
    return true;
  }
  const std::optional<int> vs_min = CompareValues(constant, zone_map.min);
  const std::optional<int> vs_max = CompareValues(constant, zone_map.max);
  if (!vs_min || !vs_max) return true;
  switch (op) {
    case CompareOp::kEqual:
      return *vs_min >= 0 && *vs_max <= 0;
    // Shortened string bounds are never equal to each other (the max is strictly greater),
    // so min == max == constant only when every value is the constant.
    case CompareOp::kNotEqual:
      return !(*vs_min == 0 && *vs_max == 0);
    case CompareOp::kLess:
      return *vs_min > 0;
    case CompareOp::kLessEqual:
      return *vs_min >= 0;
    case CompareOp::kGreater:
      return *vs_max < 0;
    case CompareOp::kGreaterEqual:
      return *vs_max <= 0;
  }
  return true;
}

bool ZoneMapAllMatch(const ZoneMap& zone_map, CompareOp op, const Value& constant) {
  if (zone_map.null_count != 0 || !zone_map.HasBounds() || constant.is_null()) return false;
  if (constant.type().physical() == PhysicalType::kDouble ||
      !DirectlyComparable(zone_map.min.type(), constant.type())) {
    return false;
  }
  const std::optional<int> vs_min = CompareValues(constant, zone_map.min);
  const std::optional<int> vs_max = CompareValues(constant, zone_map.max);
  if (!vs_min || !vs_max) return false;
  // Shortened string bounds lie outside the values, which keeps every answer below safe.
  switch (op) {
    case CompareOp::kEqual:
      return *vs_min == 0 && *vs_max == 0;
    case CompareOp::kNotEqual:
      return *vs_min < 0 || *vs_max > 0;
    case CompareOp::kLess:
      return *vs_max > 0;
    case CompareOp::kLessEqual:
      return *vs_max >= 0;
    case CompareOp::kGreater:
      return *vs_min < 0;
    case CompareOp::kGreaterEqual:
      return *vs_min <= 0;
  }
  return false;
}

void SerializeZoneMap(const ZoneMap& zone_map, std::string& out) {
  PutFixed<uint32_t>(out, zone_map.row_count);
  PutFixed<uint32_t>(out, zone_map.null_count);
  const bool bounds =
      zone_map.HasBounds() && zone_map.min.type().physical() != PhysicalType::kInterval;
  PutU8(out, bounds ? kFlagBounds : 0);
  if (!bounds) return;
  SerializeBound(zone_map.min, out);
  SerializeBound(zone_map.max, out);
}

Result<ZoneMap> ParseZoneMap(std::string_view* input, const LogicalType& type) {
  ByteReader in(*input);
  ZoneMap zone_map;
  uint8_t flags;
  if (!in.ReadFixed(&zone_map.row_count) || !in.ReadFixed(&zone_map.null_count) ||
      !in.ReadFixed(&flags)) {
    return CorruptZoneMap("truncated");
  }
  if ((flags & ~kFlagBounds) != 0 || zone_map.null_count > zone_map.row_count) {
    return CorruptZoneMap("flags " + std::to_string(flags) + ", " +
                          std::to_string(zone_map.null_count) + " NULLs in " +
                          std::to_string(zone_map.row_count) + " rows");
  }
  zone_map.min = zone_map.max = Value::Null(type);
  if ((flags & kFlagBounds) != 0 &&
      (!ParseBound(in, type, &zone_map.min) || !ParseBound(in, type, &zone_map.max))) {
    return CorruptZoneMap("bounds of a " + type.ToString() + " column are truncated or invalid");
  }
  input->remove_prefix(in.position());
  return zone_map;
}

}  // namespace martlet
