// Conversions between SQL types, with PostgreSQL's rules: a value that does not fit is an
// error (never a silent wrap or cut), text is parsed strictly.
#pragma once

#include "common/types.hpp"
#include "common/value.hpp"
#include "common/vector.hpp"
#include "martlet/status.hpp"

namespace martlet {

// Converts the first `count` rows of `input` into `output`, which already has the target
// type and `count` rows. NULL stays NULL. Errors name the value and the target type, e.g.
// 'invalid input syntax for type integer: "12x"', 'integer out of range',
// 'value too long for type character varying(5)'.
Status CastVector(const Vector& input, Vector& output, size_t count);
Result<Value> CastValue(const Value& value, const LogicalType& target);

// Whether the binder may insert this cast on its own (PostgreSQL's implicit casts:
// integer widening, integer -> decimal -> double, date -> timestamp, unknown literal -> any).
bool CanCastImplicitly(const LogicalType& from, const LogicalType& to);
// Whether an explicit CAST is allowed at all.
bool CanCast(const LogicalType& from, const LogicalType& to);

// The common type two operands are brought to (for comparisons, CASE, UNION, COALESCE):
// numeric promotion (smallint < integer < bigint < decimal < real < double), decimal
// precision/scale widening, text with text, date with timestamp; fails when there is none.
Result<LogicalType> CommonSuperType(const LogicalType& a, const LogicalType& b);

}  // namespace martlet
