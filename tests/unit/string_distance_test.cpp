#include "common/string_distance.hpp"

#include <gtest/gtest.h>

namespace martlet {
namespace {

TEST(StringDistanceTest, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("sqrt", "sqr"), 1u);
  EXPECT_EQ(EditDistance("abs", "bas"), 2u);
}

TEST(StringDistanceTest, ClosestName) {
  std::vector<std::string> names = {"l_orderkey", "l_quantity", "o_orderkey", "pi", "round"};
  EXPECT_EQ(ClosestName("l_orderky", names), "l_orderkey");
  EXPECT_EQ(ClosestName("L_QUANTITY", names), "");  // the same name is no suggestion
  EXPECT_EQ(ClosestName("L_QUANTIT", names), "l_quantity");
  EXPECT_EQ(ClosestName("rnd", names), "");  // two edits are too many for three letters
  EXPECT_EQ(ClosestName("rond", names), "round");
  EXPECT_EQ(ClosestName("x", names), "");
  EXPECT_EQ(ClosestName("completely_different", names), "");
}

}  // namespace
}  // namespace martlet
