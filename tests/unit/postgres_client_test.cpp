#include "io/postgres_client.hpp"

#include <gtest/gtest.h>

namespace martlet {
namespace {

TEST(MaskConninfo, MasksKeyValuePasswords) {
  EXPECT_EQ(MaskConninfo("host=db password=secret dbname=shop"),
            "host=db password=******** dbname=shop");
  EXPECT_EQ(MaskConninfo("password = 'a b\\' c' dbname=shop"), "password=******** dbname=shop");
  EXPECT_EQ(MaskConninfo("dbname=shop password=x"), "dbname=shop password=********");
  EXPECT_EQ(MaskConninfo("dbname=shop user=etl"), "dbname=shop user=etl");
  EXPECT_EQ(MaskConninfo(""), "");
}

TEST(MaskConninfo, MasksUriPasswords) {
  EXPECT_EQ(MaskConninfo("postgresql://etl:pw@db:5432/shop"),
            "postgresql://etl:********@db:5432/shop");
  EXPECT_EQ(MaskConninfo("postgres://etl:p@ss@db/shop"), "postgres://etl:********@db/shop");
  EXPECT_EQ(MaskConninfo("postgresql://db/shop?sslmode=require&password=x&user=etl"),
            "postgresql://db/shop?sslmode=require&password=********&user=etl");
  EXPECT_EQ(MaskConninfo("postgresql://etl@db/shop"), "postgresql://etl@db/shop");
  EXPECT_EQ(MaskConninfo("postgresql:///shop"), "postgresql:///shop");
}

PostgresColumn Column(uint32_t oid, int32_t modifier) {
  PostgresColumn column;
  column.name = "c";
  column.type_oid = oid;
  column.type_modifier = modifier;
  return column;
}

int32_t NumericModifier(int precision, int scale) {
  return ((precision << 16) | (scale & 0x7FF)) + 4;
}

TEST(MapPostgresType, Numerics) {
  PostgresColumn column = Column(1700, NumericModifier(12, 2));
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType::Decimal(12, 2));
  EXPECT_EQ(column.form, PostgresWireForm::kNumeric);

  column = Column(1700, NumericModifier(5, -2));  // multiples of 100 up to 9,999,900
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType::Decimal(7, 0));

  column = Column(1700, NumericModifier(2, 5));  // up to 0.00099
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType::Decimal(5, 5));

  column = Column(1700, NumericModifier(38, 38));
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType::Decimal(38, 38));

  column = Column(1700, -1);
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType(TypeId::kDouble));
  EXPECT_EQ(column.form, PostgresWireForm::kCastToFloat8);

  column = Column(1700, NumericModifier(39, 2));
  Status status = MapPostgresType(column);
  EXPECT_EQ(status.code(), StatusCode::kNotSupported);
  EXPECT_NE(status.message().find("numeric(39,2), wider than Martlet's DECIMAL(38)"),
            std::string::npos);
}

TEST(MapPostgresType, StringsAndOthers) {
  PostgresColumn column = Column(1043, 5 + 4);
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType::Varchar(5));
  column = Column(1043, -1);
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType::Varchar());
  column = Column(1042, 3 + 4);
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType::Char(3));
  column = Column(2950, -1);  // uuid
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType::Varchar());
  EXPECT_EQ(column.form, PostgresWireForm::kCastToText);
  column = Column(1184, -1);
  ASSERT_TRUE(MapPostgresType(column).ok());
  EXPECT_EQ(column.type, LogicalType(TypeId::kTimestampTz));
}

}  // namespace
}  // namespace martlet
