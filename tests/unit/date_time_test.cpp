#include "common/date_time.hpp"

#include <gtest/gtest.h>

namespace martlet {
namespace {

TEST(CivilDate, RoundTripsOverAWideRange) {
  // Every day from 4713 BC to past 9999 AD goes to a civil date and back, and consecutive days
  // are consecutive dates.
  int64_t first = DaysFromCivil(-4712, 1, 1);
  int64_t last = DaysFromCivil(10000, 12, 31);
  CivilDate previous = CivilFromDays(first - 1);
  for (int64_t day = first; day <= last; day++) {
    CivilDate d = CivilFromDays(day);
    ASSERT_EQ(DaysFromCivil(d.year, d.month, d.day), day);
    bool next_day =
        d.year == previous.year && d.month == previous.month && d.day == previous.day + 1;
    bool next_month = d.day == 1 && previous.day == DaysInMonth(previous.year, previous.month) &&
                      (d.month == previous.month + 1 ||
                       (d.month == 1 && previous.month == 12 && d.year == previous.year + 1));
    ASSERT_TRUE(next_day || next_month) << day;
    previous = d;
  }
}

TEST(CivilDate, KnownDaysAndWeekdays) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DayOfWeek(0), 4);                           // Thursday
  EXPECT_EQ(DayOfWeek(-1), 3);                          // Wednesday
  EXPECT_EQ(DayOfWeek(DaysFromCivil(2024, 5, 19)), 0);  // Sunday
  // int64 microseconds since 1970 end early in 294247.
  EXPECT_LT(DaysFromCivil(294247, 1, 1), INT64_MAX / kMicrosPerDay);
  EXPECT_GT(DaysFromCivil(294248, 1, 1), INT64_MAX / kMicrosPerDay);
}

TEST(CivilDate, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_TRUE(IsLeapYear(0));  // 1 BC
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_EQ(DaysInMonth(2023, 12), 31);
}

TEST(ParseDate, AcceptsValidDates) {
  EXPECT_EQ(ParseDate("1970-01-01").value(), 0);
  EXPECT_EQ(ParseDate(" 2024-2-9 ").value(), DaysFromCivil(2024, 2, 9));
  EXPECT_EQ(ParseDate("2024-02-29").value(), DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(ParseDate("0001-01-01").value(), DaysFromCivil(1, 1, 1));
  for (int64_t day = -800000; day < 3000000; day += 997) {
    std::string text = FormatDate(day);
    if (CivilFromDays(day).year <= 0) continue;  // BC dates print but do not parse back
    ASSERT_EQ(ParseDate(text).value(), day) << text;
  }
}

TEST(ParseDate, RejectsImpossibleDates) {
  EXPECT_EQ(ParseDate("2023-02-29").status().message(),
            "date/time field value out of range: \"2023-02-29\"");
  EXPECT_EQ(ParseDate("2023-04-31").status().message(),
            "date/time field value out of range: \"2023-04-31\"");
  EXPECT_EQ(ParseDate("2023-13-01").status().message(),
            "date/time field value out of range: \"2023-13-01\"");
  EXPECT_EQ(ParseDate("2023-00-10").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ParseDate("0000-01-01").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ParseDate("2023-01-01x").status().message(),
            "invalid input syntax for type date: \"2023-01-01x\"");
  EXPECT_EQ(ParseDate("").status().message(), "invalid input syntax for type date: \"\"");
  EXPECT_EQ(ParseDate("20230101").status().code(), StatusCode::kInvalidInput);
}

TEST(ParseTimestamp, FractionsAndZones) {
  int64_t base = DaysFromCivil(2024, 3, 5) * kMicrosPerDay;
  EXPECT_EQ(ParseTimestamp("2024-03-05").value(), base);
  EXPECT_EQ(ParseTimestamp("2024-03-05 14:07").value(),
            base + 14 * kMicrosPerHour + 7 * kMicrosPerMinute);
  EXPECT_EQ(ParseTimestamp("2024-03-05T14:07:09.5").value(),
            base + 14 * kMicrosPerHour + 7 * kMicrosPerMinute + 9500000);
  EXPECT_EQ(ParseTimestamp("2024-03-05 00:00:00.123456789").value(), base + 123456);
  EXPECT_EQ(ParseTimestamp("2024-03-05 00:00:00.000001").value(), base + 1);
  EXPECT_EQ(ParseTimestamp("2024-03-05 10:00:00Z").value(), base + 10 * kMicrosPerHour);
  EXPECT_EQ(ParseTimestamp("2024-03-05 10:00:00 UTC").value(), base + 10 * kMicrosPerHour);
  EXPECT_EQ(ParseTimestamp("2024-03-05 10:00:00+02").value(), base + 8 * kMicrosPerHour);
  EXPECT_EQ(ParseTimestamp("2024-03-05 10:00:00-05:30").value(),
            base + 15 * kMicrosPerHour + 30 * kMicrosPerMinute);
  EXPECT_EQ(ParseTimestamp("2024-03-05 01:00:00+0230").value(),
            base - kMicrosPerHour - 30 * kMicrosPerMinute);
  EXPECT_EQ(ParseTimestamp("2024-03-05 24:00:00").value(), base + kMicrosPerDay);
  EXPECT_EQ(ParseTimestamp("1969-12-31 23:59:59.999999").value(), -1);
}

TEST(ParseTimestamp, RejectsBadInput) {
  EXPECT_EQ(ParseTimestamp("2024-02-30 10:00").status().message(),
            "date/time field value out of range: \"2024-02-30 10:00\"");
  EXPECT_EQ(ParseTimestamp("2024-03-05 25:00").status().message(),
            "invalid input syntax for type timestamp: \"2024-03-05 25:00\"");
  EXPECT_EQ(ParseTimestamp("2024-03-05 24:30").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ParseTimestamp("2024-03-05 10:60").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ParseTimestamp("2024-03-05 10:00 PST").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ParseTimestamp("yesterday").status().code(), StatusCode::kInvalidInput);
  // Past the int64 microsecond range (year 294247) but within the dates ParseDate allows.
  EXPECT_EQ(ParseTimestamp("294270-01-01").status().message(),
            "timestamp out of range: \"294270-01-01\"");
}

TEST(FormatTimestamp, RoundTrips) {
  for (int64_t micros : {int64_t{0}, int64_t{-1}, int64_t{1}, int64_t{1709647629500000},
                         int64_t{-62135596800000000}, int64_t{253402300799999999}}) {
    std::string text = FormatTimestamp(micros);
    EXPECT_EQ(ParseTimestamp(text).value(), micros) << text;
  }
  EXPECT_EQ(FormatTimestamp(1709647629500000), "2024-03-05 14:07:09.5");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTimestampTz(0), "1970-01-01 00:00:00+00");
  EXPECT_EQ(FormatDate(DaysFromCivil(0, 1, 1)), "0001-01-01 BC");
}

