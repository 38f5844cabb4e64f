#include "etl/postgres_source.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>

#include "etl/source_loader.hpp"
#include "etl/sql_text.hpp"
#include "etl/statement_runner.hpp"

namespace martlet::etl {

namespace {

enum class LoadMode { kReplace, kAppend, kMerge };

LoadMode ModeFor(const Node& node, const std::string& high_water, bool table_exists,
                 bool full_refresh) {
  if (!table_exists || full_refresh || high_water.empty()) return LoadMode::kReplace;
  return node.postgres.unique_key.empty() ? LoadMode::kAppend : LoadMode::kMerge;
}

// The SQL PostgreSQL runs: the source's rows, those above the mark when there is one.
std::string RemoteQuery(const Node& node, LoadMode mode, const std::string& high_water) {
  const PostgresSource& source = node.postgres;
  std::string rows = source.query.empty() ? "SELECT * FROM " + source.source_table : source.query;
  // The query becomes a subquery: a trailing ';' would end it early.
  while (!rows.empty() &&
         (rows.back() == ';' || std::isspace(static_cast<unsigned char>(rows.back()))))
    rows.pop_back();
  if (mode == LoadMode::kReplace) return rows;
  return "SELECT * FROM (" + rows + ") AS martlet_source WHERE " +
         QuoteIdentifier(source.incremental_column) + " > " + QuoteLiteral(high_water);
}

Status SourceError(const Node& node, const Status& status) {
  return Status(status.code(), "source " + node.source_name + ": " + status.message());
}

class PostgresLoad {
 public:
  PostgresLoad(const BuildContext& context, Connection& connection, const Node& node,
               NodeResult& result)
      : context_(context),
        connection_(connection),
        node_(node),
        result_(result),
        target_(QuoteRelation(node.schema, node.name)),
        staging_(QuoteRelation(node.schema, StagingName(node))) {}

