// COPY's DATEFORMAT and TIMEFORMAT strings, as Redshift reads them: YYYY, YY, MM, MON (a
// month's short or full name), DD, HH or HH24, HH12, MI, SS (with optional fractional
// seconds), AM/PM, and any other character as a literal separator; plus 'auto' and, for
// TIMEFORMAT, 'epochsecs' and 'epochmillisecs'.
#pragma once

#include <cstdint>
#include <string_view>

#include "martlet/status.hpp"

namespace martlet {

// Fails when `format` is not a format string COPY accepts, saying why.
Status CheckDateTimeFormat(std::string_view format, bool is_time_format);

// Microseconds since the epoch that `text` spells in `format` (a checked format, not 'auto').
// Impossible dates (2023-02-30) and out-of-range fields are errors.
Result<int64_t> ParseWithDateTimeFormat(std::string_view text, std::string_view format);

// 'auto': the ISO forms, then the other forms Redshift recognises (MM/DD/YYYY, DD-MON-YYYY,
// MON DD YYYY, YYYYMMDD, with an optional time after a space). A zone in the text converts
// the value to UTC when `apply_zone` (TIMESTAMPTZ) and is ignored otherwise, as in a cast.
Result<int64_t> ParseDateTimeAuto(std::string_view text, bool apply_zone);

}  // namespace martlet
