#include "exec/sort_keys.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>

namespace martlet {
namespace {

DataChunk IntAndText(const std::vector<std::optional<int64_t>>& ints,
                     const std::vector<std::optional<std::string>>& texts) {
  DataChunk chunk;
  chunk.Initialize({LogicalType(TypeId::kInteger), LogicalType::Varchar()});
  chunk.SetRowCount(ints.size());
  for (size_t i = 0; i < ints.size(); i++) {
    if (ints[i]) {
      chunk.columns[0].i64()[i] = *ints[i];
    } else {
      chunk.columns[0].SetNull(i);
    }
    if (texts[i]) {
      chunk.columns[1].str()[i] = *texts[i];
    } else {
      chunk.columns[1].SetNull(i);
    }
  }
  return chunk;
}

using Rows = std::vector<uint32_t>;

TEST(SortKeys, SingleIntegerAscendingNullsLastIsStable) {
  DataChunk c =
      IntAndText({3, std::nullopt, 1, 3, std::nullopt, INT64_MIN}, {"a", "b", "c", "d", "e", "f"});
  EXPECT_EQ(SortRowIndexes(c, {{0, false, false}}), (Rows{5, 2, 0, 3, 1, 4}));
  EXPECT_EQ(SortRowIndexes(c, {{0, false, true}}), (Rows{1, 4, 5, 2, 0, 3}));
}

TEST(SortKeys, SingleIntegerDescendingNullsFirst) {
  DataChunk c =
      IntAndText({3, std::nullopt, 1, 3, INT64_MAX, INT64_MIN}, {"a", "b", "c", "d", "e", "f"});
  EXPECT_EQ(SortRowIndexes(c, {{0, true, true}}), (Rows{1, 4, 0, 3, 2, 5}));
}

TEST(SortKeys, StringsThenIntegers) {
  DataChunk c = IntAndText({2, 1, 2, std::nullopt, 1}, {"b", "b", "a", "b", std::nullopt});
  EXPECT_EQ(SortRowIndexes(c, {{1, false, false}, {0, true, true}}), (Rows{2, 3, 0, 1, 4}));
  EXPECT_EQ(SortRowIndexes(c, {{1, true, true}, {0, false, false}}), (Rows{4, 1, 0, 3, 2}));
}

TEST(SortKeys, DoublesDecimalsIntervals) {
  DataChunk c;
  c.Initialize(
      {LogicalType(TypeId::kDouble), LogicalType::Decimal(20, 2), LogicalType(TypeId::kInterval)});
  c.SetRowCount(4);
  double d[] = {NAN, -1.5, 2.0, -0.0};
  for (int i = 0; i < 4; i++) c.columns[0].f64()[i] = d[i];
  int128_t dec[] = {5, -(static_cast<int128_t>(1) << 100), 0, 3};
  for (int i = 0; i < 4; i++) c.columns[1].i128()[i] = dec[i];
  c.columns[2].interval()[0] = Interval{1, 0, 0};
  c.columns[2].interval()[1] = Interval{0, 29, 0};
  c.columns[2].interval()[2] = Interval{0, 31, 0};
  c.columns[2].interval()[3] = Interval{0, 0, 1};
  EXPECT_EQ(SortRowIndexes(c, {{0, false, false}}), (Rows{1, 3, 2, 0}));
  EXPECT_EQ(SortRowIndexes(c, {{1, true, true}}), (Rows{0, 3, 2, 1}));
  EXPECT_EQ(SortRowIndexes(c, {{2, false, false}}), (Rows{3, 1, 0, 2}));
}

TEST(SortKeys, NoKeysAndEmptyChunk) {
  DataChunk c = IntAndText({5, 4}, {"x", "y"});
  EXPECT_EQ(SortRowIndexes(c, {}), (Rows{0, 1}));
  DataChunk empty = IntAndText({}, {});
  EXPECT_TRUE(SortRowIndexes(empty, {{0, false, false}}).empty());
  EXPECT_TRUE(SortRowIndexes(empty, {{1, false, false}}).empty());
}

TEST(SortKeys, CompareRowsAcrossChunks) {
  DataChunk a = IntAndText({1, std::nullopt}, {"a", "b"});
  DataChunk b = IntAndText({2, 1}, {"a", "a"});
  std::vector<SortKey> keys = {{0, false, false}};
  EXPECT_LT(CompareRows(a, 0, b, 0, keys), 0);
  EXPECT_EQ(CompareRows(a, 0, b, 1, keys), 0);
  EXPECT_GT(CompareRows(a, 1, b, 0, keys), 0);               // NULLS LAST
  EXPECT_LT(CompareRows(a, 1, b, 0, {{0, true, true}}), 0);  // NULLS FIRST
  EXPECT_GT(CompareRows(a, 0, b, 0, {{0, true, true}}), 0);
  EXPECT_GT(CompareRows(a, 1, b, 1, {{1, false, false}}), 0);
  EXPECT_EQ(CompareRows(a, 1, a, 1, {{0, false, false}}), 0);
}

TEST(SortKeys, RandomAgreesWithCompareRows) {
  std::mt19937 rng(3);
  std::vector<std::optional<int64_t>> ints;
  std::vector<std::optional<std::string>> texts;
  for (int i = 0; i < 3000; i++) {
    ints.push_back(rng() % 9 == 0 ? std::nullopt : std::optional<int64_t>(rng() % 50));
    texts.push_back(rng() % 7 == 0 ? std::nullopt
                                   : std::optional<std::string>(std::string(1, 'a' + rng() % 5)));
  }
  DataChunk c = IntAndText(ints, texts);
  for (const std::vector<SortKey>& keys :
       {std::vector<SortKey>{{0, true, false}},
        std::vector<SortKey>{{1, false, true}, {0, false, false}}}) {
    Rows rows = SortRowIndexes(c, keys);
    ASSERT_EQ(rows.size(), c.size());
    for (size_t i = 1; i < rows.size(); i++) {
      int cmp = CompareRows(c, rows[i - 1], c, rows[i], keys);
      ASSERT_LE(cmp, 0);
      if (cmp == 0) {
        ASSERT_LT(rows[i - 1], rows[i]);  // stable
      }
    }
  }
}

}  // namespace
}  // namespace martlet
