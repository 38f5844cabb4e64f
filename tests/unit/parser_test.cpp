#include "sql/parser.hpp"

#include <gtest/gtest.h>
#include <pthread.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "sql_ast_dump.hpp"

namespace martlet::sql {
namespace {

using ast_dump::Dump;
using ast_dump::DumpType;

// ---------------------------------------------------------------------------------------
// Helpers

std::vector<StatementPtr> Parse(std::string_view sql) {
  Result<std::vector<StatementPtr>> result = ParseSql(sql);
  EXPECT_TRUE(result.ok()) << sql << "\n"
                           << result.status().message() << " at " << result.status().position();
  return result.ok() ? std::move(result).value() : std::vector<StatementPtr>{};
}

template <typename T>
std::unique_ptr<T> ParseOne(std::string_view sql) {
  std::vector<StatementPtr> statements = Parse(sql);
  if (statements.size() != 1) {
    ADD_FAILURE() << "expected one statement: " << sql;
    return nullptr;
  }
  T* typed = dynamic_cast<T*>(statements[0].get());
  if (typed == nullptr) {
    ADD_FAILURE() << "wrong statement kind: " << sql;
    return nullptr;
  }
  statements[0].release();
  return std::unique_ptr<T>(typed);
}

// The dump of a query statement.
std::string Query(std::string_view sql) {
  auto stmt = ParseOne<SelectStatement>(sql);
  return stmt ? Dump(*stmt->query) : "<error>";
}

// The dump of the first select item of "SELECT <expr>".
std::string ExprOf(const std::string& expr) {
  auto stmt = ParseOne<SelectStatement>("SELECT " + expr);
  if (!stmt) return "<error>";
  return Dump(*stmt->query->body->select_list[0].expr);
}

void ExpectError(std::string_view sql, const std::string& message, int position) {
  Result<std::vector<StatementPtr>> result = ParseSql(sql);
  ASSERT_FALSE(result.ok()) << "parsed: " << sql;
  EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError) << sql;
  EXPECT_EQ(result.status().message(), message) << sql;
  EXPECT_EQ(result.status().position(), position) << sql;
}

// ---------------------------------------------------------------------------------------
// Statements and splitting

TEST(ParserTest, SplitsOnSemicolonsAndSkipsEmptyStatements) {
  std::string sql = " ;select 1; ;  select 2 ;";
  std::vector<StatementPtr> statements = Parse(sql);
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0]->position, 2);
  EXPECT_EQ(statements[0]->end, 10);
  EXPECT_EQ(statements[1]->position, 15);
  EXPECT_EQ(statements[1]->end, 23);
  EXPECT_TRUE(Parse("").empty());
  EXPECT_TRUE(Parse(" ; -- nothing\n ;").empty());
}

// ---------------------------------------------------------------------------------------
// Expressions

TEST(ParserTest, Literals) {
  EXPECT_EQ(ExprOf("NULL"), "NULL");
  EXPECT_EQ(ExprOf("'it''s'"), "'it's'");
  auto stmt = ParseOne<SelectStatement>("SELECT 1, 1.5, 1e3, TRUE, false, 'x', null");
  ASSERT_TRUE(stmt);
  const auto& items = stmt->query->body->select_list;
  EXPECT_EQ(items[0].expr->literal_kind, LiteralKind::kInteger);
  EXPECT_EQ(items[1].expr->literal_kind, LiteralKind::kDecimal);
  EXPECT_EQ(items[2].expr->literal_kind, LiteralKind::kFloat);
  EXPECT_EQ(items[3].expr->literal_kind, LiteralKind::kBoolean);
  EXPECT_EQ(items[3].expr->text, "true");
  EXPECT_EQ(items[4].expr->text, "false");
  EXPECT_EQ(items[5].expr->literal_kind, LiteralKind::kString);
  EXPECT_EQ(items[6].expr->literal_kind, LiteralKind::kNull);
}

TEST(ParserTest, ArithmeticPrecedence) {
  EXPECT_EQ(ExprOf("1 + 2 * 3 - 4 / 5 % 6"), "((1 + (2 * 3)) - ((4 / 5) % 6))");
  EXPECT_EQ(ExprOf("-a * b"), "((- a) * b)");
  EXPECT_EQ(ExprOf("- - a"), "(- (- a))");
  EXPECT_EQ(ExprOf("-a::int"), "(- CAST(a AS integer))");
  EXPECT_EQ(ExprOf("(1 + 2) * 3"), "((1 + 2) * 3)");
  EXPECT_EQ(ExprOf("a || b || c + 1"), "((a || b) || (c + 1))");
  EXPECT_EQ(ExprOf("a ~ 'x' = true"), "((a ~ 'x') = true)");
  EXPECT_EQ(ExprOf("a !~* b"), "(a !~* b)");
}

