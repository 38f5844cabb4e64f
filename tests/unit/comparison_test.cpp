#include <gtest/gtest.h>

#include <cmath>

#include "common/date_time.hpp"
#include "scalar_test_support.hpp"

namespace martlet {
namespace {

using testing::Big;
using testing::Bool;
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
Value Char(const char* text, uint32_t length) {
  return Value::FromString(LogicalType::Char(length), text);
}

// Evaluates all six operators on (a, b) and returns their results as "=<><<=>>=" flags.
std::string AllSix(const Value& a, const Value& b) {
  std::string out;
  for (const char* op : {"=", "<>", "<", "<=", ">", ">="}) {
    std::string r = Eval(op, {a, b});
    out += r == "t" ? "1" : r == "f" ? "0" : "(" + r + ")";
  }
  return out;
}

TEST(ComparisonTest, Integers) {
  EXPECT_EQ(AllSix(Int(1), Int(2)), "011100");
  EXPECT_EQ(AllSix(Int(2), Int(2)), "100101");
  EXPECT_EQ(AllSix(Big(INT64_MIN), Small(-1)), "011100");
  EXPECT_EQ(AllSix(Bool(true), Bool(false)), "010011");
  EXPECT_EQ(Eval("!=", {Int(1), Int(1)}), "f");
}

TEST(ComparisonTest, MixedNumeric) {
  EXPECT_EQ(AllSix(Int(3), Dec("3.00", 5, 2)), "100101");
  EXPECT_EQ(AllSix(Dec("2.99", 5, 2), Int(3)), "011100");
  EXPECT_EQ(AllSix(Dec("1.5", 5, 1), Dec("1.50", 5, 2)), "100101");
  EXPECT_EQ(AllSix(Dec("1.5", 5, 1), Dec("1.51", 5, 2)), "011100");
  EXPECT_EQ(AllSix(Dec("-1.5", 5, 1), Dec("-1.51", 5, 2)), "010011");
  EXPECT_EQ(AllSix(Int(1), Dbl(1.5)), "011100");
  EXPECT_EQ(AllSix(Dec("0.1", 5, 1), Dbl(0.1)), "100101");
  EXPECT_EQ(AllSix(Real(0.5), Dbl(0.5)), "100101");
  // A scale that would overflow 128 bits still orders correctly.
  std::string nines(38, '9');
  EXPECT_EQ(AllSix(Dec(nines, 38, 0), Dec("0.1", 38, 37)), "010011");
  EXPECT_EQ(AllSix(Dec("-" + nines, 38, 0), Dec("0.1", 38, 37)), "011100");
  EXPECT_EQ(AllSix(Big(INT64_MAX), Dec("1.5", 38, 30)), "010011");
}

TEST(ComparisonTest, FloatsOrderNaNLast) {
  double nan = std::nan("");
  EXPECT_EQ(AllSix(Dbl(nan), Dbl(nan)), "100101");
  EXPECT_EQ(AllSix(Dbl(1), Dbl(nan)), "011100");
  EXPECT_EQ(AllSix(Dbl(INFINITY), Dbl(nan)), "011100");
  EXPECT_EQ(AllSix(Dbl(-0.0), Dbl(0.0)), "100101");
}

TEST(ComparisonTest, Strings) {
  EXPECT_EQ(AllSix(Text("abc"), Text("abd")), "011100");
  EXPECT_EQ(AllSix(Text("abc"), Text("ab")), "010011");
  EXPECT_EQ(AllSix(Text("B"), Text("a")), "011100");         // C collation: bytes
  EXPECT_EQ(AllSix(Text("\xC3\xA9"), Text("z")), "010011");  // UTF-8 bytes are unsigned
  EXPECT_EQ(AllSix(Text("a "), Text("a")), "010011");        // VARCHAR keeps trailing spaces
  EXPECT_EQ(AllSix(Char("BUILDING  ", 10), Text("BUILDING")), "100101");
  EXPECT_EQ(AllSix(Char("a   ", 4), Char("a ", 2)), "100101");
  EXPECT_EQ(AllSix(Char("a   ", 4), Text("a\t")), "011100");
}

TEST(ComparisonTest, TemporalAndLiterals) {
  EXPECT_EQ(AllSix(Date("1998-12-01"), Date("1998-09-02")), "010011");
  EXPECT_EQ(AllSix(Date("1998-12-01"), Stamp("1998-12-01 00:00:00")), "100101");
  EXPECT_EQ(AllSix(Date("1998-12-01"), Stamp("1998-12-01 00:00:01")), "011100");
  EXPECT_EQ(AllSix(Date("1998-12-01"), Text("1998-12-01")), "100101");
  EXPECT_EQ(AllSix(Text("10"), Int(9)), "010011");
  EXPECT_EQ(Eval("=", {Date("1998-12-01"), Text("soon")}),
            "ERROR: invalid input syntax for type date: \"soon\"");
}

TEST(ComparisonTest, Intervals) {
  Value month = Value::FromInterval({1, 0, 0});
  Value thirty_days = Value::FromInterval({0, 30, 0});
  Value day = Value::FromInterval({0, 1, 0});
  Value hours24 = Value::FromInterval({0, 0, kMicrosPerDay});
  EXPECT_EQ(AllSix(month, thirty_days), "100101");
  EXPECT_EQ(AllSix(day, hours24), "100101");
  EXPECT_EQ(AllSix(day, month), "011100");
}

TEST(ComparisonTest, NullsGiveNull) {
  EXPECT_EQ(Eval("=", {Int(1), Null(TypeId::kInteger)}), "NULL");
  EXPECT_EQ(Eval("<", {Null(TypeId::kNull), Int(1)}), "NULL");
  EXPECT_EQ(Eval("<>", {Null(TypeId::kNull), Null(TypeId::kNull)}), "NULL");
  EXPECT_EQ(Eval("=", {Text("a"), Null(TypeId::kVarchar)}), "NULL");
}

TEST(ComparisonTest, IsDistinctFrom) {
  EXPECT_EQ(Eval("is_distinct_from", {Int(1), Int(1)}), "f");
  EXPECT_EQ(Eval("is_distinct_from", {Int(1), Int(2)}), "t");
  EXPECT_EQ(Eval("is_distinct_from", {Int(1), Null(TypeId::kInteger)}), "t");
  EXPECT_EQ(Eval("is_distinct_from", {Null(TypeId::kInteger), Null(TypeId::kInteger)}), "f");
  EXPECT_EQ(Eval("is_not_distinct_from", {Null(TypeId::kNull), Null(TypeId::kNull)}), "t");
  EXPECT_EQ(Eval("is_not_distinct_from", {Dec("1.5", 5, 1), Dec("1.50", 5, 2)}), "t");
  EXPECT_EQ(Eval("is_not_distinct_from", {Char("x  ", 3), Text("x")}), "t");
  EXPECT_EQ(Eval("is_not_distinct_from", {Dbl(std::nan("")), Dbl(std::nan(""))}), "t");
  EXPECT_EQ(Eval("is_distinct_from", {Int(1), Date("2000-01-01")}),
            "ERROR: function is_distinct_from(integer, date) does not exist");
}

TEST(ComparisonTest, IncomparableTypes) {
  EXPECT_EQ(Eval("=", {Int(1), Date("2000-01-01")}),
            "ERROR: operator does not exist: integer = date");
  EXPECT_EQ(Eval("<", {Bool(true), Int(1)}), "ERROR: operator does not exist: boolean < integer");
  EXPECT_EQ(Eval(">=", {Value::FromInterval({}), Dbl(1)}),
            "ERROR: operator does not exist: interval >= double precision");
  EXPECT_EQ(testing::Call("=", {Int(1), Date("2000-01-01")}).status().code(),
            StatusCode::kBindError);
}

TEST(ComparisonTest, ChunkWithAndWithoutNulls) {
  Vector a(LogicalType(TypeId::kInteger), kChunkSize), b(LogicalType(TypeId::kBigInt), kChunkSize);
  for (size_t i = 0; i < kChunkSize; i++) {
    a.i64()[i] = static_cast<int64_t>(i);
    b.i64()[i] = 1000;
  }
  Result<Vector> lt = testing::CallColumns("<", {a, b}, kChunkSize);
  ASSERT_TRUE(lt.ok());
  for (size_t i = 0; i < kChunkSize; i++) {
    ASSERT_FALSE(lt->IsNull(i));
    ASSERT_EQ(lt->i64()[i], i < 1000 ? 1 : 0);
  }
  b.SetNull(7);
  lt = testing::CallColumns("<", {a, b}, kChunkSize);
  ASSERT_TRUE(lt.ok());
  EXPECT_TRUE(lt->IsNull(7));
  EXPECT_FALSE(lt->IsNull(8));
  EXPECT_EQ(lt->i64()[8], 1);
}

}  // namespace
}  // namespace martlet
