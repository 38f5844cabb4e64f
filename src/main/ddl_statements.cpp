// CREATE / DROP / ALTER / TRUNCATE of schemas, tables and views.
#include "functions/cast.hpp"
#include "main/connection_impl.hpp"
#include "main/materialized_views.hpp"
#include "main/physical_planner.hpp"
#include "main/system_views.hpp"
#include "main/table_rows.hpp"
#include "planner/expression_binder.hpp"
#include "sql/parser.hpp"
#include "sql/relation_references.hpp"
#include "storage/encoding.hpp"

namespace martlet {

namespace {

StatementOutcome Tag(std::string tag) {
  StatementOutcome outcome;
  outcome.tag = std::move(tag);
  return outcome;
}

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

Status CheckSchemaExists(const Catalog& catalog, const std::string& schema, int position) {
  if (catalog.FindSchema(schema)) return Status::Ok();
  return Status(StatusCode::kCatalogError, "schema " + Quoted(schema) + " does not exist", position);
}

Result<ColumnDefinition> BindColumnDef(ConnectionImpl& connection, const sql::ColumnDef& def) {
  ColumnDefinition column;
  column.name = def.name;
  ASSIGN_OR_RETURN(column.type, TypeFromName(def.type));
  // Redshift stores a TEXT column as VARCHAR(256).
  if (def.type.name == "text") column.type = LogicalType::Varchar(256);
  column.not_null = def.not_null || def.primary_key;
  column.primary_key = def.primary_key;
  column.unique = def.unique;
  if (!def.references.empty()) {
    std::string target;
    for (const auto& part : def.references) target += (target.empty() ? "" : ".") + part;
    column.references = target + "(" + (def.references_columns.empty() ? "" : def.references_columns[0]) + ")";
  }
  if (def.identity) {
    if (!column.type.IsInteger()) {
      return Status(StatusCode::kTypeError,
                    "IDENTITY column " + Quoted(def.name) + " must be SMALLINT, INTEGER or BIGINT",
                    def.position);
    }
    if (def.identity_step == 0) {
      return Status(StatusCode::kInvalidInput, "IDENTITY step must not be zero", def.position);
    }
    column.identity = true;
    column.identity_seed = def.identity_seed;
    column.identity_step = def.identity_step;
    column.not_null = true;
  }
  if (!def.encode.empty()) {
    Result<EncodingChoice> choice = EncodingFromRedshiftName(def.encode);
    if (!choice.ok()) return choice.status().WithPosition(def.position);
    column.encode = def.encode;
  }
  if (def.default_value) {
    // The default must bind on its own and convert to the column's type.
    Scope empty;
    Binder binder = connection.MakeBinder(nullptr);
    Result<BoundExprPtr> bound = binder.BindExpression(*def.default_value, empty);
    if (!bound.ok()) return bound.status();
    Result<BoundExprPtr> cast = binder.CastTo(std::move(bound).value(), column.type);
    if (!cast.ok()) return cast.status().WithPosition(def.default_value->position);
    column.default_sql = def.default_text;
  }
  return column;
}

Status ApplyConstraints(const sql::CreateTableStatement& statement, TableEntry& table) {
  for (const auto& constraint : statement.constraints) {
    for (const auto& name : constraint.columns) {
      int index = table.FindColumn(name);
      if (index < 0) {
        return Status(StatusCode::kBindError,
                      "column " + Quoted(name) + " named in key does not exist", constraint.position);
      }
      if (constraint.kind == sql::TableConstraint::Kind::kPrimaryKey) {
        table.columns[index].not_null = true;
        table.columns[index].primary_key = true;
      }
    }
    if (constraint.kind != sql::TableConstraint::Kind::kForeignKey) {
      table.unique_keys.push_back(constraint.columns);
    }
  }
  for (const auto& column : table.columns) {
    if (column.primary_key || column.unique) table.unique_keys.push_back({column.name});
  }
  return Status::Ok();
}

Status ApplyAttributes(const sql::CreateTableStatement& statement, TableEntry& table) {
  TableAttributes& attributes = table.attributes;
  if (!statement.diststyle.empty()) attributes.diststyle = statement.diststyle;
  std::string distkey = statement.distkey;
  for (const auto& def : statement.columns) {
    if (def.distkey) distkey = def.name;
    if (def.sortkey) attributes.sortkey.push_back(def.name);
  }
  if (!distkey.empty()) {
    if (table.FindColumn(distkey) < 0) {
      return Status(StatusCode::kBindError, "column " + Quoted(distkey) + " named in DISTKEY does not exist",
                    statement.position);
    }
    if (!statement.diststyle.empty() && statement.diststyle != "key") {
      return Status(StatusCode::kInvalidInput, "DISTKEY requires DISTSTYLE KEY", statement.position);
    }
    attributes.diststyle = "key";
    attributes.distkey = distkey;
  } else if (statement.diststyle == "key") {
    return Status(StatusCode::kInvalidInput, "DISTSTYLE KEY requires a DISTKEY column", statement.position);
  }
  for (const auto& name : statement.sortkey) attributes.sortkey.push_back(name);
  for (const auto& name : attributes.sortkey) {
    if (table.FindColumn(name) < 0) {
      return Status(StatusCode::kBindError, "column " + Quoted(name) + " named in SORTKEY does not exist",
                    statement.position);
    }
  }
  if (!attributes.sortkey.empty()) {
    attributes.sortkey_style = statement.sortkey_style.empty() ? "compound" : statement.sortkey_style;
  }
  return Status::Ok();
}

}  // namespace

Result<StatementOutcome> ExecuteCreateTable(ConnectionImpl& connection,
                                            const sql::CreateTableStatement& statement,
                                            std::vector<std::pair<std::string, std::string>>& temporary) {
  Transaction& transaction = connection.transaction();
  auto [schema, name] = Binder::QualifiedName(statement.names);
  RETURN_IF_ERROR(CheckSchemaExists(transaction.catalog(), schema, statement.position));
  if (transaction.catalog().RelationExists(schema, name)) {
    if (statement.if_not_exists) return Tag("CREATE TABLE");
    return Status(StatusCode::kCatalogError, "relation " + Quoted(name) + " already exists",
                  statement.position);
  }
  auto table = std::make_shared<TableEntry>();
  table->schema = schema;
  table->name = name;
  table->temporary = statement.temporary;
  PlanPtr as_plan;
  if (!statement.like_table.empty()) {
    auto [like_schema, like_name] = Binder::QualifiedName(statement.like_table);
    auto like = transaction.catalog().FindTable(like_schema, like_name);
    if (!like) {
      return Status(StatusCode::kCatalogError, "relation " + Quoted(like_name) + " does not exist",
                    statement.position);
    }
    table->columns = like->columns;
    table->attributes = like->attributes;
    for (auto& column : table->columns) {
      if (!statement.like_including_defaults) column.default_sql.clear();
    }
  }
  for (const auto& def : statement.columns) {
    if (table->FindColumn(def.name) >= 0) {
      return Status(StatusCode::kCatalogError,
                    "column " + Quoted(def.name) + " specified more than once", def.position);
    }
    ASSIGN_OR_RETURN(ColumnDefinition column, BindColumnDef(connection, def));
    table->columns.push_back(std::move(column));
  }
  if (statement.as_query) {
    SystemViews views(transaction);
    Binder binder = connection.MakeBinder(&views);
    ASSIGN_OR_RETURN(PlanPtr plan, binder.BindQuery(*statement.as_query));
    if (statement.as_column_names.size() > plan->width()) {
      return Status(StatusCode::kBindError, "CREATE TABLE AS specifies too many column names",
                    statement.position);
    }
    for (size_t i = 0; i < plan->width(); i++) {
      ColumnDefinition column;
      column.name = i < statement.as_column_names.size() ? statement.as_column_names[i] : plan->names[i];
      column.type = plan->types[i].id() == TypeId::kNull ? LogicalType::Varchar() : plan->types[i];
      if (table->FindColumn(column.name) >= 0) {
        return Status(StatusCode::kCatalogError,
                      "column " + Quoted(column.name) + " specified more than once", statement.position);
      }
      table->columns.push_back(std::move(column));
    }
    as_plan = std::move(plan);
  }
  if (table->columns.empty()) {
    return Status(StatusCode::kBindError, "a table needs at least one column", statement.position);
  }
  RETURN_IF_ERROR(ApplyConstraints(statement, *table));
  RETURN_IF_ERROR(ApplyAttributes(statement, *table));
  table->id = transaction.MutableCatalog().NextTableId();
  RETURN_IF_ERROR(transaction.MutableCatalog().PutTable(table));
  RETURN_IF_ERROR(transaction.CreateTableData(*table));
  if (statement.temporary) temporary.emplace_back(schema, name);
  if (as_plan) {
    std::vector<int> targets;
    for (size_t c = 0; c < table->columns.size(); c++) targets.push_back(static_cast<int>(c));
    ASSIGN_OR_RETURN(size_t inserted, InsertQueryRows(connection, *table, targets, *as_plan));
    return Tag("SELECT " + std::to_string(inserted));
  }
  return Tag("CREATE TABLE");
}

namespace {

// CREATE OR REPLACE VIEW may add columns at the end, but not drop, rename or retype one: the
// views and queries built on it rely on them (PostgreSQL's and Redshift's rule).
Status CheckReplacementColumns(const ViewEntry& old_view, const ViewEntry& new_view, int position) {
  const auto& before = old_view.columns;
  const auto& after = new_view.columns;
  if (after.size() < before.size()) {
    return Status(StatusCode::kCatalogError, "cannot drop columns from view", position);
  }
  for (size_t i = 0; i < before.size(); i++) {
    if (before[i].first != after[i].first) {
      return Status(StatusCode::kCatalogError,
                    "cannot change name of view column " + Quoted(before[i].first) + " to " +
                        Quoted(after[i].first),
                    position);
    }
    if (!(before[i].second == after[i].second)) {
      return Status(StatusCode::kCatalogError,
                    "cannot change data type of view column " + Quoted(before[i].first) + " from " +
                        before[i].second.ToString() + " to " + after[i].second.ToString(),
                    position);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<StatementOutcome> ExecuteCreateView(ConnectionImpl& connection,
                                           const sql::CreateViewStatement& statement) {
  if (statement.materialized) return ExecuteCreateMaterializedView(connection, statement);
  Transaction& transaction = connection.transaction();
  auto [schema, name] = Binder::QualifiedName(statement.names);
  RETURN_IF_ERROR(CheckSchemaExists(transaction.catalog(), schema, statement.position));
  if (transaction.catalog().FindTable(schema, name)) {
    return Status(StatusCode::kCatalogError, "relation " + Quoted(name) + " already exists",
                  statement.position);
  }
  if (transaction.catalog().FindView(schema, name) && !statement.or_replace) {
    return Status(StatusCode::kCatalogError, "relation " + Quoted(name) + " already exists",
                  statement.position);
  }
  SystemViews views(transaction);
  Binder binder = connection.MakeBinder(&views);
  ASSIGN_OR_RETURN(PlanPtr plan, binder.BindQuery(*statement.query));
  if (statement.column_aliases.size() > plan->width()) {
    return Status(StatusCode::kBindError, "CREATE VIEW specifies more column names than columns",
                  statement.position);
  }
  auto view = std::make_shared<ViewEntry>();
  view->schema = schema;
  view->name = name;
  view->sql = statement.query_text;
  view->column_aliases = statement.column_aliases;
  view->schema_binding = !statement.with_no_schema_binding;
  for (size_t i = 0; i < plan->width(); i++) {
    std::string column = i < statement.column_aliases.size() ? statement.column_aliases[i] : plan->names[i];
    view->columns.emplace_back(column, plan->types[i]);
  }
  if (auto old = transaction.catalog().FindView(schema, name)) {
    RETURN_IF_ERROR(CheckReplacementColumns(*old, *view, statement.position));
  }
  RETURN_IF_ERROR(transaction.MutableCatalog().PutView(view));
  return Tag("CREATE VIEW");
}

Result<StatementOutcome> ExecuteCreateSchema(ConnectionImpl& connection,
                                             const sql::CreateSchemaStatement& statement) {
  Status status = connection.transaction().MutableCatalog().CreateSchema(statement.name, statement.if_not_exists);
  if (!status.ok()) return status.WithPosition(statement.position);
  return Tag("CREATE SCHEMA");
}

namespace {

const char* KindName(sql::ObjectKind kind) {
  switch (kind) {
    case sql::ObjectKind::kTable: return "table";
    case sql::ObjectKind::kView: return "view";
    case sql::ObjectKind::kMaterializedView: return "materialized view";
    case sql::ObjectKind::kSchema: return "schema";
  }
  return "relation";
}

const char* DropCommand(sql::ObjectKind kind) {
  switch (kind) {
    case sql::ObjectKind::kTable: return "DROP TABLE";
    case sql::ObjectKind::kView: return "DROP VIEW";
    case sql::ObjectKind::kMaterializedView: return "DROP MATERIALIZED VIEW";
    case sql::ObjectKind::kSchema: return "DROP SCHEMA";
  }
  return "DROP";
}

// The views bound to schema.name: those whose query names it (late-binding views, WITH NO
// SCHEMA BINDING, are not bound).
std::vector<std::shared_ptr<const ViewEntry>> BoundViewsReading(const Catalog& catalog, const std::string& schema,
                                                                const std::string& name) {
  std::vector<std::shared_ptr<const ViewEntry>> readers;
  for (const auto& [schema_name, schema_entry] : catalog.schemas()) {
    for (const auto& [view_name, view] : schema_entry.views) {
      if (!view->schema_binding || (view->schema == schema && view->name == name)) continue;
      Result<std::vector<sql::StatementPtr>> parsed = sql::ParseSql(view->sql);
      if (!parsed.ok() || parsed->size() != 1) continue;
      for (const auto& reference : sql::ReadRelations(*parsed->front())) {
        if (Binder::QualifiedName(reference.names) == std::make_pair(schema, name)) {
          readers.push_back(view);
          break;
        }
      }
    }
  }
  return readers;
}

// Drops the views bound to schema.name (and, in turn, theirs), which only CASCADE allows.
Status DropBoundViews(Transaction& transaction, const std::string& what, const std::string& schema,
                      const std::string& name, bool cascade, int position) {
  for (const auto& view : BoundViewsReading(transaction.catalog(), schema, name)) {
    if (!cascade) {
      return Status(StatusCode::kCatalogError,
                    "cannot drop " + what + " " + Quoted(name) + " because view " + Quoted(view->name) +
                        " depends on it (use CASCADE to drop the view too)",
                    position);
    }
    if (!transaction.catalog().FindView(view->schema, view->name)) continue;  // dropped already
    RETURN_IF_ERROR(DropBoundViews(transaction, "view", view->schema, view->name, cascade, position));
    transaction.MutableCatalog().RemoveView(view->schema, view->name);
  }
  return Status::Ok();
}

// Drops a table or materialized view after the views and materialized views that read it,
// which only CASCADE allows.
Status DropTableAndDependents(Transaction& transaction, const TableEntry& table, bool cascade, int position) {
  for (const auto& view : DependentViews(transaction.catalog(), table)) {
    if (!cascade) {
      return Status(StatusCode::kCatalogError,
                    "cannot drop " + std::string(table.materialized_view ? "materialized view " : "table ") +
                        Quoted(table.name) + " because materialized view " + Quoted(view->name) +
                        " depends on it (use CASCADE to drop the view too)",
                    position);
    }
    if (!transaction.catalog().FindTable(view->schema, view->name)) continue;  // dropped already
    RETURN_IF_ERROR(DropTableAndDependents(transaction, *view, cascade, position));
  }
  RETURN_IF_ERROR(DropBoundViews(transaction, table.materialized_view ? "materialized view" : "table",
                                 table.schema, table.name, cascade, position));
  transaction.DropTableData(table.id);
  transaction.MutableCatalog().RemoveTable(table.schema, table.name);
  return Status::Ok();
}

Status DropRelation(Transaction& transaction, const sql::DropStatement& statement,
                    const std::vector<std::string>& target) {
  auto [schema, name] = Binder::QualifiedName(target);
  const Catalog& catalog = transaction.catalog();
  auto table = catalog.FindTable(schema, name);
  auto view = catalog.FindView(schema, name);
  sql::ObjectKind found = view ? sql::ObjectKind::kView
                               : (table && table->materialized_view ? sql::ObjectKind::kMaterializedView
                                                                    : sql::ObjectKind::kTable);
  if (!table && !view) {
    if (statement.if_exists) return Status::Ok();
    return Status(StatusCode::kCatalogError,
                  std::string(KindName(statement.object)) + " " + Quoted(name) + " does not exist", statement.position);
  }
  if (found != statement.object) {
    return Status(StatusCode::kCatalogError,
                  Quoted(name) + " is not a " + KindName(statement.object) + " (use " + DropCommand(found) + ")",
                  statement.position);
  }
  if (view) {
    RETURN_IF_ERROR(DropBoundViews(transaction, "view", schema, name, statement.cascade, statement.position));
    transaction.MutableCatalog().RemoveView(schema, name);
    return Status::Ok();
  }
  return DropTableAndDependents(transaction, *table, statement.cascade, statement.position);
}

}  // namespace

Result<StatementOutcome> ExecuteDrop(ConnectionImpl& connection, const sql::DropStatement& statement) {
  Transaction& transaction = connection.transaction();
  static const char* kTags[] = {"DROP TABLE", "DROP VIEW", "DROP MATERIALIZED VIEW", "DROP SCHEMA"};
  std::string tag = kTags[static_cast<int>(statement.object)];
  for (const auto& target : statement.targets) {
    if (statement.object == sql::ObjectKind::kSchema) {
      std::vector<uint64_t> dropped;
      Status status = transaction.MutableCatalog().DropSchema(target.back(), statement.if_exists,
                                                              statement.cascade, &dropped);
      if (!status.ok()) return status.WithPosition(statement.position);
      for (uint64_t id : dropped) transaction.DropTableData(id);
      continue;
    }
    RETURN_IF_ERROR(DropRelation(transaction, statement, target));
  }
  return Tag(tag);
}

static Result<std::shared_ptr<const TableEntry>> FindTableOrError(Transaction& transaction,
                                                                  const std::vector<std::string>& names,
                                                                  int position) {
  auto [schema, name] = Binder::QualifiedName(names);
  auto table = transaction.catalog().FindTable(schema, name);
  if (!table) {
    return Status(StatusCode::kCatalogError, "relation " + Quoted(name) + " does not exist", position);
  }
  if (table->materialized_view) return CannotChangeMaterializedView(*table, position);
  return table;
}

Result<StatementOutcome> ExecuteTruncate(ConnectionImpl& connection,
                                         const sql::TruncateStatement& statement) {
  ASSIGN_OR_RETURN(auto table, FindTableOrError(connection.transaction(), statement.table, statement.position));
  RETURN_IF_ERROR(connection.transaction().Truncate(*table));
  return Tag("TRUNCATE TABLE");
}

Result<StatementOutcome> ExecuteAlterTable(ConnectionImpl& connection,
                                           const sql::AlterTableStatement& statement) {
  Transaction& transaction = connection.transaction();
  if (statement.action == sql::AlterTableStatement::Action::kSetAutoRefresh) {
    return ExecuteSetAutoRefresh(connection, statement);
  }
  auto found = FindTableOrError(transaction, statement.table, statement.position);
  if (!found.ok()) {
    if (statement.if_exists) return Tag("ALTER TABLE");
    return found.status();
  }
  auto old_table = found.value();
  auto table = std::make_shared<TableEntry>(*old_table);
  using Action = sql::AlterTableStatement::Action;
  switch (statement.action) {
    case Action::kRenameTable: {
      if (transaction.catalog().RelationExists(table->schema, statement.new_name)) {
        return Status(StatusCode::kCatalogError, "relation " + Quoted(statement.new_name) + " already exists",
                      statement.position);
      }
      transaction.MutableCatalog().RemoveTable(table->schema, table->name);
      table->name = statement.new_name;
      RETURN_IF_ERROR(transaction.MutableCatalog().PutTable(table));
      return Tag("ALTER TABLE");
    }
    case Action::kRenameColumn: {
      int index = table->FindColumn(statement.column_name);
      if (index < 0) {
        return Status(StatusCode::kBindError, "column " + Quoted(statement.column_name) + " does not exist",
                      statement.position);
      }
      if (table->FindColumn(statement.new_name) >= 0) {
        return Status(StatusCode::kCatalogError, "column " + Quoted(statement.new_name) + " already exists",
                      statement.position);
      }
      table->columns[index].name = statement.new_name;
      for (auto& key : table->attributes.sortkey) {
        if (key == statement.column_name) key = statement.new_name;
      }
      if (table->attributes.distkey == statement.column_name) table->attributes.distkey = statement.new_name;
      RETURN_IF_ERROR(transaction.MutableCatalog().PutTable(table));
      return Tag("ALTER TABLE");
    }
    case Action::kAddColumn:
    case Action::kDropColumn:
      return RewriteTableForAlter(connection, *old_table, statement);
    case Action::kSetAutoRefresh:
      break;  // handled above
  }
  return Tag("ALTER TABLE");
}

}  // namespace martlet