TEST(ParserTest, BooleanPrecedence) {
  EXPECT_EQ(ExprOf("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(ExprOf("NOT a = b AND c"), "((NOT (a = b)) AND c)");
  EXPECT_EQ(ExprOf("NOT NOT a"), "(NOT (NOT a))");
  EXPECT_EQ(ExprOf("a = b IS NULL"), "((a = b) IS NULL)");
  EXPECT_EQ(ExprOf("a < b + 1 AND c <> d OR e >= f"), "(((a < (b + 1)) AND (c <> d)) OR (e >= f))");
  EXPECT_EQ(ExprOf("a != b"), "(a <> b)");
  EXPECT_EQ(ExprOf("a = b BETWEEN 1 AND 2"), "(a = (b BETWEEN 1 AND 2))");
  EXPECT_EQ(ExprOf("a BETWEEN 1 AND 2 AND c"), "((a BETWEEN 1 AND 2) AND c)");
  EXPECT_EQ(ExprOf("a || 'x' LIKE 'y%'"), "((a || 'x') LIKE 'y%')");
}

TEST(ParserTest, Predicates) {
  EXPECT_EQ(ExprOf("x IN (1, 2, 3)"), "(x IN (1, 2, 3))");
  EXPECT_EQ(ExprOf("x NOT IN ('a')"), "(x NOT IN ('a'))");
  EXPECT_EQ(ExprOf("x IN (SELECT y FROM t)"), "(x IN (SELECT y FROM t))");
  EXPECT_EQ(ExprOf("x NOT BETWEEN a AND b + 1"), "(x NOT BETWEEN a AND (b + 1))");
  EXPECT_EQ(ExprOf("x LIKE 'a%' ESCAPE '!'"), "(x LIKE 'a%' ESCAPE '!')");
  EXPECT_EQ(ExprOf("x NOT ILIKE 'a%'"), "(x NOT ILIKE 'a%')");
  EXPECT_EQ(ExprOf("x SIMILAR TO 'a|b'"), "(x SIMILAR TO 'a|b')");
  EXPECT_EQ(ExprOf("x NOT SIMILAR TO 'a'"), "(x NOT SIMILAR TO 'a')");
  EXPECT_EQ(ExprOf("x IS NULL"), "(x IS NULL)");
  EXPECT_EQ(ExprOf("x IS NOT NULL"), "(x IS NOT NULL)");
  EXPECT_EQ(ExprOf("x ISNULL"), "(x IS NULL)");
  EXPECT_EQ(ExprOf("x NOTNULL"), "(x IS NOT NULL)");
  EXPECT_EQ(ExprOf("x IS TRUE"), "(x IS true)");
  EXPECT_EQ(ExprOf("x IS NOT FALSE"), "(x IS NOT false)");
  EXPECT_EQ(ExprOf("x IS UNKNOWN"), "(x IS unknown)");
  EXPECT_EQ(ExprOf("x IS DISTINCT FROM y + 1"), "(x IS DISTINCT FROM (y + 1))");
  EXPECT_EQ(ExprOf("x IS NOT DISTINCT FROM y"), "(x IS NOT DISTINCT FROM y)");
}

TEST(ParserTest, SubqueryExpressions) {
  EXPECT_EQ(ExprOf("(SELECT 1)"), "(SELECT 1)");
  EXPECT_EQ(ExprOf("((SELECT 1) + 2)"), "((SELECT 1) + 2)");
  EXPECT_EQ(ExprOf("((SELECT 1))"), "(SELECT 1)");
  EXPECT_EQ(ExprOf("EXISTS (SELECT * FROM t)"), "EXISTS(SELECT * FROM t)");
  EXPECT_EQ(ExprOf("NOT EXISTS (SELECT 1)"), "NOT EXISTS(SELECT 1)");
  EXPECT_EQ(ExprOf("x = ANY (SELECT y FROM t)"), "(x = ANY (SELECT y FROM t))");
  EXPECT_EQ(ExprOf("x > SOME (SELECT y FROM t)"), "(x > ANY (SELECT y FROM t))");
  EXPECT_EQ(ExprOf("x <= ALL (SELECT y FROM t)"), "(x <= ALL (SELECT y FROM t))");
}

TEST(ParserTest, ColumnReferencesAndStars) {
  EXPECT_EQ(ExprOf("a"), "a");
  EXPECT_EQ(ExprOf("t.a"), "t.a");
  EXPECT_EQ(ExprOf("s.t.a"), "s.t.a");
  EXPECT_EQ(ExprOf("t.*"), "t.*");
  EXPECT_EQ(ExprOf("\"MyCol\""), "MyCol");
  EXPECT_EQ(ExprOf("t.\"select\""), "t.select");
  EXPECT_EQ(ExprOf("$2"), "$2");
  EXPECT_EQ(Query("SELECT *, t.* FROM t"), "SELECT *, t.* FROM t");
}

TEST(ParserTest, NonReservedKeywordsAreNames) {
  EXPECT_EQ(Query("SELECT date, month, year, location, name, value, key, position, first, last "
                  "FROM dim_date"),
            "SELECT date, month, year, location, name, value, key, position, first, last "
            "FROM dim_date");
  EXPECT_EQ(Query("SELECT d.date FROM dim_date d WHERE d.year = 1997 AND month = 'May'"),
            "SELECT d.date FROM dim_date AS d WHERE ((d.year = 1997) AND (month = 'May'))");
  EXPECT_EQ(Query("SELECT a AS select, b from_x FROM t"), "SELECT a AS select, b AS from_x FROM t");
}

TEST(ParserTest, FunctionCalls) {
  EXPECT_EQ(ExprOf("f()"), "f()");
  EXPECT_EQ(ExprOf("COUNT(*)"), "count(*)");
  EXPECT_EQ(ExprOf("count(DISTINCT a)"), "count(DISTINCT a)");
  EXPECT_EQ(ExprOf("APPROXIMATE COUNT(DISTINCT a)"), "APPROXIMATE count(DISTINCT a)");
  EXPECT_EQ(ExprOf("left(s, 3) || right(s, 2)"), "(left(s, 3) || right(s, 2))");
  EXPECT_EQ(ExprOf("replace(s, 'a', 'b')"), "replace(s, 'a', 'b')");
  EXPECT_EQ(ExprOf("coalesce(a, nullif(b, 0))"), "coalesce(a, nullif(b, 0))");
  EXPECT_EQ(ExprOf("pg_catalog.lower(x)"), "pg_catalog.lower(x)");
  EXPECT_EQ(ExprOf("listagg(x, ',') WITHIN GROUP (ORDER BY y DESC)"),
            "listagg(x, ',') WITHIN GROUP (ORDER BY y DESC)");
  EXPECT_EQ(ExprOf("percentile_cont(0.5) within group (order by x)"),
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY x)");
  EXPECT_EQ(ExprOf("current_date"), "current_date()");
  EXPECT_EQ(ExprOf("sysdate"), "sysdate()");
  EXPECT_EQ(ExprOf("getdate()"), "getdate()");
}

TEST(ParserTest, WindowFunctions) {
  EXPECT_EQ(ExprOf("row_number() OVER ()"), "row_number() OVER ()");
  EXPECT_EQ(ExprOf("sum(x) OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST)"),
            "sum(x) OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST)");
  EXPECT_EQ(ExprOf("sum(x) OVER (ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
            "sum(x) OVER (ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(ExprOf("avg(x) OVER (ORDER BY c RANGE BETWEEN 2 PRECEDING AND 3 FOLLOWING)"),
            "avg(x) OVER (ORDER BY c RANGE BETWEEN 2 PRECEDING AND 3 FOLLOWING)");
  EXPECT_EQ(ExprOf("avg(x) OVER (ROWS 5 PRECEDING)"),
            "avg(x) OVER (ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(ExprOf("max(x) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)"),
            "max(x) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)");
  EXPECT_EQ(ExprOf("sum(x) OVER w"), "sum(x) OVER (w)");
  EXPECT_EQ(ExprOf("sum(x) OVER (w ORDER BY y)"), "sum(x) OVER (w ORDER BY y)");
  EXPECT_EQ(ExprOf("lag(x, 1) IGNORE NULLS OVER (ORDER BY y)"),
            "lag(x, 1) IGNORE NULLS OVER (ORDER BY y)");
  EXPECT_EQ(ExprOf("first_value(x IGNORE NULLS) OVER (ORDER BY y)"),
            "first_value(x) IGNORE NULLS OVER (ORDER BY y)");
  EXPECT_EQ(ExprOf("last_value(x) RESPECT NULLS OVER (ORDER BY y)"),
            "last_value(x) OVER (ORDER BY y)");
}

TEST(ParserTest, CaseAndCasts) {
  EXPECT_EQ(ExprOf("CASE WHEN a > 1 THEN 'x' WHEN b THEN 'y' ELSE 'z' END"),
            "CASE WHEN (a > 1) THEN 'x' WHEN b THEN 'y' ELSE 'z' END");
  EXPECT_EQ(ExprOf("CASE a WHEN 1 THEN 2 END"), "CASE a WHEN 1 THEN 2 END");
  EXPECT_EQ(ExprOf("CAST(a AS DECIMAL(15, 2))"), "CAST(a AS decimal(15,2))");
  EXPECT_EQ(ExprOf("a::varchar(10)::text"), "CAST(CAST(a AS varchar(10)) AS text)");
  EXPECT_EQ(ExprOf("'1'::int + 1"), "(CAST('1' AS integer) + 1)");
}

TEST(ParserTest, TypeNames) {
  const std::pair<const char*, const char*> kCases[] = {
      {"int", "integer"},
      {"INT4", "integer"},
      {"integer", "integer"},
      {"int2", "smallint"},
      {"smallint", "smallint"},
      {"int8", "bigint"},
      {"bigint", "bigint"},
      {"numeric(10,2)", "decimal(10,2)"},
      {"decimal", "decimal"},
      {"real", "real"},
      {"float4", "real"},
      {"float8", "double"},
      {"float", "double"},
      {"float(10)", "real"},
      {"float(53)", "double"},
      {"double precision", "double"},
      {"bool", "boolean"},
      {"boolean", "boolean"},
      {"char(3)", "char(3)"},
      {"character(2)", "char(2)"},
      {"bpchar", "char"},
      {"nchar(4)", "char(4)"},
      {"varchar(20)", "varchar(20)"},
      {"character varying(7)", "varchar(7)"},
      {"nvarchar(5)", "varchar(5)"},
      {"varchar(max)", "varchar(65535)"},
      {"text", "text"},
      {"date", "date"},
      {"timestamp", "timestamp"},
      {"timestamp without time zone", "timestamp"},
      {"timestamp with time zone", "timestamptz"},
      {"timestamptz", "timestamptz"},
      {"interval", "interval"},
  };
  for (const auto& [written, canonical] : kCases) {
    EXPECT_EQ(ExprOf(std::string("CAST(x AS ") + written + ")"),
              std::string("CAST(x AS ") + canonical + ")")
        << written;
  }
}

TEST(ParserTest, SpecialForms) {
  EXPECT_EQ(ExprOf("INTERVAL '3' MONTH"), "INTERVAL '3' month");
  EXPECT_EQ(ExprOf("INTERVAL '1 day'"), "INTERVAL '1 day'");
  EXPECT_EQ(ExprOf("INTERVAL '1' DAY TO SECOND"), "INTERVAL '1' day to second");
  EXPECT_EQ(ExprOf("DATE '1998-12-01' - INTERVAL '90' DAY"),
            "(date '1998-12-01' - INTERVAL '90' day)");
  EXPECT_EQ(ExprOf("TIMESTAMP '2020-01-01 10:00:00'"), "timestamp '2020-01-01 10:00:00'");
  EXPECT_EQ(ExprOf("EXTRACT(YEAR FROM o_orderdate)"), "EXTRACT(year FROM o_orderdate)");
  EXPECT_EQ(ExprOf("extract('month' from d)"), "EXTRACT(month FROM d)");
  EXPECT_EQ(ExprOf("POSITION('a' IN s)"), "POSITION('a' IN s)");
  EXPECT_EQ(ExprOf("TRIM(s)"), "TRIM(both FROM s)");
  EXPECT_EQ(ExprOf("TRIM(BOTH 'x' FROM s)"), "TRIM(both 'x' FROM s)");
  EXPECT_EQ(ExprOf("TRIM(LEADING FROM s)"), "TRIM(leading FROM s)");
  EXPECT_EQ(ExprOf("trim(trailing ' ' from s)"), "TRIM(trailing ' ' FROM s)");
  EXPECT_EQ(ExprOf("trim(s, 'x')"), "TRIM(both 'x' FROM s)");
  EXPECT_EQ(ExprOf("SUBSTRING(c_phone FROM 1 FOR 2)"), "SUBSTRING(c_phone FROM 1 FOR 2)");
  EXPECT_EQ(ExprOf("substring(s from 3)"), "SUBSTRING(s FROM 3)");
  EXPECT_EQ(ExprOf("substring(s for 3)"), "SUBSTRING(s FROM 1 FOR 3)");
  EXPECT_EQ(ExprOf("substring(s, 1, 2)"), "substring(s, 1, 2)");
}

TEST(ParserTest, ExpressionPositions) {
  auto stmt = ParseOne<SelectStatement>("SELECT a + f(b)");
  ASSERT_TRUE(stmt);
  const Expr& sum = *stmt->query->body->select_list[0].expr;
  EXPECT_EQ(sum.position, 7);
  EXPECT_EQ(sum.args[1]->position, 11);
  EXPECT_EQ(sum.args[1]->args[0]->position, 13);
}

// ---------------------------------------------------------------------------------------
// Queries

TEST(ParserTest, SelectClauses) {
  EXPECT_EQ(Query("select distinct a, b x from t where a > 1 group by a, b having count(*) > 2 "
                  "order by 1 desc, b nulls first limit 10 offset 5"),
            "SELECT DISTINCT a, b AS x FROM t WHERE (a > 1) GROUP BY a, b HAVING (count(*) > 2) "
            "ORDER BY 1 DESC, b NULLS FIRST LIMIT 10 OFFSET 5");
  EXPECT_EQ(Query("SELECT ALL a FROM t LIMIT ALL"), "SELECT a FROM t");
  EXPECT_EQ(Query("SELECT TOP 5 a FROM t"), "SELECT TOP 5 a FROM t");
  EXPECT_EQ(Query("SELECT a FROM t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY"),
            "SELECT a FROM t LIMIT 3 OFFSET 2");
  EXPECT_EQ(Query("SELECT 1"), "SELECT 1");
}

TEST(ParserTest, QualifyAndWindowClause) {
  EXPECT_EQ(Query("SELECT a FROM t QUALIFY row_number() OVER w = 1 WINDOW w AS (PARTITION BY a)"),
            "SELECT a FROM t QUALIFY (row_number() OVER (w) = 1) WINDOW w AS (PARTITION BY a)");
  EXPECT_EQ(Query("SELECT a FROM t WINDOW w AS (ORDER BY a), v AS (w) QUALIFY a = 1"),
            "SELECT a FROM t QUALIFY (a = 1) WINDOW w AS (ORDER BY a) WINDOW v AS (w)");
}

TEST(ParserTest, GroupingSets) {
  EXPECT_EQ(Query("SELECT a FROM t GROUP BY ROLLUP (a, b)"),
            "SELECT a FROM t GROUP BY ROLLUP((a), (b))");
  EXPECT_EQ(Query("SELECT a FROM t GROUP BY CUBE (a, (b, c))"),
            "SELECT a FROM t GROUP BY CUBE((a), (b, c))");
  EXPECT_EQ(Query("SELECT a FROM t GROUP BY GROUPING SETS ((a, b), (a), (), (a + 1) * 2)"),
            "SELECT a FROM t GROUP BY GROUPING SETS((a, b), (a), (), (((a + 1) * 2)))");
  EXPECT_EQ(Query("SELECT a FROM t GROUP BY a, ()"), "SELECT a FROM t GROUP BY a, ()");
  EXPECT_EQ(Query("SELECT a FROM t GROUP BY ALL"), "SELECT a FROM t GROUP BY ALL");
  EXPECT_EQ(Query("SELECT rollup FROM t GROUP BY rollup"), "SELECT rollup FROM t GROUP BY rollup");
}

TEST(ParserTest, FromAndJoins) {
  EXPECT_EQ(Query("SELECT 1 FROM a, s.b AS x, c y (p, q)"),
            "SELECT 1 FROM a, s.b AS x, c AS y(p, q)");
  EXPECT_EQ(Query("SELECT 1 FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (k)"),
            "SELECT 1 FROM ((a JOIN b ON (a.x = b.x)) LEFT JOIN c USING (k))");
  EXPECT_EQ(Query("SELECT 1 FROM a INNER JOIN b ON true RIGHT JOIN c ON 1 = 1 FULL JOIN d ON f"),
            "SELECT 1 FROM (((a JOIN b ON true) RIGHT JOIN c ON (1 = 1)) FULL JOIN d ON f)");
  EXPECT_EQ(Query("SELECT 1 FROM a CROSS JOIN b NATURAL JOIN c"),
            "SELECT 1 FROM ((a CROSS JOIN b) NATURAL JOIN c)");
  EXPECT_EQ(Query("SELECT 1 FROM a NATURAL LEFT JOIN b"), "SELECT 1 FROM (a NATURAL LEFT JOIN b)");
  EXPECT_EQ(Query("SELECT 1 FROM a JOIN (b JOIN c ON p) ON q"),
            "SELECT 1 FROM (a JOIN (b JOIN c ON p) ON q)");
  EXPECT_EQ(Query("SELECT 1 FROM (SELECT 2) AS s (x)"), "SELECT 1 FROM (SELECT 2) AS s(x)");
  EXPECT_EQ(Query("SELECT 1 FROM (SELECT 2) s JOIN ((SELECT 3) UNION (SELECT 4)) u ON true"),
            "SELECT 1 FROM ((SELECT 2) AS s JOIN ((SELECT 3 UNION SELECT 4)) AS u ON true)");
  EXPECT_EQ(Query("SELECT * FROM generate_series(1, 3) g"),
            "SELECT * FROM generate_series(1, 3) AS g");
}

TEST(ParserTest, SetOperations) {
  EXPECT_EQ(Query("SELECT 1 UNION SELECT 2 UNION ALL SELECT 3"),
            "((SELECT 1 UNION SELECT 2) UNION ALL SELECT 3)");
  EXPECT_EQ(Query("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3"),
            "(SELECT 1 UNION (SELECT 2 INTERSECT SELECT 3))");
  EXPECT_EQ(Query("SELECT 1 EXCEPT SELECT 2 MINUS SELECT 3 ORDER BY 1 LIMIT 1"),
            "((SELECT 1 EXCEPT SELECT 2) EXCEPT SELECT 3) ORDER BY 1 LIMIT 1");
  EXPECT_EQ(Query("(SELECT 1 ORDER BY 1 LIMIT 1) UNION DISTINCT (SELECT 2)"),
            "((SELECT 1 ORDER BY 1 LIMIT 1) UNION SELECT 2)");
  EXPECT_EQ(Query("VALUES (1, 'a'), (2, DEFAULT)"), "VALUES (1, 'a'), (2, DEFAULT)");
}

TEST(ParserTest, With) {
  EXPECT_EQ(Query("WITH a AS (SELECT 1), b (x, y) AS (SELECT 2, 3) SELECT * FROM a, b"),
            "WITH a AS (SELECT 1), b(x, y) AS (SELECT 2, 3) SELECT * FROM a, b");
  EXPECT_EQ(Query("WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r"),
            "WITH RECURSIVE r AS ((SELECT 1 UNION ALL SELECT (n + 1) FROM r)) SELECT * FROM r");
}

TEST(ParserTest, QueryPositions) {
  auto stmt = ParseOne<SelectStatement>("  SELECT a FROM t JOIN u ON x");
  ASSERT_TRUE(stmt);
  EXPECT_EQ(stmt->position, 2);
  EXPECT_EQ(stmt->query->position, 2);
  EXPECT_EQ(stmt->query->body->position, 2);
  const TableRef& join = *stmt->query->body->from[0];
  EXPECT_EQ(join.position, 16);
  EXPECT_EQ(join.right->position, 23);
}

// ---------------------------------------------------------------------------------------
// DDL

TEST(ParserTest, CreateTableWithColumnConstraints) {
  const std::string sql =
      "CREATE TEMP TABLE IF NOT EXISTS s.t ("
      "id BIGINT IDENTITY(1, 1) PRIMARY KEY, "
      "k INT GENERATED BY DEFAULT AS IDENTITY(10, -2) NOT NULL, "
      "name VARCHAR(MAX) NULL DEFAULT 'n/a' ENCODE zstd UNIQUE, "
      "created TIMESTAMP DEFAULT getdate() + INTERVAL '1 day' DISTKEY SORTKEY, "
      "cust INT CONSTRAINT fk REFERENCES s.customer (c_id), "
      "date DATE)";
  auto stmt = ParseOne<CreateTableStatement>(sql);
  ASSERT_TRUE(stmt);
  EXPECT_TRUE(stmt->temporary);
  EXPECT_TRUE(stmt->if_not_exists);
  EXPECT_EQ(stmt->names, (std::vector<std::string>{"s", "t"}));
  ASSERT_EQ(stmt->columns.size(), 6u);
  const ColumnDef& id = stmt->columns[0];
  EXPECT_EQ(id.type.name, "bigint");
  EXPECT_TRUE(id.identity);
  EXPECT_TRUE(id.primary_key);
  const ColumnDef& k = stmt->columns[1];
  EXPECT_TRUE(k.identity);
  EXPECT_EQ(k.identity_seed, 10);
  EXPECT_EQ(k.identity_step, -2);
  EXPECT_TRUE(k.not_null);
  const ColumnDef& name = stmt->columns[2];
  EXPECT_EQ(DumpType(name.type), "varchar(65535)");
  EXPECT_TRUE(name.nullable_written);
  EXPECT_EQ(name.default_text, "'n/a'");
  EXPECT_EQ(name.encode, "zstd");
  EXPECT_TRUE(name.unique);
  const ColumnDef& created = stmt->columns[3];
  EXPECT_EQ(created.default_text, "getdate() + INTERVAL '1 day'");
  EXPECT_EQ(Dump(*created.default_value), "(getdate() + INTERVAL '1 day')");
  EXPECT_TRUE(created.distkey);
  EXPECT_TRUE(created.sortkey);
  const ColumnDef& cust = stmt->columns[4];
  EXPECT_EQ(cust.references, (std::vector<std::string>{"s", "customer"}));
  EXPECT_EQ(cust.references_columns, (std::vector<std::string>{"c_id"}));
  EXPECT_EQ(stmt->columns[5].name, "date");
  EXPECT_EQ(stmt->columns[5].position, static_cast<int>(sql.find("date DATE")));
}

TEST(ParserTest, CreateTableWithTableConstraintsAndAttributes) {
  auto stmt = ParseOne<CreateTableStatement>(
      "create table f (a int, b int, c int, "
      "primary key (a, b), constraint u1 unique (c), "
      "foreign key (c) references d (id)) "
      "backup no diststyle key distkey (a) interleaved sortkey (b, c) encode auto");
  ASSERT_TRUE(stmt);
  ASSERT_EQ(stmt->constraints.size(), 3u);
  EXPECT_EQ(stmt->constraints[0].kind, TableConstraint::Kind::kPrimaryKey);
  EXPECT_EQ(stmt->constraints[0].columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(stmt->constraints[1].kind, TableConstraint::Kind::kUnique);
  EXPECT_EQ(stmt->constraints[2].kind, TableConstraint::Kind::kForeignKey);
  EXPECT_EQ(stmt->constraints[2].references, (std::vector<std::string>{"d"}));
  EXPECT_EQ(stmt->constraints[2].references_columns, (std::vector<std::string>{"id"}));
  EXPECT_FALSE(stmt->backup);
  EXPECT_EQ(stmt->diststyle, "key");
  EXPECT_EQ(stmt->distkey, "a");
  EXPECT_EQ(stmt->sortkey_style, "interleaved");
  EXPECT_EQ(stmt->sortkey, (std::vector<std::string>{"b", "c"}));

  auto other =
      ParseOne<CreateTableStatement>("CREATE TABLE g (x INT) SORTKEY AUTO DISTSTYLE ALL; ");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->sortkey_style, "auto");
  EXPECT_EQ(other->diststyle, "all");
  auto compound = ParseOne<CreateTableStatement>("CREATE TABLE g (x INT) COMPOUND SORTKEY (x)");
  ASSERT_TRUE(compound);
  EXPECT_EQ(compound->sortkey_style, "compound");
}

TEST(ParserTest, CreateTableLikeAndAs) {
  auto like = ParseOne<CreateTableStatement>("CREATE TABLE t (LIKE s.u INCLUDING DEFAULTS)");
  ASSERT_TRUE(like);
  EXPECT_EQ(like->like_table, (std::vector<std::string>{"s", "u"}));
  EXPECT_TRUE(like->like_including_defaults);
  auto excluding = ParseOne<CreateTableStatement>("CREATE TABLE t (LIKE u EXCLUDING DEFAULTS)");
  ASSERT_TRUE(excluding);
  EXPECT_FALSE(excluding->like_including_defaults);

  auto ctas = ParseOne<CreateTableStatement>(
      "CREATE TABLE t (x, y) DISTKEY (x) SORTKEY (y) AS SELECT 1, 2");
  ASSERT_TRUE(ctas);
  EXPECT_EQ(ctas->as_column_names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(ctas->distkey, "x");
  ASSERT_TRUE(ctas->as_query);
  EXPECT_EQ(Dump(*ctas->as_query), "SELECT 1, 2");
  auto plain =
      ParseOne<CreateTableStatement>("CREATE TABLE t AS WITH a AS (SELECT 1) SELECT * FROM a");
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->columns.empty());
  ASSERT_TRUE(plain->as_query);
}

TEST(ParserTest, CreateViews) {
  std::string sql =
      "CREATE OR REPLACE VIEW v (a, b) AS SELECT x,  y FROM t  WITH NO SCHEMA BINDING";
  auto view = ParseOne<CreateViewStatement>(sql);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->or_replace);
  EXPECT_FALSE(view->materialized);
  EXPECT_EQ(view->column_aliases, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(view->query_text, "SELECT x,  y FROM t");
  EXPECT_TRUE(view->with_no_schema_binding);

  auto mv = ParseOne<CreateViewStatement>(
      "CREATE MATERIALIZED VIEW s.mv BACKUP NO DISTKEY (a) SORTKEY (a) AUTO REFRESH YES AS "
      "SELECT a, count(*) FROM t GROUP BY a");
  ASSERT_TRUE(mv);
  EXPECT_TRUE(mv->materialized);
  EXPECT_EQ(mv->names, (std::vector<std::string>{"s", "mv"}));
  EXPECT_EQ(mv->auto_refresh, "yes");
  EXPECT_EQ(mv->query_text, "SELECT a, count(*) FROM t GROUP BY a");
  EXPECT_FALSE(mv->backup);

  auto refresh = ParseOne<RefreshMaterializedViewStatement>("REFRESH MATERIALIZED VIEW s.mv");
  ASSERT_TRUE(refresh);
  EXPECT_EQ(refresh->names, (std::vector<std::string>{"s", "mv"}));
}

TEST(ParserTest, Merge) {
  auto merge = ParseOne<MergeStatement>(
      "MERGE INTO t AS x USING (SELECT 1 AS id) s ON x.id = s.id "
      "WHEN MATCHED AND s.id > 0 THEN UPDATE SET a = 1, b = s.id "
      "WHEN MATCHED THEN DELETE "
      "WHEN NOT MATCHED BY TARGET THEN INSERT (id) VALUES (s.id) "
      "WHEN NOT MATCHED THEN DO NOTHING");
  ASSERT_TRUE(merge);
  EXPECT_EQ(merge->table, (std::vector<std::string>{"t"}));
  EXPECT_EQ(merge->alias, "x");
  ASSERT_EQ(merge->source.size(), 1u);
  EXPECT_EQ(merge->source[0]->alias, "s");
  ASSERT_EQ(merge->clauses.size(), 4u);
  EXPECT_TRUE(merge->clauses[0].matched);
  EXPECT_TRUE(merge->clauses[0].condition);
  EXPECT_EQ(merge->clauses[0].set.size(), 2u);
  EXPECT_EQ(merge->clauses[1].action, MergeClause::Action::kDelete);
  EXPECT_FALSE(merge->clauses[2].matched);
  EXPECT_EQ(merge->clauses[2].columns, (std::vector<std::string>{"id"}));
  EXPECT_EQ(merge->clauses[2].values.size(), 1u);
  EXPECT_EQ(merge->clauses[3].action, MergeClause::Action::kDoNothing);

  auto simple = ParseOne<MergeStatement>("MERGE INTO t USING s ON t.id = s.id REMOVE DUPLICATES");
  ASSERT_TRUE(simple);
  EXPECT_TRUE(simple->remove_duplicates);
  EXPECT_TRUE(simple->clauses.empty());
}

TEST(ParserTest, CreateSchemaDropAlterTruncate) {
  auto schema = ParseOne<CreateSchemaStatement>("CREATE SCHEMA IF NOT EXISTS mart");
  ASSERT_TRUE(schema);
  EXPECT_EQ(schema->name, "mart");
  EXPECT_TRUE(schema->if_not_exists);

  auto drop = ParseOne<DropStatement>("DROP TABLE IF EXISTS a, s.b CASCADE");
  ASSERT_TRUE(drop);
  EXPECT_EQ(drop->object, ObjectKind::kTable);
  EXPECT_TRUE(drop->if_exists);
  EXPECT_TRUE(drop->cascade);
  ASSERT_EQ(drop->targets.size(), 2u);
  EXPECT_EQ(drop->targets[1], (std::vector<std::string>{"s", "b"}));
  EXPECT_EQ(ParseOne<DropStatement>("DROP VIEW v RESTRICT")->object, ObjectKind::kView);
  EXPECT_EQ(ParseOne<DropStatement>("DROP MATERIALIZED VIEW v")->object,
            ObjectKind::kMaterializedView);
  EXPECT_EQ(ParseOne<DropStatement>("DROP SCHEMA s")->object, ObjectKind::kSchema);

  using Action = AlterTableStatement::Action;
  auto add = ParseOne<AlterTableStatement>("ALTER TABLE t ADD COLUMN c INT DEFAULT 0 NOT NULL");
  ASSERT_TRUE(add);
  EXPECT_EQ(add->action, Action::kAddColumn);
  EXPECT_EQ(add->column.name, "c");
  EXPECT_EQ(add->column.default_text, "0");
  EXPECT_TRUE(add->column.not_null);
  EXPECT_EQ(ParseOne<AlterTableStatement>("ALTER TABLE t ADD d TEXT")->column.name, "d");
  auto drop_col = ParseOne<AlterTableStatement>("ALTER TABLE t DROP COLUMN IF EXISTS c CASCADE");
  ASSERT_TRUE(drop_col);
  EXPECT_EQ(drop_col->action, Action::kDropColumn);
  EXPECT_EQ(drop_col->column_name, "c");
  EXPECT_TRUE(drop_col->if_exists);
  EXPECT_TRUE(drop_col->cascade);
  EXPECT_EQ(ParseOne<AlterTableStatement>("ALTER TABLE t DROP c")->column_name, "c");
  auto rename_col = ParseOne<AlterTableStatement>("ALTER TABLE t RENAME COLUMN a TO b");
  ASSERT_TRUE(rename_col);
  EXPECT_EQ(rename_col->action, Action::kRenameColumn);
  EXPECT_EQ(rename_col->column_name, "a");
  EXPECT_EQ(rename_col->new_name, "b");
  EXPECT_EQ(ParseOne<AlterTableStatement>("ALTER TABLE t RENAME a TO b")->new_name, "b");
  auto rename = ParseOne<AlterTableStatement>("ALTER TABLE s.t RENAME TO u");
  ASSERT_TRUE(rename);
  EXPECT_EQ(rename->action, Action::kRenameTable);
  EXPECT_EQ(rename->new_name, "u");

  EXPECT_EQ(ParseOne<TruncateStatement>("TRUNCATE TABLE s.t")->table,
            (std::vector<std::string>{"s", "t"}));
  EXPECT_EQ(ParseOne<TruncateStatement>("truncate t")->table, (std::vector<std::string>{"t"}));
}

// ---------------------------------------------------------------------------------------
// DML and utility statements

TEST(ParserTest, Insert) {
  auto values = ParseOne<InsertStatement>("INSERT INTO s.t (a, b) VALUES (1, DEFAULT), ($1, 'x')");
  ASSERT_TRUE(values);
  EXPECT_EQ(values->table, (std::vector<std::string>{"s", "t"}));
  EXPECT_EQ(values->columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Dump(*values->query), "VALUES (1, DEFAULT), ($1, 'x')");
  auto select = ParseOne<InsertStatement>("INSERT INTO t SELECT * FROM u");
  ASSERT_TRUE(select);
  EXPECT_TRUE(select->columns.empty());
  EXPECT_EQ(Dump(*select->query), "SELECT * FROM u");
  auto paren = ParseOne<InsertStatement>("INSERT INTO t (SELECT 1)");
  ASSERT_TRUE(paren);
  EXPECT_EQ(Dump(*paren->query), "SELECT 1");
  auto defaults = ParseOne<InsertStatement>("INSERT INTO t DEFAULT VALUES");
  ASSERT_TRUE(defaults);
  EXPECT_TRUE(defaults->default_values);
}

TEST(ParserTest, UpdateAndDelete) {
  auto update = ParseOne<UpdateStatement>(
      "UPDATE t AS x SET a = a + 1, b = DEFAULT FROM u WHERE x.id = u.id");
  ASSERT_TRUE(update);
  EXPECT_EQ(update->alias, "x");
  ASSERT_EQ(update->set.size(), 2u);
  EXPECT_EQ(update->set[0].column, "a");
  EXPECT_EQ(Dump(*update->set[0].value), "(a + 1)");
  EXPECT_EQ(Dump(*update->set[1].value), "DEFAULT");
  EXPECT_EQ(update->set[1].position, 29);
  ASSERT_EQ(update->from.size(), 1u);
  EXPECT_EQ(Dump(*update->where), "(x.id = u.id)");
  EXPECT_EQ(ParseOne<UpdateStatement>("UPDATE t x SET a = 1")->alias, "x");
  EXPECT_EQ(ParseOne<UpdateStatement>("UPDATE t SET a = 1")->alias, "");

  auto del = ParseOne<DeleteStatement>("DELETE FROM t d USING u, v WHERE d.a = u.a");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->alias, "d");
  EXPECT_EQ(del->using_tables.size(), 2u);
  EXPECT_EQ(Dump(*del->where), "(d.a = u.a)");
  auto bare = ParseOne<DeleteStatement>("DELETE t");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->table, (std::vector<std::string>{"t"}));
  EXPECT_FALSE(bare->where);
}

