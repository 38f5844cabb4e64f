#include "common/date_time.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <algorithm>

namespace martlet {

// Days from civil and back: the era-based algorithm published by Howard Hinnant
// ("chrono-compatible low-level date algorithms"), valid over the whole int32 year range.
int64_t DaysFromCivil(int32_t year, int32_t month, int32_t day) {
  int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int32_t>(y + (m <= 2 ? 1 : 0)), static_cast<int32_t>(m),
          static_cast<int32_t>(d)};
}

bool IsLeapYear(int32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int32_t DaysInMonth(int32_t year, int32_t month) {
  static constexpr int32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

int32_t DayOfWeek(int64_t days) {
  int64_t dow = (days + 4) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int32_t>(dow < 0 ? dow + 7 : dow);
}

namespace {

// A small cursor over date/time text; every Parse* function is a sequence of its calls.
struct TextCursor {
  std::string_view text;
  size_t pos = 0;

  bool AtEnd() const { return pos >= text.size(); }
  char Peek() const { return AtEnd() ? '\0' : text[pos]; }
  void SkipSpaces() {
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(text[pos]))) pos++;
  }
  bool Consume(char c) {
    if (Peek() != c) return false;
    pos++;
    return true;
  }
  // Reads 1..max_digits decimal digits.
  bool Digits(int max_digits, int64_t& out, int* count = nullptr) {
    int n = 0;
    out = 0;
    while (n < max_digits && !AtEnd() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      out = out * 10 + (text[pos] - '0');
      pos++;
      n++;
    }
    if (count) *count = n;
    return n > 0;
  }
};

Status BadValue(const char* type, std::string_view text) {
  return Status(StatusCode::kInvalidInput,
                std::string("invalid input syntax for type ") + type + ": \"" +
                    std::string(text) + "\"");
}

Status OutOfRange(const char* what, std::string_view text) {
  return Status(StatusCode::kInvalidInput,
                std::string(what) + " out of range: \"" + std::string(text) + "\"");
}

bool ParseDatePart(TextCursor& cur, int64_t& year, int64_t& month, int64_t& day) {
  return cur.Digits(6, year) && cur.Consume('-') && cur.Digits(2, month) && cur.Consume('-') &&
         cur.Digits(2, day);
}

bool ValidDate(int64_t year, int64_t month, int64_t day) {
  return year >= 1 && year <= 294276 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(static_cast<int32_t>(year), static_cast<int32_t>(month));
}

}  // namespace

Result<int64_t> ParseDate(std::string_view text) {
  TextCursor cur{text};
  cur.SkipSpaces();
  int64_t year, month, day;
  if (!ParseDatePart(cur, year, month, day)) return BadValue("date", text);
  cur.SkipSpaces();
  if (!cur.AtEnd()) return BadValue("date", text);
  if (!ValidDate(year, month, day)) return OutOfRange("date/time field value", text);
  return DaysFromCivil(static_cast<int32_t>(year), static_cast<int32_t>(month),
                       static_cast<int32_t>(day));
}

static bool ParseTimeOfDay(TextCursor& cur, int64_t& micros) {
  int64_t hour, minute, second = 0, fraction = 0;
  if (!cur.Digits(2, hour) || !cur.Consume(':') || !cur.Digits(2, minute)) return false;
  if (cur.Consume(':')) {
    if (!cur.Digits(2, second)) return false;
    if (cur.Consume('.')) {
      int digits = 0;
      if (!cur.Digits(6, fraction, &digits)) return false;
      for (int i = digits; i < 6; i++) fraction *= 10;
      int64_t ignored;
      cur.Digits(30, ignored);  // digits past microseconds are dropped
    }
  }
  if (hour > 24 || minute > 59 || second > 60) return false;
  if (hour == 24 && (minute > 0 || second > 0 || fraction > 0)) return false;
  micros = hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond +
           fraction;
  return true;
}

static bool ParseZone(TextCursor& cur, int64_t& offset_micros) {
  offset_micros = 0;
  if (cur.Consume('Z') || cur.Consume('z')) return true;
  if (cur.text.substr(cur.pos) == "UTC" || cur.text.substr(cur.pos) == "utc") {
    cur.pos = cur.text.size();
    return true;
  }
  bool negative = cur.Peek() == '-';
  if (!cur.Consume('+') && !cur.Consume('-')) return cur.AtEnd();
  int64_t hours, minutes = 0;
  if (!cur.Digits(2, hours)) return false;
  if (cur.Consume(':')) {
    if (!cur.Digits(2, minutes)) return false;
  } else {
    cur.Digits(2, minutes);
  }
  offset_micros = (hours * kMicrosPerHour + minutes * kMicrosPerMinute) * (negative ? -1 : 1);
  return true;
}

