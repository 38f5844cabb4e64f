#include "etl/run_plan.hpp"

#include <algorithm>

#include "etl/dag.hpp"
#include "etl/pipeline_runner.hpp"
#include "etl/postgres_source.hpp"
#include "etl/source_loader.hpp"
#include "etl/statement_runner.hpp"
#include "io/file_system.hpp"

namespace martlet::etl {
namespace {

Result<PlannedNode> PlanModel(const Project& project, Connection& connection, int index,
                              bool full_refresh) {
  const Node& node = project.nodes[index];
  PlannedNode plan;
  plan.node = index;
  ASSIGN_OR_RETURN(std::string existing, RelationType(connection, node.schema, node.name));
  bool exists = !existing.empty();
  std::string missing = "does not exist yet";
  switch (node.materialization) {
    case Materialization::kTable:
      plan.action = exists ? "rebuild table" : "create table";
      plan.reason =
          exists ? "a table model is rebuilt on every run and swapped in atomically" : missing;
      break;
    case Materialization::kView:
      plan.action = exists ? "replace view" : "create view";
      plan.reason = exists ? "a view is replaced on every run" : missing;
      break;
    case Materialization::kIncremental: {
      bool merge = node.settings.unique_key && !node.settings.unique_key->empty();
      if (!exists || full_refresh) {
        plan.action = exists ? "rebuild table" : "create table";
        plan.reason = exists ? "--full-refresh" : missing + " (first run builds the whole table)";
      } else {
        std::string keys;
        if (merge) {
          for (const std::string& key : *node.settings.unique_key)
            keys += (keys.empty() ? "" : ", ") + key;
        }
        plan.action = merge ? "merge new rows on " + keys : "append new rows";
        plan.reason = node.settings.incremental_filter
                          ? "exists; new rows are those where " + *node.settings.incremental_filter
                          : "exists; every row the model returns is new (no incremental_filter)";
      }
      break;
    }
    case Materialization::kEphemeral: {
      std::string readers;
      for (int reader : Downstream(project, index)) {
        readers += (readers.empty() ? "" : ", ") + project.nodes[reader].relation;
      }
      plan.action = "inline";
      plan.reason =
          readers.empty() ? "ephemeral; nothing reads it" : "ephemeral; a CTE in " + readers;
      break;
    }
    case Materialization::kMaterializedView:
      plan.action =
          exists && !full_refresh ? "refresh materialized view" : "create materialized view";
      plan.reason = exists ? (full_refresh ? "--full-refresh" : "exists") : missing;
      break;
  }
  return plan;
}

Result<PlannedNode> PlanSource(const Project& project, Connection& connection, int index,
                               bool full_refresh) {
  const Node& node = project.nodes[index];
  PlannedNode plan;
  plan.node = index;
  if (node.source_kind == SourceKind::kPostgres) {
    ASSIGN_OR_RETURN(std::string existing, RelationType(connection, node.schema, node.name));
    ASSIGN_OR_RETURN(std::string high_water, StoredHighWater(connection, project.name, node));
    plan.action = PostgresSourceAction(node, high_water, !existing.empty(), full_refresh);
    const PostgresSource& source = node.postgres;
    plan.reason = "PostgreSQL " + (source.query.empty() ? source.source_table : "query") +
                  (source.incremental_column.empty()
                       ? ", no incremental_column"
                       : (high_water.empty() || full_refresh
                              ? ", no high-water mark used"
                              : ", high-water mark of " + source.incremental_column));
    return plan;
  }
  auto listed = ListSourceFiles(project.directory, node.source);
  if (!listed.ok()) {
    return Status(listed.status().code(),
                  "source " + node.source_name + ": " + listed.status().message());
  }
  std::vector<SourceFile> files = std::move(listed).value();
  ASSIGN_OR_RETURN(std::vector<SourceFile> loaded,
                   LoadedFiles(connection, project.name, node.source_name));
  size_t fresh = 0;
  for (const SourceFile& file : files) {
    if (full_refresh || !AlreadyLoaded(loaded, file)) fresh++;
  }
  std::string noun = IsS3Url(node.source.path) ? " object" : " file";
  plan.action = (full_refresh ? "reload " : "load ") + std::to_string(fresh) +
                (full_refresh ? "" : " new") + noun + (fresh == 1 ? "" : "s");
  plan.reason = full_refresh
                    ? "--full-refresh ignores the bookmarks"
                    : std::to_string(files.size()) + noun + "(s) match " + node.source.path + ", " +
                          std::to_string(files.size() - fresh) + " loaded before";
  return plan;
}

}  // namespace

Result<std::vector<PlannedNode>> PlanRun(const Project& project, Connection& connection,
                                         const std::vector<std::string>& select,
                                         bool full_refresh) {
  ASSIGN_OR_RETURN(std::vector<bool> selected, SelectNodes(project, select));
  std::vector<PlannedNode> plans;
  for (int index : TopologicalOrder(project)) {
    if (!selected[index]) continue;
    const Node& node = project.nodes[index];
    PlannedNode plan;
    if (node.kind == NodeKind::kSnapshot) {
      ASSIGN_OR_RETURN(std::string existing, RelationType(connection, node.schema, node.name));
      plan.node = index;
      plan.action = existing.empty() ? "create snapshot" : "snapshot changes";
      plan.reason = existing.empty() ? "does not exist yet"
                                     : "a new version for each row whose " +
                                           (*node.settings.strategy == "timestamp"
                                                ? *node.settings.updated_at + " is newer"
                                                : std::string("check_cols changed")) +
                                           ", and for each new key";
    } else if (node.kind == NodeKind::kModel) {
      ASSIGN_OR_RETURN(plan, PlanModel(project, connection, index, full_refresh));
    } else if (node.kind == NodeKind::kSource) {
      ASSIGN_OR_RETURN(plan, PlanSource(project, connection, index, full_refresh));
    } else {
      ASSIGN_OR_RETURN(std::string existing, RelationType(connection, node.schema, node.name));
      plan.node = index;
      plan.action = existing.empty() ? "create table from seed" : "reload seed";
      plan.reason = std::to_string(node.seed_columns.size()) + " columns from " + node.file;
    }
    plans.push_back(plan);
  }
  return plans;
}

}  // namespace martlet::etl