TEST(ParserTest, Transactions) {
  using Action = TransactionStatement::Action;
  const std::pair<const char*, Action> kCases[] = {
      {"BEGIN", Action::kBegin},
      {"begin transaction", Action::kBegin},
      {"BEGIN WORK", Action::kBegin},
      {"START TRANSACTION", Action::kBegin},
      {"BEGIN ISOLATION LEVEL SERIALIZABLE, READ WRITE", Action::kBegin},
      {"COMMIT", Action::kCommit},
      {"COMMIT WORK", Action::kCommit},
      {"END", Action::kCommit},
      {"END TRANSACTION", Action::kCommit},
      {"ROLLBACK", Action::kRollback},
      {"ROLLBACK TRANSACTION", Action::kRollback},
      {"ABORT", Action::kRollback},
  };
  for (const auto& [sql, action] : kCases) {
    auto stmt = ParseOne<TransactionStatement>(sql);
    ASSERT_TRUE(stmt) << sql;
    EXPECT_EQ(stmt->action, action) << sql;
  }
}

TEST(ParserTest, Explain) {
  auto stmt = ParseOne<ExplainStatement>("EXPLAIN ANALYZE VERBOSE SELECT 1");
  ASSERT_TRUE(stmt);
  EXPECT_TRUE(stmt->analyze);
  EXPECT_TRUE(stmt->verbose);
  ASSERT_TRUE(stmt->statement);
  EXPECT_EQ(stmt->statement->kind, StatementKind::kSelect);
  EXPECT_EQ(stmt->statement->position, 24);
  EXPECT_EQ(stmt->statement->end, 32);
  auto plain = ParseOne<ExplainStatement>("explain delete from t");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->analyze);
  EXPECT_EQ(plain->statement->kind, StatementKind::kDelete);
}