Result<int64_t> ParseTimestamp(std::string_view text, bool apply_zone) {
  TextCursor cur{text};
  cur.SkipSpaces();
  int64_t year, month, day;
  if (!ParseDatePart(cur, year, month, day)) return BadValue("timestamp", text);
  if (!ValidDate(year, month, day)) return OutOfRange("date/time field value", text);
  int64_t micros = 0;
  int64_t offset = 0;
  if (cur.Consume('T') || cur.Consume('t') || cur.Consume(' ')) {
    cur.SkipSpaces();
    if (!cur.AtEnd()) {
      if (!ParseTimeOfDay(cur, micros)) return BadValue("timestamp", text);
      cur.SkipSpaces();
      if (!ParseZone(cur, offset)) return BadValue("timestamp", text);
      if (!apply_zone) offset = 0;
    }
  }
  cur.SkipSpaces();
  if (!cur.AtEnd()) return BadValue("timestamp", text);
  int64_t days = DaysFromCivil(static_cast<int32_t>(year), static_cast<int32_t>(month),
                               static_cast<int32_t>(day));
  // Microseconds since 1970 in int64 end in year 294247, before the dates ValidDate allows.
  int64_t result;
  if (__builtin_mul_overflow(days, kMicrosPerDay, &result) ||
      __builtin_add_overflow(result, micros - offset, &result)) {
    return OutOfRange("timestamp", text);
  }
  return result;
}

namespace {

enum class IntervalUnit { kNone, kYear, kMonth, kWeek, kDay, kHour, kMinute, kSecond, kMilli, kMicro };

IntervalUnit UnitFromName(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!lower.empty() && lower.back() == 's' && lower != "s" && lower != "ms" && lower != "us")
    lower.pop_back();
  if (lower == "year" || lower == "y" || lower == "yr") return IntervalUnit::kYear;
  if (lower == "month" || lower == "mon") return IntervalUnit::kMonth;
  if (lower == "week" || lower == "w") return IntervalUnit::kWeek;
  if (lower == "day" || lower == "d") return IntervalUnit::kDay;
  if (lower == "hour" || lower == "h" || lower == "hr") return IntervalUnit::kHour;
  if (lower == "minute" || lower == "min" || lower == "m") return IntervalUnit::kMinute;
  if (lower == "second" || lower == "sec" || lower == "s") return IntervalUnit::kSecond;
  if (lower == "millisecond" || lower == "ms" || lower == "msec") return IntervalUnit::kMilli;
  if (lower == "microsecond" || lower == "us" || lower == "usec") return IntervalUnit::kMicro;
  return IntervalUnit::kNone;
}

// Adds whole days and spills the fraction into microseconds.
void AddDays(Interval& iv, double days) {
  auto whole = static_cast<int32_t>(days);
  iv.days += whole;
  iv.micros += static_cast<int64_t>((days - whole) * kMicrosPerDay);
}

// Fractions of a unit spill into the smaller units, as in PostgreSQL: '1.5 months' is
// 1 mon 15 days, '1.5 days' is 1 day 12:00:00 (a month counts 30 days here).
bool AddUnits(Interval& iv, double amount, IntervalUnit unit) {
  // Casting a double outside int32 (months, days) or int64 (micros) is undefined behaviour.
  if (!(std::fabs(amount) < 1e8)) {
    bool small_unit = unit == IntervalUnit::kMilli || unit == IntervalUnit::kMicro ||
                      unit == IntervalUnit::kSecond;
    if (!small_unit || !(std::fabs(amount) < 9e12)) return false;
  }
  switch (unit) {
    case IntervalUnit::kYear: iv.months += static_cast<int32_t>(amount * 12); return true;
    case IntervalUnit::kMonth: {
      auto whole = static_cast<int32_t>(amount);
      iv.months += whole;
      AddDays(iv, (amount - whole) * 30);
      return true;
    }
    case IntervalUnit::kWeek: AddDays(iv, amount * 7); return true;
    case IntervalUnit::kDay: AddDays(iv, amount); return true;
    case IntervalUnit::kHour: iv.micros += static_cast<int64_t>(amount * kMicrosPerHour); return true;
    case IntervalUnit::kMinute: iv.micros += static_cast<int64_t>(amount * kMicrosPerMinute); return true;
    case IntervalUnit::kSecond: iv.micros += static_cast<int64_t>(amount * kMicrosPerSecond); return true;
    case IntervalUnit::kMilli: iv.micros += static_cast<int64_t>(amount * 1000); return true;
    case IntervalUnit::kMicro: iv.micros += static_cast<int64_t>(amount); return true;
    case IntervalUnit::kNone: return false;
  }
  return false;
}

}  // namespace

