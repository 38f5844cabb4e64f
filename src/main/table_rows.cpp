#include "main/table_rows.hpp"

#include "exec/expression_executor.hpp"
#include "functions/cast.hpp"
#include "main/physical_planner.hpp"
#include "planner/expression_binder.hpp"
#include "sql/parser.hpp"

namespace martlet {

Status CannotChangeMaterializedView(const TableEntry& view, int position) {
  return Status(StatusCode::kCatalogError,
                "cannot change materialized view \"" + view.name + "\" (REFRESH MATERIALIZED VIEW recomputes its rows)",
                position);
}

Result<std::shared_ptr<const TableEntry>> TargetTable(ConnectionImpl& connection,
                                                      const std::vector<std::string>& names,
                                                      int position) {
  auto [schema, name] = Binder::QualifiedName(names);
  auto table = connection.transaction().catalog().FindTable(schema, name);
  if (table && table->materialized_view) return CannotChangeMaterializedView(*table, position);
  if (table) return table;
  if (connection.transaction().catalog().FindView(schema, name)) {
    return Status(StatusCode::kCatalogError, "cannot change view \"" + name + "\"", position);
  }
  return Status(StatusCode::kCatalogError, "relation \"" + name + "\" does not exist", position);
}

bool AssignmentCastAllowed(const BoundExpr& expr, const LogicalType& to) {
  const LogicalType& from = expr.type;
  // Text converts to any type on assignment, as Redshift allows (bad text fails at run time).
  if (from == to || from.id() == TypeId::kNull || expr.untyped_literal || from.IsString()) return true;
  if (CanCastImplicitly(from, to)) return true;
  if (from.IsNumeric() && to.IsNumeric()) return true;
  if (to.IsString()) return true;
  if (from.IsTemporal() && to.IsTemporal()) return true;
  return false;
}

Result<BoundExprPtr> AssignTo(Binder& binder, BoundExprPtr expr, const ColumnDefinition& column) {
  if (!AssignmentCastAllowed(*expr, column.type)) {
    return Status(StatusCode::kTypeError,
                  "column \"" + column.name + "\" is of type " + column.type.ToString() +
                      " but expression is of type " + expr->type.ToString(),
                  expr->position);
  }
  if (expr->type == column.type) return expr;
  if (expr->kind == BoundExprKind::kConstant) return binder.CastTo(std::move(expr), column.type);
  int position = expr->position;
  auto cast = std::make_unique<BoundExpr>();
  cast->kind = BoundExprKind::kCast;
  cast->type = column.type;
  cast->position = position;
  cast->children.push_back(std::move(expr));
  return cast;
}

static void VisitExpr(const BoundExpr* expr, const std::function<void(const PlanNode&)>& visit) {
  if (!expr) return;
  if (expr->subquery) VisitPlan(*expr->subquery, visit);
  for (const auto& child : expr->children) VisitExpr(child.get(), visit);
}

void VisitPlan(const PlanNode& plan, const std::function<void(const PlanNode&)>& visit) {
  visit(plan);
  for (const auto& filter : plan.scan_filters) VisitExpr(filter.get(), visit);
  VisitExpr(plan.predicate.get(), visit);
  for (const auto& expr : plan.exprs) VisitExpr(expr.get(), visit);
  for (const auto& key : plan.group_keys) VisitExpr(key.get(), visit);
  for (const auto& call : plan.aggregates) {
    for (const auto& arg : call.args) VisitExpr(arg.get(), visit);
  }
  for (const auto& row : plan.rows) {
    for (const auto& expr : row) VisitExpr(expr.get(), visit);
  }
  for (const auto& child : plan.children) VisitPlan(*child, visit);
}

bool PlanReadsTable(const PlanNode& plan, uint64_t table_id) {
  bool reads = false;
  VisitPlan(plan, [&](const PlanNode& node) {
    if (node.kind == PlanKind::kScan && node.table && node.table->id == table_id) reads = true;
  });
  return reads;
}

PlanPtr MakeScanPlan(std::shared_ptr<const TableEntry> table, bool row_ids) {
  auto plan = std::make_unique<PlanNode>(PlanKind::kScan);
  for (size_t i = 0; i < table->columns.size(); i++) {
    plan->scan_columns.push_back(static_cast<int>(i));
    plan->types.push_back(table->columns[i].type);
    plan->names.push_back(table->columns[i].name);
  }
  if (row_ids) {
    plan->scan_row_ids = true;
    plan->types.push_back(LogicalType(TypeId::kBigInt));
    plan->names.push_back("");
  }
  plan->table = std::move(table);
  return plan;
}

Result<DataChunk> ReadAllRows(ConnectionImpl& connection, const TableEntry& table, bool row_ids) {
  PlanPtr plan = MakeScanPlan(std::make_shared<TableEntry>(table), row_ids);
  ExecContext context = connection.MakeExecContext();
  PhysicalPlanner planner(connection.transaction(), context);
  return planner.Run(*plan);
}

Status CheckNotNull(const TableEntry& table, const DataChunk& rows) {
  for (size_t c = 0; c < table.columns.size(); c++) {
    if (!table.columns[c].not_null) continue;
    const Vector& column = rows.columns[c];
    for (size_t r = 0; r < rows.size(); r++) {
      if (column.IsNull(r)) {
        return Status(StatusCode::kConstraintViolation,
                      "null value in column \"" + table.columns[c].name + "\" of relation \"" +
                          table.name + "\" violates not-null constraint");
      }
    }
  }
  return Status::Ok();
}

Result<BoundExprPtr> BindColumnDefault(ConnectionImpl& connection, const ColumnDefinition& column) {
  if (column.default_sql.empty()) return MakeConstant(Value::Null(column.type));
  auto parsed = sql::ParseSql("SELECT " + column.default_sql);
  if (!parsed.ok() || parsed->size() != 1) {
    return Status(StatusCode::kCorruption, "the DEFAULT of column \"" + column.name + "\" does not parse");
  }
  const auto& select = static_cast<const sql::SelectStatement&>(*parsed->front());
  const sql::Expr& expr = *select.query->body->select_list[0].expr;
  Scope empty;
  Binder binder = connection.MakeBinder(nullptr);
  ASSIGN_OR_RETURN(BoundExprPtr bound, binder.BindExpression(expr, empty));
  return binder.CastTo(std::move(bound), column.type, true);
}

// Evaluates a column's DEFAULT for `count` rows.
static Status FillDefault(ConnectionImpl& connection, const ColumnDefinition& column, size_t count,
                          Vector& out) {
  out = Vector(column.type, count);
  ASSIGN_OR_RETURN(BoundExprPtr bound, BindColumnDefault(connection, column));
  DataChunk rows;
  rows.row_count = count;
  ExecContext context = connection.MakeExecContext();
  return EvaluateInto(*bound, rows, context.functions, out);
}

// Gives rows [marked] of `out` their column's IDENTITY or DEFAULT value.
static Status FillDefaultCells(ConnectionImpl& connection, const TableEntry& table, size_t column_index,
                               const std::vector<uint32_t>& rows, Vector& out) {
  const ColumnDefinition& column = table.columns[column_index];
  if (column.identity) {
    int64_t first = connection.transaction().ReserveIdentity(table, column_index, rows.size());
    for (size_t i = 0; i < rows.size(); i++) {
      out.SetValid(rows[i]);
      out.i64()[rows[i]] = first + static_cast<int64_t>(i) * column.identity_step;
    }
    return Status::Ok();
  }
  Vector defaults;
  RETURN_IF_ERROR(FillDefault(connection, column, rows.size(), defaults));
  for (size_t i = 0; i < rows.size(); i++) out.SetValue(rows[i], defaults.GetValue(i));
  return Status::Ok();
}

Result<DataChunk> CompleteRows(ConnectionImpl& connection, const TableEntry& table,
                               const std::vector<int>& target_columns, DataChunk& provided,
                               const std::vector<std::vector<bool>>* use_default) {
  size_t count = provided.size();
  DataChunk rows;
  rows.Initialize(table.Types());
  std::vector<int> source(table.columns.size(), -1);
  for (size_t i = 0; i < target_columns.size(); i++) source[target_columns[i]] = static_cast<int>(i);
  for (size_t c = 0; c < table.columns.size(); c++) {
    const ColumnDefinition& column = table.columns[c];
    Vector& out = rows.columns[c];
    if (source[c] >= 0) {
      Vector& input = provided.columns[source[c]];
      if (input.type() == column.type) {
        out = std::move(input);
      } else {
        out = Vector(column.type, count);
        Status status = CastVector(input, out, count);
        if (!status.ok()) {
          return Status(status.code(), status.message() + " (column \"" + column.name + "\")");
        }
      }
      std::vector<uint32_t> default_rows;
      for (size_t r = 0; r < count; r++) {
        bool written_default = use_default && (*use_default)[r][source[c]];
        // Values given explicitly for an IDENTITY column are kept, as Redshift does for
        // GENERATED BY DEFAULT; NULLs get generated values.
        if (written_default || (column.identity && out.IsNull(r))) default_rows.push_back(static_cast<uint32_t>(r));
      }
      if (!default_rows.empty()) RETURN_IF_ERROR(FillDefaultCells(connection, table, c, default_rows, out));
      continue;
    }
    if (column.identity) {
      out = Vector(column.type, count);
      int64_t first = connection.transaction().ReserveIdentity(table, c, count);
      for (size_t r = 0; r < count; r++) out.i64()[r] = first + static_cast<int64_t>(r) * column.identity_step;
      continue;
    }
    RETURN_IF_ERROR(FillDefault(connection, column, count, out));
  }
  rows.row_count = count;
  RETURN_IF_ERROR(CheckNotNull(table, rows));
  return rows;
}

Result<size_t> InsertQueryRows(ConnectionImpl& connection, const TableEntry& table,
                               const std::vector<int>& targets, PlanNode& query) {
  Transaction& transaction = connection.transaction();
  if (PlanReadsTable(query, table.id)) {
    ASSIGN_OR_RETURN(auto data, RunPlan(connection, query));
    ASSIGN_OR_RETURN(DataChunk rows, CompleteRows(connection, table, targets, data->rows));
    RETURN_IF_ERROR(transaction.Append(table, rows));
    return rows.size();
  }
  size_t inserted = 0;
  DataChunk batch;
  batch.Initialize(query.types);
  auto flush = [&]() -> Status {
    ASSIGN_OR_RETURN(DataChunk rows, CompleteRows(connection, table, targets, batch));
    inserted += rows.size();
    RETURN_IF_ERROR(transaction.Append(table, std::move(rows)));
    batch.Initialize(query.types);
    return Status::Ok();
  };
  RETURN_IF_ERROR(StreamPlan(connection, query, [&](DataChunk& chunk) -> Status {
    // The chunk is ours until the next one: its strings move instead of being copied.
    size_t count = chunk.size();
    for (size_t c = 0; c < batch.columns.size(); c++) batch.columns[c].TakeRange(chunk.columns[c], 0, count);
    batch.row_count += count;
    return batch.size() >= kRowGroupRows ? flush() : Status::Ok();
  }));
  if (batch.size() > 0) RETURN_IF_ERROR(flush());
  return inserted;
}

Result<StatementOutcome> RewriteTableForAlter(ConnectionImpl& connection, const TableEntry& table,
                                              const sql::AlterTableStatement& statement) {
  Transaction& transaction = connection.transaction();
  ASSIGN_OR_RETURN(DataChunk rows, ReadAllRows(connection, table, false));
  auto altered = std::make_shared<TableEntry>(table);
  DataChunk provided;
  std::vector<int> targets;
  using Action = sql::AlterTableStatement::Action;
  if (statement.action == Action::kDropColumn) {
    int index = table.FindColumn(statement.column_name);
    if (index < 0) {
      if (statement.if_exists) {
        StatementOutcome outcome;
        outcome.tag = "ALTER TABLE";
        return outcome;
      }
      return Status(StatusCode::kBindError,
                    "column \"" + statement.column_name + "\" of relation \"" + table.name + "\" does not exist",
                    statement.position);
    }
    if (table.columns.size() == 1) {
      return Status(StatusCode::kInvalidInput, "cannot drop the only column of table \"" + table.name + "\"",
                    statement.position);
    }
    if (table.attributes.distkey == statement.column_name) {
      return Status(StatusCode::kInvalidInput, "cannot drop the DISTKEY column \"" + statement.column_name + "\"",
                    statement.position);
    }
    for (const auto& key : table.attributes.sortkey) {
      if (key == statement.column_name) {
        return Status(StatusCode::kInvalidInput, "cannot drop the SORTKEY column \"" + key + "\"",
                      statement.position);
      }
    }
    altered->columns.erase(altered->columns.begin() + index);
    for (size_t c = 0; c < table.columns.size(); c++) {
      if (static_cast<int>(c) == index) continue;
      provided.columns.push_back(std::move(rows.columns[c]));
      targets.push_back(static_cast<int>(targets.size()));
    }
  } else {
    if (table.FindColumn(statement.column.name) >= 0) {
      return Status(StatusCode::kCatalogError,
                    "column \"" + statement.column.name + "\" of relation \"" + table.name + "\" already exists",
                    statement.position);
    }
    ColumnDefinition column;
    column.name = statement.column.name;
    ASSIGN_OR_RETURN(column.type, TypeFromName(statement.column.type));
    column.not_null = statement.column.not_null;
    column.default_sql = statement.column.default_text;
    column.encode = statement.column.encode;
    if (statement.column.identity) {
      return Status(StatusCode::kNotSupported, "ALTER TABLE ADD COLUMN cannot add an IDENTITY column",
                    statement.position);
    }
    altered->columns.push_back(column);
    for (size_t c = 0; c < table.columns.size(); c++) {
      provided.columns.push_back(std::move(rows.columns[c]));
      targets.push_back(static_cast<int>(c));
    }
  }
  provided.row_count = rows.size();
  // The altered table gets a new id: its rows are written anew, the old files retire.
  transaction.DropTableData(table.id);
  altered->id = transaction.MutableCatalog().NextTableId();
  RETURN_IF_ERROR(transaction.MutableCatalog().PutTable(altered));
  RETURN_IF_ERROR(transaction.CreateTableData(*altered));
  ASSIGN_OR_RETURN(DataChunk complete, CompleteRows(connection, *altered, targets, provided));
  RETURN_IF_ERROR(transaction.Append(*altered, complete));
  StatementOutcome outcome;
  outcome.tag = "ALTER TABLE";
  return outcome;
}

}  // namespace martlet