TEST(ParserTest, SetResetShow) {
  auto eq = ParseOne<SetStatement>("SET search_path = mart, public");
  ASSERT_TRUE(eq);
  EXPECT_EQ(eq->name, "search_path");
  EXPECT_EQ(eq->value, "mart, public");
  auto to = ParseOne<SetStatement>("SET SESSION statement_timeout TO '5s'");
  ASSERT_TRUE(to);
  EXPECT_EQ(to->name, "statement_timeout");
  EXPECT_EQ(to->value, "5s");
  EXPECT_EQ(ParseOne<SetStatement>("SET x TO DEFAULT")->value, "default");
  EXPECT_EQ(ParseOne<SetStatement>("SET extra_float_digits = -3")->value, "-3");
  EXPECT_EQ(ParseOne<SetStatement>("SET TIME ZONE 'UTC'")->name, "timezone");
  EXPECT_EQ(ParseOne<SetStatement>("SET a.b = on")->name, "a.b");
  auto reset = ParseOne<SetStatement>("RESET search_path");
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->name, "search_path");
  EXPECT_EQ(reset->value, "default");
  EXPECT_EQ(ParseOne<SetStatement>("RESET ALL")->name, "all");
  EXPECT_EQ(ParseOne<ShowStatement>("SHOW search_path")->name, "search_path");
  EXPECT_EQ(ParseOne<ShowStatement>("SHOW ALL")->name, "all");
  EXPECT_EQ(ParseOne<ShowStatement>("SHOW TIME ZONE")->name, "timezone");
}

