// The commit protocol: snapshots, conflicts, rollback, the manifest and crash leftovers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "martlet/martlet.hpp"
#include "storage/manifest.hpp"
#include "storage/transaction.hpp"

namespace martlet {
namespace {

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("martlet-txn-" + std::to_string(getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  static std::string One(Connection& con, const std::string& sql) {
    auto result = con.query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.error_message();
    return result.ok() && result.row_count() > 0 ? result.text(0, 0) : "<none>";
  }

  std::string directory_;
};

TEST_F(TransactionTest, ReaderKeepsItsSnapshot) {
  Database db(directory_);
  auto writer = db.connect();
  auto reader = db.connect();
  ASSERT_TRUE(writer.query("CREATE TABLE t (x INT); INSERT INTO t VALUES (1)").ok());
  ASSERT_TRUE(reader.query("BEGIN").ok());
  EXPECT_EQ(One(reader, "SELECT count(*) FROM t"), "1");
  ASSERT_TRUE(writer.query("INSERT INTO t VALUES (2)").ok());
  EXPECT_EQ(One(reader, "SELECT count(*) FROM t"), "1");  // still the snapshot
  ASSERT_TRUE(reader.query("COMMIT").ok());
  EXPECT_EQ(One(reader, "SELECT count(*) FROM t"), "2");
}

TEST_F(TransactionTest, SecondWriterToCommitGetsSerializationError) {
  Database db(directory_);
  auto a = db.connect();
  auto b = db.connect();
  ASSERT_TRUE(a.query("CREATE TABLE t (x INT); INSERT INTO t VALUES (1)").ok());
  ASSERT_TRUE(a.query("BEGIN; UPDATE t SET x = x + 10").ok());
  ASSERT_TRUE(b.query("BEGIN; UPDATE t SET x = x + 100").ok());
  ASSERT_TRUE(a.query("COMMIT").ok());
  auto second = b.query("COMMIT");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kSerializationError);
  EXPECT_NE(second.error_message().find("could not serialize access"), std::string::npos);
  EXPECT_EQ(One(a, "SELECT x FROM t"), "11");  // no lost update, no double update
}

TEST_F(TransactionTest, WritersOfDifferentTablesBothCommit) {
  Database db(directory_);
  auto a = db.connect();
  auto b = db.connect();
  ASSERT_TRUE(a.query("CREATE TABLE t (x INT); CREATE TABLE u (x INT)").ok());
  ASSERT_TRUE(a.query("BEGIN; INSERT INTO t VALUES (1)").ok());
  ASSERT_TRUE(b.query("BEGIN; INSERT INTO u VALUES (2)").ok());
  ASSERT_TRUE(a.query("COMMIT").ok());
  ASSERT_TRUE(b.query("COMMIT").ok());
  EXPECT_EQ(One(a, "SELECT count(*) FROM t"), "1");
  EXPECT_EQ(One(a, "SELECT count(*) FROM u"), "1");
}

TEST_F(TransactionTest, RollbackLeavesNothingBehind) {
  {
    Database db(directory_);
    auto con = db.connect();
    ASSERT_TRUE(con.query("CREATE TABLE t (x BIGINT)").ok());
    ASSERT_TRUE(con.query("BEGIN; INSERT INTO t SELECT * FROM generate_series(1, 300000)").ok());
    ASSERT_TRUE(con.query("ROLLBACK").ok());
    EXPECT_EQ(One(con, "SELECT count(*) FROM t"), "0");
  }
  // The row groups the rolled-back insert wrote are gone.
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory_ + "/data")) {
    (void)entry;
    files++;
  }
  EXPECT_EQ(files, 0u);
}

TEST_F(TransactionTest, UnreferencedFilesAreRemovedAtOpen) {
  {
    Database db(directory_);
    auto con = db.connect();
    ASSERT_TRUE(con.query("CREATE TABLE t (x INT); INSERT INTO t VALUES (1)").ok());
  }
  // What a crashed transaction leaves: a row-group file no manifest names, a manifest.tmp.
  std::ofstream(directory_ + "/data/t1_999.mrg") << "partial";
  std::ofstream(directory_ + "/manifest.tmp") << "partial";
  Database db(directory_);
  auto con = db.connect();
  EXPECT_EQ(One(con, "SELECT count(*) FROM t"), "1");
  EXPECT_FALSE(std::filesystem::exists(directory_ + "/data/t1_999.mrg"));
  EXPECT_FALSE(std::filesystem::exists(directory_ + "/manifest.tmp"));
}

