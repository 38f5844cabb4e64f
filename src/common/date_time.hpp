// Calendar arithmetic and the text forms of DATE, TIMESTAMP and INTERVAL.
//
// DATE is days since 1970-01-01 in the proleptic Gregorian calendar; TIMESTAMP is
// microseconds since 1970-01-01 00:00:00. TIMESTAMPTZ holds UTC microseconds and prints
// with "+00", since Martlet sessions run in UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/types.hpp"
#include "martlet/status.hpp"

namespace martlet {

inline constexpr int64_t kMicrosPerSecond = 1000000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

struct CivilDate {
  int32_t year;
  int32_t month;  // 1..12
  int32_t day;    // 1..31
};

int64_t DaysFromCivil(int32_t year, int32_t month, int32_t day);
CivilDate CivilFromDays(int64_t days);
bool IsLeapYear(int32_t year);
int32_t DaysInMonth(int32_t year, int32_t month);
// 0 = Sunday ... 6 = Saturday, as PostgreSQL's DOW.
int32_t DayOfWeek(int64_t days);

// Splits microseconds since the epoch into a day and the microseconds within it.
inline int64_t TimestampDay(int64_t micros) {
  int64_t day = micros / kMicrosPerDay;
  if (micros % kMicrosPerDay < 0) day--;
  return day;
}

// Accepts 'YYYY-MM-DD' (and 'YYYY-M-D'); rejects impossible dates such as 2023-02-30.
Result<int64_t> ParseDate(std::string_view text);
// Accepts 'YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]]' with an optional zone (Z, +hh, +hh:mm), or a
// bare date (midnight). With `apply_zone` (TIMESTAMPTZ) the zone converts the value to UTC;
// without it (TIMESTAMP) the zone is checked and then ignored, as PostgreSQL and Redshift do
// for timestamp without time zone: '2024-01-02 03:04:05+02'::timestamp is 03:04:05.
Result<int64_t> ParseTimestamp(std::string_view text, bool apply_zone = true);
// Accepts PostgreSQL's verbose form ('1 year 2 mons 3 days 04:05:06', '3 days', '-2 hours')
// and, when `unit` is given (INTERVAL '3' MONTH), a bare number of that unit.
Result<Interval> ParseInterval(std::string_view text, std::string_view unit = {});

std::string FormatDate(int64_t days);
std::string FormatTimestamp(int64_t micros);    // 'YYYY-MM-DD HH:MM:SS[.ffffff]'
std::string FormatTimestampTz(int64_t micros);  // the same with '+00'
std::string FormatInterval(const Interval& interval);  // as PostgreSQL's 'postgres' style

// Adds months to a date, clamping the day to the month's length (Jan 31 + 1 month = Feb 28).
int64_t AddMonthsToDays(int64_t days, int32_t months);
Result<int64_t> AddIntervalToTimestamp(int64_t micros, const Interval& interval);

}  // namespace martlet