TEST(ParserTest, AnalyzeAndVacuum) {
  auto all = ParseOne<AnalyzeStatement>("ANALYZE");
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->table.empty());
  EXPECT_FALSE(all->compression);
  auto one = ParseOne<AnalyzeStatement>("ANALYZE COMPRESSION s.t");
  ASSERT_TRUE(one);
  EXPECT_TRUE(one->compression);
  EXPECT_EQ(one->table, (std::vector<std::string>{"s", "t"}));
  EXPECT_EQ(ParseOne<AnalyzeStatement>("analyze t (a, b)")->table, (std::vector<std::string>{"t"}));
  EXPECT_TRUE(ParseOne<VacuumStatement>("VACUUM")->table.empty());
  EXPECT_EQ(ParseOne<VacuumStatement>("VACUUM t")->table, (std::vector<std::string>{"t"}));
  EXPECT_EQ(ParseOne<VacuumStatement>("VACUUM DELETE ONLY t TO 75 PERCENT BOOST")->table,
            (std::vector<std::string>{"t"}));
  EXPECT_TRUE(ParseOne<VacuumStatement>("VACUUM FULL")->table.empty());
}

// ---------------------------------------------------------------------------------------
// Errors: the message names the token and what was expected; the position is its offset.

TEST(ParserTest, ExpressionErrors) {
  ExpectError("SELECT FROM t", "syntax error at or near \"FROM\": expected an expression", 7);
  ExpectError("SELECT 1 +", "syntax error at end of input: expected an expression", 10);
  ExpectError("SELECT (1 + 2", "syntax error at end of input: expected \")\"", 13);
  ExpectError("SELECT f(1, 2", "syntax error at end of input: expected \")\"", 13);
  ExpectError("SELECT CASE END", "syntax error at or near \"END\": expected \"WHEN\"", 12);
  ExpectError("SELECT CASE WHEN a THEN b",
              "syntax error at end of input: expected \"WHEN\", \"ELSE\" or \"END\"", 25);
  ExpectError("SELECT CASE WHEN a b", "syntax error at or near \"b\": expected \"THEN\"", 19);
  ExpectError("SELECT CAST(a b)", "syntax error at or near \"b\": expected \"AS\"", 14);
  ExpectError("SELECT CAST(a AS 1)", "syntax error at or near \"1\": expected a type name", 17);
  ExpectError("SELECT a::varchar(x)",
              "syntax error at or near \"x\": expected an integer type modifier", 18);
  ExpectError("SELECT a IS 5",
              "syntax error at or near \"5\": expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM "
              "after IS",
              12);
  ExpectError("SELECT a BETWEEN 1 OR 2", "syntax error at or near \"OR\": expected \"AND\"", 19);
  ExpectError("SELECT a IN 1", "syntax error at or near \"1\": expected \"(\" after IN", 12);
  ExpectError("SELECT EXISTS (1)",
              "syntax error at or near \"1\": expected a subquery (SELECT ...)", 15);
  ExpectError("SELECT a = ANY (1)",
              "syntax error at or near \"1\": expected a subquery (SELECT ...)", 16);
  ExpectError("SELECT EXTRACT(1 FROM x)",
              "syntax error at or near \"1\": expected a date part such as YEAR", 15);
  ExpectError("SELECT EXTRACT(year x)", "syntax error at or near \"x\": expected \"FROM\"", 20);
  ExpectError("SELECT POSITION(a, b)", "syntax error at or near \",\": expected \"IN\"", 17);
  ExpectError("SELECT t.", "syntax error at end of input: expected a name after \".\"", 9);
  ExpectError("SELECT a.b.c.d",
              "syntax error at or near \"d\": expected a column name with at most 3 parts", 13);
  ExpectError("SELECT f(x) OVER (ROWS 1)",
              "syntax error at or near \")\": expected PRECEDING or FOLLOWING", 24);
  ExpectError("SELECT f(x) OVER (ROWS UNBOUNDED x)",
              "syntax error at or near \"x\": expected PRECEDING or FOLLOWING", 33);
  ExpectError("SELECT f(x) OVER (ORDER x)", "syntax error at or near \"x\": expected \"BY\"", 24);
  ExpectError("SELECT f(x) WITHIN GROUP (x)", "syntax error at or near \"x\": expected \"ORDER\"",
              26);
  ExpectError("SELECT a IS DISTINCT x", "syntax error at or near \"x\": expected \"FROM\"", 21);
  ExpectError("SELECT a SIMILAR x", "syntax error at or near \"x\": expected \"TO\"", 17);
  ExpectError("SELECT ORDER BY 1 NULLS x",
              "syntax error at or near \"ORDER\": expected an expression", 7);
  ExpectError("SELECT 1 ORDER BY 1 NULLS x",
              "syntax error at or near \"x\": expected FIRST or LAST", 26);
  ExpectError("SELECT (a, b)", "syntax error at or near \",\": expected \")\"", 9);
}

