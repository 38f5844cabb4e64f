// PostgreSQL's date/time template patterns, for TO_CHAR (formatting) and TO_DATE /
// TO_TIMESTAMP (parsing). A template is split once into elements: keywords (YYYY, MM, Month,
// HH24, ...) with their FM prefix and TH suffix, and literal text (including "quoted" text).
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "common/date_time.hpp"
#include "functions/date_format_functions.hpp"
#include "functions/date_units.hpp"

namespace martlet {
namespace {

enum class Field : uint8_t {
  kLiteral,
  kYearComma,
  kYear4,
  kYear3,
  kYear2,
  kYear1,
  kIsoYear4,
  kIsoYear3,
  kIsoYear2,
  kIsoYear1,
  kMonthNumber,
  kMonthName,
  kMonthAbbrev,
  kRomanMonth,
  kDayOfMonth,
  kDayOfYear,
  kIsoDayOfYear,
  kDayOfWeek,
  kIsoDayOfWeek,
  kDayName,
  kDayAbbrev,
  kHour12,
  kHour24,
  kMinute,
  kSecond,
  kMillis,
  kMicros,
  kSecondsOfDay,
  kFraction1,
  kFraction2,
  kFraction3,
  kFraction4,
  kFraction5,
  kFraction6,
  kMeridiem,
  kMeridiemDots,
  kEra,
  kEraDots,
  kQuarter,
  kWeekOfYear,
  kIsoWeek,
  kWeekOfMonth,
  kCentury,
  kJulian,
  kZone,
  kZoneOffset,
};

// How a name is capitalized: MONTH, Month or month.
enum class Case : uint8_t { kUpper, kTitle, kLower };

struct Keyword {
  const char* text;
  Field field;
  Case letter_case;
};

constexpr Keyword kKeywords[] = {
    {"Y,YYY", Field::kYearComma, Case::kUpper},
    {"y,yyy", Field::kYearComma, Case::kLower},
    {"YYYY", Field::kYear4, Case::kUpper},
    {"yyyy", Field::kYear4, Case::kLower},
    {"YYY", Field::kYear3, Case::kUpper},
    {"yyy", Field::kYear3, Case::kLower},
    {"YY", Field::kYear2, Case::kUpper},
    {"yy", Field::kYear2, Case::kLower},
    {"Y", Field::kYear1, Case::kUpper},
    {"y", Field::kYear1, Case::kLower},
    {"IYYY", Field::kIsoYear4, Case::kUpper},
    {"iyyy", Field::kIsoYear4, Case::kLower},
    {"IYY", Field::kIsoYear3, Case::kUpper},
    {"iyy", Field::kIsoYear3, Case::kLower},
    {"IY", Field::kIsoYear2, Case::kUpper},
    {"iy", Field::kIsoYear2, Case::kLower},
    {"I", Field::kIsoYear1, Case::kUpper},
    {"i", Field::kIsoYear1, Case::kLower},
    {"MM", Field::kMonthNumber, Case::kUpper},
    {"mm", Field::kMonthNumber, Case::kLower},
    {"MONTH", Field::kMonthName, Case::kUpper},
    {"Month", Field::kMonthName, Case::kTitle},
    {"month", Field::kMonthName, Case::kLower},
    {"MON", Field::kMonthAbbrev, Case::kUpper},
    {"Mon", Field::kMonthAbbrev, Case::kTitle},
    {"mon", Field::kMonthAbbrev, Case::kLower},
    {"RM", Field::kRomanMonth, Case::kUpper},
    {"rm", Field::kRomanMonth, Case::kLower},
    {"DD", Field::kDayOfMonth, Case::kUpper},
    {"dd", Field::kDayOfMonth, Case::kLower},
    {"DDD", Field::kDayOfYear, Case::kUpper},
    {"ddd", Field::kDayOfYear, Case::kLower},
    {"IDDD", Field::kIsoDayOfYear, Case::kUpper},
    {"iddd", Field::kIsoDayOfYear, Case::kLower},
    {"D", Field::kDayOfWeek, Case::kUpper},
    {"d", Field::kDayOfWeek, Case::kLower},
    {"ID", Field::kIsoDayOfWeek, Case::kUpper},
    {"id", Field::kIsoDayOfWeek, Case::kLower},
    {"DAY", Field::kDayName, Case::kUpper},
    {"Day", Field::kDayName, Case::kTitle},
    {"day", Field::kDayName, Case::kLower},
    {"DY", Field::kDayAbbrev, Case::kUpper},
    {"Dy", Field::kDayAbbrev, Case::kTitle},
    {"dy", Field::kDayAbbrev, Case::kLower},
    {"HH", Field::kHour12, Case::kUpper},
    {"hh", Field::kHour12, Case::kLower},
    {"HH12", Field::kHour12, Case::kUpper},
    {"hh12", Field::kHour12, Case::kLower},
    {"HH24", Field::kHour24, Case::kUpper},
    {"hh24", Field::kHour24, Case::kLower},
    {"MI", Field::kMinute, Case::kUpper},
    {"mi", Field::kMinute, Case::kLower},
    {"SS", Field::kSecond, Case::kUpper},
    {"ss", Field::kSecond, Case::kLower},
    {"MS", Field::kMillis, Case::kUpper},
    {"ms", Field::kMillis, Case::kLower},
    {"US", Field::kMicros, Case::kUpper},
    {"us", Field::kMicros, Case::kLower},
    {"SSSS", Field::kSecondsOfDay, Case::kUpper},
    {"ssss", Field::kSecondsOfDay, Case::kLower},
    {"FF1", Field::kFraction1, Case::kUpper},
    {"FF2", Field::kFraction2, Case::kUpper},
    {"FF3", Field::kFraction3, Case::kUpper},
    {"FF4", Field::kFraction4, Case::kUpper},
    {"FF5", Field::kFraction5, Case::kUpper},
    {"FF6", Field::kFraction6, Case::kUpper},
    {"AM", Field::kMeridiem, Case::kUpper},
    {"PM", Field::kMeridiem, Case::kUpper},
    {"am", Field::kMeridiem, Case::kLower},
    {"pm", Field::kMeridiem, Case::kLower},
    {"A.M.", Field::kMeridiemDots, Case::kUpper},
    {"P.M.", Field::kMeridiemDots, Case::kUpper},
    {"a.m.", Field::kMeridiemDots, Case::kLower},
    {"p.m.", Field::kMeridiemDots, Case::kLower},
    {"AD", Field::kEra, Case::kUpper},
    {"BC", Field::kEra, Case::kUpper},
    {"ad", Field::kEra, Case::kLower},
    {"bc", Field::kEra, Case::kLower},
    {"A.D.", Field::kEraDots, Case::kUpper},
    {"B.C.", Field::kEraDots, Case::kUpper},
    {"a.d.", Field::kEraDots, Case::kLower},
    {"b.c.", Field::kEraDots, Case::kLower},
    {"Q", Field::kQuarter, Case::kUpper},
    {"q", Field::kQuarter, Case::kLower},
    {"WW", Field::kWeekOfYear, Case::kUpper},
    {"ww", Field::kWeekOfYear, Case::kLower},
    {"IW", Field::kIsoWeek, Case::kUpper},
    {"iw", Field::kIsoWeek, Case::kLower},
    {"W", Field::kWeekOfMonth, Case::kUpper},
    {"w", Field::kWeekOfMonth, Case::kLower},
    {"CC", Field::kCentury, Case::kUpper},
    {"cc", Field::kCentury, Case::kLower},
    {"J", Field::kJulian, Case::kUpper},
    {"j", Field::kJulian, Case::kLower},
    {"TZ", Field::kZone, Case::kUpper},
    {"tz", Field::kZone, Case::kLower},
    {"OF", Field::kZoneOffset, Case::kUpper},
};

struct Element {
  Field field = Field::kLiteral;
  Case letter_case = Case::kUpper;
  std::string literal;       // for kLiteral
  const char* keyword = "";  // the template text, for error messages
  bool fill_mode = false;    // FM: no padding
  bool ordinal = false;      // TH/th suffix
  bool ordinal_upper = false;
};

// The longest keyword at the start of `text`, or nullptr.
const Keyword* MatchKeyword(std::string_view text) {
  const Keyword* best = nullptr;
  size_t best_length = 0;
  for (const Keyword& k : kKeywords) {
    std::string_view word = k.text;
    if (word.size() > best_length && text.starts_with(word)) {
      best = &k;
      best_length = word.size();
    }
  }
  return best;
}

void AppendLiteral(std::vector<Element>& elements, char c) {
  if (elements.empty() || elements.back().field != Field::kLiteral) elements.emplace_back();
  elements.back().literal += c;
}

std::vector<Element> CompileTemplate(std::string_view format) {
  std::vector<Element> elements;
  size_t pos = 0;
  while (pos < format.size()) {
    std::string_view rest = format.substr(pos);
    bool fill_mode = false;
    if (rest.starts_with("FM") || rest.starts_with("fm")) {
      fill_mode = true;
      pos += 2;
      rest = format.substr(pos);
    } else if (rest.starts_with("FX") || rest.starts_with("fx") || rest.starts_with("TM") ||
               rest.starts_with("tm")) {
      pos += 2;  // exact-format and translation modes: nothing to do in a UTC, C-locale engine
      continue;
    }
    if (const Keyword* k = MatchKeyword(rest)) {
      Element e;
      e.field = k->field;
      e.letter_case = k->letter_case;
      e.keyword = k->text;
      e.fill_mode = fill_mode;
      pos += std::string_view(k->text).size();
      std::string_view after = format.substr(pos);
      if (after.starts_with("TH") || after.starts_with("th")) {
        e.ordinal = true;
        e.ordinal_upper = after[0] == 'T';
        pos += 2;
      }
      elements.push_back(std::move(e));
      continue;
    }
    if (pos >= format.size()) break;
    char c = format[pos++];
    if (c == '"') {
      // Quoted text is literal; a backslash inside escapes the next character.
      while (pos < format.size() && format[pos] != '"') {
        if (format[pos] == '\\' && pos + 1 < format.size()) pos++;
        AppendLiteral(elements, format[pos++]);
      }
      pos++;
    } else if (c == '\\' && pos < format.size()) {
      AppendLiteral(elements, format[pos++]);
    } else {
      AppendLiteral(elements, c);
    }
  }
  return elements;
}

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};
constexpr const char* kRomanMonths[] = {"I",   "II",   "III", "IV", "V",  "VI",
                                        "VII", "VIII", "IX",  "X",  "XI", "XII"};

std::string ApplyCase(std::string_view name, Case letter_case) {
  std::string out(name);
  for (size_t i = 0; i < out.size(); i++) {
    bool upper = letter_case == Case::kUpper || (letter_case == Case::kTitle && i == 0);
    out[i] = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(out[i]))
                                     : std::tolower(static_cast<unsigned char>(out[i])));
  }
  return out;
}