TEST_F(TransactionTest, CorruptManifestIsReportedNotLoaded) {
  {
    Database db(directory_);
    auto con = db.connect();
    ASSERT_TRUE(con.query("CREATE TABLE t (x INT)").ok());
  }
  std::fstream file(directory_ + "/manifest", std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(30);
  file.put('\x7f');
  file.close();
  Database db(directory_);
  ASSERT_FALSE(db.status().ok());
  EXPECT_EQ(db.status().code(), StatusCode::kCorruption);
  EXPECT_NE(db.status().message().find("checksum"), std::string::npos);
  auto con = db.connect();
  EXPECT_FALSE(con.query("SELECT 1").ok());
}

TEST_F(TransactionTest, SecondProcessIsRefusedWithClearError) {
  Database first(directory_);
  ASSERT_TRUE(first.status().ok());
  // flock is per open file description: a second open in the same process conflicts too.
  Database second(directory_);
  ASSERT_FALSE(second.status().ok());
  EXPECT_NE(second.status().message().find("in use by another process"), std::string::npos);
}

// A refresh reflects the base tables as of its transaction's snapshot: a change another
// session commits meanwhile leaves the view stale after the refresh commits.
TEST_F(TransactionTest, RefreshRacingABaseTableChangeLeavesTheViewStale) {
  Database db(directory_);
  auto a = db.connect();
  auto b = db.connect();
  ASSERT_TRUE(a.query("CREATE TABLE t (x INT); INSERT INTO t VALUES (1); "
                      "CREATE MATERIALIZED VIEW mv AS SELECT sum(x) AS s FROM t; "
                      "INSERT INTO t VALUES (2)")
                  .ok());
  EXPECT_EQ(One(a, "SELECT is_stale FROM stv_mv_info"), "t");
  ASSERT_TRUE(a.query("BEGIN; REFRESH MATERIALIZED VIEW mv").ok());
  EXPECT_EQ(One(a, "SELECT is_stale FROM stv_mv_info"), "f");
  ASSERT_TRUE(b.query("INSERT INTO t VALUES (4)").ok());
  ASSERT_TRUE(a.query("COMMIT").ok());  // the refresh changed only the view: no conflict
  EXPECT_EQ(One(a, "SELECT s FROM mv"), "3");
  EXPECT_EQ(One(a, "SELECT is_stale FROM stv_mv_info"), "t");
  ASSERT_TRUE(b.query("REFRESH MATERIALIZED VIEW mv").ok());
  EXPECT_EQ(One(a, "SELECT s FROM mv"), "7");
  EXPECT_EQ(One(a, "SELECT is_stale FROM stv_mv_info"), "f");
}

TEST_F(TransactionTest, ManifestRoundTrips) {
  DatabaseState state;
  state.commit_sequence = 7;
  state.catalog_version = 5;
  state.next_file_id = 42;
  ASSERT_TRUE(state.catalog.CreateSchema("mart", false).ok());
  auto table = std::make_shared<TableEntry>();
  table->id = 3;
  table->schema = "mart";
  table->name = "sales";
  ColumnDefinition id;
  id.name = "id";
  id.type = LogicalType(TypeId::kBigInt);
  id.not_null = true;
  ColumnDefinition amount;
  amount.name = "amount";
  amount.type = LogicalType::Decimal(12, 2);
  table->columns = {id, amount};
  table->attributes.diststyle = "key";
  table->attributes.distkey = "id";
  table->attributes.sortkey = {"id"};
  ASSERT_TRUE(state.catalog.PutTable(table).ok());
  auto data = std::make_shared<TableData>();
  data->table_id = 3;
  data->version = 6;
  auto group = std::make_shared<RowGroupInfo>();
  group->file_id = 9;
  group->row_count = 100;
  group->deleted = {1, 5, 99};
  data->row_groups.push_back(group);
  state.tables[3] = data;
  std::string bytes = SerializeManifest(state);
  auto parsed = ParseManifest(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->commit_sequence, 7u);
  EXPECT_EQ(parsed->next_file_id, 42u);
  auto read = parsed->catalog.FindTable("mart", "sales");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->columns[1].type, LogicalType::Decimal(12, 2));
  EXPECT_TRUE(read->columns[0].not_null);
  EXPECT_EQ(read->attributes.distkey, "id");
  EXPECT_EQ(parsed->tables.at(3)->row_groups[0]->deleted, (std::vector<uint32_t>{1, 5, 99}));
  // Every truncation is detected.
  for (size_t length = 0; length < bytes.size(); length += 7) {
    EXPECT_FALSE(ParseManifest(std::string_view(bytes).substr(0, length)).ok()) << length;
  }
}

