#include "functions/date_units.hpp"

#include <cctype>
#include <string>

namespace martlet {
namespace {

struct UnitName {
  const char* name;
  DateUnit unit;
};

constexpr UnitName kUnitNames[] = {
    {"microsecond", DateUnit::kMicrosecond},
    {"microseconds", DateUnit::kMicrosecond},
    {"microsec", DateUnit::kMicrosecond},
    {"microsecs", DateUnit::kMicrosecond},
    {"usecond", DateUnit::kMicrosecond},
    {"useconds", DateUnit::kMicrosecond},
    {"us", DateUnit::kMicrosecond},
    {"usec", DateUnit::kMicrosecond},
    {"usecs", DateUnit::kMicrosecond},
    {"millisecond", DateUnit::kMillisecond},
    {"milliseconds", DateUnit::kMillisecond},
    {"ms", DateUnit::kMillisecond},
    {"msec", DateUnit::kMillisecond},
    {"msecs", DateUnit::kMillisecond},
    {"msecond", DateUnit::kMillisecond},
    {"mseconds", DateUnit::kMillisecond},
    {"millisec", DateUnit::kMillisecond},
    {"millisecs", DateUnit::kMillisecond},
    {"millisecon", DateUnit::kMillisecond},
    {"second", DateUnit::kSecond},
    {"seconds", DateUnit::kSecond},
    {"s", DateUnit::kSecond},
    {"sec", DateUnit::kSecond},
    {"secs", DateUnit::kSecond},
    {"minute", DateUnit::kMinute},
    {"minutes", DateUnit::kMinute},
    {"m", DateUnit::kMinute},
    {"min", DateUnit::kMinute},
    {"mins", DateUnit::kMinute},
    {"hour", DateUnit::kHour},
    {"hours", DateUnit::kHour},
    {"h", DateUnit::kHour},
    {"hr", DateUnit::kHour},
    {"hrs", DateUnit::kHour},
    {"day", DateUnit::kDay},
    {"days", DateUnit::kDay},
    {"d", DateUnit::kDay},
    {"week", DateUnit::kWeek},
    {"weeks", DateUnit::kWeek},
    {"w", DateUnit::kWeek},
    {"month", DateUnit::kMonth},
    {"months", DateUnit::kMonth},
    {"mon", DateUnit::kMonth},
    {"mons", DateUnit::kMonth},
    {"quarter", DateUnit::kQuarter},
    {"quarters", DateUnit::kQuarter},
    {"qtr", DateUnit::kQuarter},
    {"qtrs", DateUnit::kQuarter},
    {"year", DateUnit::kYear},
    {"years", DateUnit::kYear},
    {"y", DateUnit::kYear},
    {"yr", DateUnit::kYear},
    {"yrs", DateUnit::kYear},
    {"decade", DateUnit::kDecade},
    {"decades", DateUnit::kDecade},
    {"century", DateUnit::kCentury},
    {"centuries", DateUnit::kCentury},
    {"c", DateUnit::kCentury},
    {"cent", DateUnit::kCentury},
    {"cents", DateUnit::kCentury},
    {"millennium", DateUnit::kMillennium},
    {"millennia", DateUnit::kMillennium},
    {"millenniums", DateUnit::kMillennium},
    {"mil", DateUnit::kMillennium},
    {"mils", DateUnit::kMillennium},
    {"dow", DateUnit::kDayOfWeek},
    {"dw", DateUnit::kDayOfWeek},
    {"dayofweek", DateUnit::kDayOfWeek},
    {"weekday", DateUnit::kDayOfWeek},
    {"isodow", DateUnit::kIsoDayOfWeek},
    {"doy", DateUnit::kDayOfYear},
    {"dy", DateUnit::kDayOfYear},
    {"dayofyear", DateUnit::kDayOfYear},
    {"yearday", DateUnit::kDayOfYear},
    {"isoyear", DateUnit::kIsoYear},
    {"epoch", DateUnit::kEpoch},
    {"timezone", DateUnit::kTimezone},
    {"timezone_hour", DateUnit::kTimezone},
    {"timezone_minute", DateUnit::kTimezone},
};

}  // namespace

std::optional<DateUnit> ParseDateUnit(std::string_view name) {
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.size() > 20) return std::nullopt;
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const UnitName& entry : kUnitNames) {
    if (lower == entry.name) return entry.unit;
  }
  return std::nullopt;
}

int64_t IsoYearStart(int32_t iso_year) {
  // ISO week 1 is the week holding January 4th; weeks start on Monday.
  int64_t jan4 = DaysFromCivil(iso_year, 1, 4);
  int32_t days_since_monday = (DayOfWeek(jan4) + 6) % 7;
  return jan4 - days_since_monday;
}

void IsoYearAndWeek(int64_t days, int32_t& iso_year, int32_t& week) {
  int32_t year = CivilFromDays(days).year;
  int64_t start = IsoYearStart(year + 1);
  if (days >= start) {
    year++;
  } else {
    start = IsoYearStart(year);
    if (days < start) {
      year--;
      start = IsoYearStart(year);
    }
  }
  iso_year = year;
  week = static_cast<int32_t>((days - start) / 7 + 1);
}

}  // namespace martlet
