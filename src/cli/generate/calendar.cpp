#include "cli/generate/calendar.hpp"

#include <array>
#include <string>
#include <vector>

namespace martlet::generate {
namespace {

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2099;
constexpr std::array<int, 12> kMonthDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

struct DateTable {
  int32_t first_day;
  std::vector<std::array<char, 10>> text;

  DateTable() : first_day(DaysFromCivil(kFirstYear, 1, 1)) {
    int32_t last_day = DaysFromCivil(kLastYear, 12, 31);
    text.reserve(static_cast<size_t>(last_day - first_day + 1));
    for (int32_t day = first_day; day <= last_day; ++day) {
      CivilDate date = CivilFromDays(day);
      std::array<char, 10> entry{};
      auto put = [&entry](int at, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10) entry[at + i] = static_cast<char>('0' + value % 10);
      };
      put(0, date.year, 4);
      entry[4] = '-';
      put(5, date.month, 2);
      entry[7] = '-';
      put(8, date.day, 2);
      text.push_back(entry);
    }
  }
};

const DateTable& Dates() {
  static const DateTable table;
  return table;
}

int DaysInYear(int year) { return IsLeapYear(year) ? 366 : 365; }

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  return month == 2 && IsLeapYear(year) ? 29 : kMonthDays[static_cast<size_t>(month - 1)];
}

// The generators only meet years near 2000, so counting whole years is fast enough and
// plainly right.
int32_t DaysFromCivil(int year, int month, int day) {
  int32_t days = 0;
  for (int y = 1970; y < year; ++y) days += DaysInYear(y);
  for (int y = year; y < 1970; ++y) days -= DaysInYear(y);
  for (int m = 1; m < month; ++m) days += DaysInMonth(year, m);
  return days + day - 1;
}

CivilDate CivilFromDays(int32_t days) {
  int year = 1970;
  while (days < 0) days += DaysInYear(--year);
  while (days >= DaysInYear(year)) days -= DaysInYear(year++);
  int month = 1;
  while (days >= DaysInMonth(year, month)) days -= DaysInMonth(year, month++);
  return {year, month, days + 1};
}

int DayOfWeek(int32_t days) {
  int weekday = (days + 4) % 7;  // 1970-01-01 was a Thursday
  return weekday < 0 ? weekday + 7 : weekday;
}

std::string_view DateText(int32_t days) {
  const DateTable& table = Dates();
  const auto& entry = table.text[static_cast<size_t>(days - table.first_day)];
  return {entry.data(), entry.size()};
}

int32_t DateKey(int32_t days) {
  CivilDate date = CivilFromDays(days);
  return date.year * 10000 + date.month * 100 + date.day;
}

}  // namespace martlet::generate
