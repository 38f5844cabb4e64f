// Dates for the benchmark generators, as days since 1970-01-01 (the value a DATE column
// holds), with the few conversions the SSB and TPC-H tables need.
#pragma once

#include <cstdint>
#include <string_view>

namespace martlet::generate {

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

int32_t DaysFromCivil(int year, int month, int day);
CivilDate CivilFromDays(int32_t days);
bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
// 0 = Sunday ... 6 = Saturday.
int DayOfWeek(int32_t days);

// "YYYY-MM-DD", from a table built once for 1900..2099 so that writing a date is a copy.
std::string_view DateText(int32_t days);
// YYYYMMDD, the form SSB uses for its date keys.
int32_t DateKey(int32_t days);

}  // namespace martlet::generate
