// Value: one SQL value of any type. Used for constants, literals, catalog defaults and
// results handed to clients; never in a hot loop (that is what Vector is for).
#pragma once

#include <string>

#include "common/types.hpp"

namespace martlet {

class Value {
 public:
  Value() = default;
  static Value Null(LogicalType type = LogicalType()) {
    Value v;
    v.type_ = type;
    return v;
  }
  static Value FromInt64(LogicalType type, int64_t x) {
    Value v = Of(type);
    v.i64_ = x;
    return v;
  }
  static Value Boolean(bool b) { return FromInt64(LogicalType(TypeId::kBoolean), b ? 1 : 0); }
  static Value Integer(int32_t x) { return FromInt64(LogicalType(TypeId::kInteger), x); }
  static Value BigInt(int64_t x) { return FromInt64(LogicalType(TypeId::kBigInt), x); }
  static Value FromInt128(LogicalType type, int128_t x) {
    Value v = Of(type);
    v.i128_ = x;
    return v;
  }
  static Value FromDouble(LogicalType type, double x) {
    Value v = Of(type);
    v.f64_ = x;
    return v;
  }
  static Value Double(double x) { return FromDouble(LogicalType(TypeId::kDouble), x); }
  static Value FromString(LogicalType type, std::string s) {
    Value v = Of(type);
    v.str_ = std::move(s);
    return v;
  }
  static Value Text(std::string s) { return FromString(LogicalType::Varchar(), std::move(s)); }
  static Value FromInterval(Interval x) {
    Value v = Of(LogicalType(TypeId::kInterval));
    v.interval_ = x;
    return v;
  }

  const LogicalType& type() const { return type_; }
  bool is_null() const { return is_null_; }
  int64_t int64() const { return i64_; }
  int128_t int128() const { return i128_; }
  double float64() const { return f64_; }
  const std::string& str() const { return str_; }
  const Interval& interval() const { return interval_; }
  bool boolean() const { return i64_ != 0; }

  // The value as psql prints it in text format ("t"/"f", "30.40", "1998-12-01"); NULL is "".
  std::string ToText() const;

 private:
  static Value Of(LogicalType type) {
    Value v;
    v.type_ = type;
    v.is_null_ = false;
    return v;
  }
  LogicalType type_;
  bool is_null_ = true;
  int64_t i64_ = 0;
  int128_t i128_ = 0;
  double f64_ = 0;
  std::string str_;
  Interval interval_;
};

}  // namespace martlet
