#include "formats/datetime_format.hpp"

#include <cctype>
#include <string>

#include "common/date_time.hpp"

namespace martlet {

namespace {

constexpr const char* kMonthNames[] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

struct Fields {
  int32_t year = 1970, month = 1, day = 1;
  int32_t hour = 0, minute = 0, second = 0, micros = 0;
  int pm = -1;  // -1: no AM/PM; 0: AM; 1: PM
  bool twelve_hour = false;
};

Status Mismatch(std::string_view text, std::string_view format) {
  return Status(StatusCode::kInvalidInput, "value \"" + std::string(text) +
                                               "\" does not match the format \"" +
                                               std::string(format) + "\"");
}

// Reads up to `max_digits` digits (at least one) at `pos`.
bool ReadNumber(std::string_view text, size_t& pos, int max_digits, int32_t& value) {
  size_t start = pos;
  value = 0;
  while (pos < text.size() && pos - start < static_cast<size_t>(max_digits) &&
         std::isdigit(static_cast<unsigned char>(text[pos]))) {
    value = value * 10 + (text[pos++] - '0');
  }
  return pos > start;
}

// Calls on_token(token) for each datepart of `format` and on_literal(c) for each separator;
// stops at the first false.
template <typename Token, typename Literal>
bool WalkFormat(std::string_view format, Token on_token, Literal on_literal) {
  static constexpr std::string_view kTokens[] = {"YYYY", "HH24", "HH12", "YY", "MM", "MON",
                                                 "DD",   "HH",   "MI",   "SS", "AM", "PM"};
  size_t i = 0;
  while (i < format.size()) {
    std::string_view matched;
    for (std::string_view token : kTokens) {
      // MON before MM is not an issue: MM is tried first only on "MM".
      if (StartsWithNoCase(format.substr(i), token)) {
        if (token == "MM" && StartsWithNoCase(format.substr(i), "MON")) continue;
        matched = token;
        break;
      }
    }
    if (!matched.empty()) {
      if (!on_token(matched)) return false;
      i += matched.size();
    } else {
      if (!on_literal(format[i])) return false;
      i++;
    }
  }
  return true;
}

Result<int64_t> ToMicros(const Fields& f, std::string_view text) {
  int32_t hour = f.hour;
  if (f.pm >= 0) {
    if (hour < 1 || hour > 12)
      return Status(StatusCode::kInvalidInput,
                    "hour out of range in \"" + std::string(text) + "\"");
    hour = hour % 12 + (f.pm == 1 ? 12 : 0);
  }
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > DaysInMonth(f.year, f.month)) {
    return Status(StatusCode::kInvalidInput, "date out of range: \"" + std::string(text) + "\"");
  }
  if (hour > 23 || f.minute > 59 || f.second > 59) {
    return Status(StatusCode::kInvalidInput, "time out of range: \"" + std::string(text) + "\"");
  }
  return DaysFromCivil(f.year, f.month, f.day) * kMicrosPerDay + hour * kMicrosPerHour +
         f.minute * kMicrosPerMinute + f.second * kMicrosPerSecond + f.micros;
}

}  // namespace

Status CheckDateTimeFormat(std::string_view format, bool is_time_format) {
  if (format == "auto") return Status::Ok();
  if (format == "epochsecs" || format == "epochmillisecs") {
    if (is_time_format) return Status::Ok();
    return Status(StatusCode::kInvalidInput,
                  "'" + std::string(format) + "' is a TIMEFORMAT, not a DATEFORMAT");
  }
  int parts = 0;
  bool ok = WalkFormat(
      format, [&](std::string_view) { return ++parts > 0; },
      [&](char c) { return !std::isalnum(static_cast<unsigned char>(c)); });
  if (!ok || parts == 0) {
    return Status(StatusCode::kInvalidInput, "invalid format \"" + std::string(format) +
                                                 "\": use YYYY, YY, MM, MON, DD, HH, HH24, HH12, "
                                                 "MI, SS, AM or PM with separators, or 'auto'");
  }
  return Status::Ok();
}

