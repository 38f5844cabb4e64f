// The units and fields that DATE_PART/EXTRACT, DATE_TRUNC, DATEADD and DATEDIFF name, with
// PostgreSQL's spellings and Redshift's abbreviations ('y', 'yrs', 'mon', 'd', 'h', 'm', ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/date_time.hpp"

namespace martlet {

enum class DateUnit : uint8_t {
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear,
  kDecade,
  kCentury,
  kMillennium,
  kDayOfWeek,     // 0 = Sunday
  kIsoDayOfWeek,  // 1 = Monday .. 7 = Sunday
  kDayOfYear,
  kIsoYear,
  kEpoch,
  kTimezone,  // always 0: sessions run in UTC
};

// Case-insensitive; surrounding spaces ignored. nullopt when the name is not a unit.
std::optional<DateUnit> ParseDateUnit(std::string_view name);

// The days of the Monday that starts ISO week 1 of `iso_year`.
int64_t IsoYearStart(int32_t iso_year);
// The ISO year and week (1..53) of a day.
void IsoYearAndWeek(int64_t days, int32_t& iso_year, int32_t& week);

}  // namespace martlet
