// Date/time functions: DATE_PART (EXTRACT), DATE_TRUNC, DATEADD, DATEDIFF, ADD_MONTHS,
// LAST_DAY, MONTHS_BETWEEN, TRUNC(timestamp), DATE_CMP, CONVERT_TIMEZONE and the clock
// functions (CURRENT_DATE, GETDATE, SYSDATE, NOW, ...). TO_CHAR, TO_DATE and TO_TIMESTAMP
// live in date_format_functions.cpp.
//
// DATE_PART returns double precision for every field. PostgreSQL's date_part does so too;
// a resolver sees only argument types, not the field's text, so it cannot return BIGINT for
// 'year' and a fraction for 'second'. Whole-number fields print without a fraction anyway.
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "common/date_time.hpp"
#include "functions/date_format_functions.hpp"
#include "functions/date_units.hpp"
#include "functions/function.hpp"
#include "functions/kernel_support.hpp"

namespace martlet {
namespace {

using Args = std::vector<const Vector*>;

// PostgreSQL's timestamp range: 4713-11-24 BC to 294276-12-31 AD.
const int64_t kMinDay = DaysFromCivil(-4712, 11, 24);
const int64_t kMaxDay = DaysFromCivil(294276, 12, 31);

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t AsMicros(const Vector& v, size_t row) {
  int64_t x = v.i64()[row];
  return v.type().id() == TypeId::kDate ? x * kMicrosPerDay : x;
}

Status TimestampOutOfRange() { return Status(StatusCode::kOverflow, "timestamp out of range"); }

Status UnitNotRecognized(std::string_view unit, const LogicalType& type) {
  return Status(StatusCode::kInvalidInput,
                "unit \"" + std::string(unit) + "\" not recognized for type " + type.ToString());
}

Status UnitNotSupported(std::string_view unit, const LogicalType& type) {
  return Status(StatusCode::kInvalidInput,
                "unit \"" + std::string(unit) + "\" not supported for type " + type.ToString());
}

// The unit of the last row; the unit argument is nearly always a constant.
class UnitCache {
 public:
  Result<DateUnit> Get(std::string_view text, const LogicalType& type) {
    if (const std::optional<DateUnit>* hit = cache_.Find(text)) {
      if (*hit) return **hit;
    }
    std::optional<DateUnit> unit = cache_.Store(text, ParseDateUnit(text));
    if (!unit) return UnitNotRecognized(text, type);
    return *unit;
  }

 private:
  LastKeyCache<std::optional<DateUnit>> cache_;
};

// The year as PostgreSQL numbers it: no year 0, 1 BC is -1.
int64_t DisplayYear(int32_t year) { return year <= 0 ? year - 1 : year; }

std::optional<double> ExtractField(DateUnit unit, int64_t micros) {
  int64_t day = TimestampDay(micros);
  int64_t time = micros - day * kMicrosPerDay;
  CivilDate date = CivilFromDays(day);
  int64_t year = DisplayYear(date.year);
  double second_fraction = static_cast<double>(time % kMicrosPerMinute);  // in microseconds
  int32_t iso_year, iso_week;
  switch (unit) {
    case DateUnit::kMicrosecond:
      return second_fraction;
    case DateUnit::kMillisecond:
      return second_fraction / 1000.0;
    case DateUnit::kSecond:
      return second_fraction / 1e6;
    case DateUnit::kMinute:
      return static_cast<double>(time / kMicrosPerMinute % 60);
    case DateUnit::kHour:
      return static_cast<double>(time / kMicrosPerHour);
    case DateUnit::kDay:
      return date.day;
    case DateUnit::kMonth:
      return date.month;
    case DateUnit::kQuarter:
      return (date.month - 1) / 3 + 1;
    case DateUnit::kYear:
      return static_cast<double>(year);
    // Decades, centuries and millennia before year 1 count backwards from -1, as PostgreSQL.
    case DateUnit::kDecade:
      return static_cast<double>(date.year >= 0 ? date.year / 10 : -((8 - (date.year - 1)) / 10));
    case DateUnit::kCentury:
      return static_cast<double>(date.year > 0 ? (date.year + 99) / 100
                                               : -((99 - (date.year - 1)) / 100));
    case DateUnit::kMillennium:
      return static_cast<double>(date.year > 0 ? (date.year + 999) / 1000
                                               : -((999 - (date.year - 1)) / 1000));
    case DateUnit::kDayOfWeek:
      return DayOfWeek(day);
    case DateUnit::kIsoDayOfWeek:
      return DayOfWeek(day) == 0 ? 7 : DayOfWeek(day);
    case DateUnit::kDayOfYear:
      return static_cast<double>(day - DaysFromCivil(date.year, 1, 1) + 1);
    case DateUnit::kWeek:
      IsoYearAndWeek(day, iso_year, iso_week);
      return iso_week;
    case DateUnit::kIsoYear:
      IsoYearAndWeek(day, iso_year, iso_week);
      return static_cast<double>(DisplayYear(iso_year));
    case DateUnit::kEpoch:
      return static_cast<double>(micros) / 1e6;
    case DateUnit::kTimezone:
      return 0.0;
  }
  return std::nullopt;
}

Status DatePartKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* field = args[0]->str();
  double* out = result.f64();
  UnitCache units;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(DateUnit unit, units.Get(field[row], args[1]->type()));
    std::optional<double> value = ExtractField(unit, AsMicros(*args[1], row));
    if (!value) return UnitNotSupported(field[row], args[1]->type());
    out[row] = *value;
    return Status::Ok();
  });
}

