// Pieces shared by the cast, arithmetic, comparison and math kernels: NULL propagation over
// whole vectors, integer ranges per SQL type, and the PostgreSQL wording of numeric errors.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "common/types.hpp"
#include "common/vector.hpp"
#include "martlet/status.hpp"

namespace martlet {

// Whether any of the first `count` rows of `v` is NULL.
inline bool AnyNullIn(const Vector& v, size_t count) {
  return count > 0 && std::memchr(v.validity(), 0, count) != nullptr;
}

// Makes each result row valid exactly when all argument rows are; returns true when every
// row is valid, so that a kernel can take its no-NULL fast path.
inline bool PropagateValidity(const std::vector<const Vector*>& args, size_t count,
                              Vector& result) {
  uint8_t* out = result.validity();
  std::memset(out, 1, count);
  bool all_valid = true;
  for (const Vector* arg : args) {
    if (!AnyNullIn(*arg, count)) continue;
    all_valid = false;
    const uint8_t* in = arg->validity();
    for (size_t i = 0; i < count; i++) out[i] &= in[i];
  }
  return all_valid;
}

// The range of the integer SQL types (BOOLEAN counts as 0..1).
struct IntegerRange {
  int64_t min;
  int64_t max;
};
IntegerRange RangeOf(TypeId id);
// "smallint out of range", "integer out of range", "bigint out of range".
Status IntegerOutOfRange(TypeId id);
// The decimal digits any value of an integer type needs: 5, 10, 19.
int IntegerDigits(TypeId id);
// The decimal type every value of an integer type fits: smallint -> numeric(5,0).
LogicalType DecimalForInteger(TypeId id);

// "numeric field overflow: a field with precision 38, scale 2 must round to ..." as the
// casts in decimal.cpp word it.
Status DecimalOverflow(int precision, int scale);
Status DivisionByZero();
// PostgreSQL's float errors: "value out of range: overflow" / "...: underflow".
Status FloatOverflow();
Status FloatUnderflow();

// value / divisor (divisor > 0) rounded half away from zero, as PostgreSQL rounds numeric.
int128_t RoundHalfAway(int128_t value, int128_t divisor);

}  // namespace martlet
