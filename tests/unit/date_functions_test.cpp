#include <gtest/gtest.h>

#include "scalar_call.hpp"

namespace martlet::scalar_test {
namespace {

TEST(DatePart, FieldsOfATimestamp) {
  Value ts = Timestamp("2024-02-29 13:45:30.25");
  EXPECT_EQ(Eval("date_part", {Text("year"), ts}), "2024");
  EXPECT_EQ(Eval("date_part", {Text("YRS"), ts}), "2024");
  EXPECT_EQ(Eval("date_part", {Text("quarter"), ts}), "1");
  EXPECT_EQ(Eval("date_part", {Text("mon"), ts}), "2");
  EXPECT_EQ(Eval("date_part", {Text("d"), ts}), "29");
  EXPECT_EQ(Eval("date_part", {Text("h"), ts}), "13");
  EXPECT_EQ(Eval("date_part", {Text("m"), ts}), "45");
  EXPECT_EQ(Eval("date_part", {Text("second"), ts}), "30.25");
  EXPECT_EQ(Eval("date_part", {Text("ms"), ts}), "30250");
  EXPECT_EQ(Eval("date_part", {Text("microseconds"), ts}), "30250000");
  EXPECT_EQ(Eval("date_part", {Text("dow"), ts}), "4");
  EXPECT_EQ(Eval("date_part", {Text("isodow"), Timestamp("2024-03-03")}), "7");
  EXPECT_EQ(Eval("date_part", {Text("doy"), ts}), "60");
  EXPECT_EQ(Eval("date_part", {Text("week"), ts}), "9");
  EXPECT_EQ(Eval("date_part", {Text("epoch"), ts}), "1709214330.25");
  EXPECT_EQ(Eval("date_part", {Text("decade"), ts}), "202");
  EXPECT_EQ(Eval("date_part", {Text("century"), ts}), "21");
  EXPECT_EQ(Eval("date_part", {Text("century"), Timestamp("2000-12-31")}), "20");
  EXPECT_EQ(Eval("date_part", {Text("millennium"), ts}), "3");
  EXPECT_EQ(Eval("date_part", {Text(" Year "), ts}), "2024");
}

TEST(DatePart, IsoWeeksAtYearBoundaries) {
  EXPECT_EQ(Eval("date_part", {Text("week"), Date("2021-01-03")}), "53");
  EXPECT_EQ(Eval("date_part", {Text("isoyear"), Date("2021-01-03")}), "2020");
  EXPECT_EQ(Eval("date_part", {Text("week"), Date("2024-12-30")}), "1");
  EXPECT_EQ(Eval("date_part", {Text("isoyear"), Date("2024-12-30")}), "2025");
  EXPECT_EQ(Eval("date_part", {Text("week"), Date("2018-01-01")}), "1");
}

TEST(DatePart, DatesIntervalsNullsAndErrors) {
  EXPECT_EQ(Eval("date_part", {Text("year"), Date("1998-12-01")}), "1998");
  EXPECT_EQ(Eval("date_part", {Text("hour"), Date("1998-12-01")}), "0");
  EXPECT_EQ(Eval("date_part", {Text("epoch"), Date("1970-01-02")}), "86400");
  EXPECT_EQ(Eval("date_part", {Text("year"), Timestamp("1969-12-31 23:59:59")}), "1969");
  EXPECT_EQ(Eval("date_part", {Text("year"), Null()}), "NULL");
  EXPECT_EQ(Eval("date_part", {Text("fortnight"), Date("2020-01-01")}),
            "ERROR: unit \"fortnight\" not recognized for type date");
  Value iv =
      Value::FromInterval(Interval{14, 3, 4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6500000});
  EXPECT_EQ(Eval("date_part", {Text("year"), iv}), "1");
  EXPECT_EQ(Eval("date_part", {Text("month"), iv}), "2");
  EXPECT_EQ(Eval("date_part", {Text("day"), iv}), "3");
  EXPECT_EQ(Eval("date_part", {Text("hour"), iv}), "4");
  EXPECT_EQ(Eval("date_part", {Text("second"), iv}), "6.5");
  EXPECT_EQ(Eval("date_part", {Text("epoch"), Value::FromInterval(Interval{0, 1, 0})}), "86400");
  EXPECT_EQ(Eval("date_part", {Text("dow"), iv}),
            "ERROR: unit \"dow\" not supported for type interval");
  EXPECT_EQ(Eval("date_part", {Text("year"), Int(3)}),
            "ERROR: function date_part(character varying, bigint) does not exist");
}

TEST(DateTrunc, Units) {
  Value ts = Timestamp("2024-05-17 13:45:30.123456");
  EXPECT_EQ(Eval("date_trunc", {Text("microseconds"), ts}), "2024-05-17 13:45:30.123456");
  EXPECT_EQ(Eval("date_trunc", {Text("milliseconds"), ts}), "2024-05-17 13:45:30.123");
  EXPECT_EQ(Eval("date_trunc", {Text("second"), ts}), "2024-05-17 13:45:30");
  EXPECT_EQ(Eval("date_trunc", {Text("minute"), ts}), "2024-05-17 13:45:00");
  EXPECT_EQ(Eval("date_trunc", {Text("hour"), ts}), "2024-05-17 13:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("day"), ts}), "2024-05-17 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("week"), ts}), "2024-05-13 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("month"), ts}), "2024-05-01 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("quarter"), ts}), "2024-04-01 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("year"), ts}), "2024-01-01 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("decade"), ts}), "2020-01-01 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("century"), Timestamp("2000-06-01")}), "1901-01-01 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("millennium"), ts}), "2001-01-01 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("hour"), Timestamp("1969-12-31 23:30:00")}),
            "1969-12-31 23:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("month"), Date("2024-05-17")}), "2024-05-01 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {Text("day"), TimestampTz("2024-05-17 10:00:00")}),
            "2024-05-17 00:00:00+00");
  EXPECT_EQ(Eval("date_trunc", {Text("dow"), ts}),
            "ERROR: unit \"dow\" not supported for type timestamp without time zone");
  EXPECT_EQ(Eval("date_trunc", {Text("bogus"), ts}),
            "ERROR: unit \"bogus\" not recognized for type timestamp without time zone");
  EXPECT_EQ(Eval("date_trunc", {NullText(), ts}), "NULL");
}

