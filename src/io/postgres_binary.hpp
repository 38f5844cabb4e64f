// PostgreSQL's binary format for the types Martlet maps, and the mapping itself.
//
// Values arrive in the format of `COPY ... (FORMAT binary)`, big-endian: integers and floats
// as their bytes, numeric as base-10000 digits, date as days and timestamps as microseconds
// since 2000-01-01, interval as microseconds, days and months. Decoding checks each value
// against the Martlet type's range (dates before 0001-01-01, 'infinity', NaN in a numeric).
#pragma once

#include <cstdint>
#include <string>

#include "common/vector.hpp"
#include "martlet/status.hpp"

namespace martlet {

// How a column's values travel: decoded from PostgreSQL's binary form, or cast to text by
// the server (types Martlet has no equivalent for: uuid, json, arrays, time, ...).
enum class PostgresWireForm : uint8_t {
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumeric,
  kDate,
  kTimestamp,  // timestamp and timestamptz: microseconds since 2000-01-01
  kInterval,
  kText,          // text, varchar, bpchar, name: the bytes themselves
  kCastToFloat8,  // numeric without a precision: the server rounds it to double precision
  kCastToText,
};

struct PostgresColumn {
  std::string name;
  uint32_t type_oid = 0;
  int32_t type_modifier = -1;
  LogicalType type;  // what the column becomes in Martlet
  PostgresWireForm form = PostgresWireForm::kCastToText;
};

// Martlet's type for a PostgreSQL column (`column.type_oid`, `column.type_modifier`), set in
// `column.type` and `column.form`. Fails for numeric wider than DECIMAL(38).
Status MapPostgresType(PostgresColumn& column);

// Decodes one non-NULL value of `form`, `size` bytes at `data`, into row `row` of `out`
// (sized already, of the column's Martlet type). Errors say what does not fit and why.
Status DecodePostgresValue(PostgresWireForm form, const char* data, size_t size, Vector& out,
                           size_t row);

}  // namespace martlet
