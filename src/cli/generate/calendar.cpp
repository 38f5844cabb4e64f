#include "cli/generate/calendar.hpp"

#include <array>
#include <string>
#include <vector>

namespace martlet::generate {
namespace {

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2099;

struct DateTable {
  int32_t first_day;
  std::vector<std::array<char, 10>> text;

  DateTable() : first_day(static_cast<int32_t>(DaysFromCivil(kFirstYear, 1, 1))) {
    int32_t last_day = static_cast<int32_t>(DaysFromCivil(kLastYear, 12, 31));
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


}  // namespace

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