TEST(ParserTest, QueryErrors) {
  ExpectError("SELECT 1 2", "syntax error at or near \"2\": expected \";\" or end of input", 9);
  ExpectError("SELECT * FROM", "syntax error at end of input: expected a table name", 13);
  ExpectError("SELECT * FROM t WHERE", "syntax error at end of input: expected an expression", 21);
  ExpectError("SELECT * FROM a JOIN b", "syntax error at end of input: expected ON or USING", 22);
  ExpectError("SELECT * FROM a LEFT b", "syntax error at or near \"b\": expected \"JOIN\"", 21);
  ExpectError("SELECT * FROM (SELECT 1", "syntax error at end of input: expected \")\"", 23);
  ExpectError("SELECT 1 GROUP a", "syntax error at or near \"a\": expected \"BY\"", 15);
  ExpectError("SELECT 1 UNION", "syntax error at end of input: expected SELECT, VALUES or \"(\"",
              14);
  ExpectError("WITH a (SELECT 1) SELECT 1",
              "syntax error at or near \"SELECT\": expected a column name", 8);
  ExpectError("WITH a SELECT 1", "syntax error at or near \"SELECT\": expected \"AS\"", 7);
  ExpectError("WITH AS (SELECT 1) SELECT 1",
              "syntax error at or near \"AS\": expected a name for the WITH query", 5);
  ExpectError("SELECT 1 FROM t WINDOW w (x)", "syntax error at or near \"(\": expected \"AS\"", 25);
  ExpectError(
      "SELECT DISTINCT ON (a) a FROM t",
      "syntax error at or near \"ON\": expected a select list (DISTINCT ON is not supported)", 16);
  ExpectError("VALUES 1", "syntax error at or near \"1\": expected \"(\"", 7);
  ExpectError("SELECT a FROM t LIMIT", "syntax error at end of input: expected an expression", 21);
  ExpectError("SELECT a FROM t FETCH FIRST 1 ONLY",
              "syntax error at or near \"ONLY\": expected \"ROW\"", 30);
}