std::string OrdinalSuffix(int64_t n, bool upper) {
  int64_t last_two = (n < 0 ? -n : n) % 100;
  const char* suffix = "th";
  if (last_two < 11 || last_two > 13) {
    switch (last_two % 10) {
      case 1:
        suffix = "st";
        break;
      case 2:
        suffix = "nd";
        break;
      case 3:
        suffix = "rd";
        break;
      default:
        break;
    }
  }
  return upper ? ApplyCase(suffix, Case::kUpper) : suffix;
}

// The broken-down fields of one timestamp, computed once per value.
struct Moment {
  int64_t days;
  int64_t time;  // microseconds into the day
  CivilDate date;
  int32_t iso_year;
  int32_t iso_week;
};

Moment MakeMoment(int64_t micros) {
  Moment m;
  m.days = TimestampDay(micros);
  m.time = micros - m.days * kMicrosPerDay;
  m.date = CivilFromDays(m.days);
  IsoYearAndWeek(m.days, m.iso_year, m.iso_week);
  return m;
}

std::string Padded(int64_t value, int width, bool fill_mode) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", fill_mode ? 0 : width, static_cast<long long>(value));
  return buf;
}

std::string PaddedName(std::string_view name, Case letter_case, size_t width, bool fill_mode) {
  std::string out = ApplyCase(name, letter_case);
  if (!fill_mode && out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

// A numeric field's value and zero-padded width, or width 0 for the text fields.
struct NumericValue {
  int64_t value = 0;
  int width = 0;
};

NumericValue NumericField(const Element& e, const Moment& m) {
  int64_t year = m.date.year <= 0 ? 1 - m.date.year : m.date.year;  // BC years count up
  int64_t iso_year = m.iso_year <= 0 ? 1 - m.iso_year : m.iso_year;
  int64_t hour = m.time / kMicrosPerHour;
  int64_t day_of_year = m.days - DaysFromCivil(m.date.year, 1, 1) + 1;
  int32_t dow = DayOfWeek(m.days);
  switch (e.field) {
    case Field::kYear4:
      return {year, 4};
    case Field::kYear3:
      return {year % 1000, 3};
    case Field::kYear2:
      return {year % 100, 2};
    case Field::kYear1:
      return {year % 10, 1};
    case Field::kIsoYear4:
      return {iso_year, 4};
    case Field::kIsoYear3:
      return {iso_year % 1000, 3};
    case Field::kIsoYear2:
      return {iso_year % 100, 2};
    case Field::kIsoYear1:
      return {iso_year % 10, 1};
    case Field::kMonthNumber:
      return {m.date.month, 2};
    case Field::kDayOfMonth:
      return {m.date.day, 2};
    case Field::kDayOfYear:
      return {day_of_year, 3};
    case Field::kIsoDayOfYear:
      return {m.days - IsoYearStart(m.iso_year) + 1, 3};
    case Field::kDayOfWeek:
      return {dow + 1, 1};
    case Field::kIsoDayOfWeek:
      return {dow == 0 ? 7 : dow, 1};
    case Field::kHour12:
      return {hour % 12 == 0 ? 12 : hour % 12, 2};
    case Field::kHour24:
      return {hour, 2};
    case Field::kMinute:
      return {m.time / kMicrosPerMinute % 60, 2};
    case Field::kSecond:
      return {m.time / kMicrosPerSecond % 60, 2};
    case Field::kMillis:
      return {m.time % kMicrosPerSecond / 1000, 3};
    case Field::kMicros:
      return {m.time % kMicrosPerSecond, 6};
    case Field::kSecondsOfDay:
      return {m.time / kMicrosPerSecond, 1};
    case Field::kQuarter:
      return {(m.date.month - 1) / 3 + 1, 1};
    case Field::kWeekOfYear:
      return {(day_of_year - 1) / 7 + 1, 2};
    case Field::kIsoWeek:
      return {m.iso_week, 2};
    case Field::kWeekOfMonth:
      return {(m.date.day - 1) / 7 + 1, 1};
    case Field::kCentury:
      return {m.date.year > 0 ? (m.date.year + 99) / 100 : -((99 - (m.date.year - 1)) / 100), 2};
    case Field::kJulian:
      return {m.days + 2440588, 1};
    default: {
      int digits = static_cast<int>(e.field) - static_cast<int>(Field::kFraction1) + 1;
      if (digits >= 1 && digits <= 6) {
        int64_t divisor = 1;
        for (int i = digits; i < 6; i++) divisor *= 10;
        return {m.time % kMicrosPerSecond / divisor, digits};
      }
      return {};
    }
  }
}

std::string TextField(const Element& e, const Moment& m, bool with_zone) {
  bool pm = m.time / kMicrosPerHour >= 12;
  bool bc = m.date.year <= 0;
  switch (e.field) {
    case Field::kYearComma: {
      int64_t year = bc ? 1 - m.date.year : m.date.year;
      return std::to_string(year / 1000) + "," + Padded(year % 1000, 3, false);
    }
    case Field::kMonthName:
      return PaddedName(kMonthNames[m.date.month - 1], e.letter_case, 9, e.fill_mode);
    case Field::kMonthAbbrev:
      return ApplyCase(std::string_view(kMonthNames[m.date.month - 1]).substr(0, 3), e.letter_case);
    case Field::kRomanMonth:
      return PaddedName(kRomanMonths[m.date.month - 1], e.letter_case, 4, e.fill_mode);
    case Field::kDayName:
      return PaddedName(kDayNames[DayOfWeek(m.days)], e.letter_case, 9, e.fill_mode);
    case Field::kDayAbbrev:
      return ApplyCase(std::string_view(kDayNames[DayOfWeek(m.days)]).substr(0, 3), e.letter_case);
    case Field::kMeridiem:
      return ApplyCase(pm ? "PM" : "AM", e.letter_case);
    case Field::kMeridiemDots:
      return ApplyCase(pm ? "P.M." : "A.M.", e.letter_case);
    case Field::kEra:
      return ApplyCase(bc ? "BC" : "AD", e.letter_case);
    case Field::kEraDots:
      return ApplyCase(bc ? "B.C." : "A.D.", e.letter_case);
    case Field::kZone:
      return with_zone ? ApplyCase("UTC", e.letter_case) : "";
    case Field::kZoneOffset:
      return with_zone ? "+00" : "";
    default:
      return "";
  }
}

// The elements of the last template this thread compiled: a kernel formats a whole vector
// with one template, so this saves compiling it for every row.
const std::vector<Element>& CachedTemplate(std::string_view format) {
  thread_local std::string last_format;
  thread_local std::vector<Element> last_elements;
  thread_local bool valid = false;
  if (!valid || format != last_format) {
    last_elements = CompileTemplate(format);
    last_format.assign(format);
    valid = true;
  }
  return last_elements;
}

}  // namespace

Result<std::string> FormatTimestampTemplate(int64_t micros, std::string_view format,
                                            bool with_zone) {
  const std::vector<Element>& elements = CachedTemplate(format);
  Moment m = MakeMoment(micros);
  std::string out;
  for (const Element& e : elements) {
    if (e.field == Field::kLiteral) {
      out += e.literal;
      continue;
    }
    NumericValue n = NumericField(e, m);
    if (n.width == 0) {
      out += TextField(e, m, with_zone);
      continue;
    }
    out += Padded(n.value, n.width, e.fill_mode);
    if (e.ordinal) out += OrdinalSuffix(n.value, e.ordinal_upper);
  }
  return out;
}

namespace {

// What TO_DATE/TO_TIMESTAMP read from the text, before it becomes a timestamp.
struct ParsedFields {
  int64_t year = 1;
  int year_digits = 0;  // digits of a YY/YYY/Y year, to place it in the right century
  int64_t century = 0;
  int64_t month = 1;
  int64_t day = 1;
  bool month_or_day_set = false;
  int64_t day_of_year = 0;
  int64_t hour = 0;
  bool twelve_hour = false;
  int meridiem = -1;  // -1 not given, 0 AM, 1 PM
  int64_t minute = 0;
  int64_t second = 0;
  int64_t micros = 0;
  bool bc = false;
  int64_t julian = -1;
  int64_t iso_year = 0;
  int64_t iso_week = 0;
  int64_t iso_day = 0;
  bool iso_set = false;
};

// Walks the text along the template; remembers the text and template for error messages.
class TemplateParser {
 public:
  TemplateParser(std::string_view text, std::string_view format, bool strict)
      : text_(text), format_(format), strict_(strict) {}

  Result<int64_t> Parse(const std::vector<Element>& elements);

 private:
  Status InvalidValue(const Element& e, size_t at) const {
    std::string_view rest = text_.substr(std::min(at, text_.size()));
    size_t end = 0;
    while (end < rest.size() && end < 12 && !std::isspace(static_cast<unsigned char>(rest[end]))) {
      end++;
    }
    return Status(StatusCode::kInvalidInput, "invalid value \"" + std::string(rest.substr(0, end)) +
                                                 "\" for \"" + e.keyword + "\" in \"" +
                                                 std::string(text_) + "\" with format \"" +
                                                 std::string(format_) + "\"");
  }
  Status OutOfRange() const {
    return Status(StatusCode::kInvalidInput, "date/time field value out of range: \"" +
                                                 std::string(text_) + "\" with format \"" +
                                                 std::string(format_) + "\"");
  }
  void SkipSpaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) pos_++;
  }
  void MatchLiteral(std::string_view literal);
  Result<int64_t> ReadNumber(const Element& e, int max_digits, int* digits_read);
  // The index of the longest of `names` (case-insensitive, optionally just its first 3
  // letters) at the cursor, consumed; -1 when none.
  int ReadName(const char* const* names, int count, bool allow_abbrev);
  Status ReadElement(const Element& e, bool next_is_numeric);
  Result<int64_t> Assemble() const;

  std::string_view text_;
  std::string_view format_;
  bool strict_;
  size_t pos_ = 0;
  ParsedFields f_;
};

