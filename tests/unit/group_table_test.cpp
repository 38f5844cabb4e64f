// GroupTable: group ids for integer and string keys, NULL keys, lookups without creating, and
// keys of short strings packed into one integer until a row does not pack.
#include "exec/group_table.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace martlet {
namespace {

Vector Strings(const std::vector<std::optional<std::string>>& values) {
  Vector v(LogicalType::Varchar());
  for (const auto& value : values) {
    v.AppendString(value.value_or(""));
    if (!value) v.SetNull(v.size() - 1);
  }
  return v;
}

Vector Integers(const std::vector<int64_t>& values) {
  Vector v(LogicalType(TypeId::kBigInt));
  for (int64_t value : values) v.AppendInt64(value);
  return v;
}

std::vector<uint32_t> FindOrCreate(GroupTable& table, const std::vector<const Vector*>& keys) {
  std::vector<uint32_t> ids(keys[0]->size());
  table.FindOrCreate(keys, ids.size(), ids.data());
  return ids;
}

std::vector<uint32_t> Find(const GroupTable& table, const std::vector<const Vector*>& keys) {
  std::vector<uint32_t> ids(keys[0]->size());
  table.Find(keys, ids.size(), ids.data());
  return ids;
}

constexpr uint32_t kNone = GroupTable::kNoGroup;
using Ids = std::vector<uint32_t>;

TEST(GroupTableTest, IntegerKeys) {
  GroupTable table({LogicalType(TypeId::kBigInt)});
  Vector keys = Integers({5, 7, 5, -1, 7});
  EXPECT_EQ(FindOrCreate(table, {&keys}), (Ids{0, 1, 0, 2, 1}));
  Vector probe = Integers({-1, 8, 5});
  EXPECT_EQ(Find(table, {&probe}), (Ids{2, kNone, 0}));
  EXPECT_EQ(table.size(), 3u);
}

// A NULL key's group stores 0 as its value: a key of 0 must find its own group, not that one.
TEST(GroupTableTest, ZeroIsNotTheNullGroup) {
  GroupTable table({LogicalType(TypeId::kBigInt)});
  Vector with_null = Integers({0, 3});
  with_null.SetNull(0);
  EXPECT_EQ(FindOrCreate(table, {&with_null}), (Ids{0, 1}));
  Vector zeros = Integers({0, 3, 0});
  EXPECT_EQ(FindOrCreate(table, {&zeros}), (Ids{2, 1, 2}));
  EXPECT_EQ(Find(table, {&zeros}), (Ids{2, 1, 2}));
  EXPECT_EQ(Find(table, {&with_null}), (Ids{kNone, 1}));
}

TEST(GroupTableTest, ShortStringKeysAcrossKeyBoundaries) {
  // ("ab", "c") and ("a", "bc") have the same characters: packing must keep them apart, as
  // it must "" and a key it never saw.
  GroupTable table({LogicalType::Varchar(), LogicalType::Varchar()});
  Vector first = Strings({"ab", "a", "", "ab", "a"});
  Vector second = Strings({"c", "bc", "", "c", "bc"});
  EXPECT_EQ(FindOrCreate(table, {&first, &second}), (Ids{0, 1, 2, 0, 1}));
  Vector probe_first = Strings({"a", "ab", "abc", std::nullopt, ""});
  Vector probe_second = Strings({"bc", "bc", "c", "c", ""});
  EXPECT_EQ(Find(table, {&probe_first, &probe_second}), (Ids{1, kNone, kNone, kNone, 2}));
  EXPECT_EQ(table.keys().columns[0].str()[1], "a");
  EXPECT_EQ(table.keys().columns[1].str()[1], "bc");
}

TEST(GroupTableTest, RowsThatDoNotPackSwitchToGeneralHashing) {
  GroupTable table({LogicalType::Varchar()});
  std::vector<std::optional<std::string>> short_values;
  for (int i = 0; i < 3000; i++) short_values.push_back("k" + std::to_string(i % 1500));
  Vector short_keys = Strings(short_values);
  std::vector<uint32_t> ids = FindOrCreate(table, {&short_keys});
  ASSERT_EQ(table.size(), 1500u);
  for (int i = 0; i < 3000; i++) ASSERT_EQ(ids[i], static_cast<uint32_t>(i % 1500));
  // a long value and a NULL: the groups made so far must still be found
  Vector mixed = Strings({"k7", "a much longer key", std::nullopt, "k1499", std::nullopt, "a much longer key"});
  EXPECT_EQ(FindOrCreate(table, {&mixed}), (Ids{7, 1500, 1501, 1499, 1501, 1500}));
  Vector probe = Strings({"k0", "a much longer key", std::nullopt, "k1500"});
  EXPECT_EQ(Find(table, {&probe}), (Ids{0, 1500, kNone, kNone}));
  Vector again = Strings({"k3"});
  EXPECT_EQ(FindOrCreate(table, {&again}), (Ids{3}));
}

TEST(GroupTableTest, NullKeysGroupTogetherButMatchNothing) {
  GroupTable table({LogicalType::Varchar(), LogicalType(TypeId::kBigInt)});
  Vector text = Strings({std::nullopt, "x", std::nullopt, "x"});
  Vector number = Integers({1, 1, 1, 2});
  EXPECT_EQ(FindOrCreate(table, {&text, &number}), (Ids{0, 1, 0, 2}));
  EXPECT_EQ(Find(table, {&text, &number}), (Ids{kNone, 1, kNone, 2}));
}

TEST(GroupTableTest, ManyKeysAndGrowth) {
  // five string keys are too many to pack; 200,000 groups make the table grow many times
  GroupTable five(std::vector<LogicalType>(5, LogicalType::Varchar()));
  Vector a = Strings({"a", "a"}), b = Strings({"b", "b"}), c = Strings({"c", "c"}), d = Strings({"d", "e"});
  EXPECT_EQ(FindOrCreate(five, {&a, &b, &c, &d, &a}), (Ids{0, 1}));
  GroupTable table({LogicalType(TypeId::kBigInt)});
  std::vector<int64_t> values;
  for (int64_t i = 0; i < 200000; i++) values.push_back(i * 7919 % 200003);
  Vector keys = Integers(values);
  std::vector<uint32_t> ids = FindOrCreate(table, {&keys});
  EXPECT_EQ(table.size(), 200000u);
  std::vector<uint32_t> found = Find(table, {&keys});
  EXPECT_EQ(found, ids);
  for (size_t i = 0; i < ids.size(); i++) ASSERT_EQ(ids[i], i);
}

}  // namespace
}  // namespace martlet