Result<Interval> ParseInterval(std::string_view text, std::string_view unit) {
  Interval iv;
  TextCursor cur{text};
  bool any = false;
  while (true) {
    cur.SkipSpaces();
    if (cur.AtEnd()) break;
    size_t start = cur.pos;
    // hh:mm[:ss] clock part
    size_t colon = text.find(':', start);
    size_t space = text.find(' ', start);
    if (colon != std::string_view::npos && (space == std::string_view::npos || colon < space)) {
      bool negative = cur.Consume('-');
      int64_t micros;
      if (!ParseTimeOfDay(cur, micros)) return BadValue("interval", text);
      iv.micros += negative ? -micros : micros;
      any = true;
      continue;
    }
    size_t end = start;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) ||
                                 text[end] == '.' || text[end] == '-' || text[end] == '+'))
      end++;
    if (end == start) return BadValue("interval", text);
    char* parse_end = nullptr;
    std::string number(text.substr(start, end - start));
    double amount = std::strtod(number.c_str(), &parse_end);
    if (parse_end != number.c_str() + number.size()) return BadValue("interval", text);
    cur.pos = end;
    cur.SkipSpaces();
    size_t word_start = cur.pos;
    while (!cur.AtEnd() && std::isalpha(static_cast<unsigned char>(cur.Peek()))) cur.pos++;
    std::string_view word = text.substr(word_start, cur.pos - word_start);
    IntervalUnit u = UnitFromName(word.empty() ? unit : word);
    if (word.empty() && unit.empty()) u = IntervalUnit::kSecond;
    if (!AddUnits(iv, amount, u)) return BadValue("interval", text);
    any = true;
  }
  if (!any) return BadValue("interval", text);
  return iv;
}

std::string FormatDate(int64_t days) {
  CivilDate d = CivilFromDays(days);
  char buf[32];
  if (d.year <= 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d BC", 1 - d.year, d.month, d.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  }
  return buf;
}

// A magnitude, unsigned: an interval's -2^63 microseconds has one.
static std::string FormatClock(uint64_t micros_of_day) {
  const uint64_t hours = micros_of_day / kMicrosPerHour;
  const uint64_t minutes = micros_of_day / kMicrosPerMinute % 60;
  const uint64_t seconds = micros_of_day / kMicrosPerSecond % 60;
  const uint64_t fraction = micros_of_day % kMicrosPerSecond;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", static_cast<unsigned long long>(hours),
                static_cast<unsigned long long>(minutes), static_cast<unsigned long long>(seconds));
  std::string out = buf;
  if (fraction != 0) {
    std::snprintf(buf, sizeof buf, ".%06llu", static_cast<unsigned long long>(fraction));
    std::string frac = buf;
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  return out;
}

std::string FormatTimestamp(int64_t micros) {
  int64_t day = TimestampDay(micros);
  return FormatDate(day) + " " + FormatClock(micros - day * kMicrosPerDay);
}

std::string FormatTimestampTz(int64_t micros) { return FormatTimestamp(micros) + "+00"; }

std::string FormatInterval(const Interval& iv) {
  std::string out;
  auto part = [&out](int64_t n, const char* singular, const char* plural) {
    if (n == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(n) + ' ' + (n == 1 ? singular : plural);
  };
  part(iv.months / 12, "year", "years");
  part(iv.months % 12, "mon", "mons");
  part(iv.days, "day", "days");
  if (iv.micros != 0 || out.empty()) {
    if (!out.empty()) out += ' ';
    if (iv.micros > 0 && (iv.months < 0 || iv.days < 0)) out += '+';  // PostgreSQL: '-1 days +02:00:00'
    if (iv.micros < 0) out += '-';
    const auto bits = static_cast<uint64_t>(iv.micros);
    out += FormatClock(iv.micros < 0 ? 0 - bits : bits);
  }
  return out;
}

int64_t AddMonthsToDays(int64_t days, int32_t months) {
  CivilDate d = CivilFromDays(days);
  int64_t total = static_cast<int64_t>(d.year) * 12 + (d.month - 1) + months;
  int32_t year = static_cast<int32_t>(total >= 0 ? total / 12 : (total - 11) / 12);
  int32_t month = static_cast<int32_t>(total - static_cast<int64_t>(year) * 12) + 1;
  int32_t day = std::min(d.day, DaysInMonth(year, month));
  return DaysFromCivil(year, month, day);
}

Result<int64_t> AddIntervalToTimestamp(int64_t micros, const Interval& iv) {
  int64_t day = TimestampDay(micros);
  int64_t time = micros - day * kMicrosPerDay;
  if (iv.months != 0) day = AddMonthsToDays(day, iv.months);
  day += iv.days;
  int64_t result;
  if (__builtin_mul_overflow(day, kMicrosPerDay, &result) ||
      __builtin_add_overflow(result, time, &result) ||
      __builtin_add_overflow(result, iv.micros, &result)) {
    return Status(StatusCode::kOverflow, "timestamp out of range");
  }
  return result;
}

}  // namespace martlet