// Outside FX mode PostgreSQL is lenient with separators: a space in the template skips any
// spaces, and any other template character skips one separator character of the text.
void TemplateParser::MatchLiteral(std::string_view literal) {
  for (char c : literal) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      SkipSpaces();
    } else if (pos_ < text_.size() &&
               (text_[pos_] == c || !std::isalnum(static_cast<unsigned char>(text_[pos_])))) {
      pos_++;
    }
  }
}

Result<int64_t> TemplateParser::ReadNumber(const Element& e, int max_digits, int* digits_read) {
  SkipSpaces();
  size_t start = pos_;
  int64_t value = 0;
  int digits = 0;
  while (pos_ < text_.size() && digits < max_digits &&
         std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
    value = value * 10 + (text_[pos_++] - '0');
    digits++;
  }
  if (digits == 0) return InvalidValue(e, start);
  if (e.ordinal && pos_ + 2 <= text_.size() &&
      std::isalpha(static_cast<unsigned char>(text_[pos_]))) {
    pos_ += 2;  // 1st, 2nd, 3rd, 4th
  }
  if (digits_read) *digits_read = digits;
  return value;
}

int TemplateParser::ReadName(const char* const* names, int count, bool allow_abbrev) {
  int best = -1;
  size_t best_length = 0;
  std::string_view rest = text_.substr(pos_);
  for (int i = 0; i < count; i++) {
    std::string_view name = names[i];
    for (size_t length : {name.size(), allow_abbrev ? size_t{3} : name.size()}) {
      if (length <= best_length || rest.size() < length) continue;
      bool same = true;
      for (size_t j = 0; j < length && same; j++) {
        same = std::tolower(static_cast<unsigned char>(rest[j])) ==
               std::tolower(static_cast<unsigned char>(name[j]));
      }
      if (same) {
        best = i;
        best_length = length;
      }
    }
  }
  pos_ += best_length;
  return best;
}