TEST(DateAdd, CalendarAndFixedUnits) {
  EXPECT_EQ(Eval("dateadd", {Text("month"), Int(1), Date("2008-01-31")}), "2008-02-29 00:00:00");
  EXPECT_EQ(Eval("dateadd", {Text("y"), Int(1), Date("2008-02-29")}), "2009-02-28 00:00:00");
  EXPECT_EQ(Eval("dateadd", {Text("qtr"), Int(-1), Date("2008-05-31")}), "2008-02-29 00:00:00");
  EXPECT_EQ(Eval("dateadd", {Text("day"), Int(30), Date("2008-02-15")}), "2008-03-16 00:00:00");
  EXPECT_EQ(Eval("dateadd", {Text("w"), Int(2), Date("2008-02-15")}), "2008-02-29 00:00:00");
  EXPECT_EQ(Eval("dateadd", {Text("hour"), Int(25), Timestamp("2008-02-15 10:00")}),
            "2008-02-16 11:00:00");
  EXPECT_EQ(Eval("dateadd", {Text("ms"), Int(1500), Timestamp("2008-02-15 10:00")}),
            "2008-02-15 10:00:01.5");
  EXPECT_EQ(Eval("dateadd", {Text("month"), Int(1), Timestamp("2008-01-31 10:30")}),
            "2008-02-29 10:30:00");
  EXPECT_EQ(Eval("dateadd", {Text("year"), Int(1000000), Date("2008-01-31")}),
            "ERROR: timestamp out of range");
  EXPECT_EQ(Eval("dateadd", {Text("year"), Int(INT64_MAX), Date("2008-01-31")}),
            "ERROR: timestamp out of range");
  EXPECT_EQ(Eval("dateadd", {Text("second"), Int(INT64_MAX), Date("2008-01-31")}),
            "ERROR: timestamp out of range");
  EXPECT_EQ(Eval("dateadd", {Text("dow"), Int(1), Date("2008-01-31")}),
            "ERROR: unit \"dow\" not supported for type date");
  EXPECT_EQ(Eval("dateadd", {Text("day"), Null(), Date("2008-01-31")}), "NULL");
}

