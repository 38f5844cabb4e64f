// TO_CHAR, TO_DATE and TO_TIMESTAMP with PostgreSQL's template patterns.
#pragma once

#include <string>
#include <string_view>

#include "common/types.hpp"
#include "functions/function.hpp"
#include "martlet/status.hpp"

namespace martlet {

// Registers to_char (date/time and numeric forms), to_date and to_timestamp; called by
// RegisterDateTimeFunctions.
void RegisterDateFormatFunctions(FunctionRegistry& registry);

// to_char(timestamp, template): 'YYYY-MM-DD HH24:MI:SS', 'FMMonth DD', 'Dy, DDth' ...
// `with_zone` makes TZ print "UTC" and OF "+00".
Result<std::string> FormatTimestampTemplate(int64_t micros, std::string_view format,
                                            bool with_zone);
// to_timestamp(text, template) / to_date: microseconds since the epoch. Errors name the text
// and the template. Not `strict`, a day past the end of its month rolls over into the next.
Result<int64_t> ParseTimestampTemplate(std::string_view text, std::string_view format,
                                       bool strict = true);

// to_char(number, template) for the 9 0 . , D G S MI PL SG PR FM patterns. The value is
// given as its exact decimal digits: `unscaled` with `scale` digits after the point.
std::string FormatNumberTemplate(int128_t unscaled, int scale, std::string_view format);
// The same for a double (NaN and infinities fill the digit positions with '#').
std::string FormatDoubleTemplate(double value, std::string_view format);

}  // namespace martlet
