#include "functions/cast.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/date_time.hpp"
#include "scalar_test_support.hpp"

namespace martlet {
namespace {

using testing::Bool;
using testing::CastText;
using testing::Dbl;
using testing::Dec;
using testing::Int;
using testing::Real;
using testing::Text;

const LogicalType kBool(TypeId::kBoolean);
const LogicalType kSmall(TypeId::kSmallInt);
const LogicalType kInt(TypeId::kInteger);
const LogicalType kBig(TypeId::kBigInt);
const LogicalType kReal(TypeId::kReal);
const LogicalType kDouble(TypeId::kDouble);
const LogicalType kDate(TypeId::kDate);
const LogicalType kTimestamp(TypeId::kTimestamp);
const LogicalType kTimestampTz(TypeId::kTimestampTz);
const LogicalType kInterval(TypeId::kInterval);
const LogicalType kText = LogicalType::Varchar();

TEST(CastTest, TextToInteger) {
  EXPECT_EQ(CastText(Text("42"), kInt), "42");
  EXPECT_EQ(CastText(Text("  -17 "), kInt), "-17");
  EXPECT_EQ(CastText(Text("+5"), kSmall), "5");
  EXPECT_EQ(CastText(Text("12x"), kInt), "ERROR: invalid input syntax for type integer: \"12x\"");
  EXPECT_EQ(CastText(Text(""), kBig), "ERROR: invalid input syntax for type bigint: \"\"");
  EXPECT_EQ(CastText(Text("-"), kSmall), "ERROR: invalid input syntax for type smallint: \"-\"");
  EXPECT_EQ(CastText(Text("1 2"), kInt), "ERROR: invalid input syntax for type integer: \"1 2\"");
  EXPECT_EQ(CastText(Text("32767"), kSmall), "32767");
  EXPECT_EQ(CastText(Text("32768"), kSmall),
            "ERROR: value \"32768\" is out of range for type smallint");
  EXPECT_EQ(CastText(Text("-2147483648"), kInt), "-2147483648");
  EXPECT_EQ(CastText(Text("2147483648"), kInt),
            "ERROR: value \"2147483648\" is out of range for type integer");
  EXPECT_EQ(CastText(Text("-9223372036854775808"), kBig), "-9223372036854775808");
  EXPECT_EQ(CastText(Text("9223372036854775808"), kBig),
            "ERROR: value \"9223372036854775808\" is out of range for type bigint");
}

TEST(CastTest, IntegerNarrowingAndWidening) {
  EXPECT_EQ(CastText(Int(70000), kBig), "70000");
  EXPECT_EQ(CastText(Int(70000), kSmall), "ERROR: smallint out of range");
  EXPECT_EQ(CastText(testing::Big(1LL << 40), kInt), "ERROR: integer out of range");
  EXPECT_EQ(CastText(testing::Big(-32768), kSmall), "-32768");
  EXPECT_EQ(CastText(Int(5), kBool), "t");
  EXPECT_EQ(CastText(Int(0), kBool), "f");
  EXPECT_EQ(CastText(Bool(true), kInt), "1");
}

TEST(CastTest, DecimalAndFloatToInteger) {
  EXPECT_EQ(CastText(Dec("2.5", 5, 1), kInt), "3");
  EXPECT_EQ(CastText(Dec("-2.5", 5, 1), kInt), "-3");
  EXPECT_EQ(CastText(Dec("2.49", 5, 2), kInt), "2");
  EXPECT_EQ(CastText(Dec("99999.9", 6, 1), kSmall), "ERROR: smallint out of range");
  EXPECT_EQ(CastText(Dec("99999999999999999999", 20, 0), kBig), "ERROR: bigint out of range");
  EXPECT_EQ(CastText(Dbl(2.5), kInt), "2");  // float rounds half to even, as PostgreSQL
  EXPECT_EQ(CastText(Dbl(3.5), kInt), "4");
  EXPECT_EQ(CastText(Dbl(-3.5), kBig), "-4");
  EXPECT_EQ(CastText(Dbl(3e9), kInt), "ERROR: integer out of range");
  EXPECT_EQ(CastText(Dbl(1e19), kBig), "ERROR: bigint out of range");
  EXPECT_EQ(CastText(Dbl(std::nan("")), kBig), "ERROR: bigint out of range");
  EXPECT_EQ(CastText(Dbl(-9223372036854775808.0), kBig), "-9223372036854775808");
}

TEST(CastTest, IntegerToDecimal) {
  EXPECT_EQ(CastText(Int(123), LogicalType::Decimal(5, 2)), "123.00");
  EXPECT_EQ(CastText(Int(-999), LogicalType::Decimal(3, 0)), "-999");
  EXPECT_EQ(CastText(Int(1234), LogicalType::Decimal(5, 2)),
            "ERROR: numeric field overflow: a field with precision 5, scale 2 must round to an "
            "absolute value less than 10^3");
  EXPECT_EQ(CastText(testing::Big(INT64_MIN), LogicalType::Decimal(38, 0)), "-9223372036854775808");
  EXPECT_EQ(CastText(testing::Big(INT64_MAX), LogicalType::Decimal(38, 19)),
            "9223372036854775807.0000000000000000000");
  EXPECT_EQ(CastText(testing::Big(INT64_MAX), LogicalType::Decimal(38, 20)),
            "ERROR: numeric field overflow: a field with precision 38, scale 20 must round to "
            "an absolute value less than 10^18");
}

TEST(CastTest, DecimalToDecimal) {
  EXPECT_EQ(CastText(Dec("1.25", 5, 2), LogicalType::Decimal(5, 1)), "1.3");
  EXPECT_EQ(CastText(Dec("-1.25", 5, 2), LogicalType::Decimal(5, 1)), "-1.3");
  EXPECT_EQ(CastText(Dec("1.24", 5, 2), LogicalType::Decimal(5, 1)), "1.2");
  EXPECT_EQ(CastText(Dec("1.5", 5, 1), LogicalType::Decimal(10, 4)), "1.5000");
  EXPECT_EQ(CastText(Dec("999.99", 5, 2), LogicalType::Decimal(4, 1)),
            "ERROR: numeric field overflow: a field with precision 4, scale 1 must round to an "
            "absolute value less than 10^3");
  std::string max38(38, '9');
  EXPECT_EQ(CastText(Dec(max38, 38, 0), LogicalType::Decimal(38, 0)), max38);
  EXPECT_EQ(CastText(Dec(max38, 38, 0), LogicalType::Decimal(38, 1)),
            "ERROR: numeric field overflow: a field with precision 38, scale 1 must round to "
            "an absolute value less than 10^37");
}

TEST(CastTest, DecimalAndFloat) {
  EXPECT_EQ(CastText(Dec("12.34", 10, 2), kDouble), "12.34");
  EXPECT_EQ(CastText(Dec("-0.1", 10, 1), kReal), "-0.1");
  EXPECT_EQ(CastText(Dbl(0.1), LogicalType::Decimal(38, 20)), "0.10000000000000000000");
  EXPECT_EQ(CastText(Dbl(2.675), LogicalType::Decimal(10, 2)), "2.68");
  EXPECT_EQ(CastText(Real(0.1f), LogicalType::Decimal(10, 5)), "0.10000");
  EXPECT_EQ(CastText(Dbl(1e10), LogicalType::Decimal(5, 0)),
            "ERROR: numeric field overflow: a field with precision 5, scale 0 must round to an "
            "absolute value less than 10^5");
  EXPECT_EQ(CastText(Dbl(std::nan("")), LogicalType::Decimal(5, 0)),
            "ERROR: cannot convert NaN to numeric");
  EXPECT_EQ(CastText(Dbl(INFINITY), LogicalType::Decimal(5, 0)),
            "ERROR: cannot convert infinity to numeric");
}

TEST(CastTest, FloatToFloat) {
  EXPECT_EQ(CastText(Dbl(1.5), kReal), "1.5");
  EXPECT_EQ(CastText(Dbl(1e300), kReal), "ERROR: value out of range: overflow");
  EXPECT_EQ(CastText(Dbl(1e-300), kReal), "ERROR: value out of range: underflow");
  EXPECT_EQ(CastText(Dbl(INFINITY), kReal), "Infinity");
  EXPECT_EQ(CastText(Real(0.5), kDouble), "0.5");
  EXPECT_EQ(CastValue(Int(16777217), kReal)->float64(), 16777216.0);  // rounded to float
}

TEST(CastTest, TextToFloatAndDecimal) {
  EXPECT_EQ(CastText(Text(" 1.5e3 "), kDouble), "1500");
  EXPECT_EQ(CastText(Text("-Infinity"), kDouble), "-Infinity");
  EXPECT_EQ(CastText(Text("NaN"), kDouble), "NaN");
  EXPECT_EQ(CastText(Text("abc"), kDouble),
            "ERROR: invalid input syntax for type double precision: \"abc\"");
  EXPECT_EQ(CastText(Text("0x10"), kDouble),
            "ERROR: invalid input syntax for type double precision: \"0x10\"");
  EXPECT_EQ(CastText(Text("1e999"), kDouble),
            "ERROR: \"1e999\" is out of range for type double precision");
  EXPECT_EQ(CastText(Text("1e-999"), kDouble),
            "ERROR: \"1e-999\" is out of range for type double precision");
  EXPECT_EQ(CastText(Text("1e39"), kReal), "ERROR: \"1e39\" is out of range for type real");
  EXPECT_EQ(CastText(Text("12.345"), LogicalType::Decimal(10, 2)), "12.35");
  EXPECT_EQ(CastText(Text("1.2.3"), LogicalType::Decimal(10, 2)),
            "ERROR: invalid input syntax for type numeric: \"1.2.3\"");
}

TEST(CastTest, TextToBoolean) {
  for (const char* yes : {"t", "true", "TRUE", "yes", "y", "on", "1", " tr "}) {
    EXPECT_EQ(CastText(Text(yes), kBool), "t") << yes;
  }
  for (const char* no : {"f", "false", "no", "n", "off", "of", "0", "FALSE"}) {
    EXPECT_EQ(CastText(Text(no), kBool), "f") << no;
  }
  EXPECT_EQ(CastText(Text("o"), kBool), "ERROR: invalid input syntax for type boolean: \"o\"");
  EXPECT_EQ(CastText(Text("truth"), kBool),
            "ERROR: invalid input syntax for type boolean: \"truth\"");
  EXPECT_EQ(CastText(Text("2"), kBool), "ERROR: invalid input syntax for type boolean: \"2\"");
}

TEST(CastTest, TextToTemporal) {
  EXPECT_EQ(CastText(Text("1998-12-01"), kDate), "1998-12-01");
  EXPECT_EQ(CastText(Text(" 1998-12-01 "), kDate), "1998-12-01");
  EXPECT_EQ(CastText(Text("1998-12-01 10:11:12"), kTimestamp), "1998-12-01 10:11:12");
  EXPECT_EQ(CastText(Text("1998-12-01 10:11:12"), kTimestampTz), "1998-12-01 10:11:12+00");
  EXPECT_EQ(CastText(Text("3 days"), kInterval), "3 days");
  EXPECT_FALSE(CastValue(Text("2023-02-30"), kDate).ok());
  EXPECT_FALSE(CastValue(Text("nonsense"), kInterval).ok());
}

TEST(CastTest, ToText) {
  EXPECT_EQ(CastText(Bool(true), kText), "true");
  EXPECT_EQ(CastText(Bool(false), kText), "false");
  EXPECT_EQ(CastText(Int(-12), kText), "-12");
  EXPECT_EQ(CastText(Dec("-0.05", 5, 2), kText), "-0.05");
  EXPECT_EQ(CastText(Dbl(0.1), kText), "0.1");
  EXPECT_EQ(CastText(Value::FromInt64(kDate, 0), kText), "1970-01-01");
  EXPECT_EQ(CastText(Value::FromInt64(kTimestamp, kMicrosPerDay + 1500000), kText),
            "1970-01-02 00:00:01.5");
  EXPECT_EQ(CastText(Value::FromInterval({1, 2, 0}), kText), "1 mon 2 days");
}

TEST(CastTest, VarcharAndCharLength) {
  LogicalType varchar5 = LogicalType::Varchar(5);
  LogicalType char5 = LogicalType::Char(5);
  EXPECT_EQ(CastText(Text("abc"), varchar5), "abc");
  EXPECT_EQ(CastText(Text("abcde   "), varchar5), "abcde");
  EXPECT_EQ(CastText(Text("abcdef"), varchar5),
            "ERROR: value too long for type character varying(5)");
  EXPECT_EQ(CastText(Text("abcdef"), char5), "ERROR: value too long for type character(5)");
  EXPECT_EQ(CastText(Text("ab"), char5), "ab   ");
  EXPECT_EQ(CastText(Text("h\xC3\xA9llo"), varchar5), "h\xC3\xA9llo");  // 5 characters
  EXPECT_EQ(CastText(Text("h\xC3\xA9llo!"), varchar5),
            "ERROR: value too long for type character varying(5)");
  EXPECT_EQ(CastText(Int(123456), varchar5), "ERROR: value too long for type character varying(5)");
  // CHAR -> text drops the padding, as PostgreSQL's bpchar -> text does.
  EXPECT_EQ(CastText(Value::FromString(char5, "ab   "), kText), "ab");
  EXPECT_EQ(CastText(Value::FromString(char5, "ab   "), LogicalType::Char(3)), "ab ");
}

TEST(CastTest, DateAndTimestamp) {
  Value date = Value::FromInt64(kDate, 10);
  EXPECT_EQ(CastText(date, kTimestamp), "1970-01-11 00:00:00");
  EXPECT_EQ(CastText(date, kTimestampTz), "1970-01-11 00:00:00+00");
  EXPECT_EQ(CastText(Value::FromInt64(kTimestamp, -1), kDate), "1969-12-31");
  EXPECT_EQ(CastText(Value::FromInt64(kTimestampTz, kMicrosPerDay * 3 + 5), kDate), "1970-01-04");
  EXPECT_EQ(CastText(Value::FromInt64(kTimestamp, 5), kTimestampTz),
            "1970-01-01 00:00:00.000005+00");
  EXPECT_EQ(CastText(Value::FromInt64(kDate, INT64_MAX / 2), kTimestamp),
            "ERROR: date out of range for timestamp");
}

TEST(CastTest, ImpossibleCasts) {
  EXPECT_EQ(CastText(Value::FromInt64(kDate, 1), kInt), "ERROR: cannot cast type date to integer");
  EXPECT_EQ(CastText(Dbl(1), kBool), "ERROR: cannot cast type double precision to boolean");
  EXPECT_EQ(CastText(Value::FromInterval({}), kDate), "ERROR: cannot cast type interval to date");
  EXPECT_EQ(CastValue(Int(1), kDate).status().code(), StatusCode::kTypeError);
}

TEST(CastTest, NullsStayNull) {
  EXPECT_TRUE(CastValue(Value::Null(kInt), kText)->is_null());
  EXPECT_TRUE(CastValue(Value::Null(), kDate)->is_null());
  // Errors only come from valid rows: the NULL row holds a value that would not fit.
  Vector input(kBig, 3);
  input.i64()[0] = 1;
  input.i64()[1] = INT64_MAX;
  input.SetNull(1);
  input.i64()[2] = 3;
  Vector output(kSmall, 3);
  ASSERT_TRUE(CastVector(input, output, 3).ok());
  EXPECT_EQ(output.i64()[0], 1);
  EXPECT_TRUE(output.IsNull(1));
  EXPECT_EQ(output.i64()[2], 3);
  Vector text(kText, 2);
  text.str()[0] = "garbage";
  text.SetNull(0);
  text.str()[1] = "7";
  Vector ints(kInt, 2);
  ASSERT_TRUE(CastVector(text, ints, 2).ok());
  EXPECT_TRUE(ints.IsNull(0));
  EXPECT_EQ(ints.i64()[1], 7);
  Vector untyped(LogicalType(), 2);
  Vector dates(kDate, 2);
  ASSERT_TRUE(CastVector(untyped, dates, 2).ok());
  EXPECT_TRUE(dates.IsNull(0) && dates.IsNull(1));
}

TEST(CastTest, WideningFastPathOverChunk) {
  Vector input(kInt, kChunkSize);
  for (size_t i = 0; i < kChunkSize; i++) input.i64()[i] = static_cast<int64_t>(i) - 1000;
  Vector wide(LogicalType::Decimal(12, 2), kChunkSize);
  ASSERT_TRUE(CastVector(input, wide, kChunkSize).ok());
  Vector as_double(kDouble, kChunkSize);
  ASSERT_TRUE(CastVector(wide, as_double, kChunkSize).ok());
  for (size_t i = 0; i < kChunkSize; i++) {
    ASSERT_EQ(wide.i128()[i], static_cast<int128_t>(input.i64()[i]) * 100);
    ASSERT_EQ(as_double.f64()[i], static_cast<double>(input.i64()[i]));
  }
}

TEST(CastRulesTest, CanCastImplicitly) {
  EXPECT_TRUE(CanCastImplicitly(kSmall, kBig));
  EXPECT_FALSE(CanCastImplicitly(kBig, kInt));
  EXPECT_TRUE(CanCastImplicitly(kInt, LogicalType::Decimal(10, 0)));
  EXPECT_TRUE(CanCastImplicitly(LogicalType::Decimal(10, 2), kDouble));
  EXPECT_FALSE(CanCastImplicitly(kDouble, LogicalType::Decimal(10, 2)));
  EXPECT_TRUE(CanCastImplicitly(kReal, kDouble));
  EXPECT_FALSE(CanCastImplicitly(kDouble, kReal));
  EXPECT_TRUE(CanCastImplicitly(kDate, kTimestamp));
  EXPECT_FALSE(CanCastImplicitly(kTimestamp, kDate));
  EXPECT_TRUE(CanCastImplicitly(LogicalType(), kDate));
  EXPECT_TRUE(CanCastImplicitly(LogicalType::Char(3), kText));
  EXPECT_FALSE(CanCastImplicitly(kText, kDate));
  EXPECT_FALSE(CanCastImplicitly(kInt, kText));
  EXPECT_FALSE(CanCastImplicitly(kBool, kInt));
}

TEST(CastRulesTest, CanCast) {
  EXPECT_TRUE(CanCast(kText, kDate));
  EXPECT_TRUE(CanCast(kInterval, kText));
  EXPECT_TRUE(CanCast(kDouble, kSmall));
  EXPECT_TRUE(CanCast(kBool, kInt));
  EXPECT_FALSE(CanCast(kBool, kDouble));
  EXPECT_FALSE(CanCast(kDate, kInt));
  EXPECT_TRUE(CanCast(kTimestampTz, kDate));
  EXPECT_FALSE(CanCast(kInterval, kInt));
}

TEST(CastRulesTest, CommonSuperType) {
  auto common = [](const LogicalType& a, const LogicalType& b) {
    Result<LogicalType> t = CommonSuperType(a, b);
    return t.ok() ? t->ToString() : "ERROR: " + t.status().message();
  };
  EXPECT_EQ(common(kSmall, kInt), "integer");
  EXPECT_EQ(common(kBig, kInt), "bigint");
  EXPECT_EQ(common(kInt, LogicalType::Decimal(15, 2)), "numeric(15,2)");
  EXPECT_EQ(common(kInt, LogicalType::Decimal(5, 2)), "numeric(12,2)");
  EXPECT_EQ(common(LogicalType::Decimal(15, 2), LogicalType::Decimal(10, 4)), "numeric(17,4)");
  EXPECT_EQ(common(LogicalType::Decimal(38, 0), LogicalType::Decimal(38, 10)), "numeric(38,10)");
  EXPECT_EQ(common(LogicalType::Decimal(5, 2), kReal), "double precision");
  EXPECT_EQ(common(kReal, kReal), "real");
  EXPECT_EQ(common(kDate, kTimestamp), "timestamp without time zone");
  EXPECT_EQ(common(kTimestampTz, kTimestamp), "timestamp with time zone");
  EXPECT_EQ(common(LogicalType::Varchar(3), LogicalType::Varchar(7)), "character varying(7)");
  EXPECT_EQ(common(LogicalType::Char(2), LogicalType::Char(2)), "character(2)");
  EXPECT_EQ(common(LogicalType::Varchar(3), kText), "character varying");
  EXPECT_EQ(common(kText, kDate), "date");
  EXPECT_EQ(common(LogicalType(), kInt), "integer");
  EXPECT_EQ(common(LogicalType(), LogicalType()), "character varying");
  EXPECT_EQ(common(kInt, kDate), "ERROR: types integer and date cannot be matched");
  EXPECT_EQ(common(kBool, kInt), "ERROR: types boolean and integer cannot be matched");
  EXPECT_EQ(CommonSuperType(kInterval, kDate).status().code(), StatusCode::kTypeError);
}

}  // namespace
}  // namespace martlet
