// Zone maps: computing bounds, skipping decisions for every operator, and serialization.
#include "storage/zone_map.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace martlet {
namespace {

Vector BigInts(const std::vector<int64_t>& values) {
  Vector column(LogicalType(TypeId::kBigInt), values.size());
  std::copy(values.begin(), values.end(), column.i64());
  return column;
}

Vector Strings(const std::vector<std::string>& values) {
  Vector column(LogicalType::Varchar(), values.size());
  std::copy(values.begin(), values.end(), column.str());
  return column;
}

Vector Doubles(const std::vector<double>& values) {
  Vector column(LogicalType(TypeId::kDouble), values.size());
  std::copy(values.begin(), values.end(), column.f64());
  return column;
}

TEST(ZoneMapTest, IntegerBoundsIgnoreNulls) {
  Vector column = BigInts({5, -100, 42, 1000, 7});
  column.SetNull(1);
  column.SetNull(3);
  const ZoneMap zone_map = ComputeZoneMap(column, 0, column.size());
  EXPECT_EQ(zone_map.row_count, 5u);
  EXPECT_EQ(zone_map.null_count, 2u);
  ASSERT_TRUE(zone_map.HasBounds());
  EXPECT_EQ(zone_map.min.int64(), 5);
  EXPECT_EQ(zone_map.max.int64(), 42);
  EXPECT_EQ(zone_map.min.type(), column.type());

  const ZoneMap slice = ComputeZoneMap(column, 3, 2);  // rows {NULL, 7}
  EXPECT_EQ(slice.min.int64(), 7);
  EXPECT_EQ(slice.max.int64(), 7);
  EXPECT_EQ(slice.null_count, 1u);
}

TEST(ZoneMapTest, AllNullAndEmptyBlocksNeverMatch) {
  Vector column = BigInts({1, 2});
  column.SetNull(0);
  column.SetNull(1);
  for (const ZoneMap& zone_map : {ComputeZoneMap(column, 0, 2), ComputeZoneMap(column, 0, 0)}) {
    EXPECT_FALSE(zone_map.HasValues());
    EXPECT_FALSE(zone_map.HasBounds());
    for (CompareOp op :
         {CompareOp::kEqual, CompareOp::kNotEqual, CompareOp::kLess, CompareOp::kGreaterEqual}) {
      EXPECT_FALSE(ZoneMapMayMatch(zone_map, op, Value::BigInt(1)));
    }
  }
}

TEST(ZoneMapTest, MayMatchForEveryOperator) {
  const ZoneMap zone_map = ComputeZoneMap(BigInts({10, 20, 15}), 0, 3);  // [10, 20]
  struct Case {
    CompareOp op;
    int64_t constant;
    bool may_match;
  };
  const Case cases[] = {
      {CompareOp::kEqual, 9, false},         {CompareOp::kEqual, 10, true},
      {CompareOp::kEqual, 20, true},         {CompareOp::kEqual, 21, false},
      {CompareOp::kLess, 10, false},         {CompareOp::kLess, 11, true},
      {CompareOp::kLessEqual, 9, false},     {CompareOp::kLessEqual, 10, true},
      {CompareOp::kGreater, 20, false},      {CompareOp::kGreater, 19, true},
      {CompareOp::kGreaterEqual, 21, false}, {CompareOp::kGreaterEqual, 20, true},
      {CompareOp::kNotEqual, 15, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ZoneMapMayMatch(zone_map, c.op, Value::BigInt(c.constant)), c.may_match)
        << "op " << static_cast<int>(c.op) << " constant " << c.constant;
  }
  // An INTEGER constant compares with a BIGINT column directly.
  EXPECT_FALSE(ZoneMapMayMatch(zone_map, CompareOp::kEqual, Value::Integer(5)));
  EXPECT_FALSE(
      ZoneMapMayMatch(zone_map, CompareOp::kEqual, Value::Null(LogicalType(TypeId::kBigInt))));
}

TEST(ZoneMapTest, AllMatchForEveryOperator) {
  const ZoneMap zone_map = ComputeZoneMap(BigInts({10, 20, 15}), 0, 3);  // [10, 20]
  struct Case {
    CompareOp op;
    int64_t constant;
    bool all_match;
  };
  const Case cases[] = {
      {CompareOp::kLess, 20, false},        {CompareOp::kLess, 21, true},
      {CompareOp::kLessEqual, 19, false},   {CompareOp::kLessEqual, 20, true},
      {CompareOp::kGreater, 10, false},     {CompareOp::kGreater, 9, true},
      {CompareOp::kGreaterEqual, 11, false}, {CompareOp::kGreaterEqual, 10, true},
      {CompareOp::kNotEqual, 15, false},    {CompareOp::kNotEqual, 9, true},
      {CompareOp::kNotEqual, 21, true},     {CompareOp::kEqual, 15, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ZoneMapAllMatch(zone_map, c.op, Value::BigInt(c.constant)), c.all_match)
        << "op " << static_cast<int>(c.op) << " constant " << c.constant;
  }
  EXPECT_TRUE(ZoneMapAllMatch(ComputeZoneMap(BigInts({7, 7}), 0, 2), CompareOp::kEqual, Value::BigInt(7)));
  EXPECT_FALSE(ZoneMapAllMatch(zone_map, CompareOp::kLess, Value::Null(LogicalType(TypeId::kBigInt))));

  // A NULL row fails every comparison.
  Vector with_null = BigInts({10, 20});
  with_null.SetNull(1);
  EXPECT_FALSE(ZoneMapAllMatch(ComputeZoneMap(with_null, 0, 2), CompareOp::kLess, Value::BigInt(100)));
  // Doubles never: a NaN is outside the bounds.
  EXPECT_FALSE(ZoneMapAllMatch(ComputeZoneMap(Doubles({1.0, std::nan("")}), 0, 2), CompareOp::kLess,
                               Value::Double(5.0)));
  // A shortened string max is above every value: all below it are only claimed when sure.
  const std::string long_value(100, 'm');
  const ZoneMap strings = ComputeZoneMap(Strings({long_value, "a"}), 0, 2);
  EXPECT_TRUE(ZoneMapAllMatch(strings, CompareOp::kLess, Value::Text("n")));
  EXPECT_FALSE(ZoneMapAllMatch(strings, CompareOp::kLess, Value::Text(long_value)));
  EXPECT_TRUE(ZoneMapAllMatch(strings, CompareOp::kGreaterEqual, Value::Text("a")));
}

TEST(ZoneMapTest, NotEqualSkipsOnlyConstantBlocks) {
  const ZoneMap constant = ComputeZoneMap(BigInts({7, 7, 7}), 0, 3);
  EXPECT_FALSE(ZoneMapMayMatch(constant, CompareOp::kNotEqual, Value::BigInt(7)));
  EXPECT_TRUE(ZoneMapMayMatch(constant, CompareOp::kNotEqual, Value::BigInt(8)));
}

TEST(ZoneMapTest, UnsureComparisonsMayMatch) {
  const LogicalType date(TypeId::kDate);
  Vector dates(date, 2);
  dates.i64()[0] = 100;
  dates.i64()[1] = 200;
  const ZoneMap date_map = ComputeZoneMap(dates, 0, 2);
  EXPECT_FALSE(ZoneMapMayMatch(date_map, CompareOp::kEqual, Value::FromInt64(date, 300)));
  // A timestamp constant is in microseconds, not days: no direct comparison.
  EXPECT_TRUE(ZoneMapMayMatch(date_map, CompareOp::kEqual,
                              Value::FromInt64(LogicalType(TypeId::kTimestamp), 300)));
  EXPECT_TRUE(ZoneMapMayMatch(date_map, CompareOp::kEqual, Value::Double(300)));

  Vector decimals(LogicalType::Decimal(10, 2), 1);
  decimals.i128()[0] = 12345;  // 123.45
  const ZoneMap decimal_map = ComputeZoneMap(decimals, 0, 1);
  EXPECT_FALSE(ZoneMapMayMatch(decimal_map, CompareOp::kGreater,
                               Value::FromInt128(LogicalType::Decimal(12, 2), 99999)));
  EXPECT_TRUE(ZoneMapMayMatch(decimal_map, CompareOp::kGreater,
                              Value::FromInt128(LogicalType::Decimal(12, 0), 999)));

  Vector chars(LogicalType::Char(5), 1);
  chars.str()[0] = "ab";
  EXPECT_TRUE(ZoneMapMayMatch(ComputeZoneMap(chars, 0, 1), CompareOp::kEqual,
                              Value::FromString(LogicalType::Char(5), "zz")));

  Vector intervals(LogicalType(TypeId::kInterval), 1);
  const ZoneMap interval_map = ComputeZoneMap(intervals, 0, 1);
  EXPECT_TRUE(interval_map.HasValues());
  EXPECT_FALSE(interval_map.HasBounds());
  EXPECT_TRUE(ZoneMapMayMatch(interval_map, CompareOp::kEqual, Value::FromInterval({1, 0, 0})));
}

TEST(ZoneMapTest, DoublesWithNaN) {
  const double nan = std::nan("");
  const ZoneMap plain = ComputeZoneMap(Doubles({1.5, -2.0, 0.0}), 0, 3);
  EXPECT_EQ(plain.min.float64(), -2.0);
  EXPECT_EQ(plain.max.float64(), 1.5);
  EXPECT_FALSE(ZoneMapMayMatch(plain, CompareOp::kGreater, Value::Double(1.5)));
  EXPECT_TRUE(ZoneMapMayMatch(plain, CompareOp::kEqual, Value::Double(-0.0)));
  EXPECT_TRUE(ZoneMapMayMatch(plain, CompareOp::kEqual, Value::Double(nan)));

  const ZoneMap with_nan = ComputeZoneMap(Doubles({1.0, nan, 3.0}), 0, 3);
  EXPECT_EQ(with_nan.min.float64(), 1.0);
  EXPECT_TRUE(std::isnan(with_nan.max.float64()));
  EXPECT_TRUE(ZoneMapMayMatch(with_nan, CompareOp::kGreater, Value::Double(100)));

  const double inf = std::numeric_limits<double>::infinity();
  const ZoneMap infinite = ComputeZoneMap(Doubles({-inf, inf}), 0, 2);
  EXPECT_TRUE(ZoneMapMayMatch(infinite, CompareOp::kEqual, Value::Double(1e300)));
}

TEST(ZoneMapTest, LongStringBoundsAreShortenedButStillBound) {
  const std::string long_a = std::string(100, 'a');
  const std::string long_z = std::string(80, 'z');
  const ZoneMap zone_map = ComputeZoneMap(Strings({"m", long_z, long_a}), 0, 3);
  EXPECT_EQ(zone_map.min.str(), std::string(kZoneMapMaxStringBytes, 'a'));
  EXPECT_EQ(zone_map.max.str(), std::string(kZoneMapMaxStringBytes - 1, 'z') + "{");
  EXPECT_LE(zone_map.min.str(), long_a);
  EXPECT_GT(zone_map.max.str(), long_z);
  EXPECT_TRUE(ZoneMapMayMatch(zone_map, CompareOp::kEqual, Value::Text(long_a)));
  EXPECT_TRUE(ZoneMapMayMatch(zone_map, CompareOp::kEqual, Value::Text(long_z)));
  EXPECT_TRUE(ZoneMapMayMatch(zone_map, CompareOp::kGreaterEqual, Value::Text(long_z)));
  EXPECT_FALSE(ZoneMapMayMatch(zone_map, CompareOp::kGreater, Value::Text(zone_map.max.str())));
  EXPECT_FALSE(ZoneMapMayMatch(zone_map, CompareOp::kLess, Value::Text("a")));
  // All rows equal one long string: min != max after shortening, so <> cannot skip wrongly.
  const ZoneMap same = ComputeZoneMap(Strings({long_a, long_a}), 0, 2);
  EXPECT_TRUE(ZoneMapMayMatch(same, CompareOp::kNotEqual, Value::Text(same.min.str())));
}

TEST(ZoneMapTest, MaxOfAllFFBytesIsKeptWhole) {
  const std::string ff(70, '\xff');
  const std::string tail = std::string(63, 'b') + std::string(10, '\xff');
  EXPECT_EQ(ComputeZoneMap(Strings({ff}), 0, 1).max.str(), ff);
  // Trailing 0xFF bytes of the prefix are dropped before incrementing.
  const std::string mixed = std::string(62, 'b') + "\xff\xff\xff";
  EXPECT_EQ(ComputeZoneMap(Strings({mixed + "x"}), 0, 1).max.str(), std::string(61, 'b') + "c");
  EXPECT_GT(ComputeZoneMap(Strings({tail}), 0, 1).max.str(), tail);
}

TEST(ZoneMapTest, StringsCompareAsUnsignedBytes) {
  const ZoneMap zone_map = ComputeZoneMap(Strings({"abc", "é", "Z"}), 0, 3);
  EXPECT_EQ(zone_map.min.str(), "Z");
  EXPECT_EQ(zone_map.max.str(), "é");  // 0xC3 sorts above ASCII
  EXPECT_FALSE(ZoneMapMayMatch(zone_map, CompareOp::kEqual, Value::Text("A")));
}

void ExpectSerializationRoundTrip(const Vector& column) {
  const ZoneMap zone_map = ComputeZoneMap(column, 0, column.size());
  std::string bytes;
  SerializeZoneMap(zone_map, bytes);
  bytes += "rest";
  std::string_view input = bytes;
  const Result<ZoneMap> parsed = ParseZoneMap(&input, column.type());
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(input, "rest");
  EXPECT_EQ(parsed->row_count, zone_map.row_count);
  EXPECT_EQ(parsed->null_count, zone_map.null_count);
  EXPECT_EQ(parsed->HasBounds(), zone_map.HasBounds());
  if (zone_map.HasBounds()) {
    EXPECT_EQ(parsed->min.ToText(), zone_map.min.ToText());
    EXPECT_EQ(parsed->max.ToText(), zone_map.max.ToText());
    EXPECT_EQ(parsed->min.type(), column.type());
  }
  // Every truncation is an error, never a crash.
  for (size_t length = 0; length + 4 < bytes.size(); ++length) {
    std::string_view prefix = std::string_view(bytes).substr(0, length);
    EXPECT_EQ(ParseZoneMap(&prefix, column.type()).status().code(), StatusCode::kCorruption);
  }
}

TEST(ZoneMapTest, SerializationRoundTrips) {
  Vector with_null = BigInts({3, 1});
  with_null.SetNull(0);
  ExpectSerializationRoundTrip(with_null);
  ExpectSerializationRoundTrip(BigInts({}));
  ExpectSerializationRoundTrip(BigInts({std::numeric_limits<int64_t>::min(), 0}));
  ExpectSerializationRoundTrip(Doubles({-1.25, 8.5}));
  ExpectSerializationRoundTrip(Strings({"", "hello", std::string(200, 'q')}));
  Vector decimals(LogicalType::Decimal(38, 0), 2);
  decimals.i128()[0] = -static_cast<int128_t>(1) << 100;
  decimals.i128()[1] = static_cast<int128_t>(1) << 100;
  ExpectSerializationRoundTrip(decimals);
  ExpectSerializationRoundTrip(Vector(LogicalType(TypeId::kInterval), 3));
}

TEST(ZoneMapTest, ParseRejectsBadFlagsAndCounts) {
  std::string bytes;
  SerializeZoneMap(ComputeZoneMap(BigInts({1}), 0, 1), bytes);
  std::string bad_flags = bytes;
  bad_flags[8] = 0x7;
  std::string_view input = bad_flags;
  EXPECT_EQ(ParseZoneMap(&input, LogicalType(TypeId::kBigInt)).status().code(),
            StatusCode::kCorruption);
  std::string bad_nulls = bytes;
  bad_nulls[4] = 2;  // 2 NULLs in 1 row
  input = bad_nulls;
  EXPECT_EQ(ParseZoneMap(&input, LogicalType(TypeId::kBigInt)).status().code(),
            StatusCode::kCorruption);
}

}  // namespace
}  // namespace martlet
