#include <gtest/gtest.h>

#include <cmath>

#include "common/date_time.hpp"
#include "common/decimal.hpp"
#include "scalar_test_support.hpp"

namespace martlet {
namespace {

using testing::Big;
using testing::Dbl;
using testing::Dec;
using testing::Eval;
using testing::Int;
using testing::Null;
using testing::Real;
using testing::Small;
using testing::Text;

Value Date(const char* text) {
  return Value::FromInt64(LogicalType(TypeId::kDate), ParseDate(text).value());
}
Value Stamp(const char* text) {
  return Value::FromInt64(LogicalType(TypeId::kTimestamp), ParseTimestamp(text).value());
}
Value Span(const char* text) { return Value::FromInterval(ParseInterval(text).value()); }

std::string ReturnType(const std::string& name, const std::vector<LogicalType>& types) {
  Result<ScalarBinding> binding = testing::Registry().ResolveScalar(name, types);
  return binding.ok() ? binding->return_type.ToString() : "ERROR: " + binding.status().message();
}

TEST(ArithmeticTest, IntegerOperators) {
  EXPECT_EQ(Eval("+", {Int(2), Int(3)}), "5");
  EXPECT_EQ(Eval("-", {Int(2), Int(3)}), "-1");
  EXPECT_EQ(Eval("*", {Int(-4), Int(3)}), "-12");
  EXPECT_EQ(Eval("/", {Int(7), Int(2)}), "3");
  EXPECT_EQ(Eval("/", {Int(-7), Int(2)}), "-3");  // truncates toward zero
  EXPECT_EQ(Eval("%", {Int(-7), Int(2)}), "-1");
  EXPECT_EQ(Eval("mod", {Int(7), Int(-3)}), "1");
}

TEST(ArithmeticTest, IntegerResultTypes) {
  const LogicalType small(TypeId::kSmallInt), integer(TypeId::kInteger), big(TypeId::kBigInt);
  EXPECT_EQ(ReturnType("+", {small, small}), "smallint");
  EXPECT_EQ(ReturnType("+", {small, integer}), "integer");
  EXPECT_EQ(ReturnType("*", {integer, big}), "bigint");
  EXPECT_EQ(ReturnType("/", {big, small}), "bigint");
  EXPECT_EQ(ReturnType("+", {integer, LogicalType(TypeId::kReal)}), "double precision");
  EXPECT_EQ(ReturnType("+", {LogicalType(TypeId::kReal), LogicalType(TypeId::kReal)}), "real");
  EXPECT_EQ(ReturnType("-", {LogicalType(), integer}), "integer");
  EXPECT_EQ(ReturnType("+", {LogicalType::Varchar(), integer}), "integer");
}

TEST(ArithmeticTest, IntegerOverflow) {
  EXPECT_EQ(Eval("+", {Small(32767), Small(1)}), "ERROR: smallint out of range");
  EXPECT_EQ(Eval("*", {Int(65536), Int(65536)}), "ERROR: integer out of range");
  EXPECT_EQ(Eval("-", {Int(INT32_MIN), Int(1)}), "ERROR: integer out of range");
  EXPECT_EQ(Eval("+", {Big(INT64_MAX), Big(1)}), "ERROR: bigint out of range");
  EXPECT_EQ(Eval("/", {Big(INT64_MIN), Big(-1)}), "ERROR: bigint out of range");
  EXPECT_EQ(Eval("/", {Int(INT32_MIN), Int(-1)}), "ERROR: integer out of range");
  EXPECT_EQ(Eval("/", {Small(-32768), Small(-1)}), "ERROR: smallint out of range");
  EXPECT_EQ(Eval("%", {Big(INT64_MIN), Big(-1)}), "0");
  EXPECT_EQ(Eval("*", {Small(300), Int(300)}), "90000");  // widened before multiplying
  EXPECT_EQ(Eval("-", {Big(INT64_MIN)}), "ERROR: bigint out of range");
  EXPECT_EQ(Eval("-", {Small(-32768)}), "ERROR: smallint out of range");
  EXPECT_EQ(Eval("-", {Int(5)}), "-5");
  EXPECT_EQ(Eval("+", {Int(5)}), "5");
}

TEST(ArithmeticTest, DivisionByZero) {
  EXPECT_EQ(Eval("/", {Int(1), Int(0)}), "ERROR: division by zero");
  EXPECT_EQ(Eval("%", {Int(1), Int(0)}), "ERROR: division by zero");
  EXPECT_EQ(Eval("/", {Dbl(1), Dbl(0)}), "ERROR: division by zero");
  EXPECT_EQ(Eval("/", {Real(1), Real(0)}), "ERROR: division by zero");
  EXPECT_EQ(Eval("/", {Dec("1.0", 5, 1), Dec("0.00", 5, 2)}), "ERROR: division by zero");
  EXPECT_EQ(Eval("%", {Dec("1.0", 5, 1), Int(0)}), "ERROR: division by zero");
  Result<Value> r = testing::Call("/", {Int(1), Int(0)});
  EXPECT_EQ(r.status().code(), StatusCode::kDivisionByZero);
}

TEST(ArithmeticTest, NullsPropagate) {
  EXPECT_EQ(Eval("+", {Int(1), Null(TypeId::kInteger)}), "NULL");
  EXPECT_EQ(Eval("/", {Null(TypeId::kInteger), Int(0)}), "NULL");
  EXPECT_EQ(Eval("/", {Int(1), Null(TypeId::kInteger)}), "NULL");
  EXPECT_EQ(Eval("*", {Dec("1.5", 5, 1), Null(TypeId::kNull)}), "NULL");
  EXPECT_EQ(Eval("-", {Null(TypeId::kDouble)}), "NULL");
  // A NULL row whose data would overflow or divide by zero raises nothing.
  Vector a(LogicalType(TypeId::kInteger), 3), b(LogicalType(TypeId::kInteger), 3);
  a.i64()[0] = INT32_MAX, b.i64()[0] = 1, a.SetNull(0);
  a.i64()[1] = 6, b.i64()[1] = 0, b.SetNull(1);
  a.i64()[2] = 6, b.i64()[2] = 3;
  for (const char* op : {"+", "/"}) {
    Result<Vector> out = testing::CallColumns(op, {a, b}, 3);
    ASSERT_TRUE(out.ok()) << op << ": " << out.status().message();
    EXPECT_TRUE(out->IsNull(0));
    EXPECT_TRUE(out->IsNull(1));
    EXPECT_EQ(out->i64()[2], std::string(op) == "+" ? 9 : 2);
  }
}

TEST(ArithmeticTest, DoubleOperators) {
  EXPECT_EQ(Eval("+", {Dbl(0.1), Dbl(0.2)}), "0.30000000000000004");
  EXPECT_EQ(Eval("*", {Int(3), Dbl(0.5)}), "1.5");
  EXPECT_EQ(Eval("/", {Dbl(1), Int(4)}), "0.25");
  EXPECT_EQ(Eval("%", {Dbl(5.5), Dbl(2)}), "1.5");
  EXPECT_EQ(Eval("*", {Dbl(1e300), Dbl(1e300)}), "ERROR: value out of range: overflow");
  EXPECT_EQ(Eval("*", {Dbl(1e-300), Dbl(1e-300)}), "ERROR: value out of range: underflow");
  EXPECT_EQ(Eval("/", {Dbl(1e-300), Dbl(1e300)}), "ERROR: value out of range: underflow");
  EXPECT_EQ(Eval("+", {Dbl(1.7e308), Dbl(1.7e308)}), "ERROR: value out of range: overflow");
  EXPECT_EQ(Eval("+", {Dbl(INFINITY), Dbl(1)}), "Infinity");
  EXPECT_EQ(Eval("*", {Real(3e38), Real(10)}), "ERROR: value out of range: overflow");
  EXPECT_EQ(Eval("+", {Real(1.5), Real(2)}), "3.5");
  EXPECT_EQ(Eval("-", {Dbl(2.5)}), "-2.5");
}

TEST(ArithmeticTest, DecimalResultTypes) {
  LogicalType d152 = LogicalType::Decimal(15, 2), d82 = LogicalType::Decimal(8, 2);
  const LogicalType integer(TypeId::kInteger);
  EXPECT_EQ(ReturnType("+", {d152, d152}), "numeric(16,2)");
  EXPECT_EQ(ReturnType("-", {integer, d152}), "numeric(16,2)");
  EXPECT_EQ(ReturnType("*", {d152, LogicalType::Decimal(16, 2)}), "numeric(32,4)");
  EXPECT_EQ(ReturnType("*", {LogicalType::Decimal(32, 4), LogicalType::Decimal(16, 2)}),
            "numeric(38,6)");
  EXPECT_EQ(ReturnType("/", {d82, d82}), "numeric(20,12)");  // at least 12 digits after the point
  EXPECT_EQ(ReturnType("/", {LogicalType::Decimal(38, 4), LogicalType::Decimal(38, 4)}),
            "numeric(38,12)");
  EXPECT_EQ(ReturnType("/", {LogicalType::Decimal(38, 6), LogicalType::Decimal(38, 4)}),
            "numeric(38,12)");
  EXPECT_EQ(ReturnType("%", {d152, LogicalType::Decimal(5, 3)}), "numeric(5,3)");
  EXPECT_EQ(ReturnType("*", {d152, LogicalType(TypeId::kDouble)}), "double precision");
}

TEST(ArithmeticTest, DecimalOperators) {
  EXPECT_EQ(Eval("+", {Dec("1.25", 5, 2), Dec("2.5", 5, 1)}), "3.75");
  EXPECT_EQ(Eval("-", {Dec("1.25", 5, 2), Int(3)}), "-1.75");
  EXPECT_EQ(Eval("*", {Dec("1.25", 5, 2), Dec("-2.5", 5, 1)}), "-3.125");
  EXPECT_EQ(Eval("/", {Dec("1", 5, 0), Dec("3", 5, 0)}), "0.333333333333");
  EXPECT_EQ(Eval("/", {Dec("2", 5, 0), Dec("3", 5, 0)}), "0.666666666667");
  EXPECT_EQ(Eval("/", {Dec("-2", 5, 0), Dec("3", 5, 0)}), "-0.666666666667");
  EXPECT_EQ(Eval("/", {Dec("10.00", 8, 2), Dec("4.00", 8, 2)}), "2.500000000000");
  EXPECT_EQ(Eval("%", {Dec("7.5", 5, 1), Dec("2", 5, 0)}), "1.5");
  EXPECT_EQ(Eval("%", {Dec("-7.5", 5, 1), Dec("2", 5, 0)}), "-1.5");
  EXPECT_EQ(Eval("-", {Dec("1.50", 5, 2)}), "-1.50");
  EXPECT_EQ(Eval("+", {Dec("1.50", 5, 2)}), "1.50");
}

// Sums of at most 18 digits are computed in 64 bits; these reach that width from both signs.
TEST(ArithmeticTest, DecimalSumsAtEighteenDigits) {
  Value big_fraction = Dec("9999999999999.99", 15, 2), big_integer = Dec("999999999999999", 15, 0);
  EXPECT_EQ(ReturnType("+", {big_fraction.type(), big_integer.type()}), "numeric(18,2)");
  EXPECT_EQ(Eval("+", {big_fraction, big_integer}), "1009999999999998.99");
  EXPECT_EQ(Eval("-", {Dec("-999999999999999", 15, 0), big_fraction}), "-1009999999999998.99");
  EXPECT_EQ(Eval("-", {big_integer, Dec("-9999999999999.99", 15, 2)}), "1009999999999998.99");
  EXPECT_EQ(Eval("-", {Int(1), Dec("0.07", 15, 2)}), "0.93");
  EXPECT_EQ(Eval("+", {Int(-2147483648), Dec("-0.01", 15, 2)}), "-2147483648.01");
}

// TPC-H Q1's charge: l_extendedprice * (1 - l_discount) * (1 + l_tax) is exact.
TEST(ArithmeticTest, TpchChargeIsExact) {
  Value price = Dec("55010.00", 15, 2), discount = Dec("0.07", 15, 2), tax = Dec("0.05", 15, 2);
  Value one_minus = testing::Call("-", {Int(1), discount}).value();
  Value one_plus = testing::Call("+", {Int(1), tax}).value();
  Value discounted = testing::Call("*", {price, one_minus}).value();
  EXPECT_EQ(discounted.ToText(), "51159.3000");
  EXPECT_EQ(testing::Eval("*", {discounted, one_plus}), "53717.265000");
}

TEST(ArithmeticTest, DecimalOverflowAt38Digits) {
  std::string nines(38, '9');
  Value max = Dec(nines, 38, 0);
  EXPECT_EQ(Eval("+", {max, Dec("1", 38, 0)}),
            "ERROR: numeric field overflow: a field with precision 38, scale 0 must round to "
            "an absolute value less than 10^38");
  EXPECT_EQ(Eval("-", {Dec("-" + nines, 38, 0), max}),
            "ERROR: numeric field overflow: a field with precision 38, scale 0 must round to "
            "an absolute value less than 10^38");
  EXPECT_EQ(Eval("*", {max, Dec("10", 38, 0)}),
            "ERROR: numeric field overflow: a field with precision 38, scale 0 must round to "
            "an absolute value less than 10^38");
  EXPECT_EQ(Eval("*", {Dec("10000000000000000000", 20, 0), Dec("10000000000000000000", 20, 0)}),
            "ERROR: numeric field overflow: a field with precision 38, scale 0 must round to "
            "an absolute value less than 10^38");
  EXPECT_EQ(Eval("-", {max, Dec("1", 38, 0)}), std::string(37, '9') + "8");
  // Products of operands at the ends of 64 bits (multiplied in 64-bit halves), and of one
  // operand past them.
  EXPECT_EQ(Eval("*", {Dec("9223372036854775807", 19, 0), Dec("9223372036854775807", 19, 0)}),
            "85070591730234615847396907784232501249");
  EXPECT_EQ(Eval("*", {Dec("-9223372036854775808", 19, 0), Dec("-9223372036854775808", 19, 0)}),
            "85070591730234615865843651857942052864");
  EXPECT_EQ(Eval("*", {Dec("-9223372036854775808", 19, 0), Dec("9223372036854775807", 19, 0)}),
            "-85070591730234615856620279821087277056");
  EXPECT_EQ(Eval("*", {Dec("9223372036854775808", 19, 0), Dec("-3", 1, 0)}), "-27670116110564327424");
  // A quotient computed digit by digit when a * 10^shift passes 128 bits.
  Value big = Dec("1" + std::string(25, '0'), 38, 0);
  EXPECT_EQ(Eval("/", {big, Dec("3", 31, 30)}), std::string(25, '3') + ".333333333333");
  EXPECT_EQ(Eval("/", {Dec("-2", 38, 0), Dec("3", 31, 30)}), "-0.666666666667");
  EXPECT_EQ(Eval("/", {Dec("1" + std::string(37, '0'), 38, 0), Dec("3", 1, 0)}),
            "ERROR: numeric field overflow: a field with precision 38, scale 12 must round to an "
            "absolute value less than 10^26");
}

TEST(ArithmeticTest, DateArithmetic) {
  EXPECT_EQ(Eval("+", {Date("1998-12-01"), Int(31)}), "1999-01-01");
  EXPECT_EQ(Eval("+", {Int(1), Date("2000-02-28")}), "2000-02-29");
  EXPECT_EQ(Eval("-", {Date("1998-12-01"), Int(1)}), "1998-11-30");
  EXPECT_EQ(Eval("-", {Date("1998-12-01"), Date("1998-01-01")}), "334");
  EXPECT_EQ(Eval("-", {Date("1998-12-01"), Span("90 days")}), "1998-09-02 00:00:00");
  EXPECT_EQ(Eval("+", {Date("1995-01-31"), Span("1 mon")}), "1995-02-28 00:00:00");
  EXPECT_EQ(Eval("+", {Span("1 day"), Date("1995-01-31")}), "1995-02-01 00:00:00");
  EXPECT_EQ(Eval("+", {Value::FromInt64(LogicalType(TypeId::kDate), INT64_MAX), Int(1)}),
            "ERROR: date out of range");
  EXPECT_EQ(ReturnType("-", {LogicalType(TypeId::kDate), LogicalType(TypeId::kDate)}), "integer");
}

TEST(ArithmeticTest, TimestampAndIntervalArithmetic) {
  EXPECT_EQ(Eval("+", {Stamp("2020-01-01 10:00:00"), Span("1 day 02:00:00")}),
            "2020-01-02 12:00:00");
  EXPECT_EQ(Eval("-", {Stamp("2020-03-01 00:00:00"), Span("1 mon")}), "2020-02-01 00:00:00");
  EXPECT_EQ(Eval("-", {Stamp("2020-01-02 12:00:00"), Stamp("2020-01-01 00:00:00")}),
            "1 day 12:00:00");
  EXPECT_EQ(Eval("-", {Stamp("2020-01-01 00:00:00"), Stamp("2020-01-02 12:00:00")}),
            "-1 days -12:00:00");
  EXPECT_EQ(Eval("-", {Date("2020-01-02"), Stamp("2020-01-01 06:00:00")}), "18:00:00");
  EXPECT_EQ(Eval("+", {Span("1 day"), Span("2 hours")}), "1 day 02:00:00");
  EXPECT_EQ(Eval("-", {Span("1 day"), Span("2 days")}), "-1 days");
  EXPECT_EQ(Eval("*", {Span("1 mon"), Dbl(1.5)}), "1 mon 15 days");
  EXPECT_EQ(Eval("*", {Int(2), Span("1 day 01:00:00")}), "2 days 02:00:00");
  EXPECT_EQ(Eval("/", {Span("3 days"), Int(2)}), "1 day 12:00:00");
  EXPECT_EQ(Eval("/", {Span("3 days"), Int(0)}), "ERROR: division by zero");
  EXPECT_EQ(Eval("-", {Span("1 day")}), "-1 days");
  EXPECT_EQ(Eval("*", {Span("1 mon"), Dbl(1e10)}), "ERROR: interval out of range");
  EXPECT_EQ(Eval("+", {Value::FromInterval({INT32_MAX, 0, 0}), Span("1 mon")}),
            "ERROR: interval out of range");
}

TEST(ArithmeticTest, OperatorsThatDoNotExist) {
  EXPECT_EQ(Eval("*", {Date("2020-01-01"), Date("2020-01-01")}),
            "ERROR: operator does not exist: date * date");
  EXPECT_EQ(Eval("+", {Date("2020-01-01"), Date("2020-01-01")}),
            "ERROR: operator does not exist: date + date");
  EXPECT_EQ(Eval("-", {Value::Boolean(true)}), "ERROR: operator does not exist: - boolean");
  EXPECT_EQ(Eval("+", {Text("a"), Date("2020-01-01")}),
            "ERROR: operator does not exist: character varying + date");
  EXPECT_EQ(Eval("mod", {Dbl(1), Date("2020-01-01")}),
            "ERROR: function mod(double precision, date) does not exist");
  EXPECT_EQ(Eval("+", {Text("2"), Int(1)}), "3");  // an untyped literal read as integer
  EXPECT_EQ(Eval("+", {Text("x"), Int(1)}), "ERROR: invalid input syntax for type integer: \"x\"");
}

TEST(ArithmeticTest, WholeChunkWithoutNulls) {
  Vector a(LogicalType::Decimal(15, 2), kChunkSize), b(LogicalType::Decimal(15, 2), kChunkSize);
  for (size_t i = 0; i < kChunkSize; i++) {
    a.i128()[i] = static_cast<int128_t>(i) * 101;
    b.i128()[i] = 7;
  }
  Result<Vector> sum = testing::CallColumns("+", {a, b}, kChunkSize);
  ASSERT_TRUE(sum.ok());
  for (size_t i = 0; i < kChunkSize; i++) {
    ASSERT_FALSE(sum->IsNull(i));
    ASSERT_EQ(sum->i128()[i], static_cast<int128_t>(i) * 101 + 7);
  }
}

// A NULL row's value is arbitrary: it must neither overflow nor leak into the result.
TEST(ArithmeticTest, NullRowsHoldingHugeValues) {
  Vector a(LogicalType::Decimal(15, 2), kChunkSize), b(LogicalType::Decimal(15, 0), kChunkSize);
  for (size_t i = 0; i < kChunkSize; i++) {
    a.i128()[i] = static_cast<int128_t>(i);
    b.i128()[i] = 3;
  }
  a.SetNull(5);
  a.i128()[5] = Pow10(37);
  for (const char* op : {"+", "-"}) {
    Result<Vector> result = testing::CallColumns(op, {a, b}, kChunkSize);
    ASSERT_TRUE(result.ok()) << op;
    EXPECT_TRUE(result->IsNull(5));
    EXPECT_EQ(result->i128()[7], op[0] == '+' ? 307 : -293);
  }
}

}  // namespace
}  // namespace martlet
