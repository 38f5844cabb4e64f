#include "etl/node_builder.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>

#include "etl/model_query.hpp"
#include "etl/snapshot.hpp"
#include "etl/source_loader.hpp"
#include "etl/sql_text.hpp"
#include "etl/statement_runner.hpp"
#include "etl/text_location.hpp"

namespace martlet::etl {

const char* NodeStatusName(NodeStatus status) {
  switch (status) {
    case NodeStatus::kSuccess:
      return "success";
    case NodeStatus::kError:
      return "error";
    case NodeStatus::kSkipped:
      return "skipped";
  }
  return "error";
}

const char* TestStatusName(TestStatus status) {
  switch (status) {
    case TestStatus::kPass:
      return "pass";
    case TestStatus::kFail:
      return "fail";
    case TestStatus::kWarn:
      return "warn";
    case TestStatus::kError:
      return "error";
    case TestStatus::kSkipped:
      return "skipped";
  }
  return "error";
}

std::string StagingName(const Node& node) { return node.name + "__martlet_new"; }

namespace {

// Builds one model, snapshot, seed or source; errors are values the caller turns into the
// result.
class NodeBuild {
 public:
  NodeBuild(const BuildContext& context, Connection& connection, int node, NodeResult& result)
      : context_(context),
        connection_(connection),
        node_(context.project->nodes[node]),
        index_(node),
        result_(result),
        target_(QuoteRelation(node_.schema, node_.name)),
        staging_(QuoteRelation(node_.schema, StagingName(node_))) {}

  Status Run() {
    switch (node_.kind) {
      case NodeKind::kSeed:
        RETURN_IF_ERROR(BuildSeed());
        RecordSize();
        return Status::Ok();
      case NodeKind::kSource:
        RETURN_IF_ERROR(LoadSource(context_, connection_, node_, result_));
        RecordSize();
        return Status::Ok();
      case NodeKind::kModel:
      case NodeKind::kSnapshot:
        break;
    }
    query_ = std::make_unique<ModelQuery>(*context_.project, index_);
    // pre_sql may create objects in the model's schema.
    RETURN_IF_ERROR(Locked([&] { return CreateSchema(); }));
    RETURN_IF_ERROR(RunHooks(node_.settings.pre_sql, "pre_sql"));
    if (node_.kind == NodeKind::kSnapshot) {
      RETURN_IF_ERROR(BuildSnapshot());
      RETURN_IF_ERROR(RunHooks(node_.settings.post_sql, "post_sql"));
      RecordSize();
      return Status::Ok();
    }
    switch (node_.materialization) {
      case Materialization::kTable:
        RETURN_IF_ERROR(BuildTable());
        break;
      case Materialization::kView:
        RETURN_IF_ERROR(BuildView());
        break;
      case Materialization::kIncremental:
        RETURN_IF_ERROR(BuildIncremental());
        break;
      case Materialization::kMaterializedView:
        RETURN_IF_ERROR(BuildMaterializedView());
        break;
      case Materialization::kEphemeral:
        result_.action = "inline";
        break;
    }
    RETURN_IF_ERROR(RunHooks(node_.settings.post_sql, "post_sql"));
    if (node_.materialization != Materialization::kView &&
        node_.materialization != Materialization::kEphemeral) {
      RecordSize();
    }
    return Status::Ok();
  }

 private:
  // A statement that embeds the model's query: its errors point into the model's file.
  Result<QueryResult> ExecuteModel(const std::string& before, const std::string& after) {
    std::string sql = before + query_->text() + after;
    QueryResult result = connection_.query(sql);
    if (result.ok()) return result;
    if (connection_.in_transaction()) (void)connection_.query("ROLLBACK");
    Status status = result.status();
    int position = status.position();
    int prefix = static_cast<int>(before.size());
    if (position >= prefix && position <= prefix + static_cast<int>(query_->text().size())) {
      int offset = query_->ModelOffset(position - prefix);
      result_.detail = FormatError(Status(status.code(), status.message(), offset), node_.sql);
      return Status(status.code(),
                    FileLocation(node_.file, node_.sql, offset) + ": " + status.message());
    }
    const std::optional<std::string>& filter = node_.settings.incremental_filter;
    size_t filter_at = filter ? after.rfind(*filter) : std::string::npos;
    int filter_start = prefix + static_cast<int>(query_->text().size() + filter_at);
    if (filter_at != std::string::npos && position >= filter_start) {
      return Status(status.code(), node_.file + ": incremental_filter, at character " +
                                       std::to_string(position - filter_start + 1) + ": " +
                                       status.message());
    }
    return Status(status.code(), node_.file + ": " + status.message());
  }