std::optional<double> ExtractIntervalField(DateUnit unit, const Interval& iv) {
  double seconds = static_cast<double>(iv.micros % kMicrosPerMinute) / 1e6;
  switch (unit) {
    case DateUnit::kMicrosecond:
      return seconds * 1e6;
    case DateUnit::kMillisecond:
      return seconds * 1e3;
    case DateUnit::kSecond:
      return seconds;
    case DateUnit::kMinute:
      return static_cast<double>(iv.micros / kMicrosPerMinute % 60);
    case DateUnit::kHour:
      return static_cast<double>(iv.micros / kMicrosPerHour);
    case DateUnit::kDay:
      return iv.days;
    case DateUnit::kMonth:
      return iv.months % 12;
    case DateUnit::kQuarter:
      return iv.months % 12 / 3 + 1;
    case DateUnit::kYear:
      return iv.months / 12;
    case DateUnit::kDecade:
      return iv.months / 120;
    case DateUnit::kCentury:
      return iv.months / 1200;
    case DateUnit::kMillennium:
      return iv.months / 12000;
    case DateUnit::kEpoch:
      // As PostgreSQL: a year is 365.25 days, a month 30 days.
      return (iv.months / 12) * 365.25 * 86400.0 + (iv.months % 12) * 30.0 * 86400.0 +
             iv.days * 86400.0 + static_cast<double>(iv.micros) / 1e6;
    default:
      return std::nullopt;
  }
}

Status DatePartIntervalKernel(const Args& args, size_t count, Vector& result,
                              const FunctionContext&) {
  const std::string* field = args[0]->str();
  const Interval* in = args[1]->interval();
  double* out = result.f64();
  UnitCache units;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(DateUnit unit, units.Get(field[row], args[1]->type()));
    std::optional<double> value = ExtractIntervalField(unit, in[row]);
    if (!value) return UnitNotSupported(field[row], args[1]->type());
    out[row] = *value;
    return Status::Ok();
  });
}

// The first day of the year, decade, century or millennium that holds `year`, as PostgreSQL's
// date_trunc: centuries and millennia start at year 1 (2000 is in the century from 1901).
int64_t TruncYears(DateUnit unit, int32_t year) {
  int64_t y = year;
  switch (unit) {
    case DateUnit::kDecade:
      y = FloorDiv(y, 10) * 10;
      break;
    case DateUnit::kCentury:
      y = FloorDiv(y - 1, 100) * 100 + 1;
      break;
    case DateUnit::kMillennium:
      y = FloorDiv(y - 1, 1000) * 1000 + 1;
      break;
    default:
      break;
  }
  return DaysFromCivil(static_cast<int32_t>(y), 1, 1);
}