TEST(Interval, ParseAndFormat) {
  EXPECT_EQ(FormatInterval(ParseInterval("1 year 2 mons 3 days 04:05:06").value()),
            "1 year 2 mons 3 days 04:05:06");
  EXPECT_EQ(FormatInterval(ParseInterval("3 days").value()), "3 days");
  EXPECT_EQ(FormatInterval(ParseInterval("-2 hours").value()), "-02:00:00");
  EXPECT_EQ(FormatInterval(ParseInterval("1 day").value()), "1 day");
  EXPECT_EQ(FormatInterval(ParseInterval("-1 year").value()), "-1 years");
  EXPECT_EQ(FormatInterval(ParseInterval("-1 days 2 hours").value()), "-1 days +02:00:00");
  EXPECT_EQ(FormatInterval(ParseInterval("1 day -2 hours").value()), "1 day -02:00:00");
  EXPECT_EQ(FormatInterval(ParseInterval("1.5 days").value()), "1 day 12:00:00");
  EXPECT_EQ(FormatInterval(ParseInterval("1.5 months").value()), "1 mon 15 days");
  EXPECT_EQ(FormatInterval(ParseInterval("1.5 years").value()), "1 year 6 mons");
  EXPECT_EQ(FormatInterval(ParseInterval("2 weeks").value()), "14 days");
  EXPECT_EQ(FormatInterval(ParseInterval("90 minutes").value()), "01:30:00");
  EXPECT_EQ(FormatInterval(ParseInterval("1.25 seconds").value()), "00:00:01.25");
  EXPECT_EQ(FormatInterval(ParseInterval("3", "MONTH").value()), "3 mons");
  EXPECT_EQ(FormatInterval(ParseInterval("10").value()), "00:00:10");
  EXPECT_EQ(FormatInterval(Interval{}), "00:00:00");
  // the extreme microsecond counts: -2^63 has no positive counterpart in 64 bits
  EXPECT_EQ(FormatInterval(Interval{0, 0, INT64_MIN}), "-2562047788:00:54.775808");
  EXPECT_EQ(FormatInterval(Interval{0, 0, INT64_MAX}), "2562047788:00:54.775807");
  EXPECT_EQ(ParseInterval("3 fortnights").status().message(),
            "invalid input syntax for type interval: \"3 fortnights\"");
  EXPECT_EQ(ParseInterval("").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ParseInterval("1e20 days").status().code(), StatusCode::kInvalidInput);
}

TEST(DateArithmetic, AddMonthsClampsAndIntervalsOverflow) {
  EXPECT_EQ(AddMonthsToDays(DaysFromCivil(2024, 1, 31), 1), DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(AddMonthsToDays(DaysFromCivil(2024, 3, 31), -1), DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(AddMonthsToDays(DaysFromCivil(2024, 1, 15), -13), DaysFromCivil(2022, 12, 15));
  EXPECT_EQ(AddMonthsToDays(DaysFromCivil(2024, 1, 15), 24), DaysFromCivil(2026, 1, 15));
  int64_t ts = ParseTimestamp("2024-01-31 10:00").value();
  EXPECT_EQ(FormatTimestamp(AddIntervalToTimestamp(ts, Interval{1, 1, kMicrosPerHour}).value()),
            "2024-03-01 11:00:00");
  EXPECT_EQ(AddIntervalToTimestamp(INT64_MAX - 10, Interval{0, 0, 100}).status().message(),
            "timestamp out of range");
}

}  // namespace
}  // namespace martlet
