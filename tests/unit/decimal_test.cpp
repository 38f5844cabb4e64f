// DECIMAL text parsing: the plain form's fast path and the general path give the same values
// and the same errors.
#include "common/decimal.hpp"

#include <gtest/gtest.h>

namespace martlet {
namespace {

int128_t Parsed(std::string_view text, int precision, int scale) {
  Result<int128_t> value = ParseDecimal(text, precision, scale);
  EXPECT_TRUE(value.ok()) << text << ": " << value.status().message();
  return value.ok() ? value.value() : 0;
}

TEST(DecimalParse, PlainForms) {
  EXPECT_EQ(Parsed("12.5", 15, 2), 1250);
  EXPECT_EQ(Parsed("-0.01", 15, 2), -1);
  EXPECT_EQ(Parsed(".5", 15, 2), 50);
  EXPECT_EQ(Parsed("5.", 15, 2), 500);
  EXPECT_EQ(Parsed("0007.25", 5, 2), 725);
  EXPECT_EQ(Parsed("-0.00", 15, 2), 0);
  EXPECT_EQ(Parsed("999.99", 5, 2), 99999);
  EXPECT_EQ(Parsed("123456789012345678", 38, 0), int128_t{123456789012345678});
}

TEST(DecimalParse, OtherFormsTakeTheGeneralPath) {
  EXPECT_EQ(Parsed("+12.5", 15, 2), 1250);
  EXPECT_EQ(Parsed(" 12.5 ", 15, 2), 1250);
  EXPECT_EQ(Parsed("12.345", 15, 2), 1235);  // rounded half away from zero
  EXPECT_EQ(Parsed("-12.345", 15, 2), -1235);
  EXPECT_EQ(Parsed("1.5e2", 15, 2), 15000);
  EXPECT_EQ(Parsed("1234567890123456789", 38, 0), int128_t{1234567890123456789});
  EXPECT_EQ(Parsed("12345678901234567890.5", 38, 1), int128_t{1234567890123456789} * 100 + 5);
}

TEST(DecimalParse, Errors) {
  EXPECT_EQ(ParseDecimal("1000.00", 5, 2).status().code(), StatusCode::kOverflow);
  EXPECT_EQ(ParseDecimal("-1000", 5, 2).status().code(), StatusCode::kOverflow);
  for (std::string_view bad : {"", "-", ".", "1.2.3", "12a", "--1"}) {
    EXPECT_EQ(ParseDecimal(bad, 15, 2).status().code(), StatusCode::kInvalidInput) << bad;
  }
}

TEST(DecimalParse, PowersOfTen) {
  int128_t power = 1;
  for (int n = 0; n <= 38; n++) {
    EXPECT_EQ(Pow10(n), power) << n;
    if (n < 38) power *= 10;  // 10^39 does not fit
  }
}

}  // namespace
}  // namespace martlet
