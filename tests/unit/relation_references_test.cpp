#include "sql/relation_references.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "sql/parser.hpp"

namespace martlet::sql {
namespace {

// The relations `sql` reads, as "a.b" strings, in text order.
std::vector<std::string> Reads(const std::string& sql) {
  auto parsed = ParseSql(sql);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  if (!parsed.ok() || parsed.value().empty()) return {};
  std::vector<std::string> names;
  for (const RelationReference& reference : ReadRelations(*parsed.value()[0])) {
    std::string name;
    for (const std::string& part : reference.names) name += (name.empty() ? "" : ".") + part;
    names.push_back(name);
  }
  return names;
}

using Names = std::vector<std::string>;

TEST(RelationReferencesTest, TablesInFromAndJoins) {
  EXPECT_EQ(Reads("SELECT * FROM a JOIN s.b ON a.x = b.x LEFT JOIN c USING (x), d"),
            (Names{"a", "s.b", "c", "d"}));
}

TEST(RelationReferencesTest, SubqueriesEverywhere) {
  EXPECT_EQ(Reads("SELECT (SELECT max(y) FROM s1) FROM (SELECT * FROM s2) AS t "
                  "WHERE x IN (SELECT x FROM s3) AND EXISTS (SELECT 1 FROM s4) "
                  "HAVING count(*) > ALL (SELECT n FROM s5)"),
            (Names{"s1", "s2", "s3", "s4", "s5"}));
}

TEST(RelationReferencesTest, CteNamesAreNotRelations) {
  EXPECT_EQ(
      Reads(
          "WITH a AS (SELECT * FROM raw.a), b AS (SELECT * FROM a) SELECT * FROM b JOIN c ON true"),
      (Names{"raw.a", "c"}));
}

TEST(RelationReferencesTest, QualifiedNameIsNeverACte) {
  EXPECT_EQ(Reads("WITH a AS (SELECT 1 AS x) SELECT * FROM s.a"), (Names{"s.a"}));
}

TEST(RelationReferencesTest, CteSeesOnlyEarlierCtes) {
  // b reads the relation a, not the CTE a written after it.
  EXPECT_EQ(Reads("WITH b AS (SELECT * FROM a), a AS (SELECT 1 AS x) SELECT * FROM b"),
            (Names{"a"}));
}

TEST(RelationReferencesTest, RecursiveCteReadsItself) {
  EXPECT_EQ(Reads("WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
                  "SELECT * FROM r"),
            Names{});
}

TEST(RelationReferencesTest, CteScopeEndsWithItsQuery) {
  EXPECT_EQ(Reads("SELECT * FROM (WITH a AS (SELECT 1 AS x) SELECT * FROM a) AS t, a"),
            (Names{"a"}));
}

// How often each CTE is read: (name, reads), sorted.
std::vector<std::pair<std::string, int>> CteReads(const std::string& sql) {
  auto parsed = ParseSql(sql);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  if (!parsed.ok() || parsed.value().empty()) return {};
  const auto& select = static_cast<const SelectStatement&>(*parsed.value()[0]);
  std::vector<std::pair<std::string, int>> reads;
  for (const auto& [cte, count] : CountCteReads(*select.query)) reads.emplace_back(cte->name, count);
  std::sort(reads.begin(), reads.end());
  return reads;
}

TEST(RelationReferencesTest, CountsCteReads) {
  using Reads = std::vector<std::pair<std::string, int>>;
  EXPECT_EQ(CteReads("WITH a AS (SELECT 1 AS x) SELECT * FROM a, a AS b"), (Reads{{"a", 2}}));
  // in a subquery, and through another CTE that is itself read twice
  EXPECT_EQ(CteReads("WITH a AS (SELECT 1 AS x), b AS (SELECT * FROM a) "
                     "SELECT * FROM b WHERE x = (SELECT max(x) FROM b)"),
            (Reads{{"a", 1}, {"b", 2}}));
  // a CTE never read is absent; a nested WITH's own CTE of the same name shadows the outer
  // one: two CTEs named a, each read once
  EXPECT_EQ(CteReads("WITH a AS (SELECT 1 AS x), c AS (SELECT 2 AS y) "
                     "SELECT * FROM a, (WITH a AS (SELECT 3 AS x) SELECT * FROM a) AS t"),
            (Reads{{"a", 1}, {"a", 1}}));
  EXPECT_EQ(CteReads("WITH a AS (SELECT 1 AS x) SELECT * FROM s.a, t"), Reads{});
}

TEST(RelationReferencesTest, SetOperationsAndTableFunctions) {
  EXPECT_EQ(Reads("SELECT x FROM a UNION ALL SELECT x FROM b EXCEPT SELECT x FROM "
                  "generate_series(1, 3) AS g(x)"),
            (Names{"a", "b"}));
}

TEST(RelationReferencesTest, StatementsOtherThanSelect) {
  EXPECT_EQ(Reads("INSERT INTO target SELECT * FROM source"), (Names{"source"}));
  EXPECT_EQ(Reads("CREATE TABLE t AS SELECT * FROM s"), (Names{"s"}));
  EXPECT_EQ(Reads("DELETE FROM t USING u WHERE t.x = u.x AND t.y IN (SELECT y FROM v)"),
            (Names{"u", "v"}));
  EXPECT_EQ(Reads("UPDATE t SET x = (SELECT max(x) FROM u)"), (Names{"u"}));
}

TEST(RelationReferencesTest, PositionsPointAtTheName) {
  std::string sql = "SELECT *\nFROM  mart.daily AS d";
  auto parsed = ParseSql(sql);
  ASSERT_TRUE(parsed.ok());
  auto references = ReadRelations(*parsed.value()[0]);
  ASSERT_EQ(references.size(), 1u);
  EXPECT_EQ(sql.substr(references[0].position, 10), "mart.daily");
}

}  // namespace
}  // namespace martlet::sql
