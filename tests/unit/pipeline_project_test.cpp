// The pipeline project: martlet.toml, model comment blocks, loading a folder, the DAG
// (cycles, selection), seeds' inferred types and the text a model runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "etl/dag.hpp"
#include "etl/model_query.hpp"
#include "etl/model_settings.hpp"
#include "etl/project.hpp"
#include "etl/project_config.hpp"
#include "etl/seed_file.hpp"

namespace martlet::etl {
namespace {

namespace fs = std::filesystem;

// A project folder in a fresh temporary directory, removed at the end of the test.
class ProjectFolder {
 public:
  ProjectFolder() {
    root_ =
        fs::temp_directory_path() /
        ("martlet-project-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~ProjectFolder() { fs::remove_all(root_); }
  void Write(const std::string& file, const std::string& text) {
    fs::create_directories((root_ / file).parent_path());
    std::ofstream(root_ / file) << text;
  }
  std::string path() const { return root_.string(); }

 private:
  fs::path root_;
};

std::string ErrorOf(const Result<Project>& project) {
  return project.ok() ? "(loaded)" : project.status().message();
}

TEST(ProjectConfigTest, ReadsEverySection) {
  auto config = ParseProjectConfig(R"toml(
name = "shop"
default_schema = "analytics"
database = "wh"
[defaults]
materialized = "view"
[models.daily]
materialized = "incremental"
unique_key = ["day", "store"]
incremental_filter = "day > (SELECT max(day) FROM mart.daily)"
sortkey = "day"
tests = [{ test = "not_null", column = "day" }, { test = "row_count", min = 1, severity = "warn" }]
[models.mart.weekly]
tags = ["nightly"]
[seeds.stores]
schema = "ref"
column_types = { id = "integer" }
[sources.orders]
glob = "data/*.csv"
table = "raw.orders"
copy_options = "IGNOREHEADER 1"
)toml",
                                   "martlet.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->name, "shop");
  EXPECT_EQ(config->default_schema, "analytics");
  EXPECT_EQ(config->defaults.materialized, Materialization::kView);
  ASSERT_EQ(config->models.size(), 2u);
  EXPECT_EQ(config->models[0].key, "daily");
  EXPECT_EQ(config->models[0].settings.unique_key, (std::vector<std::string>{"day", "store"}));
  EXPECT_EQ(config->models[0].settings.sortkey, (std::vector<std::string>{"day"}));
  ASSERT_EQ(config->models[0].tests.size(), 2u);
  EXPECT_EQ(config->models[0].tests[1].severity, TestSeverity::kWarn);
  EXPECT_EQ(config->models[1].key, "mart.weekly");
  ASSERT_EQ(config->seeds.size(), 1u);
  EXPECT_EQ(config->seeds[0].column_types[0].type, "integer");
  ASSERT_EQ(config->sources.size(), 1u);
  EXPECT_EQ(config->sources[0].files.path, "data/*.csv");
}

TEST(ProjectConfigTest, SyntaxErrorsNameLineAndColumn) {
  auto config = ParseProjectConfig("name = \"x\"\n[models.a]\nmaterialized = \n", "martlet.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message().rfind("martlet.toml:3:", 0), 0u) << config.status().message();
}

TEST(ProjectConfigTest, UnknownKeysAndBadValues) {
  auto typo = ParseProjectConfig("nmae = \"x\"\n", "martlet.toml");
  EXPECT_EQ(typo.status().message(),
            "martlet.toml:1:1: unknown key \"nmae\" in martlet.toml (did you mean \"name\"?)");
  auto kind = ParseProjectConfig("[models.a]\nmaterialized = \"tabel\"\n", "martlet.toml");
  EXPECT_EQ(kind.status().message(),
            "martlet.toml:2:16: materialized must be table, view, incremental, ephemeral or "
            "materialized_view, "
            "not \"tabel\"");
  auto type = ParseProjectConfig("[models.a]\ntags = 3\n", "martlet.toml");
  EXPECT_EQ(type.status().message(),
            "martlet.toml:2:8: tags must be a string or an array of strings");
  auto test = ParseProjectConfig("[models.a]\ntests = [{ test = \"unique\" }]\n", "martlet.toml");
  EXPECT_EQ(test.status().message(), "martlet.toml:2:10: unique needs column = \"...\"");
  auto source = ParseProjectConfig("[sources.s]\ntable = \"t\"\n", "martlet.toml");
  EXPECT_EQ(source.status().message(),
            "martlet.toml:1:1: [sources.s] needs exactly one of path, glob or dir (files) or "
            "postgres or postgres_env (a PostgreSQL database)");
}

TEST(ProjectConfigTest, S3AndJsonSources) {
  auto config = ParseProjectConfig(R"toml(
[sources.events]
path = "s3://drops/events/*.json"
format = "json"
copy_options = "TIMEFORMAT 'auto'"
region = "eu-west-1"
endpoint = "http://127.0.0.1:9000"
profile = "etl"
table = "raw.events"
)toml",
                                   "martlet.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const SourceConfig& source = config->sources.at(0);
  EXPECT_EQ(source.kind, SourceKind::kFiles);
  EXPECT_EQ(source.files.path, "s3://drops/events/*.json");
  EXPECT_EQ(source.files.format, "json");
  EXPECT_EQ(source.files.region, "eu-west-1");
  EXPECT_EQ(source.files.endpoint, "http://127.0.0.1:9000");
  EXPECT_EQ(source.files.profile, "etl");

  auto local = ParseProjectConfig("[sources.s]\npath = \"data\"\ntable = \"t\"\nregion = \"x\"\n",
                                  "martlet.toml");
  EXPECT_EQ(local.status().message(), "martlet.toml:4:10: region applies to s3:// sources only");
  auto format = ParseProjectConfig(
      "[sources.s]\npath = \"data\"\ntable = \"t\"\nformat = \"parquet\"\n", "martlet.toml");
  EXPECT_EQ(format.status().message(),
            "martlet.toml:4:10: format must be \"csv\", \"text\" or \"json\", not \"parquet\"");
  auto postgres_key = ParseProjectConfig(
      "[sources.s]\npath = \"data\"\ntable = \"t\"\nincremental_column = \"id\"\n", "martlet.toml");
  EXPECT_EQ(postgres_key.status().message(),
            "martlet.toml:4:22: incremental_column applies to PostgreSQL sources, not to file "
            "sources");
}

TEST(ProjectConfigTest, PostgresSources) {
  auto config = ParseProjectConfig(R"toml(
[sources.customers]
postgres_env = "SHOP_DB"
source_table = "public.customers"
incremental_column = "updated_at"
unique_key = ["id"]
table = "raw.customers"
[sources.orders]
postgres = "dbname=shop"
query = "SELECT * FROM orders"
table = "raw.orders"
)toml",
                                   "martlet.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const SourceConfig& customers = config->sources.at(0);
  EXPECT_EQ(customers.kind, SourceKind::kPostgres);
  EXPECT_EQ(customers.postgres.conninfo_env, "SHOP_DB");
  EXPECT_EQ(customers.postgres.source_table, "public.customers");
  EXPECT_EQ(customers.postgres.incremental_column, "updated_at");
  EXPECT_EQ(customers.postgres.unique_key, std::vector<std::string>{"id"});
  const SourceConfig& orders = config->sources.at(1);
  EXPECT_EQ(orders.postgres.conninfo, "dbname=shop");
  EXPECT_EQ(orders.postgres.query, "SELECT * FROM orders");

  auto both = ParseProjectConfig("[sources.s]\npostgres = \"x\"\npath = \"data\"\ntable = \"t\"\n",
                                 "martlet.toml");
  EXPECT_EQ(both.status().message(),
            "martlet.toml:1:1: [sources.s] needs exactly one of path, glob or dir (files) or "
            "postgres or postgres_env (a PostgreSQL database)");
  auto neither =
      ParseProjectConfig("[sources.s]\npostgres = \"x\"\ntable = \"t\"\n", "martlet.toml");
  EXPECT_EQ(neither.status().message(),
            "martlet.toml:1:1: [sources.s] needs exactly one of source_table = "
            "\"<schema>.<table>\" or query = \"SELECT ...\" to read from PostgreSQL");
  auto file_key = ParseProjectConfig(
      "[sources.s]\npostgres = \"x\"\nquery = \"SELECT 1\"\ncolumns = [\"a INT\"]\n"
      "table = \"t\"\n",
      "martlet.toml");
  EXPECT_EQ(file_key.status().message(),
            "martlet.toml:4:11: columns applies to file sources, not to a PostgreSQL source");
  auto key_alone = ParseProjectConfig(
      "[sources.s]\npostgres = \"x\"\nquery = \"SELECT 1\"\nunique_key = \"id\"\n"
      "table = \"t\"\n",
      "martlet.toml");
  EXPECT_EQ(key_alone.status().message(),
            "martlet.toml:1:1: [sources.s] has unique_key but no incremental_column: without one "
            "every run reloads the whole source");
}

TEST(ModelHeaderTest, ReadsSettingsUntilTheFirstStatementLine) {
  auto settings = ParseModelHeader(
      "-- Daily sales.\n-- materialized: incremental\n-- unique_key: day, store\n"
      "-- pre_sql: DELETE FROM log WHERE a IN (1, 2)\n-- pre_sql: ANALYZE\n\n"
      "SELECT 1\n-- tags: ignored\n",
      "models/x.sql");
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  EXPECT_EQ(settings->materialized, Materialization::kIncremental);
  EXPECT_EQ(settings->unique_key, (std::vector<std::string>{"day", "store"}));
  EXPECT_EQ(settings->pre_sql,
            (std::vector<std::string>{"DELETE FROM log WHERE a IN (1, 2)", "ANALYZE"}));
  EXPECT_FALSE(settings->tags.has_value());
}

TEST(ModelHeaderTest, TyposAreErrorsProseIsNot) {
  EXPECT_TRUE(ParseModelHeader("-- Note: the totals are in cents\nSELECT 1", "m.sql").ok());
  auto typo = ParseModelHeader("-- about\n  -- sortky: a\nSELECT 1", "m.sql");
  EXPECT_EQ(typo.status().message(),
            "m.sql:2:3: unknown model setting \"sortky\" (did you mean \"sortkey\"?)");
  auto bad = ParseModelHeader("-- materialized: cube\nSELECT 1", "m.sql");
  EXPECT_EQ(bad.status().message().rfind("m.sql:1:1: materialized must be", 0), 0u);
}

TEST(ProjectLoaderTest, NamesSchemasDependenciesAndSettings) {
  ProjectFolder folder;
  folder.Write("martlet.toml",
               "name = \"p\"\ndefault_schema = \"core\"\n[models.orders]\nmaterialized = \"view\"\n"
               "[models.daily]\ntags = [\"t\"]\n");
  folder.Write("models/orders.sql", "SELECT * FROM raw_orders");
  folder.Write("models/mart/daily.sql",
               "-- materialized: table\nSELECT * FROM orders JOIN core.orders o2 ON true");
  folder.Write("seeds/raw_orders.csv", "id,amount\n1,2.50\n");
  auto project = LoadProject(folder.path());
  ASSERT_TRUE(project.ok()) << project.status().message();
  int orders = project->FindNode("core.orders");
  int daily = project->FindNode("mart.daily");
  int seed = project->FindNode("core.raw_orders");
  ASSERT_GE(orders, 0);
  ASSERT_GE(daily, 0);
  ASSERT_GE(seed, 0);
  EXPECT_EQ(project->nodes[orders].materialization, Materialization::kView);
  EXPECT_EQ(project->nodes[daily].materialization, Materialization::kTable);
  EXPECT_EQ(project->nodes[daily].tags, std::vector<std::string>{"t"});
  EXPECT_EQ(project->nodes[daily].upstream, std::vector<int>{orders});
  EXPECT_EQ(project->nodes[orders].upstream, std::vector<int>{seed});
  EXPECT_EQ(project->nodes[seed].seed_columns[1].type, "decimal(38,2)");
}

TEST(ProjectLoaderTest, Errors) {
  ProjectFolder folder;
  EXPECT_EQ(ErrorOf(LoadProject(folder.path())).find("no martlet.toml in "), 0u);
  folder.Write("martlet.toml", "name = \"p\"\n");
  folder.Write("models/a.sql", "SELECT 1 AS x;\nSELECT 2");
  EXPECT_EQ(ErrorOf(LoadProject(folder.path())),
            "model public.a: models/a.sql:2:1: a model is exactly one SELECT statement");
  folder.Write("models/a.sql", "SELECT x\nFROM");
  EXPECT_EQ(
      ErrorOf(LoadProject(folder.path())).find("model public.a: models/a.sql:2:5: syntax error"),
      0u);
  folder.Write("models/a.sql", "SELECT 1 AS x");
  folder.Write("models/s/a.sql", "-- schema: public\nSELECT 1 AS x");
  EXPECT_EQ(ErrorOf(LoadProject(folder.path())),
            "both models/a.sql and models/s/a.sql populate public.a");
  fs::remove(fs::path(folder.path()) / "models/s/a.sql");
  folder.Write("models/My-Model.sql", "SELECT 1");
  EXPECT_NE(ErrorOf(LoadProject(folder.path())).find("cannot name a relation"), std::string::npos);
}

TEST(DagTest, CycleIsNamedInDataFlowOrder) {
  ProjectFolder folder;
  folder.Write("martlet.toml", "");
  folder.Write("models/a.sql", "SELECT * FROM c");
  folder.Write("models/b.sql", "SELECT * FROM a");
  folder.Write("models/c.sql", "SELECT * FROM b");
  folder.Write("models/d.sql", "SELECT * FROM a");
  EXPECT_EQ(ErrorOf(LoadProject(folder.path())),
            "the models form a cycle: public.a -> public.b -> public.c -> public.a "
            "(models/a.sql, models/b.sql, models/c.sql)");
}

class SelectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_.Write("martlet.toml", "[models.c]\ntags = [\"daily\"]\n");
    folder_.Write("models/a.sql", "SELECT 1 AS x");
    folder_.Write("models/b.sql", "SELECT * FROM a");
    folder_.Write("models/c.sql", "SELECT * FROM b");
    folder_.Write("models/d.sql", "SELECT * FROM a");
    folder_.Write("models/e.sql", "SELECT 2 AS y");
    auto loaded = LoadProject(folder_.path());
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    project_ = std::move(loaded).value();
  }

  std::string Selected(const std::vector<std::string>& selectors) {
    auto selected = SelectNodes(project_, selectors);
    if (!selected.ok()) return selected.status().message();
    std::string names;
    for (int node : TopologicalOrder(project_)) {
      if (selected.value()[node]) names += project_.nodes[node].name;
    }
    return names;
  }

  ProjectFolder folder_;
  Project project_;
};

TEST_F(SelectionTest, Syntax) {
  EXPECT_EQ(Selected({}), "abcde");
  EXPECT_EQ(Selected({"b"}), "b");
  EXPECT_EQ(Selected({"public.b"}), "b");
  EXPECT_EQ(Selected({"b+"}), "bc");
  EXPECT_EQ(Selected({"+b"}), "ab");
  EXPECT_EQ(Selected({"+b+"}), "abc");
  EXPECT_EQ(Selected({"a+"}), "abcd");
  EXPECT_EQ(Selected({"tag:daily"}), "c");
  EXPECT_EQ(Selected({"tag:daily", "e"}), "ce");
}

TEST_F(SelectionTest, UnknownNames) {
  EXPECT_EQ(Selected({"bb"}), "no model, seed or source is named \"bb\" (did you mean \"b\"?)");
  EXPECT_EQ(Selected({"tag:dialy"}), "no model is tagged \"dialy\" (did you mean \"tag:daily\"?)");
}

TEST(ModelQueryTest, QualifiesReferencesAndInlinesEphemerals) {
  ProjectFolder folder;
  folder.Write("martlet.toml",
               "default_schema = \"core\"\n[models.base]\nmaterialized = \"ephemeral\"\n");
  folder.Write("models/src.sql", "SELECT 1 AS x");
  folder.Write("models/base.sql", "SELECT x FROM src");
  folder.Write("models/mart/out.sql",
               "-- hi\nWITH w AS (SELECT x FROM base)\nSELECT x, y FROM w, core.src");
  auto project = LoadProject(folder.path());
  ASSERT_TRUE(project.ok()) << project.status().message();
  int out = project->FindNode("mart.out");
  ModelQuery query(*project, out);
  EXPECT_EQ(query.text(),
            "-- hi\nWITH \"ephemeral__core__base\" AS (\nSELECT x FROM \"core\".\"src\"\n), w AS "
            "(SELECT x FROM "
            "\"ephemeral__core__base\")\nSELECT x, y FROM w, \"core\".\"src\"");
  // An error at "y" in the query maps back to "y" in the model's file.
  const std::string& sql = project->nodes[out].sql;
  EXPECT_EQ(query.ModelOffset(static_cast<int>(query.text().find(", y")) + 2),
            static_cast<int>(sql.find(", y")) + 2);
  // Inside the inlined CTE, the offset is where the CTEs were put.
  EXPECT_EQ(query.ModelOffset(static_cast<int>(query.text().find("AS (\nSELECT"))),
            static_cast<int>(sql.find(" w AS")));
}

TEST(ModelQueryTest, EphemeralWithoutWith) {
  ProjectFolder folder;
  folder.Write("martlet.toml", "[models.e]\nmaterialized = \"ephemeral\"\n");
  folder.Write("models/e.sql", "SELECT 1 AS x;\n");
  folder.Write("models/m.sql", "SELECT * FROM e");
  auto project = LoadProject(folder.path());
  ASSERT_TRUE(project.ok()) << project.status().message();
  ModelQuery query(*project, project->FindNode("public.m"));
  EXPECT_EQ(query.text(),
            "WITH \"ephemeral__public__e\" AS (\nSELECT 1 AS x\n)\nSELECT * FROM "
            "\"ephemeral__public__e\"");
}

TEST(SeedFileTest, InfersTypes) {
  auto columns = InferSeedColumns(
      "Id,price,day,at,flag,name,empty\n1,2.5,2024-01-01,2024-01-01 10:00:00,true,\"a, b\",\n"
      "2,3,2024-01-02,2024-01-02,false,c,\n",
      "seeds/s.csv");
  ASSERT_TRUE(columns.ok()) << columns.status().message();
  std::vector<std::string> types;
  for (const SeedColumn& column : *columns) types.push_back(column.name + " " + column.type);
  EXPECT_EQ(types, (std::vector<std::string>{"id bigint", "price decimal(38,1)", "day date",
                                             "at timestamp", "flag boolean", "name varchar(256)",
                                             "empty varchar(256)"}));
}

TEST(SeedFileTest, Errors) {
  EXPECT_EQ(InferSeedColumns("a,b\n1,2\n3\n", "s.csv").status().message(),
            "s.csv:3: 1 fields where the header names 2");
  EXPECT_EQ(InferSeedColumns("a,\"b\n1", "s.csv").status().message(),
            "s.csv:1: a quoted field is not closed");
  EXPECT_EQ(InferSeedColumns("", "s.csv").status().message(),
            "s.csv: a seed needs a header line naming its columns");
}

}  // namespace
}  // namespace martlet::etl

namespace martlet::etl {
namespace {

TEST(SnapshotLoadTest, SettingsFromTomlAndComments) {
  ProjectFolder folder;
  folder.Write("martlet.toml",
               "[snapshots.dim]\nunique_key = \"id\"\nstrategy = \"check\"\n"
               "check_cols = [\"name\"]\n");
  folder.Write("models/src.sql", "SELECT 1 AS id, 'a' AS name");
  folder.Write("snapshots/wh/dim.sql", "SELECT id, name FROM src");
  folder.Write("models/use.sql", "SELECT * FROM wh.dim WHERE is_current");
  auto project = LoadProject(folder.path());
  ASSERT_TRUE(project.ok()) << project.status().message();
  int dim = project->FindNode("wh.dim");
  ASSERT_GE(dim, 0);
  EXPECT_EQ(project->nodes[dim].kind, NodeKind::kSnapshot);
  EXPECT_EQ(project->nodes[dim].settings.check_cols, std::vector<std::string>{"name"});
  EXPECT_EQ(project->nodes[dim].upstream, std::vector<int>{project->FindNode("public.src")});
  EXPECT_EQ(project->nodes[project->FindNode("public.use")].upstream, std::vector<int>{dim});
}

TEST(SnapshotLoadTest, MissingSettings) {
  ProjectFolder folder;
  folder.Write("martlet.toml", "");
  folder.Write("snapshots/dim.sql", "-- unique_key: id\n-- strategy: timestamp\nSELECT 1 AS id");
  EXPECT_EQ(ErrorOf(LoadProject(folder.path())),
            "snapshots/dim.sql: a snapshot with strategy timestamp needs updated_at: the column "
            "that says when a row changed");
  folder.Write("snapshots/dim.sql", "-- unique_key: id\n-- strategy: check\nSELECT 1 AS id");
  EXPECT_EQ(ErrorOf(LoadProject(folder.path())),
            "snapshots/dim.sql: a snapshot with strategy check needs check_cols: the columns whose "
            "change makes a new version");
  folder.Write("snapshots/dim.sql", "-- unique_key: id\n-- materialized: view\nSELECT 1 AS id");
  EXPECT_EQ(ErrorOf(LoadProject(folder.path())),
            "snapshots/dim.sql: a snapshot is always a table of versions; materialized and "
            "incremental_filter do not apply");
  folder.Write("martlet.toml", "[snapshots.dmi]\nstrategy = \"check\"\n");
  folder.Write("snapshots/dim.sql",
               "-- unique_key: id\n-- strategy: check\n-- check_cols: id\nSELECT 1 AS id");
  EXPECT_EQ(ErrorOf(LoadProject(folder.path())),
            "martlet.toml: [snapshots.dmi] at martlet.toml:1:1 names no file under snapshots/");
}

}  // namespace
}  // namespace martlet::etl