std::optional<int64_t> TruncateMicros(DateUnit unit, int64_t micros) {
  int64_t day = TimestampDay(micros);
  CivilDate date = CivilFromDays(day);
  auto floor_to = [micros](int64_t step) { return FloorDiv(micros, step) * step; };
  switch (unit) {
    case DateUnit::kMicrosecond:
      return micros;
    case DateUnit::kMillisecond:
      return floor_to(1000);
    case DateUnit::kSecond:
      return floor_to(kMicrosPerSecond);
    case DateUnit::kMinute:
      return floor_to(kMicrosPerMinute);
    case DateUnit::kHour:
      return floor_to(kMicrosPerHour);
    case DateUnit::kDay:
      return day * kMicrosPerDay;
    case DateUnit::kWeek:
      return (day - (DayOfWeek(day) + 6) % 7) * kMicrosPerDay;
    case DateUnit::kMonth:
      return DaysFromCivil(date.year, date.month, 1) * kMicrosPerDay;
    case DateUnit::kQuarter:
      return DaysFromCivil(date.year, (date.month - 1) / 3 * 3 + 1, 1) * kMicrosPerDay;
    case DateUnit::kYear:
    case DateUnit::kDecade:
    case DateUnit::kCentury:
    case DateUnit::kMillennium:
      return TruncYears(unit, date.year) * kMicrosPerDay;
    default:
      return std::nullopt;
  }
}

Status DateTruncKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* field = args[0]->str();
  int64_t* out = result.i64();
  UnitCache units;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(DateUnit unit, units.Get(field[row], args[1]->type()));
    std::optional<int64_t> value = TruncateMicros(unit, AsMicros(*args[1], row));
    if (!value) return UnitNotSupported(field[row], args[1]->type());
    out[row] = *value;
    return Status::Ok();
  });
}

// The months a calendar unit spans, or 0 for units of fixed length.
int64_t MonthsPerUnit(DateUnit unit) {
  switch (unit) {
    case DateUnit::kMonth:
      return 1;
    case DateUnit::kQuarter:
      return 3;
    case DateUnit::kYear:
      return 12;
    case DateUnit::kDecade:
      return 120;
    case DateUnit::kCentury:
      return 1200;
    case DateUnit::kMillennium:
      return 12000;
    default:
      return 0;
  }
}

// The microseconds a fixed-length unit spans, or 0.
int64_t MicrosPerUnit(DateUnit unit) {
  switch (unit) {
    case DateUnit::kMicrosecond:
      return 1;
    case DateUnit::kMillisecond:
      return 1000;
    case DateUnit::kSecond:
      return kMicrosPerSecond;
    case DateUnit::kMinute:
      return kMicrosPerMinute;
    case DateUnit::kHour:
      return kMicrosPerHour;
    case DateUnit::kDay:
      return kMicrosPerDay;
    case DateUnit::kWeek:
      return 7 * kMicrosPerDay;
    default:
      return 0;
  }
}

Result<int64_t> CheckRange(int64_t micros) {
  int64_t day = TimestampDay(micros);
  if (day < kMinDay || day > kMaxDay) return TimestampOutOfRange();
  return micros;
}

// Adds `months` calendar months, keeping the time of day; the day is clamped to the month.
Result<int64_t> AddMonths(int64_t micros, int64_t months, bool keep_month_end) {
  if (months > INT32_MAX || months < INT32_MIN) return TimestampOutOfRange();
  int64_t day = TimestampDay(micros);
  int64_t time = micros - day * kMicrosPerDay;
  int64_t new_day = AddMonthsToDays(day, static_cast<int32_t>(months));
  if (keep_month_end) {
    CivilDate d = CivilFromDays(day);
    if (d.day == DaysInMonth(d.year, d.month)) {
      CivilDate n = CivilFromDays(new_day);
      new_day = DaysFromCivil(n.year, n.month, DaysInMonth(n.year, n.month));
    }
  }
  if (new_day < kMinDay || new_day > kMaxDay) return TimestampOutOfRange();
  return new_day * kMicrosPerDay + time;
}

