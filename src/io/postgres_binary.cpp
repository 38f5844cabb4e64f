#include "io/postgres_binary.hpp"

#include <algorithm>
#include <cstring>

#include "common/date_time.hpp"
#include "common/decimal.hpp"

namespace martlet {

namespace {

// Type OIDs fixed in PostgreSQL's catalog (pg_type.dat); they never change between versions.
enum : uint32_t {
  kBoolOid = 16,
  kNameOid = 19,
  kInt8Oid = 20,
  kInt2Oid = 21,
  kInt4Oid = 23,
  kTextOid = 25,
  kFloat4Oid = 700,
  kFloat8Oid = 701,
  kBpcharOid = 1042,
  kVarcharOid = 1043,
  kDateOid = 1082,
  kTimestampOid = 1114,
  kTimestampTzOid = 1184,
  kIntervalOid = 1186,
  kNumericOid = 1700,
};

// PostgreSQL counts dates and timestamps from 2000-01-01; Martlet from 1970-01-01.
constexpr int64_t kPostgresEpochDays = 10957;
constexpr int64_t kPostgresEpochMicros = kPostgresEpochDays * kMicrosPerDay;
// Martlet's dates run from 0001-01-01 to 294276-12-31.
const int64_t kFirstDay = DaysFromCivil(1, 1, 1);
const int64_t kLastDay = DaysFromCivil(294276, 12, 31);

uint16_t Read16(const char* p) {
  return static_cast<uint16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1]));
}
uint32_t Read32(const char* p) { return (static_cast<uint32_t>(Read16(p)) << 16) | Read16(p + 2); }
uint64_t Read64(const char* p) { return (static_cast<uint64_t>(Read32(p)) << 32) | Read32(p + 4); }

std::string NumericTypeName(int precision, int scale) {
  return "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
}

// The unscaled DECIMAL(precision, scale) value of a binary numeric: ndigits, weight, sign,
// dscale, then base-10000 digits, the first worth 10000^weight.
Status DecodeNumeric(const char* data, size_t size, int precision, int scale, int128_t& out) {
  if (size < 8) return Status(StatusCode::kCorruption, "a numeric value is cut short");
  int ndigits = static_cast<int16_t>(Read16(data));
  int weight = static_cast<int16_t>(Read16(data + 2));
  uint16_t sign = Read16(data + 4);
  if (ndigits < 0 || size < 8 + 2 * static_cast<size_t>(ndigits)) {
    return Status(StatusCode::kCorruption, "a numeric value is cut short");
  }
  if (sign != 0 && sign != 0x4000) {
    const char* what = sign == 0xC000 ? "NaN" : sign == 0xD000 ? "Infinity" : "-Infinity";
    return Status(StatusCode::kInvalidInput,
                  std::string(what) + " does not fit type " + NumericTypeName(precision, scale));
  }
  const int128_t limit = MaxDecimalMagnitude(precision);
  int128_t value = 0;
  int lowest = 0;  // the decimal exponent of the last digit taken
  bool round_up = false;
  for (int i = 0; i < ndigits; i++) {
    int group = Read16(data + 8 + 2 * i);
    for (int k = 3; k >= 0; k--) {
      int exponent = 4 * (weight - i) + k;  // this digit is worth 10^exponent
      int digit = group / static_cast<int>(Pow10(k)) % 10;
      if (exponent < -scale) {
        if (exponent == -scale - 1) round_up = digit >= 5;
        continue;
      }
      value = value * 10 + digit;
      lowest = exponent;
      if (value > limit) return Status(StatusCode::kInvalidInput, "numeric field overflow");
    }
  }
  // Digits the value does not spell out (trailing zero groups) down to the scale.
  for (int e = lowest; e > -scale && value != 0; e--) {
    value *= 10;
    if (value > limit) return Status(StatusCode::kInvalidInput, "numeric field overflow");
  }
  if (round_up && ++value > limit)
    return Status(StatusCode::kInvalidInput, "numeric field overflow");
  out = sign == 0x4000 ? -value : value;
  return Status::Ok();
}