TEST(DateDiff, CountsBoundaries) {
  EXPECT_EQ(Eval("datediff", {Text("year"), Date("2020-12-31"), Date("2021-01-01")}), "1");
  EXPECT_EQ(Eval("datediff", {Text("year"), Date("2021-01-01"), Date("2021-12-31")}), "0");
  EXPECT_EQ(Eval("datediff", {Text("quarter"), Date("2021-03-31"), Date("2021-04-01")}), "1");
  EXPECT_EQ(Eval("datediff", {Text("month"), Date("2021-01-31"), Date("2021-03-01")}), "2");
  EXPECT_EQ(Eval("datediff", {Text("day"), Date("2021-03-01"), Date("2021-01-31")}), "-29");
  EXPECT_EQ(Eval("datediff", {Text("week"), Date("2009-01-01"), Date("2009-12-31")}), "52");
  EXPECT_EQ(Eval("datediff", {Text("week"), Date("2024-05-12"), Date("2024-05-13")}), "1");
  EXPECT_EQ(Eval("datediff",
                 {Text("hour"), Timestamp("2024-01-01 10:59"), Timestamp("2024-01-01 11:00")}),
            "1");
  EXPECT_EQ(Eval("datediff", {Text("minute"), Timestamp("1969-12-31 23:59:59"),
                              Timestamp("1970-01-01 00:00:01")}),
            "1");
  EXPECT_EQ(Eval("datediff", {Text("century"), Date("2000-12-31"), Date("2001-01-01")}), "1");
  EXPECT_EQ(Eval("datediff", {Text("century"), Date("1999-12-31"), Date("2000-01-01")}), "0");
  EXPECT_EQ(Eval("datediff", {Text("doy"), Date("2000-12-31"), Date("2001-01-01")}),
            "ERROR: unit \"doy\" not supported for type date");
  auto mixed = TestRegistry().ResolveScalar(
      "datediff",
      {LogicalType::Varchar(), LogicalType(TypeId::kDate), LogicalType(TypeId::kTimestamp)});
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(mixed->arg_types[1], LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(mixed->return_type, LogicalType(TypeId::kBigInt));
}

TEST(MonthFunctions, AddMonthsLastDayMonthsBetween) {
  EXPECT_EQ(Eval("add_months", {Date("2008-01-31"), Int(1)}), "2008-02-29 00:00:00");
  EXPECT_EQ(Eval("add_months", {Date("2008-02-29"), Int(1)}), "2008-03-31 00:00:00");
  EXPECT_EQ(Eval("add_months", {Date("2008-03-15"), Int(-13)}), "2007-02-15 00:00:00");
  EXPECT_EQ(Eval("add_months", {Timestamp("2008-04-30 08:00"), Int(1)}), "2008-05-31 08:00:00");
  EXPECT_EQ(Eval("add_months", {Date("2008-03-15"), Int(INT64_MAX)}),
            "ERROR: timestamp out of range");
  EXPECT_EQ(Eval("last_day", {Date("2024-02-10")}), "2024-02-29");
  EXPECT_EQ(Eval("last_day", {Timestamp("2023-02-10 10:00")}), "2023-02-28");
  EXPECT_EQ(Eval("months_between", {Date("1995-02-02"), Date("1995-01-01")}), "1.032258064516129");
  EXPECT_EQ(Eval("months_between", {Date("2024-03-31"), Date("2024-02-29")}), "1");
  EXPECT_EQ(Eval("months_between", {Date("2024-01-15"), Date("2024-03-15")}), "-2");
}

TEST(OtherDateFunctions, TruncCmpConvertTimezone) {
  EXPECT_EQ(Eval("trunc", {Timestamp("2024-05-17 13:45")}), "2024-05-17");
  EXPECT_EQ(Eval("trunc", {Timestamp("1969-12-31 13:45")}), "1969-12-31");
  EXPECT_FALSE(TestRegistry().ResolveScalar("trunc", {LogicalType(TypeId::kDouble)}).ok() &&
               TestRegistry().ResolveScalar("trunc", {LogicalType(TypeId::kDouble)})->return_type ==
                   LogicalType(TypeId::kDate));
  EXPECT_EQ(Eval("date_cmp", {Date("2024-01-01"), Date("2024-01-02")}), "-1");
  EXPECT_EQ(Eval("date_cmp", {Date("2024-01-02"), Date("2024-01-02")}), "0");
  EXPECT_EQ(Eval("timestamp_cmp", {Timestamp("2024-01-02 10:00"), Timestamp("2024-01-02")}), "1");
  EXPECT_EQ(Eval("convert_timezone", {Text("UTC"), Timestamp("2024-01-02 10:00")}),
            "2024-01-02 10:00:00");
  EXPECT_EQ(Eval("convert_timezone", {Text("gmt"), Text("utc"), Timestamp("2024-01-02 10:00")}),
            "2024-01-02 10:00:00");
  EXPECT_EQ(Eval("convert_timezone", {Text("America/New_York"), Timestamp("2024-01-02 10:00")}),
            "ERROR: time zone \"America/New_York\" is not supported: only UTC is");
}

TEST(ClockFunctions, ReadTheContextAndAreVolatile) {
  FunctionContext context;
  context.statement_start_micros = ParseTimestamp("2024-05-17 13:45:30").value();
  context.transaction_start_micros = ParseTimestamp("2024-05-17 13:00:00").value();
  EXPECT_EQ(Eval("current_date", {}, context), "2024-05-17");
  EXPECT_EQ(Eval("getdate", {}, context), "2024-05-17 13:45:30");
  EXPECT_EQ(Eval("sysdate", {}, context), "2024-05-17 13:00:00");
  EXPECT_EQ(Eval("current_timestamp", {}, context), "2024-05-17 13:00:00+00");
  EXPECT_EQ(Eval("now", {}, context), "2024-05-17 13:00:00+00");
  EXPECT_EQ(Eval("localtimestamp", {}, context), "2024-05-17 13:00:00");
  EXPECT_TRUE(TestRegistry().ResolveScalar("getdate", {})->is_volatile);
  EXPECT_TRUE(TestRegistry().ResolveScalar("timeofday", {})->is_volatile);
  std::string now = Eval("timeofday", {});
  EXPECT_TRUE(now.size() > 20 && now.ends_with(" UTC")) << now;
  EXPECT_EQ(Eval("now", {Int(1)}), "ERROR: function current_timestamp(bigint) does not exist");
}

TEST(ToChar, DateTemplates) {
  Value ts = Timestamp("2024-03-05 14:07:09.123456");
  EXPECT_EQ(Eval("to_char", {ts, Text("YYYY-MM-DD HH24:MI:SS")}), "2024-03-05 14:07:09");
  EXPECT_EQ(Eval("to_char", {ts, Text("YY YYY Y Y,YYY")}), "24 024 4 2,024");
  EXPECT_EQ(Eval("to_char", {ts, Text("Month|MONTH|month|Mon|MON|mon")}),
            "March    |MARCH    |march    |Mar|MAR|mar");
  EXPECT_EQ(Eval("to_char", {ts, Text("FMMonth FMDD, YYYY")}), "March 5, 2024");
  EXPECT_EQ(Eval("to_char", {ts, Text("Day|DY|Dy|dy|D|ID")}), "Tuesday  |TUE|Tue|tue|3|2");
  EXPECT_EQ(Eval("to_char", {ts, Text("DDD IW WW W Q CC J")}), "065 10 10 1 1 21 2460375");
  EXPECT_EQ(Eval("to_char", {ts, Text("HH HH12 AM am P.M. MS US SSSS")}),
            "02 02 PM pm P.M. 123 123456 50829");
  EXPECT_EQ(Eval("to_char", {ts, Text("DDth DDTH FMDDth")}), "05th 05TH 5th");
  EXPECT_EQ(Eval("to_char", {Date("2024-03-01"), Text("FMDDth FMDDth")}), "1st 1st");
  EXPECT_EQ(Eval("to_char", {Date("2024-03-22"), Text("FMDDth")}), "22nd");
  EXPECT_EQ(Eval("to_char", {Date("2024-03-13"), Text("FMDDth")}), "13th");
  EXPECT_EQ(Eval("to_char", {ts, Text("\"Quarter\" Q, \"YYYY\" YYYY")}), "Quarter 1, YYYY 2024");
  EXPECT_EQ(Eval("to_char", {ts, Text("RM FF3 AD")}), "III  123 AD");
  EXPECT_EQ(Eval("to_char", {Timestamp("2024-03-05 00:30"), Text("HH12:MI AM")}), "12:30 AM");
  EXPECT_EQ(Eval("to_char", {TimestampTz("2024-03-05 10:00"), Text("HH24 TZ OF")}), "10 UTC +00");
  EXPECT_EQ(Eval("to_char", {Date("0005-01-01"), Text("YYYY FMYYYY")}), "0005 5");
  EXPECT_EQ(Eval("to_char", {NullText(), Text("YYYY")}), "NULL");
}

TEST(ToChar, NumberTemplates) {
  EXPECT_EQ(Eval("to_char", {Int(485), Text("999")}), " 485");
  EXPECT_EQ(Eval("to_char", {Int(-485), Text("999")}), "-485");
  EXPECT_EQ(Eval("to_char", {Int(5), Text("999")}), "   5");
  EXPECT_EQ(Eval("to_char", {Int(-5), Text("999")}), "  -5");
  EXPECT_EQ(Eval("to_char", {Int(485), Text("FM999")}), "485");
  EXPECT_EQ(Eval("to_char", {Int(0), Text("999")}), "   0");
  EXPECT_EQ(Eval("to_char", {Int(12), Text("0009")}), " 0012");
  EXPECT_EQ(Eval("to_char", {Int(1485), Text("9,999")}), " 1,485");
  EXPECT_EQ(Eval("to_char", {Int(5), Text("9,999")}), "     5");
  EXPECT_EQ(Eval("to_char", {Int(12345), Text("999")}), " ###");
  EXPECT_EQ(Eval("to_char", {Dbl(0.1), Text("0.9")}), " 0.1");
  EXPECT_EQ(Eval("to_char", {Dbl(-0.1), Text("9.9")}), " -.1");
  EXPECT_EQ(Eval("to_char", {Dbl(-0.1), Text("99.99")}), "  -.10");
  EXPECT_EQ(Eval("to_char", {Dbl(-0.1), Text("FM9.99")}), "-.1");
  EXPECT_EQ(Eval("to_char", {Dbl(148.5), Text("999.999")}), " 148.500");
  EXPECT_EQ(Eval("to_char", {Dbl(148.5), Text("FM999.999")}), "148.5");
  EXPECT_EQ(Eval("to_char", {Dbl(148.5), Text("FM999.909")}), "148.50");
  EXPECT_EQ(Eval("to_char", {Dbl(3.146), Text("9.99")}), " 3.15");
  EXPECT_EQ(Eval("to_char", {Int(12), Text("S99")}), "+12");
  EXPECT_EQ(Eval("to_char", {Int(-12), Text("99MI")}), "12-");
  EXPECT_EQ(Eval("to_char", {Int(-12), Text("99PR")}), "<12>");
  EXPECT_EQ(Eval("to_char", {Int(12), Text("99PR")}), " 12 ");
  Value dec = Value::FromInt128(LogicalType::Decimal(15, 2), 123456789);  // 1234567.89
  EXPECT_EQ(Eval("to_char", {dec, Text("FM9,999,999.9")}), "1,234,567.9");
  EXPECT_EQ(Eval("to_char", {dec, Text("$99,999,999.99")}), "$  1,234,567.89");
  EXPECT_EQ(Eval("to_char", {Dbl(1.0 / 0.0), Text("999")}), " ###");
}

TEST(ToDateToTimestamp, Parse) {
  EXPECT_EQ(Eval("to_date", {Text("2024-03-05"), Text("YYYY-MM-DD")}), "2024-03-05");
  EXPECT_EQ(Eval("to_date", {Text("20240305"), Text("YYYYMMDD")}), "2024-03-05");
  EXPECT_EQ(Eval("to_date", {Text("05 Mar 2024"), Text("DD Mon YYYY")}), "2024-03-05");
  EXPECT_EQ(Eval("to_date", {Text("March 5, 2024"), Text("Month DD, YYYY")}), "2024-03-05");
  EXPECT_EQ(Eval("to_date", {Text("5/3/24"), Text("DD/MM/YY")}), "2024-03-05");
  EXPECT_EQ(Eval("to_date", {Text("5/3/85"), Text("DD/MM/YY")}), "1985-03-05");
  EXPECT_EQ(Eval("to_date", {Text("2024-03-05 10:11:12"), Text("YYYY-MM-DD")}), "2024-03-05");
  EXPECT_EQ(Eval("to_date", {Text("2024 065"), Text("YYYY DDD")}), "2024-03-05");
  EXPECT_EQ(Eval("to_date", {Text("2460375"), Text("J")}), "2024-03-05");
  // Redshift's TO_DATE lets a day past the month's end roll over unless is_strict is true.
  EXPECT_EQ(Eval("to_date", {Text("2024-02-30"), Text("YYYY-MM-DD")}), "2024-03-01");
  EXPECT_EQ(Eval("to_date", {Text("2024-02-30"), Text("YYYY-MM-DD"), Value::Boolean(true)}),
            "ERROR: date/time field value out of range: \"2024-02-30\" with format \"YYYY-MM-DD\"");
  EXPECT_EQ(
      Eval("to_date", {Text("2024-xx-01"), Text("YYYY-MM-DD")}),
      "ERROR: invalid value \"xx-01\" for \"MM\" in \"2024-xx-01\" with format \"YYYY-MM-DD\"");
  EXPECT_EQ(
      Eval("to_date", {Text("05 Foo 2024"), Text("DD Mon YYYY")}),
      "ERROR: invalid value \"Foo\" for \"Mon\" in \"05 Foo 2024\" with format \"DD Mon YYYY\"");
  EXPECT_EQ(Eval("to_timestamp", {Text("2024-03-05 14:07:09.5"), Text("YYYY-MM-DD HH24:MI:SS.MS")}),
            "2024-03-05 14:07:09.5+00");
  EXPECT_EQ(Eval("to_timestamp", {Text("05/03/2024 02:07 PM"), Text("DD/MM/YYYY HH:MI AM")}),
            "2024-03-05 14:07:00+00");
  EXPECT_EQ(Eval("to_timestamp", {Text("05/03/2024 12:07 AM"), Text("DD/MM/YYYY HH12:MI AM")}),
            "2024-03-05 00:07:00+00");
  EXPECT_EQ(Eval("to_timestamp", {Text("2024-03-05 13:07"), Text("YYYY-MM-DD HH12:MI")}),
            "ERROR: hour \"13\" is invalid for the 12-hour clock in \"2024-03-05 13:07\"");
  EXPECT_EQ(Eval("to_timestamp", {Text("2024-03-05 25:00"), Text("YYYY-MM-DD HH24:MI")}),
            "ERROR: date/time field value out of range: \"2024-03-05 25:00\" with format "
            "\"YYYY-MM-DD HH24:MI\"");
  EXPECT_EQ(Eval("to_timestamp", {Text("2024"), Text("YYYY TZ")})
                .rfind("ERROR: template pattern \"TZ\"", 0),
            0u);
  EXPECT_EQ(Eval("to_timestamp", {Dbl(1709647629.5)}), "2024-03-05 14:07:09.5+00");
  EXPECT_EQ(Eval("to_timestamp", {Dbl(0.0 / 0.0)}), "ERROR: timestamp cannot be NaN");
  EXPECT_EQ(Eval("to_timestamp", {Dbl(1e20)}), "ERROR: timestamp out of range: \"1e+20\"");
  EXPECT_EQ(Eval("to_date", {NullText(), Text("YYYY")}), "NULL");
}

TEST(ToDateToTimestamp, RoundTripsThroughToChar) {
  const char* kFormat = "YYYY-MM-DD HH24:MI:SS.US";
  for (const char* text : {"0001-01-01 00:00:00.000000", "1999-12-31 23:59:59.999999",
                           "2000-02-29 12:00:00.000001", "2100-03-01 01:02:03.040506"}) {
    auto parsed = Call("to_timestamp", {Text(text), Text(kFormat)});
    ASSERT_TRUE(parsed.ok()) << text;
    Value as_ts = Value::FromInt64(LogicalType(TypeId::kTimestamp), parsed.value().int64());
    EXPECT_EQ(Eval("to_char", {as_ts, Text(kFormat)}), text);
  }
}

}  // namespace
}  // namespace martlet::scalar_test