TEST_F(TransactionTest, ManifestRoundTripsMaterializedViews) {
  DatabaseState state;
  auto view = std::make_shared<TableEntry>();
  view->id = 4;
  view->schema = "public";
  view->name = "totals";
  ColumnDefinition total;
  total.name = "total";
  total.type = LogicalType(TypeId::kBigInt);
  view->columns = {total};
  auto info = std::make_shared<MaterializedViewInfo>();
  info->sql = "SELECT sum(x) AS total FROM t";
  info->column_aliases = {"total"};
  info->auto_refresh = true;
  info->backup = false;
  info->volatile_query = true;
  info->base_tables.push_back({"public", "t", 2});
  view->materialized_view = info;
  ASSERT_TRUE(state.catalog.PutTable(view).ok());
  auto data = std::make_shared<TableData>();
  data->table_id = 4;
  data->version = 9;
  data->refreshed_at = 9;
  data->base_versions = {{2, 8}};
  state.tables[4] = data;
  auto parsed = ParseManifest(SerializeManifest(state));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  auto read = parsed->catalog.FindTable("public", "totals");
  ASSERT_TRUE(read && read->materialized_view);
  EXPECT_EQ(read->materialized_view->sql, info->sql);
  EXPECT_EQ(read->materialized_view->column_aliases, info->column_aliases);
  EXPECT_TRUE(read->materialized_view->auto_refresh);
  EXPECT_FALSE(read->materialized_view->backup);
  EXPECT_TRUE(read->materialized_view->volatile_query);
  ASSERT_EQ(read->materialized_view->base_tables.size(), 1u);
  EXPECT_EQ(read->materialized_view->base_tables[0].name, "t");
  EXPECT_EQ(read->materialized_view->base_tables[0].id, 2u);
  EXPECT_EQ(parsed->tables.at(4)->refreshed_at, 9u);
  EXPECT_EQ(parsed->tables.at(4)->base_versions, (std::vector<std::pair<uint64_t, uint64_t>>{{2, 8}}));
}

// A version 1 manifest (before materialized views) still opens. Without tables its body is
// the same in both versions, so only the header's version number differs.
TEST_F(TransactionTest, VersionOneManifestIsRead) {
  DatabaseState state;
  state.commit_sequence = 3;
  std::string bytes = SerializeManifest(state);
  uint32_t version = 1;
  std::memcpy(bytes.data() + 8, &version, sizeof version);
  auto parsed = ParseManifest(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->commit_sequence, 3u);
  version = 3;
  std::memcpy(bytes.data() + 8, &version, sizeof version);
  EXPECT_FALSE(ParseManifest(bytes).ok());
}

// Row groups are encoded and written on several threads; the files, their ids and their
// order must be the same as with one thread.
TEST_F(TransactionTest, ParallelWritesGiveTheSameFiles) {
  const std::string input = directory_ + "-rows.txt";
  {
    std::ofstream out(input);
    for (int64_t x = 1; x <= 720896; x++) {
      out << x << "|name " << x % 1000 << "|" << (x % 977) << "." << (x % 100) << "\n";
    }
  }
  auto load = [&](const std::string& directory, int threads) {
    Database db(directory);
    auto con = db.connect();
    EXPECT_TRUE(con.query("SET threads = " + std::to_string(threads)).ok());
    EXPECT_TRUE(con.query("CREATE TABLE t (id BIGINT, name VARCHAR(20), price DECIMAL(10,2))").ok());
    // 5.5 row groups in one statement, the last one partial.
    auto copied = con.query("COPY t FROM '" + input + "'");
    EXPECT_TRUE(copied.ok()) << copied.error_message();
    EXPECT_EQ(One(con, "SELECT count(*) FROM t"), "720896");
    EXPECT_EQ(One(con, "SELECT sum(id) FROM t"), "259845881856");
  };
  const std::string one = directory_ + "-one";
  const std::string four = directory_ + "-four";
  load(one, 1);
  load(four, 4);
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(one + "/data")) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names.size(), 6u);
  auto bytes = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  for (const auto& name : names) {
    EXPECT_EQ(bytes(one + "/data/" + name), bytes(four + "/data/" + name)) << name;
  }
  EXPECT_EQ(bytes(one + "/manifest"), bytes(four + "/manifest"));
  std::filesystem::remove_all(one);
  std::filesystem::remove_all(four);
  std::filesystem::remove(input);
}

}  // namespace
}  // namespace martlet