Result<int64_t> AddUnits(DateUnit unit, int64_t amount, int64_t micros) {
  if (int64_t months_per = MonthsPerUnit(unit)) {
    int64_t months;
    if (__builtin_mul_overflow(amount, months_per, &months)) return TimestampOutOfRange();
    return AddMonths(micros, months, false);
  }
  int64_t step = MicrosPerUnit(unit);
  int64_t delta, sum;
  if (__builtin_mul_overflow(amount, step, &delta) || __builtin_add_overflow(micros, delta, &sum)) {
    return TimestampOutOfRange();
  }
  return CheckRange(sum);
}

// dateadd(part, n, date|timestamp) -> timestamp
Status DateAddKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* field = args[0]->str();
  const int64_t* amount = args[1]->i64();
  int64_t* out = result.i64();
  UnitCache units;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(DateUnit unit, units.Get(field[row], args[2]->type()));
    if (MonthsPerUnit(unit) == 0 && MicrosPerUnit(unit) == 0) {
      return UnitNotSupported(field[row], args[2]->type());
    }
    ASSIGN_OR_RETURN(out[row], AddUnits(unit, amount[row], AsMicros(*args[2], row)));
    return Status::Ok();
  });
}

// The number of `unit` boundaries between the epoch and `micros` (floor), so that the
// difference of two such numbers counts the boundaries crossed between them. Weeks start on
// Monday, as DATE_TRUNC('week') does.
int64_t UnitIndex(DateUnit unit, int64_t micros) {
  if (int64_t months_per = MonthsPerUnit(unit)) {
    CivilDate d = CivilFromDays(TimestampDay(micros));
    int64_t months = static_cast<int64_t>(d.year) * 12 + (d.month - 1);
    if (unit == DateUnit::kCentury || unit == DateUnit::kMillennium) months -= 12;  // from year 1
    return FloorDiv(months, months_per);
  }
  if (unit == DateUnit::kWeek) return FloorDiv(TimestampDay(micros) + 3, 7);  // 1970-01-05: Monday
  return FloorDiv(micros, MicrosPerUnit(unit));
}

// datediff(part, a, b): the boundaries of `part` crossed going from a to b (negative when b
// is earlier), as Redshift counts them: datediff(year, '2020-12-31', '2021-01-01') = 1.
Status DateDiffKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* field = args[0]->str();
  int64_t* out = result.i64();
  UnitCache units;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(DateUnit unit, units.Get(field[row], args[1]->type()));
    if (MonthsPerUnit(unit) == 0 && MicrosPerUnit(unit) == 0) {
      return UnitNotSupported(field[row], args[1]->type());
    }
    int64_t a = UnitIndex(unit, AsMicros(*args[1], row));
    int64_t b = UnitIndex(unit, AsMicros(*args[2], row));
    if (__builtin_sub_overflow(b, a, &out[row])) {
      return Status(StatusCode::kOverflow, "datediff result out of range");
    }
    return Status::Ok();
  });
}

// add_months(date|timestamp, n) -> timestamp; the last day of a month stays the last day
// (Redshift): add_months('2008-02-29', 1) = '2008-03-31'.
Status AddMonthsKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const int64_t* months = args[1]->i64();
  int64_t* out = result.i64();
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(out[row], AddMonths(AsMicros(*args[0], row), months[row], true));
    return Status::Ok();
  });
}

Status LastDayKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  int64_t* out = result.i64();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    CivilDate d = CivilFromDays(TimestampDay(AsMicros(*args[0], row)));
    out[row] = DaysFromCivil(d.year, d.month, DaysInMonth(d.year, d.month));
  });
}

