// CREATE MATERIALIZED VIEW, REFRESH MATERIALIZED VIEW, staleness and AUTO REFRESH.
#include "main/materialized_views.hpp"

#include <set>

#include "main/system_views.hpp"
#include "main/table_rows.hpp"
#include "sql/parser.hpp"

namespace martlet {

namespace {

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

// The stored tables `plan` reads, each once, in the order first met.
std::vector<std::shared_ptr<const TableEntry>> BaseTables(const PlanNode& plan) {
  std::vector<std::shared_ptr<const TableEntry>> tables;
  std::set<uint64_t> seen;
  VisitPlan(plan, [&](const PlanNode& node) {
    if (node.kind == PlanKind::kScan && node.table && seen.insert(node.table->id).second) {
      tables.push_back(node.table);
    }
  });
  return tables;
}

bool HasVolatileCall(const BoundExpr* expr) {
  if (!expr) return false;
  if (expr->kind == BoundExprKind::kFunction && expr->function.is_volatile) return true;
  for (const auto& child : expr->children) {
    if (HasVolatileCall(child.get())) return true;
  }
  return false;
}

// Whether `plan` (subqueries included) calls a function whose result changes by itself.
bool CallsVolatileFunction(const PlanNode& plan) {
  bool found = false;
  VisitPlan(plan, [&](const PlanNode& node) {
    found = found || HasVolatileCall(node.predicate.get());
    for (const auto& expr : node.exprs) found = found || HasVolatileCall(expr.get());
    for (const auto& filter : node.scan_filters) found = found || HasVolatileCall(filter.get());
    for (const auto& key : node.group_keys) found = found || HasVolatileCall(key.get());
    for (const auto& call : node.aggregates) {
      for (const auto& arg : call.args) found = found || HasVolatileCall(arg.get());
    }
    for (const auto& row : node.rows) {
      for (const auto& expr : row) found = found || HasVolatileCall(expr.get());
    }
  });
  return found;
}

// An error from the view's own query: its position is in the view's text, not the statement's.
Status RefreshError(const TableEntry& view, const Status& status, int position) {
  return Status(
      status.code(),
      "materialized view " + Quoted(view.name) + " cannot be refreshed: " + status.message(),
      position);
}

Result<PlanPtr> BindViewQuery(ConnectionImpl& connection, const TableEntry& view, int position) {
  auto parsed = sql::ParseSql(view.materialized_view->sql);
  if (!parsed.ok()) return RefreshError(view, parsed.status(), position);
  if (parsed->size() != 1 || parsed->front()->kind != sql::StatementKind::kSelect) {
    return Status(StatusCode::kCorruption,
                  "the query of materialized view " + Quoted(view.name) + " is not a SELECT");
  }
  const auto& select = static_cast<const sql::SelectStatement&>(*parsed->front());
  SystemViews views(connection.transaction());
  Binder binder = connection.MakeBinder(&views);
  Result<PlanPtr> plan = binder.BindQuery(*select.query);
  if (!plan.ok()) return RefreshError(view, plan.status(), position);
  return plan;
}

Status CheckColumnsUnchanged(const TableEntry& view, const PlanNode& plan, int position) {
  const auto& aliases = view.materialized_view->column_aliases;
  bool same = plan.width() == view.columns.size();
  for (size_t c = 0; same && c < plan.width(); c++) {
    same = plan.types[c] == view.columns[c].type || plan.types[c].id() == TypeId::kNull;
    // Unaliased columns keep their query's names: a renamed or dropped base column shows.
    if (c >= aliases.size()) same = same && plan.names[c] == view.columns[c].name;
  }
  if (same) return Status::Ok();
  return Status(StatusCode::kInvalidInput,
                "materialized view " + Quoted(view.name) +
                    " cannot be refreshed: its query now returns different columns (a base table "
                    "was altered); "
                    "drop it and create it again",
                position);
}

Status CheckBaseTables(const std::vector<std::shared_ptr<const TableEntry>>& bases, int position) {
  for (const auto& base : bases) {
    if (base->temporary) {
      return Status(StatusCode::kInvalidInput,
                    "a materialized view cannot read temporary table " + Quoted(base->name),
                    position);
    }
  }
  return Status::Ok();
}

// Recomputes the rows; `position` is the statement's.
Status Recompute(ConnectionImpl& connection, const TableEntry& view, int position) {
  Transaction& transaction = connection.transaction();
  ASSIGN_OR_RETURN(PlanPtr plan, BindViewQuery(connection, view, position));
  RETURN_IF_ERROR(CheckColumnsUnchanged(view, *plan, position));
  std::vector<std::shared_ptr<const TableEntry>> bases = BaseTables(*plan);
  RETURN_IF_ERROR(CheckBaseTables(bases, position));
  // The old rows go first and the new ones stream in; a failure fails the statement, whose
  // rollback brings the old rows back.
  RETURN_IF_ERROR(transaction.Truncate(view));
  std::vector<int> columns;
  for (size_t c = 0; c < view.columns.size(); c++) columns.push_back(static_cast<int>(c));
  Result<size_t> inserted = InsertQueryRows(connection, view, columns, *plan);
  if (!inserted.ok()) return RefreshError(view, inserted.status(), position);

  std::vector<MaterializedViewInfo::BaseTable> base_tables;
  std::vector<uint64_t> base_ids;
  for (const auto& base : bases) {
    base_tables.push_back({base->schema, base->name, base->id});
    base_ids.push_back(base->id);
  }
  const auto& old_bases = view.materialized_view->base_tables;
  bool bases_changed = old_bases.size() != base_tables.size();
  for (size_t i = 0; !bases_changed && i < old_bases.size(); i++) {
    bases_changed = old_bases[i].id != base_tables[i].id ||
                    old_bases[i].name != base_tables[i].name ||
                    old_bases[i].schema != base_tables[i].schema;
  }
  // The catalog changes only when the base tables do, so that refreshes do not conflict
  // with other sessions' DDL.
  if (bases_changed) {
    auto info = std::make_shared<MaterializedViewInfo>(*view.materialized_view);
    info->base_tables = std::move(base_tables);
    auto entry = std::make_shared<TableEntry>(view);
    entry->materialized_view = std::move(info);
    RETURN_IF_ERROR(transaction.MutableCatalog().PutTable(entry));
  }
  transaction.RecordRefresh(view, base_ids);
  return Status::Ok();
}

Result<std::shared_ptr<const TableEntry>> FindMaterializedView(
    const Transaction& transaction, const std::vector<std::string>& names, int position) {
  auto [schema, name] = Binder::QualifiedName(names);
  auto table = transaction.catalog().FindTable(schema, name);
  if (table && table->materialized_view) return table;
  if (table || transaction.catalog().FindView(schema, name)) {
    return Status(StatusCode::kCatalogError, Quoted(name) + " is not a materialized view",
                  position);
  }
  return Status(StatusCode::kCatalogError, "materialized view " + Quoted(name) + " does not exist",
                position);
}

StatementOutcome Tag(std::string tag) {
  StatementOutcome outcome;
  outcome.tag = std::move(tag);
  return outcome;
}

}  // namespace

bool IsStale(const Transaction& transaction, const TableEntry& view) {
  if (view.materialized_view->volatile_query) return true;
  auto data = transaction.TableDataFor(view.id);
  if (!data) return true;
  for (const auto& [base, version] : data->base_versions) {
    auto current = transaction.TableDataFor(base);
    if (version == 0 || !current || current->version != version) return true;
  }
  return false;
}

Status RefreshMaterializedView(ConnectionImpl& connection, const TableEntry& view) {
  return Recompute(connection, view, -1);
}

Status RefreshStaleViewsRead(ConnectionImpl& connection, const PlanNode& plan) {
  for (const auto& table : BaseTables(plan)) {
    const MaterializedViewInfo* info = table->materialized_view.get();
    if (!info || !info->auto_refresh || !IsStale(connection.transaction(), *table)) continue;
    RETURN_IF_ERROR(RefreshMaterializedView(connection, *table));
  }
  return Status::Ok();
}

std::vector<std::shared_ptr<const TableEntry>> DependentViews(const Catalog& catalog,
                                                              const TableEntry& table) {
  std::vector<std::shared_ptr<const TableEntry>> views;
  for (const auto& [schema_name, schema] : catalog.schemas()) {
    for (const auto& [name, entry] : schema.tables) {
      if (entry->materialized_view && entry->id != table.id &&
          entry->materialized_view->ReadsTable(table.schema, table.name, table.id)) {
        views.push_back(entry);
      }
    }
  }
  return views;
}

Result<StatementOutcome> ExecuteCreateMaterializedView(ConnectionImpl& connection,
                                                       const sql::CreateViewStatement& statement) {
  Transaction& transaction = connection.transaction();
  auto [schema, name] = Binder::QualifiedName(statement.names);
  if (statement.or_replace) {
    return Status(
        StatusCode::kNotSupported,
        "CREATE OR REPLACE MATERIALIZED VIEW is not supported; drop the view and create it again",
        statement.position);
  }
  if (!transaction.catalog().FindSchema(schema)) {
    return Status(StatusCode::kCatalogError, "schema " + Quoted(schema) + " does not exist",
                  statement.position);
  }
  if (transaction.catalog().RelationExists(schema, name)) {
    return Status(StatusCode::kCatalogError, "relation " + Quoted(name) + " already exists",
                  statement.position);
  }
  SystemViews views(transaction);
  Binder binder = connection.MakeBinder(&views);
  ASSIGN_OR_RETURN(PlanPtr plan, binder.BindQuery(*statement.query));
  if (statement.column_aliases.size() > plan->width()) {
    return Status(StatusCode::kBindError,
                  "CREATE MATERIALIZED VIEW specifies more column names than columns",
                  statement.position);
  }
  RETURN_IF_ERROR(CheckBaseTables(BaseTables(*plan), statement.position));
  auto table = std::make_shared<TableEntry>();
  table->schema = schema;
  table->name = name;
  for (size_t i = 0; i < plan->width(); i++) {
    ColumnDefinition column;
    column.name =
        i < statement.column_aliases.size() ? statement.column_aliases[i] : plan->names[i];
    column.type = plan->types[i].id() == TypeId::kNull ? LogicalType::Varchar() : plan->types[i];
    if (table->FindColumn(column.name) >= 0) {
      return Status(
          StatusCode::kCatalogError,
          "column " + Quoted(column.name) + " specified more than once (name the columns with AS)",
          statement.position);
    }
    table->columns.push_back(std::move(column));
  }
  auto info = std::make_shared<MaterializedViewInfo>();
  info->sql = statement.query_text;
  info->column_aliases = statement.column_aliases;
  info->auto_refresh = statement.auto_refresh == "yes";
  info->backup = statement.backup;
  info->volatile_query = CallsVolatileFunction(*plan);
  table->materialized_view = std::move(info);
  table->id = transaction.MutableCatalog().NextTableId();
  RETURN_IF_ERROR(transaction.MutableCatalog().PutTable(table));
  RETURN_IF_ERROR(transaction.CreateTableData(*table));
  RETURN_IF_ERROR(Recompute(connection, *table, statement.position));
  return Tag("CREATE MATERIALIZED VIEW");
}

Result<StatementOutcome> ExecuteSetAutoRefresh(ConnectionImpl& connection,
                                               const sql::AlterTableStatement& statement) {
  Transaction& transaction = connection.transaction();
  ASSIGN_OR_RETURN(auto view, FindMaterializedView(transaction, statement.table, statement.position));
  auto info = std::make_shared<MaterializedViewInfo>(*view->materialized_view);
  info->auto_refresh = statement.new_name == "yes";
  auto entry = std::make_shared<TableEntry>(*view);
  entry->materialized_view = std::move(info);
  RETURN_IF_ERROR(transaction.MutableCatalog().PutTable(entry));
  return Tag("ALTER MATERIALIZED VIEW");
}

Result<StatementOutcome> ExecuteRefreshMaterializedView(
    ConnectionImpl& connection, const sql::RefreshMaterializedViewStatement& statement) {
  ASSIGN_OR_RETURN(auto view, FindMaterializedView(connection.transaction(), statement.names,
                                                   statement.position));
  RETURN_IF_ERROR(Recompute(connection, *view, statement.position));
  return Tag("REFRESH MATERIALIZED VIEW");
}

}  // namespace martlet