// `postgres_value` (days or microseconds since 2000-01-01; `infinity` is the largest value,
// which PostgreSQL uses for 'infinity') does not fit Martlet's `type`, whose last value is `last`.
Status OutOfRange(int64_t postgres_value, int64_t infinity, const char* type,
                  const std::string& last) {
  std::string what = postgres_value == infinity        ? "'infinity'"
                     : postgres_value == -infinity - 1 ? "'-infinity'"
                     : postgres_value < 0              ? "before 0001-01-01"
                                                       : "after " + last;
  return Status(StatusCode::kInvalidInput,
                std::string(type) + " " + what + " is out of Martlet's range");
}

Status WrongLength(size_t expected, size_t got) {
  return Status(StatusCode::kCorruption,
                "expected " + std::to_string(expected) + " bytes, got " + std::to_string(got) +
                    " (did the source change since the query was described?)");
}

// The size of a value of `form` in the binary format; 0 when it varies.
size_t FixedSize(PostgresWireForm form) {
  switch (form) {
    case PostgresWireForm::kBool:
      return 1;
    case PostgresWireForm::kInt2:
      return 2;
    case PostgresWireForm::kInt4:
    case PostgresWireForm::kFloat4:
    case PostgresWireForm::kDate:
      return 4;
    case PostgresWireForm::kInt8:
    case PostgresWireForm::kFloat8:
    case PostgresWireForm::kCastToFloat8:
    case PostgresWireForm::kTimestamp:
      return 8;
    case PostgresWireForm::kInterval:
      return 16;
    case PostgresWireForm::kNumeric:
    case PostgresWireForm::kText:
    case PostgresWireForm::kCastToText:
      return 0;
  }
  return 0;
}

}  // namespace

Status MapPostgresType(PostgresColumn& column) {
  int32_t modifier = column.type_modifier;
  switch (column.type_oid) {
    case kBoolOid:
      column.type = LogicalType(TypeId::kBoolean);
      column.form = PostgresWireForm::kBool;
      return Status::Ok();
    case kInt2Oid:
      column.type = LogicalType(TypeId::kSmallInt);
      column.form = PostgresWireForm::kInt2;
      return Status::Ok();
    case kInt4Oid:
      column.type = LogicalType(TypeId::kInteger);
      column.form = PostgresWireForm::kInt4;
      return Status::Ok();
    case kInt8Oid:
      column.type = LogicalType(TypeId::kBigInt);
      column.form = PostgresWireForm::kInt8;
      return Status::Ok();
    case kFloat4Oid:
      column.type = LogicalType(TypeId::kReal);
      column.form = PostgresWireForm::kFloat4;
      return Status::Ok();
    case kFloat8Oid:
      column.type = LogicalType(TypeId::kDouble);
      column.form = PostgresWireForm::kFloat8;
      return Status::Ok();
    case kNumericOid: {
      if (modifier < 4) {
        // numeric without precision holds any number of digits: read as the server rounds it
        // to double precision.
        column.type = LogicalType(TypeId::kDouble);
        column.form = PostgresWireForm::kCastToFloat8;
        return Status::Ok();
      }
      int precision = ((modifier - 4) >> 16) & 0xFFFF;
      // The scale is an 11-bit two's complement number: negative ones exist since PostgreSQL 15.
      int scale = (((modifier - 4) & 0x7FF) ^ 1024) - 1024;
      int martlet_precision = scale < 0 ? precision - scale : std::max(precision, scale);
      if (martlet_precision > LogicalType::kMaxDecimalPrecision) {
        return Status(StatusCode::kNotSupported,
                      "column \"" + column.name + "\" is " + NumericTypeName(precision, scale) +
                          ", wider than Martlet's DECIMAL(38); cast it in the query (" +
                          column.name + "::numeric(38," +
                          std::to_string(std::max(0, std::min(scale, 38))) + "), " + column.name +
                          "::float8 or " + column.name + "::text)");
      }
      column.type = LogicalType::Decimal(martlet_precision, std::max(scale, 0));
      column.form = PostgresWireForm::kNumeric;
      return Status::Ok();
    }
    case kDateOid:
      column.type = LogicalType(TypeId::kDate);
      column.form = PostgresWireForm::kDate;
      return Status::Ok();
    case kTimestampOid:
    case kTimestampTzOid:
      column.type =
          LogicalType(column.type_oid == kTimestampOid ? TypeId::kTimestamp : TypeId::kTimestampTz);
      column.form = PostgresWireForm::kTimestamp;
      return Status::Ok();
    case kIntervalOid:
      column.type = LogicalType(TypeId::kInterval);
      column.form = PostgresWireForm::kInterval;
      return Status::Ok();
    case kBpcharOid:
      column.type = modifier > 4 ? LogicalType::Char(static_cast<uint32_t>(modifier - 4))
                                 : LogicalType::Varchar();
      column.form = PostgresWireForm::kText;
      return Status::Ok();
    case kVarcharOid:
      column.type = LogicalType::Varchar(modifier > 4 ? static_cast<uint32_t>(modifier - 4)
                                                      : LogicalType::kUnboundedLength);
      column.form = PostgresWireForm::kText;
      return Status::Ok();
    case kTextOid:
    case kNameOid:
      column.type = LogicalType::Varchar();
      column.form = PostgresWireForm::kText;
      return Status::Ok();
    default:
      column.type = LogicalType::Varchar();
      column.form = PostgresWireForm::kCastToText;
      return Status::Ok();
  }
}