  Status Locked(const std::function<Status()>& work) {
    std::lock_guard<std::mutex> lock(*context_.catalog_mutex);
    return work();
  }

  Status RunHooks(const std::optional<std::vector<std::string>>& hooks, const char* kind) {
    if (!hooks) return Status::Ok();
    for (size_t i = 0; i < hooks->size(); i++) {
      Status status = Locked([&] { return Execute(connection_, (*hooks)[i]).status(); });
      if (!status.ok()) {
        return Status(status.code(), std::string(kind) + " statement " + std::to_string(i + 1) +
                                         " failed: " + status.message());
      }
    }
    return Status::Ok();
  }

  std::string TableAttributes() const {
    const ModelSettings& settings = node_.settings;
    std::string attributes;
    if (settings.diststyle) attributes += " DISTSTYLE " + *settings.diststyle;
    if (settings.distkey) attributes += " DISTKEY (" + QuoteIdentifier(*settings.distkey) + ")";
    if (settings.sortkey && !settings.sortkey->empty()) {
      std::string keys;
      for (const std::string& key : *settings.sortkey)
        keys += (keys.empty() ? "" : ", ") + QuoteIdentifier(key);
      attributes += " SORTKEY (" + keys + ")";
    }
    return attributes;
  }

  Status CreateSchema() {
    return Execute(connection_, "CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(node_.schema))
        .status();
  }

  // An empty staging table with the model's columns (LIMIT 0 reads no rows).
  Status CreateStaging() {
    return Locked([&]() -> Status {
      RETURN_IF_ERROR(CreateSchema());
      RETURN_IF_ERROR(Execute(connection_, "DROP TABLE IF EXISTS " + staging_).status());
      return ExecuteModel("CREATE TABLE " + staging_ + TableAttributes() + " AS SELECT * FROM (\n",
                          "\n) AS martlet_model LIMIT 0")
          .status();
    });
  }

  void DropStaging() {
    (void)Locked([&] { return Execute(connection_, "DROP TABLE IF EXISTS " + staging_).status(); });
  }

  // Replaces the target (whatever kind it is now) with the filled staging table, atomically.
  // Replaces the model's relation by the staging table, atomically. A table whose columns
  // stay the same keeps its identity (its rows are replaced), so materialized views and views
  // built on it stay valid; otherwise the staging table is renamed into its place.
  Status SwapIn(const std::string& existing_type) {
    bool same_columns = false;
    if (!existing_type.empty() && existing_type != "VIEW") {
      ASSIGN_OR_RETURN(std::string old_shape, ColumnShape(target_));
      ASSIGN_OR_RETURN(std::string new_shape, ColumnShape(staging_));
      same_columns = old_shape == new_shape;
    }
    return Locked([&]() -> Status {
      std::vector<std::string> statements;
      if (same_columns) {
        statements.push_back("TRUNCATE " + target_);
        statements.push_back("INSERT INTO " + target_ + " SELECT * FROM " + staging_);
        statements.push_back("DROP TABLE " + staging_);
        return ExecuteAtomically(connection_, statements);
      }
      if (existing_type == "VIEW") statements.push_back("DROP VIEW " + target_);
      if (!existing_type.empty() && existing_type != "VIEW")
        statements.push_back("DROP TABLE " + target_);
      statements.push_back("ALTER TABLE " + staging_ + " RENAME TO " + QuoteIdentifier(node_.name));
      return ExecuteAtomically(connection_, statements);
    });
  }

  // "name type, ..." of a relation's columns, in order.
  Result<std::string> ColumnShape(const std::string& relation) {
    ASSIGN_OR_RETURN(QueryResult shape, Execute(connection_, "SELECT * FROM " + relation + " LIMIT 0"));
    std::string text;
    for (size_t i = 0; i < shape.column_count(); i++) {
      text += shape.column_name(i) + " " + shape.column_type_name(i) + ", ";
    }
    return text;
  }

  Status BuildTable() {
    ASSIGN_OR_RETURN(std::string existing, RelationType(connection_, node_.schema, node_.name));
    result_.action = existing.empty() ? "create table" : "rebuild table";
    RETURN_IF_ERROR(CreateStaging());
    auto filled =
        ExecuteModel("INSERT INTO " + staging_ + " SELECT * FROM (\n", "\n) AS martlet_model");
    if (!filled.ok()) {
      DropStaging();
      return filled.status();
    }
    result_.rows = TagCount(filled.value());
    Status swapped = SwapIn(existing);
    if (!swapped.ok()) DropStaging();
    return swapped;
  }

  Status BuildView() {
    ASSIGN_OR_RETURN(std::string existing, RelationType(connection_, node_.schema, node_.name));
    result_.action = existing.empty() ? "create view" : "replace view";
    return Locked([&]() -> Status {
      RETURN_IF_ERROR(CreateSchema());
      RETURN_IF_ERROR(Execute(connection_, "BEGIN").status());
      if (!existing.empty() && existing != "VIEW") {
        RETURN_IF_ERROR(Execute(connection_, "DROP TABLE " + target_).status());
      }
      RETURN_IF_ERROR(ExecuteModel("CREATE OR REPLACE VIEW " + target_ + " AS\n", "").status());
      return Execute(connection_, "COMMIT").status();
    });
  }

  Status BuildIncremental() {
    ASSIGN_OR_RETURN(std::string existing, RelationType(connection_, node_.schema, node_.name));
    if (existing.empty() || context_.full_refresh || existing == "VIEW") {
      RETURN_IF_ERROR(BuildTable());
      result_.action = context_.full_refresh && !existing.empty() ? "rebuild table (full refresh)"
                                                                  : "create table (first run)";
      return Status::Ok();
    }
    // The model's columns must all be in the table; a new one needs a rebuild.
    auto model_columns = ExecuteModel("SELECT * FROM (\n", "\n) AS martlet_model LIMIT 0");
    if (!model_columns.ok()) return model_columns.status();
    std::vector<std::string> columns;
    for (size_t i = 0; i < model_columns->column_count(); i++)
      columns.push_back(model_columns->column_name(i));
    ASSIGN_OR_RETURN(std::vector<std::string> table_columns,
                     ResultColumns(connection_, "SELECT * FROM " + target_ + " LIMIT 0"));
    for (const std::string& column : columns) {
      if (std::find(table_columns.begin(), table_columns.end(), column) == table_columns.end()) {
        return Status(StatusCode::kInvalidInput,
                      node_.file + ": the model has column \"" + column + "\", which " +
                          node_.relation + " lacks; run with --full-refresh to rebuild it");
      }
    }
    std::string list;
    for (const std::string& column : columns)
      list += (list.empty() ? "" : ", ") + QuoteIdentifier(column);
    std::string filter = node_.settings.incremental_filter
                             ? "\n) AS martlet_model WHERE " + *node_.settings.incremental_filter
                             : "\n) AS martlet_model";
    if (!node_.settings.unique_key || node_.settings.unique_key->empty()) {
      result_.action = "append new rows";
      ASSIGN_OR_RETURN(QueryResult inserted, ExecuteModel("INSERT INTO " + target_ + " (" + list +
                                                              ") SELECT " + list + " FROM (\n",
                                                          filter));
      result_.rows = TagCount(inserted);
      return Status::Ok();
    }
    // Merge: the new rows replace the rows with the same key, in one transaction.
    std::string keys;
    std::string match;
    for (const std::string& key : *node_.settings.unique_key) {
      keys += (keys.empty() ? "" : ", ") + key;
      match += std::string(match.empty() ? "" : " AND ") + "martlet_old." + QuoteIdentifier(key) +
               " = martlet_new." + QuoteIdentifier(key);
    }
    result_.action = "merge on " + keys;
    RETURN_IF_ERROR(CreateStaging());
    auto filled = ExecuteModel("INSERT INTO " + staging_ + " SELECT * FROM (\n", filter);
    if (!filled.ok()) {
      DropStaging();
      return filled.status();
    }
    result_.rows = TagCount(filled.value());
    Status merged = ExecuteAtomically(
        connection_,
        {"DELETE FROM " + target_ + " AS martlet_old USING " + staging_ + " AS martlet_new WHERE " +
             match,
         "INSERT INTO " + target_ + " (" + list + ") SELECT " + list + " FROM " + staging_});
    DropStaging();
    return merged;
  }

  Status BuildMaterializedView() {
    ASSIGN_OR_RETURN(std::string existing, RelationType(connection_, node_.schema, node_.name));
    if (!existing.empty() && !context_.full_refresh) {
      result_.action = "refresh materialized view";
      return Locked(
          [&] { return Execute(connection_, "REFRESH MATERIALIZED VIEW " + target_).status(); });
    }
    result_.action =
        existing.empty() ? "create materialized view" : "recreate materialized view (full refresh)";
    return Locked([&]() -> Status {
      RETURN_IF_ERROR(CreateSchema());
      RETURN_IF_ERROR(Execute(connection_, "BEGIN").status());
      if (!existing.empty())
        RETURN_IF_ERROR(Execute(connection_, "DROP MATERIALIZED VIEW " + target_).status());
      RETURN_IF_ERROR(ExecuteModel("CREATE MATERIALIZED VIEW " + target_ + " AS\n", "").status());
      return Execute(connection_, "COMMIT").status();
    });
  }

  // A snapshot keeps every version of each row (SCD type 2); etl/snapshot.cpp does the work,
  // in one transaction. The model's query is checked first so that its errors point into
  // its file.
  Status BuildSnapshot() {
    RETURN_IF_ERROR(ExecuteModel("SELECT * FROM (\n", "\n) AS martlet_model LIMIT 0").status());
    ASSIGN_OR_RETURN(std::string existing, RelationType(connection_, node_.schema, node_.name));
    const ModelSettings& settings = node_.settings;
    SnapshotSpec spec;
    spec.target = node_.schema + "." + node_.name;
    spec.source_sql = query_->text();
    spec.unique_key = *settings.unique_key;
    spec.strategy = *settings.strategy == "timestamp" ? SnapshotStrategy::kTimestamp : SnapshotStrategy::kCheck;
    if (settings.updated_at) spec.updated_at = *settings.updated_at;
    if (settings.check_cols) spec.check_columns = *settings.check_cols;
    if (settings.surrogate_key) spec.surrogate_key = *settings.surrogate_key;
    spec.invalidate_hard_deletes = settings.invalidate_hard_deletes.value_or(false);
    spec.table_attributes = TableAttributes();
    Result<SnapshotOutcome> outcome = Status::Ok();
    RETURN_IF_ERROR(Locked([&]() -> Status {
      outcome = RunSnapshot(connection_, spec, TimestampNow());
      return outcome.status();
    }));
    result_.rows = outcome->new_versions;
    if (existing.empty()) {
      result_.action = "create snapshot";
    } else {
      result_.action = "snapshot: " + std::to_string(outcome->new_versions) + " new version" +
                       (outcome->new_versions == 1 ? "" : "s") + ", " +
                       std::to_string(outcome->closed_versions) + " closed";
    }
    return Status::Ok();
  }

  Status BuildSeed() {
    ASSIGN_OR_RETURN(std::string existing, RelationType(connection_, node_.schema, node_.name));
    result_.action = existing.empty() ? "create table from seed" : "reload seed";
    std::string columns;
    for (const SeedColumn& column : node_.seed_columns) {
      columns += (columns.empty() ? "" : ", ") + QuoteIdentifier(column.name) + " " + column.type;
    }
    RETURN_IF_ERROR(Locked([&]() -> Status {
      RETURN_IF_ERROR(CreateSchema());
      RETURN_IF_ERROR(Execute(connection_, "DROP TABLE IF EXISTS " + staging_).status());
      auto created = Execute(connection_, "CREATE TABLE " + staging_ + " (" + columns + ")");
      if (!created.ok())
        return Status(created.status().code(), node_.file + ": " + created.status().message());
      return Status::Ok();
    }));
    std::string path = (std::filesystem::path(context_.project->directory) / node_.file).string();
    auto copied = Execute(
        connection_, "COPY " + staging_ + " FROM " + QuoteLiteral(path) + " CSV IGNOREHEADER 1");
    if (!copied.ok()) {
      DropStaging();
      return Status(copied.status().code(), node_.file + ": " + copied.status().message());
    }
    result_.rows = TagCount(copied.value());
    Status swapped = SwapIn(existing);
    if (!swapped.ok()) DropStaging();
    return swapped;
  }

  void RecordSize() {
    auto size = Execute(connection_, "SELECT size FROM svv_table_info WHERE schema = " +
                                         QuoteLiteral(node_.schema) +
                                         " AND \"table\" = " + QuoteLiteral(node_.name));
    if (size.ok() && size->row_count() == 1 && !size->is_null(0, 0)) {
      result_.bytes = std::stoll(size->text(0, 0)) * 1048576;
    }
  }

  const BuildContext& context_;
  Connection& connection_;
  const Node& node_;
  int index_;
  NodeResult& result_;
  std::string target_;
  std::string staging_;
  std::unique_ptr<ModelQuery> query_;
};

}  // namespace

NodeResult BuildNode(const BuildContext& context, Connection& connection, int node) {
  NodeResult result;
  result.node = node;
  result.started = TimestampNow();
  auto start = std::chrono::steady_clock::now();
  Status status = NodeBuild(context, connection, node, result).Run();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.ended = TimestampNow();
  if (!status.ok()) {
    result.status = NodeStatus::kError;
    result.error = status.message();
  }
  return result;
}

}  // namespace martlet::etl
