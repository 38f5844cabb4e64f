// Dates for the benchmark generators, as days since 1970-01-01 (the value a DATE column
// holds), with the few conversions the SSB and TPC-H tables need.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/date_time.hpp"

namespace martlet::generate {

// The engine's calendar arithmetic (common/date_time.hpp).
using martlet::CivilDate;
using martlet::CivilFromDays;
using martlet::DayOfWeek;
using martlet::DaysFromCivil;
using martlet::DaysInMonth;
using martlet::IsLeapYear;

// "YYYY-MM-DD", from a table built once for 1900..2099 so that writing a date is a copy.
std::string_view DateText(int32_t days);
// YYYYMMDD, the form SSB uses for its date keys.
int32_t DateKey(int32_t days);

}  // namespace martlet::generate