TEST(ParserTest, StatementErrors) {
  ExpectError("FOO",
              "syntax error at or near \"FOO\": expected a statement (SELECT, INSERT, UPDATE, "
              "DELETE, COPY, CREATE, DROP, ...)",
              0);
  ExpectError("SELECT 1; FOO",
              "syntax error at or near \"FOO\": expected a statement (SELECT, INSERT, UPDATE, "
              "DELETE, COPY, CREATE, DROP, ...)",
              10);
  ExpectError(
      "CREATE INDEX i",
      "syntax error at or near \"INDEX\": expected TABLE, VIEW, MATERIALIZED VIEW or SCHEMA", 7);
  ExpectError(
      "CREATE OR REPLACE TABLE t (a int)",
      "syntax error at or near \"TABLE\": expected VIEW or MATERIALIZED VIEW after OR REPLACE", 18);
  ExpectError("CREATE TEMP SCHEMA s",
              "syntax error at or near \"SCHEMA\": expected TABLE after TEMPORARY", 12);
  ExpectError("CREATE TABLE t", "syntax error at end of input: expected \"(\" or AS", 14);
  ExpectError("CREATE TABLE t (a, b)", "syntax error at end of input: expected AS", 21);
  ExpectError("CREATE TABLE t (a int,)",
              "syntax error at or near \")\": expected a column definition or a table constraint",
              22);
  ExpectError("CREATE TABLE t (a)", "syntax error at end of input: expected AS", 18);
  ExpectError("CREATE TABLE t (a int b)", "syntax error at or near \"b\": expected \")\"", 22);
  ExpectError(
      "CREATE TABLE t (select int)",
      "syntax error at or near \"select\": expected a column definition or a table constraint", 16);
  ExpectError("CREATE TABLE t (a int identity(1))", "syntax error at or near \")\": expected \",\"",
              32);
  ExpectError("CREATE TABLE t (a int generated always identity)",
              "syntax error at or near \"identity\": expected \"AS\"", 39);
  ExpectError("CREATE TABLE t (a int) diststyle odd",
              "syntax error at or near \"odd\": expected AUTO, EVEN, KEY or ALL", 33);
  ExpectError("CREATE TABLE t (a int) sortkey",
              "syntax error at end of input: expected \"(\" or AUTO", 30);
  ExpectError("CREATE TABLE t (a int) backup maybe",
              "syntax error at or near \"maybe\": expected YES or NO", 30);
  ExpectError("CREATE TABLE t (primary (a))", "syntax error at or near \"(\": expected \"KEY\"",
              24);
  ExpectError("CREATE TABLE t (foreign key (a) d)",
              "syntax error at or near \"d\": expected \"REFERENCES\"", 32);
  ExpectError("CREATE TABLE t (a int constraint c check (a > 0))",
              "syntax error at or near \"check\": expected a column constraint", 35);
  ExpectError("CREATE TABLE t (LIKE u INCLUDING x)",
              "syntax error at or near \"x\": expected \"DEFAULTS\"", 33);
  ExpectError("CREATE VIEW v SELECT 1", "syntax error at or near \"SELECT\": expected \"AS\"", 14);
  ExpectError("CREATE VIEW v AS SELECT 1 WITH SCHEMA",
              "syntax error at or near \"SCHEMA\": expected \"NO\"", 31);
  ExpectError("CREATE MATERIALIZED VIEW v AUTO REFRESH x AS SELECT 1",
              "syntax error at or near \"x\": expected YES or NO", 40);
  ExpectError("CREATE MATERIALIZED v AS SELECT 1",
              "syntax error at or near \"v\": expected \"VIEW\"", 20);
  ExpectError("CREATE SCHEMA", "syntax error at end of input: expected a schema name", 13);
  ExpectError(
      "DROP INDEX i",
      "syntax error at or near \"INDEX\": expected TABLE, VIEW, MATERIALIZED VIEW or SCHEMA", 5);
  ExpectError("DROP TABLE a,", "syntax error at end of input: expected a name", 13);
  ExpectError("ALTER VIEW v", "syntax error at or near \"VIEW\": expected \"TABLE\"", 6);
  ExpectError("ALTER TABLE t SET x",
              "syntax error at or near \"SET\": expected ADD, DROP or RENAME", 14);
  ExpectError("ALTER TABLE t RENAME a b", "syntax error at or near \"b\": expected \"TO\"", 23);
  ExpectError("TRUNCATE", "syntax error at end of input: expected a table name", 8);
  ExpectError("INSERT t VALUES (1)", "syntax error at or near \"t\": expected \"INTO\"", 7);
  ExpectError("INSERT INTO t",
              "syntax error at end of input: expected VALUES, SELECT or DEFAULT VALUES", 13);
  ExpectError("INSERT INTO t (a,) VALUES (1)",
              "syntax error at or near \")\": expected a column name", 17);
  ExpectError("UPDATE t a = 1", "syntax error at or near \"=\": expected \"SET\"", 11);
  ExpectError("UPDATE t SET a 1", "syntax error at or near \"1\": expected \"=\"", 15);
  ExpectError("DELETE FROM", "syntax error at end of input: expected a table name", 11);
  ExpectError("START", "syntax error at end of input: expected \"TRANSACTION\"", 5);
  ExpectError("BEGIN ISOLATION LEVEL x", "syntax error at or near \"x\": expected \"SERIALIZABLE\"",
              22);
  ExpectError("EXPLAIN",
              "syntax error at end of input: expected a statement (SELECT, INSERT, UPDATE, DELETE, "
              "COPY, CREATE, DROP, ...)",
              7);
  ExpectError("SET x 1", "syntax error at or near \"1\": expected \"=\" or TO", 6);
  ExpectError("SET x =", "syntax error at end of input: expected a setting value", 7);
  ExpectError("SET x = -y", "syntax error at or near \"y\": expected a setting value", 9);
  ExpectError("RESET", "syntax error at end of input: expected a setting name", 5);
  ExpectError("SHOW 1", "syntax error at or near \"1\": expected a setting name", 5);
  ExpectError("VACUUM t TO x PERCENT", "syntax error at or near \"x\": expected a percentage", 12);
  ExpectError("VACUUM t TO 5", "syntax error at end of input: expected \"PERCENT\"", 13);
  ExpectError("SELECT a FROM s.t.u.v",
              "syntax error at or near \"v\": expected a name with at most 3 parts", 20);
}