// The fraction digits MS, US and FFn read, scaled to microseconds ('5' in MS is 500 ms).
int64_t FractionMicros(int64_t value, int digits) {
  for (int i = digits; i < 6; i++) value *= 10;
  return value;
}

Status TemplateParser::ReadElement(const Element& e, bool next_is_numeric) {
  // A number runs to the next non-digit unless another number follows right after it.
  auto number = [&](int width, int* digits = nullptr) {
    return ReadNumber(e, next_is_numeric ? width : 9, digits);
  };
  auto read_into = [&](int64_t& target, int width) -> Status {
    ASSIGN_OR_RETURN(target, number(width));
    return Status::Ok();
  };
  size_t start = pos_;
  int digits = 0;
  switch (e.field) {
    case Field::kYear4:
    case Field::kYearComma: {
      ASSIGN_OR_RETURN(int64_t thousands, number(4, &digits));
      f_.year = thousands;
      if (e.field == Field::kYearComma && pos_ < text_.size() && text_[pos_] == ',') {
        pos_++;
        ASSIGN_OR_RETURN(int64_t rest, ReadNumber(e, 3, nullptr));
        f_.year = thousands * 1000 + rest;
      }
      f_.year_digits = 4;
      return Status::Ok();
    }
    case Field::kYear3:
    case Field::kYear2:
    case Field::kYear1: {
      int width = e.field == Field::kYear3 ? 3 : (e.field == Field::kYear2 ? 2 : 1);
      ASSIGN_OR_RETURN(f_.year, number(width, &digits));
      f_.year_digits = digits <= width ? digits : 4;
      return Status::Ok();
    }
    case Field::kIsoYear4:
    case Field::kIsoYear3:
    case Field::kIsoYear2:
    case Field::kIsoYear1:
      f_.iso_set = true;
      return read_into(f_.iso_year, 4);
    case Field::kIsoWeek:
      f_.iso_set = true;
      return read_into(f_.iso_week, 2);
    case Field::kIsoDayOfWeek:
      f_.iso_set = true;
      return read_into(f_.iso_day, 1);
    case Field::kMonthNumber:
      f_.month_or_day_set = true;
      return read_into(f_.month, 2);
    case Field::kDayOfMonth:
      f_.month_or_day_set = true;
      return read_into(f_.day, 2);
    case Field::kDayOfYear:
      return read_into(f_.day_of_year, 3);
    case Field::kHour12:
      f_.twelve_hour = true;
      return read_into(f_.hour, 2);
    case Field::kHour24:
      return read_into(f_.hour, 2);
    case Field::kMinute:
      return read_into(f_.minute, 2);
    case Field::kSecond:
      return read_into(f_.second, 2);
    case Field::kCentury:
      return read_into(f_.century, 2);
    case Field::kJulian:
      return read_into(f_.julian, 7);
    case Field::kSecondsOfDay: {
      ASSIGN_OR_RETURN(int64_t s, number(5));
      f_.hour = s / 3600;
      f_.minute = s / 60 % 60;
      f_.second = s % 60;
      return Status::Ok();
    }
    case Field::kMillis:
    case Field::kMicros: {
      int width = e.field == Field::kMillis ? 3 : 6;
      ASSIGN_OR_RETURN(int64_t v, ReadNumber(e, width, &digits));
      // Both read a decimal fraction of a second: '5' in MS is 500 ms, '5' in US 500000 us.
      f_.micros = FractionMicros(v, digits);
      return Status::Ok();
    }
    case Field::kMonthName:
    case Field::kMonthAbbrev:
    case Field::kRomanMonth: {
      int index = e.field == Field::kRomanMonth ? ReadName(kRomanMonths, 12, false)
                                                : ReadName(kMonthNames, 12, true);
      if (index < 0) return InvalidValue(e, start);
      f_.month = index + 1;
      f_.month_or_day_set = true;
      return Status::Ok();
    }
    case Field::kDayName:
    case Field::kDayAbbrev:
      if (ReadName(kDayNames, 7, true) < 0) return InvalidValue(e, start);
      return Status::Ok();
    case Field::kMeridiem:
    case Field::kMeridiemDots: {
      static constexpr const char* kMeridiems[] = {"AM", "PM", "A.M.", "P.M."};
      int index = ReadName(kMeridiems, 4, false);
      if (index < 0) return InvalidValue(e, start);
      f_.meridiem = index % 2;
      return Status::Ok();
    }
    case Field::kEra:
    case Field::kEraDots: {
      static constexpr const char* kEras[] = {"AD", "BC", "A.D.", "B.C."};
      int index = ReadName(kEras, 4, false);
      if (index < 0) return InvalidValue(e, start);
      f_.bc = index % 2 == 1;
      return Status::Ok();
    }
    case Field::kQuarter:
    case Field::kWeekOfYear:
    case Field::kWeekOfMonth:
    case Field::kDayOfWeek: {
      // Read and ignored, as PostgreSQL does: they cannot place a date on their own.
      int64_t ignored = 0;
      return read_into(ignored, 2);
    }
    case Field::kZone:
    case Field::kZoneOffset:
      return Status(StatusCode::kNotSupported, std::string("template pattern \"") + e.keyword +
                                                   "\" is not supported in to_timestamp/to_date");
    default: {
      int fraction_digits = static_cast<int>(e.field) - static_cast<int>(Field::kFraction1) + 1;
      ASSIGN_OR_RETURN(int64_t v, ReadNumber(e, fraction_digits, &digits));
      f_.micros = FractionMicros(v, digits);
      return Status::Ok();
    }
  }
}

