// The parts of CastVector, one per family of source or target type. Each is called with
// the output's validity already copied from the input, converts the valid rows, and leaves
// the data of NULL rows unspecified.
#pragma once

#include <string>

#include "common/types.hpp"
#include "common/vector.hpp"
#include "martlet/status.hpp"

namespace martlet {

// Any type -> CHAR/VARCHAR, including string -> string length rules.
Status CastToString(const Vector& input, Vector& output, size_t count);
// CHAR/VARCHAR -> any non-string type.
Status CastFromString(const Vector& input, Vector& output, size_t count);
// Among BOOLEAN, the integers, DECIMAL, REAL and DOUBLE.
Status CastNumeric(const Vector& input, Vector& output, size_t count);
// Among DATE, TIMESTAMP and TIMESTAMPTZ.
Status CastTemporal(const Vector& input, Vector& output, size_t count);

// Applies the length of CHAR(n)/VARCHAR(n) to `text`: an over-long value is an error unless
// only spaces are cut; CHAR(n) pads with spaces. Lengths count UTF-8 characters.
Status FitStringLength(std::string& text, const LogicalType& target);

// 'cannot cast type date to integer'.
Status CannotCast(const LogicalType& from, const LogicalType& to);

}  // namespace martlet
