// SCD type 2 snapshots: versions opened and closed by the timestamp and check strategies.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "etl/snapshot.hpp"
#include "martlet/martlet.hpp"

namespace martlet::etl {
namespace {

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("martlet-snapshot-" + std::to_string(getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    db_ = std::make_unique<Database>(directory_);
    con_ = std::make_unique<Connection>(db_->connect());
    Exec("CREATE TABLE products (id INTEGER, category VARCHAR(20), price DECIMAL(8,2), updated_at TIMESTAMP)");
  }
  void TearDown() override {
    con_.reset();
    db_.reset();
    std::filesystem::remove_all(directory_);
  }

  void Exec(const std::string& sql) {
    auto result = con_->query(sql);
    ASSERT_TRUE(result.ok()) << sql << ": " << result.error_message();
  }

  // Every row of the query as "a|b|c" lines.
  std::string Rows(const std::string& sql) {
    auto result = con_->query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.error_message();
    std::string text;
    for (size_t r = 0; r < result.row_count(); r++) {
      for (size_t c = 0; c < result.column_count(); c++) text += (c ? "|" : "") + result.text(r, c);
      text += "\n";
    }
    return text;
  }

  SnapshotSpec TimestampSpec() const {
    SnapshotSpec spec;
    spec.target = "dim_product";
    spec.source_sql = "SELECT id, category, price, updated_at FROM products";
    spec.unique_key = {"id"};
    spec.updated_at = "updated_at";
    spec.surrogate_key = "product_key";
    return spec;
  }

  std::string directory_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> con_;
};

TEST_F(SnapshotTest, TimestampStrategyKeepsEveryVersion) {
  Exec("INSERT INTO products VALUES (1, 'toys', 5.00, '2026-11-01 08:00'), (2, 'garden', 9.50, '2026-11-01 08:00')");
  auto first = RunSnapshot(*con_, TimestampSpec(), "2026-11-01 12:00:00");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first.value().new_versions, 2);
  EXPECT_EQ(first.value().closed_versions, 0);

  // Product 1 moves to another category; product 2 is unchanged; product 3 is new.
  Exec("UPDATE products SET category = 'games', updated_at = '2026-11-02 09:30' WHERE id = 1");
  Exec("INSERT INTO products VALUES (3, 'kitchen', 3.25, '2026-11-02 07:00')");
  auto second = RunSnapshot(*con_, TimestampSpec(), "2026-11-02 12:00:00");
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second.value().new_versions, 2);
  EXPECT_EQ(second.value().closed_versions, 1);

  EXPECT_EQ(Rows("SELECT id, category, product_key, valid_from, valid_to, is_current FROM dim_product "
                 "ORDER BY id, valid_from"),
            "1|toys|1|2026-11-01 08:00:00|2026-11-02 09:30:00|f\n"
            "1|games|3|2026-11-02 09:30:00||t\n"
            "2|garden|2|2026-11-01 08:00:00||t\n"
            "3|kitchen|4|2026-11-02 07:00:00||t\n");

  // Running again without changes adds nothing.
  auto third = RunSnapshot(*con_, TimestampSpec(), "2026-11-03 12:00:00");
  ASSERT_TRUE(third.ok()) << third.status().message();
  EXPECT_EQ(third.value().new_versions, 0);
  EXPECT_EQ(third.value().closed_versions, 0);
}

TEST_F(SnapshotTest, CheckStrategyComparesColumnsAndClosesDeletedKeys) {
  Exec("INSERT INTO products VALUES (1, 'toys', 5.00, NULL), (2, 'garden', NULL, NULL)");
  SnapshotSpec spec = TimestampSpec();
  spec.strategy = SnapshotStrategy::kCheck;
  spec.updated_at.clear();
  spec.check_columns = {"category", "price"};
  spec.invalidate_hard_deletes = true;
  auto first = RunSnapshot(*con_, spec, "2026-11-01 12:00:00");
  ASSERT_TRUE(first.ok()) << first.status().message();

  // A NULL price becoming a value is a change; a deleted key is closed.
  Exec("UPDATE products SET price = 4.00 WHERE id = 2");
  Exec("DELETE FROM products WHERE id = 1");
  auto second = RunSnapshot(*con_, spec, "2026-11-02 12:00:00");
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second.value().new_versions, 1);
  EXPECT_EQ(second.value().closed_versions, 2);
  EXPECT_EQ(Rows("SELECT id, price, valid_from, valid_to, is_current FROM dim_product ORDER BY id, valid_from"),
            "1|5.00|2026-11-01 12:00:00|2026-11-02 12:00:00|f\n"
            "2||2026-11-01 12:00:00|2026-11-02 12:00:00|f\n"
            "2|4.00|2026-11-02 12:00:00||t\n");
}

TEST_F(SnapshotTest, DuplicateKeysFailAndChangeNothing) {
  Exec("INSERT INTO products VALUES (1, 'toys', 5.00, '2026-11-01 08:00')");
  ASSERT_TRUE(RunSnapshot(*con_, TimestampSpec(), "2026-11-01 12:00:00").ok());
  Exec("INSERT INTO products VALUES (1, 'games', 5.00, '2026-11-02 08:00'), (1, 'books', 5.00, '2026-11-02 08:00')");
  auto result = RunSnapshot(*con_, TimestampSpec(), "2026-11-02 12:00:00");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("3 rows with id = 1"), std::string::npos) << result.status().message();
  EXPECT_FALSE(con_->in_transaction());
  EXPECT_EQ(Rows("SELECT id, category, is_current FROM dim_product"), "1|toys|t\n");
}

TEST_F(SnapshotTest, UnknownColumnsAreNamed) {
  SnapshotSpec spec = TimestampSpec();
  spec.updated_at = "changed_at";
  auto result = RunSnapshot(*con_, spec, "2026-11-01 12:00:00");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "snapshot dim_product: the source query has no column \"changed_at\"");
  spec = TimestampSpec();
  spec.unique_key.clear();
  EXPECT_EQ(RunSnapshot(*con_, spec, "2026-11-01 12:00:00").status().message(),
            "snapshot dim_product needs a unique key");
}

}  // namespace
}  // namespace martlet::etl