// months_between(a, b): whole months when both are the same day of the month or both month
// ends; otherwise the day difference counts in 31sts of a month (Oracle and Redshift).
Status MonthsBetweenKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  double* out = result.f64();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    CivilDate a = CivilFromDays(TimestampDay(AsMicros(*args[0], row)));
    CivilDate b = CivilFromDays(TimestampDay(AsMicros(*args[1], row)));
    double months = (static_cast<double>(a.year) - b.year) * 12 + (a.month - b.month);
    bool both_month_end =
        a.day == DaysInMonth(a.year, a.month) && b.day == DaysInMonth(b.year, b.month);
    if (a.day != b.day && !both_month_end) months += (a.day - b.day) / 31.0;
    out[row] = months;
  });
}

// trunc(timestamp) -> date (Redshift).
Status TruncKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  int64_t* out = result.i64();
  return ForEachValidRow(args, count, result,
                         [&](size_t row) { out[row] = TimestampDay(AsMicros(*args[0], row)); });
}

// date_cmp / timestamp_cmp: -1, 0 or 1.
Status CompareKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  int64_t* out = result.i64();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    int64_t a = AsMicros(*args[0], row);
    int64_t b = AsMicros(*args[1], row);
    out[row] = a < b ? -1 : (a > b ? 1 : 0);
  });
}

bool IsUtcName(std::string_view zone) {
  std::string lower;
  for (char c : zone) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* name : {"utc", "gmt", "etc/utc", "etc/gmt", "z", "zulu", "universal", "+00",
                           "+00:00", "utc0", "gmt0"}) {
    if (lower == name) return true;
  }
  return false;
}

// convert_timezone([source,] target, timestamp): Martlet sessions and data are UTC, so only
// UTC to UTC is possible; other zones fail clearly rather than silently shift nothing.
Status ConvertTimezoneKernel(const Args& args, size_t count, Vector& result,
                             const FunctionContext&) {
  int64_t* out = result.i64();
  size_t zones = args.size() - 1;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    for (size_t i = 0; i < zones; i++) {
      const std::string& zone = args[i]->str()[row];
      if (!IsUtcName(zone)) {
        return Status(StatusCode::kNotSupported,
                      "time zone \"" + zone + "\" is not supported: only UTC is");
      }
    }
    out[row] = AsMicros(*args[zones], row);
    return Status::Ok();
  });
}

// The clock functions fill every row with a time fixed by the statement or transaction.
template <bool kTransaction, bool kDateOnly>
Status ClockKernel(const Args&, size_t count, Vector& result, const FunctionContext& context) {
  int64_t micros = kTransaction ? context.transaction_start_micros : context.statement_start_micros;
  int64_t value = kDateOnly ? TimestampDay(micros) : micros;
  for (size_t row = 0; row < count; row++) {
    result.i64()[row] = value;
    result.SetValid(row);
  }
  return Status::Ok();
}

// timeofday(): the wall clock now, as PostgreSQL's text 'Mon Jan 02 10:00:00.123456 2024 UTC'.
Status TimeOfDayKernel(const Args&, size_t count, Vector& result, const FunctionContext&) {
  auto now =
      std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
  int64_t micros = now.time_since_epoch().count();
  int64_t day = TimestampDay(micros);
  int64_t time = micros - day * kMicrosPerDay;
  CivilDate d = CivilFromDays(day);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[80];
  std::snprintf(buf, sizeof buf, "%s %s %02d %02lld:%02lld:%02lld.%06lld %d UTC",
                kDays[DayOfWeek(day)], kMonths[d.month - 1], d.day,
                static_cast<long long>(time / kMicrosPerHour),
                static_cast<long long>(time / kMicrosPerMinute % 60),
                static_cast<long long>(time / kMicrosPerSecond % 60),
                static_cast<long long>(time % kMicrosPerSecond), d.year);
  for (size_t row = 0; row < count; row++) {
    result.str()[row] = buf;
    result.SetValid(row);
  }
  return Status::Ok();
}

// --- resolvers -------------------------------------------------------------------------------

// The type a date/time argument is bound as: dates and timestamps stay, text and NULL become
// timestamp; anything else does not fit.
std::optional<LogicalType> TemporalArg(const LogicalType& type) {
  if (type.IsTemporal()) return type;
  if (IsTextOrUnknown(type)) return LogicalType(TypeId::kTimestamp);
  return std::nullopt;
}