Status DecodePostgresValue(PostgresWireForm form, const char* data, size_t size, Vector& out,
                           size_t row) {
  size_t expected = FixedSize(form);
  if (expected != 0 && size != expected) return WrongLength(expected, size);
  switch (form) {
    case PostgresWireForm::kBool:
      out.i64()[row] = data[0] != 0;
      break;
    case PostgresWireForm::kInt2:
      out.i64()[row] = static_cast<int16_t>(Read16(data));
      break;
    case PostgresWireForm::kInt4:
      out.i64()[row] = static_cast<int32_t>(Read32(data));
      break;
    case PostgresWireForm::kInt8:
      out.i64()[row] = static_cast<int64_t>(Read64(data));
      break;
    case PostgresWireForm::kFloat4: {
      uint32_t bits = Read32(data);
      float value;
      std::memcpy(&value, &bits, sizeof value);
      out.f64()[row] = value;
      break;
    }
    case PostgresWireForm::kFloat8:
    case PostgresWireForm::kCastToFloat8: {
      uint64_t bits = Read64(data);
      std::memcpy(&out.f64()[row], &bits, sizeof(double));
      break;
    }
    case PostgresWireForm::kNumeric:
      return DecodeNumeric(data, size, out.type().precision(), out.type().scale(), out.i128()[row]);
    case PostgresWireForm::kDate: {
      int64_t value = static_cast<int32_t>(Read32(data));
      int64_t days = value + kPostgresEpochDays;
      if (days < kFirstDay || days > kLastDay)
        return OutOfRange(value, INT32_MAX, "date", FormatDate(kLastDay));
      out.i64()[row] = days;
      break;
    }
    case PostgresWireForm::kTimestamp: {
      int64_t value = static_cast<int64_t>(Read64(data));
      int64_t micros = 0;
      if (__builtin_add_overflow(value, kPostgresEpochMicros, &micros) ||
          TimestampDay(micros) < kFirstDay) {
        return OutOfRange(value, INT64_MAX, "timestamp", FormatTimestamp(INT64_MAX));
      }
      out.i64()[row] = micros;
      break;
    }
    case PostgresWireForm::kInterval: {
      Interval& interval = out.interval()[row];
      interval.micros = static_cast<int64_t>(Read64(data));
      interval.days = static_cast<int32_t>(Read32(data + 8));
      interval.months = static_cast<int32_t>(Read32(data + 12));
      break;
    }
    case PostgresWireForm::kText:
    case PostgresWireForm::kCastToText:
      out.str()[row].assign(data, size);
      break;
  }
  return Status::Ok();
}

}  // namespace martlet
