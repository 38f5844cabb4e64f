#include "io/postgres_binary.hpp"

#include <gtest/gtest.h>

#include <initializer_list>

#include "common/date_time.hpp"

namespace martlet {
namespace {

// Big-endian bytes of 16-bit words, as PostgreSQL's binary numeric is written.
std::string Words(std::initializer_list<int> words) {
  std::string bytes;
  for (int word : words) {
    bytes += static_cast<char>((word >> 8) & 0xFF);
    bytes += static_cast<char>(word & 0xFF);
  }
  return bytes;
}

std::string BigEndian(uint64_t value, int size) {
  std::string bytes;
  for (int i = size - 1; i >= 0; i--) bytes += static_cast<char>((value >> (8 * i)) & 0xFF);
  return bytes;
}

// ndigits, weight, sign, dscale, then the base-10000 digits.
Result<int128_t> Numeric(const std::string& bytes, int precision, int scale) {
  Vector out(LogicalType::Decimal(precision, scale), 1);
  RETURN_IF_ERROR(
      DecodePostgresValue(PostgresWireForm::kNumeric, bytes.data(), bytes.size(), out, 0));
  return out.i128()[0];
}

void ExpectNumeric(const std::string& bytes, int precision, int scale, int128_t expected) {
  Result<int128_t> value = Numeric(bytes, precision, scale);
  ASSERT_TRUE(value.ok()) << value.status().message();
  EXPECT_TRUE(value.value() == expected) << static_cast<int64_t>(value.value());
}

TEST(DecodePostgresValue, Numerics) {
  // 12345.6789 = 1 * 10000^1 + 2345 + 6789 * 10000^-1
  ExpectNumeric(Words({3, 1, 0, 4, 1, 2345, 6789}), 9, 4, 123456789);
  // -12345.6789
  ExpectNumeric(Words({3, 1, 0x4000, 4, 1, 2345, 6789}), 9, 4, -123456789);
  // 0.00012 = 1 * 10000^-1 + 2000 * 10000^-2
  ExpectNumeric(Words({2, -1, 0, 5, 1, 2000}), 5, 5, 12);
  // 1234500 = 123 * 10000 + 4500, read as DECIMAL(7,0) (numeric(5,-2))
  ExpectNumeric(Words({2, 1, 0, 0, 123, 4500}), 7, 0, 1234500);
  // 10000: one digit, weight 1, trailing zero groups left out
  ExpectNumeric(Words({1, 1, 0, 0, 1}), 7, 2, 1000000);
  // zero has no digits
  ExpectNumeric(Words({0, 0, 0, 2}), 3, 2, 0);
  // 1.25 into one decimal place rounds half away from zero
  ExpectNumeric(Words({2, 0, 0, 2, 1, 2500}), 5, 1, 13);
  ExpectNumeric(Words({2, 0, 0x4000, 2, 1, 2500}), 5, 1, -13);
}

TEST(DecodePostgresValue, NumericsThatDoNotFit) {
  Result<int128_t> nan = Numeric(Words({0, 0, 0xC000, 0}), 10, 2);
  ASSERT_FALSE(nan.ok());
  EXPECT_EQ(nan.status().message(), "NaN does not fit type numeric(10,2)");
  Result<int128_t> overflow = Numeric(Words({1, 0, 0, 0, 1000}), 3, 0);
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.status().message(), "numeric field overflow");
  Result<int128_t> cut = Numeric(Words({3, 1, 0, 4, 1}), 9, 4);
  EXPECT_EQ(cut.status().code(), StatusCode::kCorruption);
}

TEST(DecodePostgresValue, DatesAndTimestamps) {
  Vector dates(LogicalType(TypeId::kDate), 2);
  std::string day0 = BigEndian(0, 4);  // 2000-01-01
  ASSERT_TRUE(DecodePostgresValue(PostgresWireForm::kDate, day0.data(), 4, dates, 0).ok());
  EXPECT_EQ(FormatDate(dates.i64()[0]), "2000-01-01");
  std::string infinity = BigEndian(0x7FFFFFFF, 4);
  Status status = DecodePostgresValue(PostgresWireForm::kDate, infinity.data(), 4, dates, 1);
  EXPECT_EQ(status.message(), "date 'infinity' is out of Martlet's range");
  std::string before = BigEndian(static_cast<uint32_t>(-730120 - 1), 4);  // 0001-01-01 - 1 day
  status = DecodePostgresValue(PostgresWireForm::kDate, before.data(), 4, dates, 1);
  EXPECT_EQ(status.message(), "date before 0001-01-01 is out of Martlet's range");

  Vector times(LogicalType(TypeId::kTimestamp), 1);
  std::string moment = BigEndian(86400000001ULL, 8);  // 2000-01-02 00:00:00.000001
  ASSERT_TRUE(DecodePostgresValue(PostgresWireForm::kTimestamp, moment.data(), 8, times, 0).ok());
  EXPECT_EQ(FormatTimestamp(times.i64()[0]), "2000-01-02 00:00:00.000001");
  status = DecodePostgresValue(PostgresWireForm::kTimestamp, moment.data(), 4, times, 0);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
}

TEST(DecodePostgresValue, Intervals) {
  Vector out(LogicalType(TypeId::kInterval), 1);
  std::string bytes = BigEndian(3723000000ULL, 8) + BigEndian(4, 4) + BigEndian(14, 4);
  ASSERT_TRUE(DecodePostgresValue(PostgresWireForm::kInterval, bytes.data(), 16, out, 0).ok());
  EXPECT_EQ(FormatInterval(out.interval()[0]), "1 year 2 mons 4 days 01:02:03");
}

}  // namespace
}  // namespace martlet