// TIMESTAMPTZ in gives TIMESTAMPTZ out; everything else gives TIMESTAMP.
LogicalType TimestampResult(const LogicalType& arg) {
  return LogicalType(arg.id() == TypeId::kTimestampTz ? TypeId::kTimestampTz : TypeId::kTimestamp);
}

bool IsIntegerArg(const LogicalType& type) {
  return type.IsNumeric() || type.id() == TypeId::kNull;
}

const LogicalType kText = LogicalType::Varchar();
const LogicalType kBigInt(TypeId::kBigInt);

Result<ScalarBinding> ResolveDatePart(const std::vector<LogicalType>& types) {
  if (types.size() != 2 || !IsTextOrUnknown(types[0])) return NoSuchFunction("date_part", types);
  LogicalType dbl(TypeId::kDouble);
  if (types[1].id() == TypeId::kInterval) {
    return MakeBinding({kText, types[1]}, dbl, DatePartIntervalKernel);
  }
  std::optional<LogicalType> arg = TemporalArg(types[1]);
  if (!arg) return NoSuchFunction("date_part", types);
  return MakeBinding({kText, *arg}, dbl, DatePartKernel);
}

Result<ScalarBinding> ResolveDateTrunc(const std::vector<LogicalType>& types) {
  std::optional<LogicalType> arg;
  if (types.size() == 2 && IsTextOrUnknown(types[0])) arg = TemporalArg(types[1]);
  if (!arg) return NoSuchFunction("date_trunc", types);
  return MakeBinding({kText, *arg}, TimestampResult(*arg), DateTruncKernel);
}

Result<ScalarBinding> ResolveDateAdd(const std::vector<LogicalType>& types) {
  std::optional<LogicalType> arg;
  if (types.size() == 3 && IsTextOrUnknown(types[0]) && IsIntegerArg(types[1])) {
    arg = TemporalArg(types[2]);
  }
  if (!arg) return NoSuchFunction("dateadd", types);
  return MakeBinding({kText, kBigInt, *arg}, TimestampResult(*arg), DateAddKernel);
}

// Two date/time arguments brought to one type: both dates stay dates, otherwise timestamps
// (with time zone when either has one).
std::optional<LogicalType> CommonTemporal(const LogicalType& a, const LogicalType& b) {
  std::optional<LogicalType> x = TemporalArg(a);
  std::optional<LogicalType> y = TemporalArg(b);
  if (!x || !y) return std::nullopt;
  if (x->id() == y->id()) return x;
  if (x->id() == TypeId::kTimestampTz || y->id() == TypeId::kTimestampTz) {
    return LogicalType(TypeId::kTimestampTz);
  }
  return LogicalType(TypeId::kTimestamp);
}

Result<ScalarBinding> ResolveDateDiff(const std::vector<LogicalType>& types) {
  std::optional<LogicalType> common;
  if (types.size() == 3 && IsTextOrUnknown(types[0])) common = CommonTemporal(types[1], types[2]);
  if (!common) return NoSuchFunction("datediff", types);
  return MakeBinding({kText, *common, *common}, kBigInt, DateDiffKernel);
}

Result<ScalarBinding> ResolveAddMonths(const std::vector<LogicalType>& types) {
  std::optional<LogicalType> arg;
  if (types.size() == 2 && IsIntegerArg(types[1])) arg = TemporalArg(types[0]);
  if (!arg) return NoSuchFunction("add_months", types);
  return MakeBinding({*arg, kBigInt}, TimestampResult(*arg), AddMonthsKernel);
}

Result<ScalarBinding> ResolveLastDay(const std::vector<LogicalType>& types) {
  std::optional<LogicalType> arg;
  if (types.size() == 1) arg = TemporalArg(types[0]);
  if (!arg) return NoSuchFunction("last_day", types);
  return MakeBinding({*arg}, LogicalType(TypeId::kDate), LastDayKernel);
}