  Status Run() {
    ASSIGN_OR_RETURN(std::string conninfo, SourceConninfo(node_));
    ASSIGN_OR_RETURN(std::string existing, RelationType(connection_, node_.schema, node_.name));
    ASSIGN_OR_RETURN(std::string high_water,
                     StoredHighWater(connection_, context_.project->name, node_));
    LoadMode mode = ModeFor(node_, high_water, !existing.empty(), context_.full_refresh);
    result_.action =
        PostgresSourceAction(node_, high_water, !existing.empty(), context_.full_refresh);
    std::string rows = "SELECT * FROM postgres_query(" + QuoteLiteral(conninfo) + ", " +
                       QuoteLiteral(RemoteQuery(node_, mode, high_water)) + ")";
    RETURN_IF_ERROR(Locked([&]() -> Status {
      RETURN_IF_ERROR(EnsureBookmarkTable(connection_));
      RETURN_IF_ERROR(
          Execute(connection_, "CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(node_.schema))
              .status());
      RETURN_IF_ERROR(Execute(connection_, "DROP TABLE IF EXISTS " + staging_).status());
      auto created = Execute(connection_, "CREATE TABLE " + staging_ + " AS " + rows + " LIMIT 0");
      return created.ok() ? Status::Ok() : SourceError(node_, created.status());
    }));
    Status loaded = Load(mode, rows, high_water, existing);
    if (!loaded.ok()) {
      (void)Locked(
          [&] { return Execute(connection_, "DROP TABLE IF EXISTS " + staging_).status(); });
    }
    return loaded;
  }

 private:
  Status Locked(const std::function<Status()>& work) {
    std::lock_guard<std::mutex> lock(*context_.catalog_mutex);
    return work();
  }

  Status Load(LoadMode mode, const std::string& rows, const std::string& old_high_water,
              const std::string& existing) {
    auto filled = Execute(connection_, "INSERT INTO " + staging_ + " " + rows);
    if (!filled.ok()) return SourceError(node_, filled.status());
    result_.rows = TagCount(filled.value());
    std::string high_water = old_high_water;
    const std::string& column = node_.postgres.incremental_column;
    if (!column.empty()) {
      auto greatest =
          Execute(connection_, "SELECT max(" + QuoteIdentifier(column) + ") FROM " + staging_);
      if (!greatest.ok()) {
        return SourceError(node_, Status(greatest.status().code(),
                                         "incremental_column: " + greatest.status().message()));
      }
      if (!greatest->is_null(0, 0)) high_water = greatest->text(0, 0);
      if (mode == LoadMode::kReplace && greatest->is_null(0, 0)) high_water.clear();
    }
    ASSIGN_OR_RETURN(std::vector<std::string> statements, Statements(mode, existing));
    std::string where = " WHERE pipeline = " + QuoteLiteral(context_.project->name) +
                        " AND source = " + QuoteLiteral(node_.source_name);
    statements.push_back("DELETE FROM martlet_bookmarks" + where);
    if (!high_water.empty()) {
      statements.push_back(InsertBookmark(context_.project->name, node_.source_name,
                                          {column, 0, 0, "", high_water}, context_.run_id));
    }
    std::lock_guard<std::mutex> catalog(*context_.catalog_mutex);
    std::lock_guard<std::mutex> bookmarks(*context_.bookmarks_mutex);
    return ExecuteAtomically(connection_, statements);
  }

  // The statements that put the staging table's rows in place.
  Result<std::vector<std::string>> Statements(LoadMode mode, const std::string& existing) {
    if (mode == LoadMode::kReplace) {
      std::vector<std::string> statements;
      if (existing == "VIEW") statements.push_back("DROP VIEW " + target_);
      if (!existing.empty() && existing != "VIEW") statements.push_back("DROP TABLE " + target_);
      statements.push_back("ALTER TABLE " + staging_ + " RENAME TO " + QuoteIdentifier(node_.name));
      return statements;
    }
    ASSIGN_OR_RETURN(std::vector<std::string> columns,
                     ResultColumns(connection_, "SELECT * FROM " + staging_ + " LIMIT 0"));
    ASSIGN_OR_RETURN(std::vector<std::string> table_columns,
                     ResultColumns(connection_, "SELECT * FROM " + target_ + " LIMIT 0"));
    for (const std::string& column : columns) {
      if (std::find(table_columns.begin(), table_columns.end(), column) == table_columns.end()) {
        return Status(StatusCode::kInvalidInput,
                      "source " + node_.source_name + ": PostgreSQL returns column \"" + column +
                          "\", which " + node_.relation +
                          " lacks; run with --full-refresh to rebuild it");
      }
    }
    std::string list;
    for (const std::string& column : columns)
      list += (list.empty() ? "" : ", ") + QuoteIdentifier(column);
    std::vector<std::string> statements;
    if (mode == LoadMode::kMerge) {
      std::string match;
      for (const std::string& key : node_.postgres.unique_key) {
        match += std::string(match.empty() ? "" : " AND ") + "martlet_old." + QuoteIdentifier(key) +
                 " = martlet_new." + QuoteIdentifier(key);
      }
      statements.push_back("DELETE FROM " + target_ + " AS martlet_old USING " + staging_ +
                           " AS martlet_new WHERE " + match);
    }
    statements.push_back("INSERT INTO " + target_ + " (" + list + ") SELECT " + list + " FROM " +
                         staging_);
    statements.push_back("DROP TABLE " + staging_);
    return statements;
  }

  const BuildContext& context_;
  Connection& connection_;
  const Node& node_;
  NodeResult& result_;
  std::string target_;
  std::string staging_;
};

}  // namespace

Result<std::string> SourceConninfo(const Node& node) {
  const PostgresSource& source = node.postgres;
  if (source.conninfo_env.empty()) return source.conninfo;
  const char* value = std::getenv(source.conninfo_env.c_str());
  if (value == nullptr || *value == '\0') {
    return Status(StatusCode::kInvalidInput, "source " + node.source_name +
                                                 ": postgres_env names " + source.conninfo_env +
                                                 ", which is not set");
  }
  return std::string(value);
}

Result<std::string> StoredHighWater(Connection& connection, const std::string& pipeline,
                                    const Node& node) {
  const std::string& column = node.postgres.incremental_column;
  if (column.empty()) return std::string();
  ASSIGN_OR_RETURN(std::string type, RelationType(connection, "public", "martlet_bookmarks"));
  if (type.empty()) return std::string();
  ASSIGN_OR_RETURN(std::vector<std::string> columns,
                   ResultColumns(connection, "SELECT * FROM martlet_bookmarks LIMIT 0"));
  if (std::find(columns.begin(), columns.end(), "high_water") == columns.end())
    return std::string();
  // The mark belongs to its column: a source that changes incremental_column starts over.
  ASSIGN_OR_RETURN(
      QueryResult result,
      Execute(connection,
              "SELECT high_water FROM martlet_bookmarks WHERE pipeline = " +
                  QuoteLiteral(pipeline) + " AND source = " + QuoteLiteral(node.source_name) +
                  " AND file = " + QuoteLiteral(column) + " AND high_water IS NOT NULL"));
  if (result.row_count() == 0) return std::string();
  return result.text(0, 0);
}

std::string PostgresSourceAction(const Node& node, const std::string& high_water, bool table_exists,
                                 bool full_refresh) {
  const PostgresSource& source = node.postgres;
  switch (ModeFor(node, high_water, table_exists, full_refresh)) {
    case LoadMode::kReplace:
      if (!table_exists) return "create table from PostgreSQL";
      if (full_refresh) return "reload all rows (full refresh)";
      return "reload all rows";
    case LoadMode::kAppend:
      return "append rows with " + source.incremental_column + " > " + high_water;
    case LoadMode::kMerge: {
      std::string keys;
      for (const std::string& key : source.unique_key) keys += (keys.empty() ? "" : ", ") + key;
      return "merge rows with " + source.incremental_column + " > " + high_water + " on " + keys;
    }
  }
  return "";
}

Status LoadPostgresSource(const BuildContext& context, Connection& connection, const Node& node,
                          NodeResult& result) {
  return PostgresLoad(context, connection, node, result).Run();
}

}  // namespace martlet::etl