bool IsNumericField(Field field) {
  switch (field) {
    case Field::kLiteral:
    case Field::kMonthName:
    case Field::kMonthAbbrev:
    case Field::kRomanMonth:
    case Field::kDayName:
    case Field::kDayAbbrev:
    case Field::kMeridiem:
    case Field::kMeridiemDots:
    case Field::kEra:
    case Field::kEraDots:
    case Field::kZone:
    case Field::kZoneOffset:
      return false;
    default:
      return true;
  }
}

Result<int64_t> TemplateParser::Parse(const std::vector<Element>& elements) {
  for (size_t i = 0; i < elements.size(); i++) {
    const Element& e = elements[i];
    if (e.field == Field::kLiteral) {
      MatchLiteral(e.literal);
      continue;
    }
    bool next_is_numeric = i + 1 < elements.size() && IsNumericField(elements[i + 1].field);
    RETURN_IF_ERROR(ReadElement(e, next_is_numeric));
  }
  return Assemble();
}

Result<int64_t> TemplateParser::Assemble() const {
  int64_t year = f_.year;
  // Short years land in the nearest century, as PostgreSQL: YY 69 -> 2069, 70 -> 1970.
  if (f_.century > 0 && f_.year_digits > 0 && f_.year_digits < 4) {
    year = (f_.century - 1) * 100 + year % 100;
  } else if (f_.year_digits == 2) {
    year += year < 70 ? 2000 : 1900;
  } else if (f_.year_digits == 3) {
    year += year < 100 ? 2000 : 1000;
  } else if (f_.year_digits == 1) {
    year += 2000;
  } else if (f_.century > 0 && f_.year_digits == 0) {
    year = (f_.century - 1) * 100 + 1;
  }
  if (f_.bc) year = 1 - year;
  if (year < -4712 || year > 294276) return OutOfRange();
  auto y = static_cast<int32_t>(year);

  int64_t days;
  if (f_.julian >= 0) {
    days = f_.julian - 2440588;
  } else if (f_.iso_set) {
    if (f_.iso_week < 1 || f_.iso_week > 53 || f_.iso_day > 7) return OutOfRange();
    days = IsoYearStart(static_cast<int32_t>(f_.iso_year)) + (f_.iso_week - 1) * 7 +
           (f_.iso_day > 0 ? f_.iso_day - 1 : 0);
  } else if (f_.day_of_year > 0 && !f_.month_or_day_set) {
    if (f_.day_of_year > (IsLeapYear(y) ? 366 : 365)) return OutOfRange();
    days = DaysFromCivil(y, 1, 1) + f_.day_of_year - 1;
  } else {
    // Not strict (Redshift's TO_DATE default), a day past the month's end rolls over into the
    // next month: 2001-06-31 is 2001-07-01.
    int64_t last_day = strict_ ? DaysInMonth(y, static_cast<int32_t>(f_.month)) : 31;
    if (f_.month < 1 || f_.month > 12 || f_.day < 1 || f_.day > last_day) return OutOfRange();
    days = DaysFromCivil(y, static_cast<int32_t>(f_.month), 1) + f_.day - 1;
  }

  int64_t hour = f_.hour;
  if (f_.twelve_hour || f_.meridiem >= 0) {
    if (hour < 1 || hour > 12) {
      return Status(StatusCode::kInvalidInput, "hour \"" + std::to_string(hour) +
                                                   "\" is invalid for the 12-hour clock in \"" +
                                                   std::string(text_) + "\"");
    }
    hour = hour % 12 + (f_.meridiem == 1 ? 12 : 0);
  }
  if (hour > 24 || f_.minute > 59 || f_.second > 60 ||
      (hour == 24 && (f_.minute > 0 || f_.second > 0 || f_.micros > 0))) {
    return OutOfRange();
  }
  return days * kMicrosPerDay + hour * kMicrosPerHour + f_.minute * kMicrosPerMinute +
         f_.second * kMicrosPerSecond + f_.micros;
}

}  // namespace

Result<int64_t> ParseTimestampTemplate(std::string_view text, std::string_view format, bool strict) {
  TemplateParser parser(text, format, strict);
  return parser.Parse(CachedTemplate(format));
}

}  // namespace martlet