TEST(ParserTest, LexerErrorsSurface) {
  ExpectError("SELECT 'abc", "syntax error: unterminated quoted string, expected a closing \"'\"",
              7);
  ExpectError("SELECT 1 /* x", "syntax error: unterminated /* comment, expected \"*/\"", 9);
}

// Parentheses count one level each against the limit of 500, as do the statement's own
// query and select item.
constexpr int kMaxNestingForTest = 490;

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  const int kDeep = 100000;
  std::string parens = "SELECT " + std::string(kDeep, '(') + "1" + std::string(kDeep, ')');
  Result<std::vector<StatementPtr>> result = ParseSql(parens);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("nesting is limited to 500 levels"), std::string::npos);

  std::string minus = "SELECT " + std::string(kDeep, '-') + "1";
  EXPECT_FALSE(ParseSql(minus).ok());
  std::string nots;
  for (int i = 0; i < kDeep; ++i) nots += "NOT ";
  EXPECT_FALSE(ParseSql("SELECT " + nots + "1").ok());
  std::string subqueries;
  for (int i = 0; i < 5000; ++i) subqueries += "SELECT * FROM (";
  EXPECT_FALSE(ParseSql(subqueries + "SELECT 1" + std::string(5000, ')')).ok());
  std::string funcs;
  for (int i = 0; i < 5000; ++i) funcs += "f(";
  EXPECT_FALSE(ParseSql("SELECT " + funcs + "1" + std::string(5000, ')')).ok());

  // Moderate nesting still parses.
  const int kFine = kMaxNestingForTest;
  EXPECT_TRUE(ParseSql("SELECT " + std::string(kFine, '(') + "1" + std::string(kFine, ')')).ok());
  std::string nested_queries;
  for (int i = 0; i < 100; ++i) nested_queries += "SELECT * FROM (";
  EXPECT_TRUE(ParseSql(nested_queries + "SELECT 1" + std::string(100, ')')).ok());
}

void* ParseDeepInput(void* ok) {
  const int kDepth = kMaxNestingForTest;
  std::string sql = "SELECT " + std::string(kDepth, '(') + "f(1)" + std::string(kDepth, ')');
  Result<std::vector<StatementPtr>> result = ParseSql(sql);
  *static_cast<bool*>(ok) = result.ok() || result.status().code() == StatusCode::kSyntaxError;
  return nullptr;
}

TEST(ParserTest, SmallThreadStackGivesAnErrorNotACrash) {
  pthread_attr_t attributes;
  ASSERT_EQ(pthread_attr_init(&attributes), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attributes, 1024 * 1024), 0);
  pthread_t thread;
  bool answered = false;
  ASSERT_EQ(pthread_create(&thread, &attributes, &ParseDeepInput, &answered), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  EXPECT_TRUE(answered);
}

// ---------------------------------------------------------------------------------------
// The benchmark queries and schemas, and robustness against truncated input.

std::vector<std::filesystem::path> SharedSqlFiles() {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(MARTLET_SHARED_DIR, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sql")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ParserTest, ParsesEveryBenchmarkFile) {
  std::vector<std::filesystem::path> files = SharedSqlFiles();
  EXPECT_GE(files.size(), 37u) << "13 SSB + 22 TPC-H queries + 2 schemas under "
                               << MARTLET_SHARED_DIR;
  for (const auto& path : files) {
    std::string sql = ReadFile(path);
    Result<std::vector<StatementPtr>> result = ParseSql(sql);
    EXPECT_TRUE(result.ok()) << path << ": " << result.status().message() << " at "
                             << result.status().position();
    if (result.ok()) {
      EXPECT_FALSE(result.value().empty()) << path;
    }
  }
}

const char* const kLongQueries[] = {
    "WITH r (a, b) AS (SELECT x, sum(y) OVER (PARTITION BY z ORDER BY w ROWS BETWEEN 1 "
    "PRECEDING AND CURRENT ROW) FROM s.t AS q LEFT JOIN u USING (k) WHERE x NOT IN (1, 2) AND "
    "y BETWEEN 1 AND 10 OR z LIKE 'a%' ESCAPE '!' GROUP BY ROLLUP (x, (y, z)) HAVING count(*) "
    "> 1 QUALIFY rank() OVER w = 1 WINDOW w AS (ORDER BY x)) SELECT DISTINCT TOP 10 "
    "CASE a WHEN 1 THEN 'one' ELSE 'many' END AS c, CAST(b AS DECIMAL(10, 2)), b::text, "
    "EXTRACT(year FROM DATE '2020-01-01' + INTERVAL '3' MONTH), TRIM(BOTH 'x' FROM 'xax'), "
    "SUBSTRING('abc' FROM 1 FOR 2), POSITION('b' IN 'abc'), listagg(a, ',') WITHIN GROUP "
    "(ORDER BY a), APPROXIMATE COUNT(DISTINCT a), $1 FROM r WHERE EXISTS (SELECT 1) AND a = "
    "ANY (SELECT 2) AND b IS NOT DISTINCT FROM 3 UNION ALL SELECT 1, 2, 3, 4, 5, 6, 7, 8, 9, "
    "10 ORDER BY 1 DESC NULLS LAST LIMIT 5 OFFSET 1",
    "CREATE TEMP TABLE IF NOT EXISTS s.t (id BIGINT IDENTITY(1, 1) PRIMARY KEY, name "
    "VARCHAR(MAX) DEFAULT 'x' ENCODE zstd NOT NULL, d DATE REFERENCES dim (k), CONSTRAINT u "
    "UNIQUE (name), FOREIGN KEY (d) REFERENCES dim (k)) DISTSTYLE KEY DISTKEY (id) COMPOUND "
    "SORTKEY (id, d) BACKUP NO; CREATE OR REPLACE VIEW v AS SELECT * FROM t WITH NO SCHEMA "
    "BINDING; INSERT INTO t (id, name) VALUES (1, 'a'), (2, DEFAULT); UPDATE t SET name = "
    "'b' FROM u WHERE t.id = u.id; DELETE FROM t USING u WHERE t.id = u.id; BEGIN; COMMIT; "
    "EXPLAIN ANALYZE SELECT 1; SET search_path TO a, b; SHOW x; ANALYZE COMPRESSION t; "
    "VACUUM t; ALTER TABLE t RENAME COLUMN a TO b; DROP TABLE IF EXISTS t CASCADE",
};

TEST(ParserTest, EveryPrefixParsesOrFailsCleanly) {
  std::vector<std::string> inputs(std::begin(kLongQueries), std::end(kLongQueries));
  for (const auto& path : SharedSqlFiles()) {
    if (path.filename() == "q02.sql" || path.filename() == "q08.sql" ||
        path.filename() == "schema.sql") {
      inputs.push_back(ReadFile(path));
    }
  }
  for (const std::string& sql : inputs) {
    for (size_t length = 0; length <= sql.size(); ++length) {
      std::string_view prefix(sql.data(), length);
      Result<std::vector<StatementPtr>> result = ParseSql(prefix);
      if (!result.ok()) {
        EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError);
        EXPECT_GE(result.status().position(), 0);
        EXPECT_LE(result.status().position(), static_cast<int>(length));
        EXPECT_NE(result.status().message().find("expected"), std::string::npos)
            << result.status().message();
      }
    }
    EXPECT_TRUE(ParseSql(sql).ok()) << sql;
  }
}

TEST(ParserTest, DroppedTokensNeverCrash) {
  // Remove each character in turn from a long query: the parser must answer, not crash.
  const std::string sql = kLongQueries[0];
  for (size_t i = 0; i < sql.size(); ++i) {
    std::string mutated = sql.substr(0, i) + sql.substr(i + 1);
    Result<std::vector<StatementPtr>> result = ParseSql(mutated);
    if (!result.ok()) {
      EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError);
    }
  }
}

}  // namespace
}  // namespace martlet::sql
