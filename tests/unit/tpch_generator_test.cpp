// The TPC-H generator: row counts, determinism whatever the thread count, foreign keys, and
// the value domains and rules of the specification's clause 4.2.3.
#include "cli/generate/tpch_generator.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "generator_test_support.hpp"

namespace martlet::generate {
namespace {


constexpr uint64_t kSeed = 7;


int64_t Cents(const std::string& decimal) {
  size_t point = decimal.find('.');
  bool negative = decimal[0] == '-';
  int64_t whole = std::stoll(decimal.substr(0, point));
  int64_t fraction = std::stoll(decimal.substr(point + 1));
  return whole * 100 + (negative ? -fraction : fraction);
}

class TpchGeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    jobs_ = new std::vector<TableJob>(TpchTables(0.01, kSeed));
    tables_ = new std::map<std::string, Rows>();
    for (const TableJob& job : *jobs_) (*tables_)[job.name] = ParseRows(GenerateUnits(job, 0, job.units, FileFormat::kTbl));
  }
  static void TearDownTestSuite() {
    delete jobs_;
    delete tables_;
  }
  static const Rows& Table(const std::string& name) { return tables_->at(name); }
  static std::vector<TableJob>* jobs_;
  static std::map<std::string, Rows>* tables_;
};
std::vector<TableJob>* TpchGeneratorTest::jobs_ = nullptr;
std::map<std::string, Rows>* TpchGeneratorTest::tables_ = nullptr;

TEST_F(TpchGeneratorTest, RowCountsAtScaleFactorOneHundredth) {
  EXPECT_EQ(Table("region").size(), 5u);
  EXPECT_EQ(Table("nation").size(), 25u);
  EXPECT_EQ(Table("part").size(), 2000u);
  EXPECT_EQ(Table("supplier").size(), 100u);
  EXPECT_EQ(Table("partsupp").size(), 8000u);
  EXPECT_EQ(Table("customer").size(), 1500u);
  EXPECT_EQ(Table("orders").size(), 15000u);
  EXPECT_GT(Table("lineitem").size(), 57000u);
  EXPECT_LT(Table("lineitem").size(), 63000u);
}

TEST_F(TpchGeneratorTest, FilesAreTheSameWhateverTheThreadCount) {
  auto base = std::filesystem::temp_directory_path() / ("tpch_generator_test_" + std::to_string(::getpid()));
  auto first = WriteTables(*jobs_, {(base / "one").string(), FileFormat::kCsv, false, 1, false});
  auto second = WriteTables(*jobs_, {(base / "four").string(), FileFormat::kCsv, false, 4, false});
  ASSERT_TRUE(first.ok() && second.ok());
  for (size_t i = 0; i < first.value().size(); ++i) {
    std::ifstream a(first.value()[i].path), b(second.value()[i].path);
    std::stringstream left, right;
    left << a.rdbuf();
    right << b.rdbuf();
    EXPECT_EQ(left.str(), right.str()) << first.value()[i].path;
  }
  std::filesystem::remove_all(base);
}

TEST_F(TpchGeneratorTest, ForeignKeysPointAtExistingRows) {
  std::set<std::pair<std::string, std::string>> partsupp;
  for (const auto& row : Table("partsupp")) partsupp.emplace(row[0], row[1]);
  EXPECT_EQ(partsupp.size(), 8000u);  // (partkey, suppkey) is unique
  std::map<std::string, std::vector<std::string>> orders;
  for (const auto& row : Table("orders")) orders[row[0]] = row;
  for (const auto& row : Table("lineitem")) {
    ASSERT_EQ(row.size(), 16u);
    ASSERT_TRUE(orders.count(row[0])) << "l_orderkey " << row[0];
    EXPECT_TRUE(partsupp.count({row[1], row[2]})) << row[1] << "|" << row[2];
  }
  for (const auto& [key, row] : orders) {
    int64_t custkey = std::stoll(row[1]);
    EXPECT_TRUE(custkey >= 1 && custkey <= 1500 && custkey % 3 != 0) << custkey;
  }
  for (const auto& row : Table("customer")) EXPECT_LE(std::stoi(row[3]), 24);
  for (const auto& row : Table("supplier")) EXPECT_LE(std::stoi(row[3]), 24);
}

TEST_F(TpchGeneratorTest, LineitemFollowsTheSpecificationsRules) {
  std::map<std::string, int64_t> totals;
  std::map<std::string, std::set<std::string>> statuses;
  std::map<std::string, std::string> order_dates;
  for (const auto& row : Table("orders")) order_dates[row[0]] = row[4];
  for (const auto& row : Table("lineitem")) {
    int64_t discount = Cents(row[6]), tax = Cents(row[7]), quantity = Cents(row[4]) / 100;
    EXPECT_TRUE(discount >= 0 && discount <= 10 && tax >= 0 && tax <= 8 && quantity >= 1 && quantity <= 50);
    const std::string& ship = row[10];
    const std::string& receipt = row[12];
    EXPECT_LT(order_dates[row[0]], ship);
    EXPECT_LT(ship, receipt);
    EXPECT_EQ(row[9], ship > "1995-06-17" ? "O" : "F");
    if (receipt > "1995-06-17") EXPECT_EQ(row[8], "N");
    else EXPECT_TRUE(row[8] == "R" || row[8] == "A");
    totals[row[0]] += Cents(row[5]) * (100 + tax) * (100 - discount) / 10000;
    statuses[row[0]].insert(row[9]);
  }
  for (const auto& row : Table("orders")) {
    EXPECT_EQ(Cents(row[3]), totals[row[0]]) << "o_totalprice of order " << row[0];
    const auto& lines = statuses[row[0]];
    std::string expected = lines.size() == 2 ? "P" : *lines.begin();
    EXPECT_EQ(row[2], expected);
  }
}

TEST_F(TpchGeneratorTest, ColumnsHoldTheValuesTheQueriesFilterOn) {
  int promo = 0, special_requests = 0, complaints = 0;
  for (const auto& row : Table("part")) promo += row[4].rfind("PROMO", 0) == 0 ? 1 : 0;
  for (const auto& row : Table("orders")) {
    size_t special = row[8].find("special");
    special_requests += special != std::string::npos && row[8].find("requests", special) != std::string::npos;
  }
  for (const auto& row : Table("customer")) {
    EXPECT_EQ(std::stoi(row[4].substr(0, 2)), std::stoi(row[3]) + 10) << row[4];
  }
  for (const auto& row : Table("supplier")) complaints += row[6].find("Complaints") != std::string::npos;
  EXPECT_NEAR(promo, 2000 / 6, 80);
  EXPECT_GT(special_requests, 50);
  EXPECT_LT(special_requests, 15000 / 4);
  EXPECT_LE(complaints, 5);
  for (const auto& row : Table("lineitem")) EXPECT_LE(row[15].size(), 43u);
  EXPECT_EQ(Table("nation")[24][1], "UNITED STATES");
  EXPECT_EQ(Table("region")[3][1], "EUROPE");
}

TEST(TpchKeysTest, OrderKeysAreSparseAndSuppliersSpreadOverPartsupp) {
  EXPECT_EQ(TpchOrderKey(0), 1);
  EXPECT_EQ(TpchOrderKey(7), 8);
  EXPECT_EQ(TpchOrderKey(8), 33);
  std::set<int64_t> suppliers;
  for (int i = 0; i < 4; ++i) suppliers.insert(TpchPartSupplier(17, i, 10000));
  EXPECT_EQ(suppliers.size(), 4u);
}

}  // namespace
}  // namespace martlet::generate
