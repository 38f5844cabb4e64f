// The SSB generator: row counts, determinism whatever the thread count, and the value
// domains the 13 queries depend on.
#include "cli/generate/ssb_generator.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "generator_test_support.hpp"

namespace martlet::generate {
namespace {


constexpr uint64_t kSeed = 42;

const TableJob& Find(const std::vector<TableJob>& jobs, const std::string& name) {
  for (const TableJob& job : jobs) {
    if (job.name == name) return job;
  }
  throw std::runtime_error("no table " + name);
}


Rows Table(const std::vector<TableJob>& jobs, const std::string& name) {
  const TableJob& job = Find(jobs, name);
  return ParseRows(GenerateUnits(job, 0, job.units, FileFormat::kTbl));
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class SsbGeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    jobs_ = new std::vector<TableJob>(SsbTables(0.01, kSeed));
  }
  static void TearDownTestSuite() { delete jobs_; }
  static std::vector<TableJob>* jobs_;
};
std::vector<TableJob>* SsbGeneratorTest::jobs_ = nullptr;

TEST_F(SsbGeneratorTest, RowCountsAtScaleFactorOneHundredth) {
  EXPECT_EQ(Table(*jobs_, "customer").size(), 300u);
  EXPECT_EQ(Table(*jobs_, "supplier").size(), 20u);
  EXPECT_EQ(Table(*jobs_, "part").size(), 2000u);
  EXPECT_EQ(Table(*jobs_, "dwdate").size(), 2557u);  // 1992-01-01 .. 1998-12-31
  size_t lines = Table(*jobs_, "lineorder").size();
  EXPECT_GT(lines, 57000u);  // 15,000 orders of 1..7 lines: about 60,000
  EXPECT_LT(lines, 63000u);
}

TEST(SsbScaleTest, PartsGrowWithTheLogarithmOfTheScaleFactor) {
  EXPECT_EQ(SsbScale::For(1).parts, 200000u);
  EXPECT_EQ(SsbScale::For(10).parts, 800000u);  // floor(1 + log2 10) = 4
  EXPECT_EQ(SsbScale::For(10).orders, 15000000u);
}

TEST_F(SsbGeneratorTest, SameSeedSameRowsOtherSeedOtherRows) {
  std::vector<TableJob> again = SsbTables(0.01, kSeed);
  std::vector<TableJob> other = SsbTables(0.01, kSeed + 1);
  const TableJob& lineorder = Find(*jobs_, "lineorder");
  std::string text = GenerateUnits(lineorder, 100, 200, FileFormat::kTbl);
  EXPECT_EQ(text, GenerateUnits(Find(again, "lineorder"), 100, 200, FileFormat::kTbl));
  EXPECT_NE(text, GenerateUnits(Find(other, "lineorder"), 100, 200, FileFormat::kTbl));
}

TEST_F(SsbGeneratorTest, FilesAreTheSameWhateverTheThreadCount) {
  auto base = std::filesystem::temp_directory_path() / ("ssb_generator_test_" + std::to_string(::getpid()));
  for (bool gzip : {false, true}) {
    WriteOptions one{(base / "one").string(), FileFormat::kTbl, gzip, 1, false};
    WriteOptions three{(base / "three").string(), FileFormat::kTbl, gzip, 3, false};
    auto first = WriteTables(*jobs_, one);
    auto second = WriteTables(*jobs_, three);
    ASSERT_TRUE(first.ok()) << first.status().message();
    ASSERT_TRUE(second.ok()) << second.status().message();
    for (size_t i = 0; i < first.value().size(); ++i) {
      EXPECT_EQ(first.value()[i].rows, second.value()[i].rows);
      EXPECT_EQ(ReadFile(first.value()[i].path), ReadFile(second.value()[i].path)) << first.value()[i].path;
    }
  }
  std::filesystem::remove_all(base);
}

TEST_F(SsbGeneratorTest, LineorderValuesStayInTheirDomains) {
  std::set<std::string> date_keys;
  for (const auto& row : Table(*jobs_, "dwdate")) date_keys.insert(row[0]);
  for (const auto& row : Table(*jobs_, "lineorder")) {
    ASSERT_EQ(row.size(), 17u);
    EXPECT_TRUE(date_keys.count(row[5])) << "lo_orderdate " << row[5];
    EXPECT_TRUE(date_keys.count(row[15])) << "lo_commitdate " << row[15];
    int64_t custkey = std::stoll(row[2]), partkey = std::stoll(row[3]), suppkey = std::stoll(row[4]);
    EXPECT_TRUE(custkey >= 1 && custkey <= 300 && partkey >= 1 && partkey <= 2000 && suppkey >= 1 && suppkey <= 20);
    int64_t quantity = std::stoll(row[8]), price = std::stoll(row[9]), discount = std::stoll(row[11]);
    EXPECT_TRUE(quantity >= 1 && quantity <= 50);
    EXPECT_TRUE(discount >= 0 && discount <= 10);
    EXPECT_EQ(std::stoll(row[12]), price * (100 - discount) / 100);  // lo_revenue
    int64_t tax = std::stoll(row[14]);
    EXPECT_TRUE(tax >= 0 && tax <= 8);
  }
}

TEST_F(SsbGeneratorTest, DimensionsHoldTheValuesTheQueriesFilterOn) {
  std::set<std::string> years, yearmonths, regions, cities, categories, brands;
  for (const auto& row : Table(*jobs_, "dwdate")) {
    years.insert(row[4]);
    yearmonths.insert(row[6]);
  }
  for (const auto& row : Table(*jobs_, "customer")) {
    regions.insert(row[5]);
    cities.insert(row[3]);
    EXPECT_EQ(row[3].size(), 10u);
  }
  for (const auto& row : Table(*jobs_, "part")) {
    categories.insert(row[3]);
    brands.insert(row[4]);
  }
  EXPECT_EQ(years, (std::set<std::string>{"1992", "1993", "1994", "1995", "1996", "1997", "1998"}));
  EXPECT_TRUE(yearmonths.count("Dec1997"));
  EXPECT_TRUE(regions.count("AMERICA") && regions.count("ASIA") && regions.count("EUROPE"));
  EXPECT_EQ(categories.size(), 25u);  // MFGR#11 .. MFGR#55
  EXPECT_TRUE(categories.count("MFGR#12") && categories.count("MFGR#14"));
  EXPECT_LE(brands.size(), 1000u);
  EXPECT_TRUE(brands.count("MFGR#2221") || brands.count("MFGR#2239"));
  for (const std::string& city : cities) EXPECT_TRUE(city.back() >= '0' && city.back() <= '9') << city;
}

TEST(SsbDateTest, DateRowsFollowTheCalendar) {
  std::vector<TableJob> jobs = SsbTables(0.01, kSeed);
  Rows dates = Table(jobs, "dwdate");
  EXPECT_EQ(dates.front()[0], "19920101");
  EXPECT_EQ(dates.front()[1], "January 1, 1992");
  EXPECT_EQ(dates.front()[2], "Wednesday");
  EXPECT_EQ(dates.back()[0], "19981231");
  EXPECT_EQ(dates.back()[12], "Christmas");
}

}  // namespace
}  // namespace martlet::generate