Result<int64_t> ParseWithDateTimeFormat(std::string_view text, std::string_view format) {
  if (format == "epochsecs" || format == "epochmillisecs") {
    std::string digits(text);
    char* end = nullptr;
    errno = 0;
    long long value = std::strtoll(digits.c_str(), &end, 10);
    if (digits.empty() || *end != '\0' || errno != 0) return Mismatch(text, format);
    int64_t scale = format == "epochsecs" ? kMicrosPerSecond : 1000;
    if (value > INT64_MAX / scale || value < INT64_MIN / scale) return Mismatch(text, format);
    return static_cast<int64_t>(value) * scale;
  }
  Fields f;
  size_t pos = 0;
  while (pos < text.size() && text[pos] == ' ') pos++;
  bool ok = WalkFormat(
      format,
      [&](std::string_view token) {
        if (token == "YYYY") return ReadNumber(text, pos, 4, f.year);
        if (token == "YY") {
          if (!ReadNumber(text, pos, 2, f.year)) return false;
          f.year += f.year < 70 ? 2000 : 1900;
          return true;
        }
        if (token == "MM") return ReadNumber(text, pos, 2, f.month);
        if (token == "MON") {
          for (int m = 0; m < 12; m++) {
            std::string_view name = kMonthNames[m];
            size_t length = StartsWithNoCase(text.substr(pos), name)                ? name.size()
                            : StartsWithNoCase(text.substr(pos), name.substr(0, 3)) ? 3
                                                                                    : 0;
            if (length > 0) {
              f.month = m + 1;
              pos += length;
              return true;
            }
          }
          return false;
        }
        if (token == "DD") return ReadNumber(text, pos, 2, f.day);
        if (token == "HH" || token == "HH24") return ReadNumber(text, pos, 2, f.hour);
        if (token == "HH12") {
          f.twelve_hour = true;
          return ReadNumber(text, pos, 2, f.hour);
        }
        if (token == "MI") return ReadNumber(text, pos, 2, f.minute);
        if (token == "SS") {
          if (!ReadNumber(text, pos, 2, f.second)) return false;
          if (pos < text.size() && text[pos] == '.') {
            pos++;
            int digits = 0;
            while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
              if (digits < 6) f.micros = f.micros * 10 + (text[pos] - '0');
              digits++;
              pos++;
            }
            for (; digits < 6; digits++) f.micros *= 10;
          }
          return true;
        }
        // AM / PM
        if (StartsWithNoCase(text.substr(pos), "AM") || StartsWithNoCase(text.substr(pos), "PM")) {
          f.pm = std::tolower(static_cast<unsigned char>(text[pos])) == 'p' ? 1 : 0;
          pos += 2;
          return true;
        }
        return false;
      },
      [&](char c) {
        if (pos < text.size() && text[pos] == c) {
          pos++;
          return true;
        }
        return c == ' ';  // a blank in the format may match nothing
      });
  while (pos < text.size() && text[pos] == ' ') pos++;
  if (!ok || pos != text.size()) return Mismatch(text, format);
  if (f.twelve_hour && f.pm < 0) f.pm = 0;
  return ToMicros(f, text);
}

Result<int64_t> ParseDateTimeAuto(std::string_view text, bool apply_zone) {
  Result<int64_t> iso = ParseTimestamp(text, apply_zone);
  if (iso.ok()) return iso;
  static constexpr std::string_view kForms[] = {
      "MM/DD/YYYY HH:MI:SS", "MM/DD/YYYY",  "DD-MON-YYYY HH:MI:SS", "DD-MON-YYYY", "MON DD YYYY",
      "MON DD, YYYY",        "DD MON YYYY", "YYYYMMDD HHMISS",      "YYYYMMDD",    "YYYY.MM.DD",
      "DD.MM.YYYY HH:MI:SS", "DD.MM.YYYY"};
  for (std::string_view form : kForms) {
    Result<int64_t> value = ParseWithDateTimeFormat(text, form);
    if (value.ok()) return value;
  }
  return Status(StatusCode::kInvalidInput,
                "value \"" + std::string(text) + "\" is not a date or time 'auto' recognises");
}

}  // namespace martlet
