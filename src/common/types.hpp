// Logical SQL types and how their values are held in memory.
//
// Every logical type maps to one of five physical representations, so that kernels are
// written once per representation rather than once per SQL type:
//   kInt64   BOOLEAN (0/1), SMALLINT, INTEGER, BIGINT, DATE (days since 1970-01-01),
//            TIMESTAMP and TIMESTAMPTZ (microseconds since 1970-01-01 00:00:00 UTC)
//   kInt128  DECIMAL(p, s) as the unscaled integer (value * 10^s), exact to 38 digits
//   kDouble  REAL, DOUBLE PRECISION
//   kString  CHAR(n), VARCHAR(n), TEXT (UTF-8)
//   kInterval INTERVAL (months, days, microseconds)
#pragma once

#include <cstdint>
#include <string>

namespace martlet {

enum class TypeId : uint8_t {
  kNull,  // the type of a bare NULL literal before it is given a real type
  kBoolean,
  kSmallInt,
  kInteger,
  kBigInt,
  kDecimal,
  kReal,
  kDouble,
  kChar,
  kVarchar,
  kDate,
  kTimestamp,
  kTimestampTz,
  kInterval,
};

enum class PhysicalType : uint8_t { kInt64, kInt128, kDouble, kString, kInterval };

using int128_t = __int128;

struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
  bool operator==(const Interval&) const = default;
};

class LogicalType {
 public:
  static constexpr int kMaxDecimalPrecision = 38;
  static constexpr uint32_t kUnboundedLength = 0;  // TEXT, VARCHAR without a length

  LogicalType() = default;
  explicit LogicalType(TypeId id) : id_(id) {}
  static LogicalType Decimal(int precision, int scale) {
    LogicalType t(TypeId::kDecimal);
    t.precision_ = static_cast<uint8_t>(precision);
    t.scale_ = static_cast<uint8_t>(scale);
    return t;
  }
  static LogicalType Varchar(uint32_t length = kUnboundedLength) {
    LogicalType t(TypeId::kVarchar);
    t.length_ = length;
    return t;
  }
  static LogicalType Char(uint32_t length) {
    LogicalType t(TypeId::kChar);
    t.length_ = length;
    return t;
  }

  TypeId id() const { return id_; }
  int precision() const { return precision_; }
  int scale() const { return scale_; }
  uint32_t length() const { return length_; }
  PhysicalType physical() const {  // inline: kernels ask it once per row
    switch (id_) {
      case TypeId::kDecimal: return PhysicalType::kInt128;
      case TypeId::kReal:
      case TypeId::kDouble: return PhysicalType::kDouble;
      case TypeId::kChar:
      case TypeId::kVarchar: return PhysicalType::kString;
      case TypeId::kInterval: return PhysicalType::kInterval;
      default: return PhysicalType::kInt64;
    }
  }

  bool IsNumeric() const;   // integers, decimals, floating point
  bool IsInteger() const;   // SMALLINT, INTEGER, BIGINT
  bool IsString() const { return id_ == TypeId::kChar || id_ == TypeId::kVarchar; }
  bool IsTemporal() const;  // DATE, TIMESTAMP, TIMESTAMPTZ
  bool IsFloat() const { return id_ == TypeId::kReal || id_ == TypeId::kDouble; }

  // SQL spelling as PostgreSQL prints it: "integer", "numeric(15,2)", "character varying(25)".
  std::string ToString() const;

  bool operator==(const LogicalType& other) const = default;

 private:
  TypeId id_ = TypeId::kNull;
  uint8_t precision_ = 18;
  uint8_t scale_ = 0;
  uint32_t length_ = kUnboundedLength;
};

}  // namespace martlet
