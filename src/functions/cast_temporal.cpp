// Casts among DATE, TIMESTAMP and TIMESTAMPTZ. Sessions run in UTC, so a timestamp and a
// timestamptz hold the same microseconds.
#include <algorithm>

#include "common/date_time.hpp"
#include "functions/cast_internal.hpp"

namespace martlet {

Status CastTemporal(const Vector& input, Vector& output, size_t count) {
  const int64_t* in = input.i64();
  int64_t* out = output.i64();
  bool from_date = input.type().id() == TypeId::kDate;
  bool to_date = output.type().id() == TypeId::kDate;
  if (from_date == to_date) {
    std::copy_n(in, count, out);
  } else if (to_date) {
    for (size_t i = 0; i < count; i++) out[i] = TimestampDay(in[i]);
  } else {
    const uint8_t* valid = input.validity();
    for (size_t i = 0; i < count; i++) {
      if (__builtin_mul_overflow(in[i], kMicrosPerDay, &out[i]) && valid[i]) {
        return Status(StatusCode::kOverflow, "date out of range for timestamp");
      }
    }
  }
  return Status::Ok();
}

}  // namespace martlet