Result<ScalarBinding> ResolveMonthsBetween(const std::vector<LogicalType>& types) {
  std::optional<LogicalType> common;
  if (types.size() == 2) common = CommonTemporal(types[0], types[1]);
  if (!common) return NoSuchFunction("months_between", types);
  return MakeBinding({*common, *common}, LogicalType(TypeId::kDouble), MonthsBetweenKernel);
}

// Only date/time arguments: trunc(number) belongs to the math functions' resolver, which
// shares the name.
Result<ScalarBinding> ResolveTrunc(const std::vector<LogicalType>& types) {
  if (types.size() != 1 || !types[0].IsTemporal()) return NoSuchFunction("trunc", types);
  return MakeBinding({types[0]}, LogicalType(TypeId::kDate), TruncKernel);
}

Result<ScalarBinding> ResolveDateCmp(const std::vector<LogicalType>& types) {
  std::optional<LogicalType> common;
  if (types.size() == 2) common = CommonTemporal(types[0], types[1]);
  if (!common) return NoSuchFunction("date_cmp", types);
  return MakeBinding({*common, *common}, LogicalType(TypeId::kInteger), CompareKernel);
}

Result<ScalarBinding> ResolveConvertTimezone(const std::vector<LogicalType>& types) {
  std::optional<LogicalType> arg;
  if (types.size() == 2 || types.size() == 3) arg = TemporalArg(types.back());
  for (size_t i = 0; arg && i + 1 < types.size(); i++) {
    if (!IsTextOrUnknown(types[i])) arg.reset();
  }
  if (!arg) return NoSuchFunction("convert_timezone", types);
  std::vector<LogicalType> arg_types(types.size() - 1, kText);
  arg_types.push_back(*arg);
  return MakeBinding(std::move(arg_types), LogicalType(TypeId::kTimestamp), ConvertTimezoneKernel);
}

template <TypeId kReturns, bool kTransaction>
Result<ScalarBinding> ResolveClock(const std::vector<LogicalType>& types) {
  if (!types.empty()) return NoSuchFunction("current_timestamp", types);
  return MakeBinding({}, LogicalType(kReturns),
                     ClockKernel<kTransaction, kReturns == TypeId::kDate>, true);
}

Result<ScalarBinding> ResolveTimeOfDay(const std::vector<LogicalType>& types) {
  if (!types.empty()) return NoSuchFunction("timeofday", types);
  return MakeBinding({}, kText, TimeOfDayKernel, true);
}

}  // namespace

void RegisterDateTimeFunctions(FunctionRegistry& registry) {
  registry.AddScalar("date_part", ResolveDatePart);
  registry.AddScalar("pgdate_part", ResolveDatePart);
  registry.AddScalar("date_trunc", ResolveDateTrunc);
  registry.AddScalar("dateadd", ResolveDateAdd);
  registry.AddScalar("date_add", ResolveDateAdd);
  registry.AddScalar("datediff", ResolveDateDiff);
  registry.AddScalar("date_diff", ResolveDateDiff);
  registry.AddScalar("add_months", ResolveAddMonths);
  registry.AddScalar("last_day", ResolveLastDay);
  registry.AddScalar("months_between", ResolveMonthsBetween);
  registry.AddScalar("trunc", ResolveTrunc);
  registry.AddScalar("date_cmp", ResolveDateCmp);
  registry.AddScalar("timestamp_cmp", ResolveDateCmp);
  registry.AddScalar("convert_timezone", ResolveConvertTimezone);
  registry.AddScalar("current_date", ResolveClock<TypeId::kDate, false>);
  registry.AddScalar("getdate", ResolveClock<TypeId::kTimestamp, false>);
  registry.AddScalar("sysdate", ResolveClock<TypeId::kTimestamp, true>);
  registry.AddScalar("localtimestamp", ResolveClock<TypeId::kTimestamp, true>);
  registry.AddScalar("current_timestamp", ResolveClock<TypeId::kTimestampTz, true>);
  registry.AddScalar("now", ResolveClock<TypeId::kTimestampTz, true>);
  registry.AddScalar("timeofday", ResolveTimeOfDay);
  RegisterDateFormatFunctions(registry);
}

}  // namespace martlet
