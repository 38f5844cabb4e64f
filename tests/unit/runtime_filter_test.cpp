// Runtime filters: a build side's keys as a key range plus an exact bitmap (dense keys) or a
// Bloom filter (sparse keys). No key of the build side may ever be filtered out.
#include "exec/runtime_filter.hpp"

#include <gtest/gtest.h>

namespace martlet {
namespace {

Vector Keys(const std::vector<int64_t>& values) {
  Vector keys(LogicalType(TypeId::kBigInt), values.size());
  for (size_t i = 0; i < values.size(); i++) keys.i64()[i] = values[i];
  return keys;
}

// The rows of `probe` that the filter keeps.
std::vector<uint32_t> Kept(const RuntimeFilter& filter, const Vector& probe) {
  std::vector<uint32_t> selection(probe.size());
  for (size_t i = 0; i < selection.size(); i++) selection[i] = static_cast<uint32_t>(i);
  filter.Refine(probe, selection);
  return selection;
}

TEST(RuntimeFilterTest, DenseKeysAreFilteredExactly) {
  std::vector<int64_t> build;
  for (int64_t k = 19930101; k <= 19931231; k += 3) build.push_back(k);
  RuntimeFilter filter;
  EXPECT_FALSE(filter.ready());
  filter.Publish(Keys(build), build.size());
  ASSERT_TRUE(filter.ready());
  std::vector<int64_t> probe;
  for (int64_t k = 19920101; k <= 19950101; k++) probe.push_back(k);
  Vector probe_keys = Keys(probe);
  probe_keys.SetNull(static_cast<size_t>(19930101 - 19920101));  // a NULL never passes
  std::vector<uint32_t> kept = Kept(filter, probe_keys);
  ASSERT_EQ(kept.size(), build.size() - 1);
  for (uint32_t row : kept) EXPECT_EQ((probe[row] - 19930101) % 3, 0) << probe[row];
  EXPECT_TRUE(filter.RangeMayMatch(19931229, 19940101));  // the last build key, 19930101 + 3 * 376
  EXPECT_FALSE(filter.RangeMayMatch(19931230, 19940101));
}

TEST(RuntimeFilterTest, SparseKeysNeverLoseABuildKey) {
  std::vector<int64_t> build;
  for (int64_t k = 0; k < 5000; k++) build.push_back(k * 1000003 - 7);
  RuntimeFilter filter;
  filter.Publish(Keys(build), build.size());
  EXPECT_EQ(Kept(filter, Keys(build)).size(), build.size());
  std::vector<int64_t> others;
  for (int64_t k = 0; k < 5000; k++) others.push_back(k * 1000003 + 500001);
  // A Bloom filter lets some through, but few.
  EXPECT_LT(Kept(filter, Keys(others)).size(), others.size() / 10);
}

TEST(RuntimeFilterTest, NoKeysLetNothingThrough) {
  Vector nulls = Keys({1, 2});
  nulls.SetNull(0);
  nulls.SetNull(1);
  RuntimeFilter filter;
  filter.Publish(nulls, 2);
  EXPECT_TRUE(Kept(filter, Keys({1, 2, 3})).empty());
  EXPECT_FALSE(filter.RangeMayMatch(5, 10));
}

}  // namespace
}  // namespace martlet
