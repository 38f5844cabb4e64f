// INSERT, UPDATE and DELETE.
#include <set>

#include "exec/expression_executor.hpp"
#include "functions/cast.hpp"
#include "main/physical_planner.hpp"
#include "main/system_views.hpp"
#include "main/table_rows.hpp"
#include "planner/expression_binder.hpp"
#include "planner/join_builder.hpp"
#include "planner/select_binder.hpp"

namespace martlet {

namespace {

Result<std::vector<int>> TargetColumns(const TableEntry& table, const sql::InsertStatement& statement) {
  std::vector<int> targets;
  if (statement.columns.empty()) {
    for (size_t i = 0; i < table.columns.size(); i++) targets.push_back(static_cast<int>(i));
    return targets;
  }
  for (const auto& name : statement.columns) {
    int index = table.FindColumn(name);
    if (index < 0) {
      return Status(StatusCode::kBindError,
                    "column \"" + name + "\" of relation \"" + table.name + "\" does not exist",
                    statement.position);
    }
    if (std::find(targets.begin(), targets.end(), index) != targets.end()) {
      return Status(StatusCode::kBindError, "column \"" + name + "\" specified more than once",
                    statement.position);
    }
    targets.push_back(index);
  }
  return targets;
}

// VALUES rows may hold DEFAULT: each row is evaluated on its own, DEFAULT cells left NULL and
// then filled in, so that one code path completes all rows.
Result<DataChunk> EvaluateValues(ConnectionImpl& connection, const TableEntry& table,
                                 std::vector<int>& targets, const sql::QueryNode& values,
                                 std::vector<std::vector<bool>>& defaults) {
  Scope empty;
  Binder binder = connection.MakeBinder(nullptr);
  ExecContext context = connection.MakeExecContext();
  DataChunk provided;
  std::vector<LogicalType> types;
  for (int t : targets) types.push_back(table.columns[t].type);
  provided.Initialize(types);
  for (const auto& row : values.values) {
    if (row.size() != values.values[0].size()) {
      return Status(StatusCode::kBindError, "VALUES lists must all be the same length",
                    row.empty() ? values.position : row[0]->position);
    }
    if (row.size() != targets.size()) {
      return Status(StatusCode::kBindError,
                    row.size() > targets.size() ? "INSERT has more expressions than target columns"
                                                : "INSERT has more target columns than expressions",
                    row.empty() ? values.position : row[0]->position);
    }
    std::vector<bool> row_defaults(targets.size(), false);
    size_t r = provided.size();
    for (size_t i = 0; i < row.size(); i++) {
      Vector& column = provided.columns[i];
      column.Resize(r + 1);
      if (row[i]->kind == sql::ExprKind::kDefault) {
        row_defaults[i] = true;
        column.SetNull(r);
        continue;
      }
      ExpressionBinder expression_binder(binder, empty, "VALUES");
      ASSIGN_OR_RETURN(BoundExprPtr bound, expression_binder.Bind(*row[i]));
      ASSIGN_OR_RETURN(bound, AssignTo(binder, std::move(bound), table.columns[targets[i]]));
      Result<Value> value = EvaluateConstant(*bound, context.functions);
      if (!value.ok()) return value.status().WithPosition(row[i]->position);
      column.SetValue(r, value.value());
    }
    provided.row_count = r + 1;
    defaults.push_back(std::move(row_defaults));
  }
  return provided;
}

}  // namespace

Result<StatementOutcome> ExecuteInsert(ConnectionImpl& connection, const sql::InsertStatement& statement) {
  Transaction& transaction = connection.transaction();
  ASSIGN_OR_RETURN(auto table, TargetTable(connection, statement.table, statement.position));
  ASSIGN_OR_RETURN(std::vector<int> targets, TargetColumns(*table, statement));
  DataChunk rows;
  if (statement.default_values) {
    DataChunk none;
    none.row_count = 1;
    ASSIGN_OR_RETURN(rows, CompleteRows(connection, *table, {}, none));
  } else {
    const sql::SelectStmt& query = *statement.query;
    bool plain_values = query.body->kind == sql::QueryNode::Kind::kValues && query.with.empty() &&
                        query.order_by.empty() && !query.limit;
    if (plain_values) {
      std::vector<std::vector<bool>> defaults;
      if (statement.columns.empty() && !query.body->values.empty() &&
          query.body->values[0].size() < targets.size()) {
        // INSERT INTO t VALUES (1): without a column list, the leading columns are meant.
        targets.resize(query.body->values[0].size());
      }
      ASSIGN_OR_RETURN(DataChunk provided, EvaluateValues(connection, *table, targets, *query.body, defaults));
      ASSIGN_OR_RETURN(rows, CompleteRows(connection, *table, targets, provided, &defaults));
    } else {
      SystemViews views(transaction);
      Binder binder = connection.MakeBinder(&views);
      ASSIGN_OR_RETURN(PlanPtr plan, binder.BindQuery(query));
      if (statement.columns.empty() && plan->width() < targets.size()) targets.resize(plan->width());
      if (plan->width() != targets.size()) {
        return Status(StatusCode::kBindError,
                      plan->width() > targets.size() ? "INSERT has more expressions than target columns"
                                                     : "INSERT has more target columns than expressions",
                      query.position);
      }
      // Convert each column to its target type with assignment casts.
      auto project = std::make_unique<PlanNode>(PlanKind::kProject);
      for (size_t i = 0; i < targets.size(); i++) {
        auto column = MakeColumn(static_cast<int>(i), plan->types[i], plan->names[i]);
        column->position = query.position;
        ASSIGN_OR_RETURN(auto assigned, AssignTo(binder, std::move(column), table->columns[targets[i]]));
        project->types.push_back(assigned->type);
        project->names.push_back(table->columns[targets[i]].name);
        project->exprs.push_back(std::move(assigned));
      }
      project->children.push_back(std::move(plan));
      ASSIGN_OR_RETURN(size_t inserted, InsertQueryRows(connection, *table, targets, *project));
      StatementOutcome outcome;
      outcome.tag = "INSERT 0 " + std::to_string(inserted);
      return outcome;
    }
  }
  RETURN_IF_ERROR(transaction.Append(*table, rows));
  StatementOutcome outcome;
  outcome.tag = "INSERT 0 " + std::to_string(rows.size());
  return outcome;
}

namespace {

// The rows an UPDATE or DELETE touches: the target table (with row ids) joined with the
// FROM / USING tables and filtered by WHERE, bound by `rows`. Its scope holds the target's
// columns first, then the row id (unnamed), then the other tables' columns.
Status BindTargetRows(Binder& binder, SelectBinder& rows, std::shared_ptr<const TableEntry> table,
                      const std::string& alias, const std::vector<sql::TableRefPtr>& from,
                      const sql::Expr* where) {
  Scope scope;
  std::string reference = alias.empty() ? table->name : alias;
  for (const auto& column : table->columns) scope.columns.push_back({reference, column.name, column.type});
  scope.columns.push_back({"", "", LogicalType(TypeId::kBigInt)});
  std::vector<PlanPtr> relations;
  relations.push_back(MakeScanPlan(table, true));
  relations.back()->estimated_rows = 1e9;  // keep the target as the probe side
  if (!from.empty()) {
    Scope from_scope;
    ASSIGN_OR_RETURN(PlanPtr joined, binder.BindFromList(from, from_scope));
    for (auto& column : from_scope.columns) scope.columns.push_back(column);
    relations.push_back(std::move(joined));
  }
  return rows.BindTargetRows(std::move(relations), std::move(scope), where);
}

// Keeps the first row of each row id (a FROM join may match a target row more than once).
void DeduplicateRowIds(DataChunk& rows, int row_id_column) {
  std::set<int64_t> seen;
  std::vector<uint32_t> keep;
  const Vector& ids = rows.columns[row_id_column];
  for (size_t r = 0; r < rows.size(); r++) {
    if (seen.insert(ids.i64()[r]).second) keep.push_back(static_cast<uint32_t>(r));
  }
  if (keep.size() != rows.size()) rows.Compact(keep.data(), keep.size());
}

std::vector<int64_t> RowIds(const DataChunk& rows, int column) {
  const Vector& ids = rows.columns[column];
  return std::vector<int64_t>(ids.i64(), ids.i64() + rows.size());
}

}  // namespace

Result<StatementOutcome> ExecuteUpdate(ConnectionImpl& connection, const sql::UpdateStatement& statement) {
  Transaction& transaction = connection.transaction();
  ASSIGN_OR_RETURN(auto table, TargetTable(connection, statement.table, statement.position));
  SystemViews views(transaction);
  Binder binder = connection.MakeBinder(&views);
  sql::QueryNode no_query;
  SelectBinder target_rows(binder, no_query, nullptr);
  RETURN_IF_ERROR(BindTargetRows(binder, target_rows, table, statement.alias, statement.from,
                                 statement.where.get()));
  int width = static_cast<int>(table->columns.size());
  std::vector<BoundExprPtr> exprs(width + 1);
  for (const auto& clause : statement.set) {
    int index = table->FindColumn(clause.column);
    if (index < 0) {
      return Status(StatusCode::kBindError,
                    "column \"" + clause.column + "\" of relation \"" + table->name + "\" does not exist",
                    clause.position);
    }
    if (exprs[index]) {
      return Status(StatusCode::kBindError, "multiple assignments to same column \"" + clause.column + "\"",
                    clause.position);
    }
    if (clause.value->kind == sql::ExprKind::kDefault) {
      if (table->columns[index].identity) {
        return Status(StatusCode::kNotSupported, "SET column = DEFAULT is not supported for IDENTITY columns",
                      clause.position);
      }
      ASSIGN_OR_RETURN(exprs[index], BindColumnDefault(connection, table->columns[index]));
      continue;
    }
    ASSIGN_OR_RETURN(BoundExprPtr value, target_rows.BindOverTargetRows(*clause.value, "UPDATE ... SET"));
    ASSIGN_OR_RETURN(exprs[index], AssignTo(binder, std::move(value), table->columns[index]));
  }
  PlanPtr plan = target_rows.TakePlan();
  auto project = std::make_unique<PlanNode>(PlanKind::kProject);
  for (int c = 0; c <= width; c++) {
    if (!exprs[c]) exprs[c] = MakeColumn(c, plan->types[c], c < width ? table->columns[c].name : "");
    project->types.push_back(exprs[c]->type);
    project->names.push_back(c < width ? table->columns[c].name : "");
    project->exprs.push_back(std::move(exprs[c]));
  }
  project->children.push_back(std::move(plan));
  ASSIGN_OR_RETURN(auto data, RunPlan(connection, *project));
  DataChunk& rows = data->rows;
  DeduplicateRowIds(rows, width);
  std::vector<int64_t> ids = RowIds(rows, width);
  rows.columns.pop_back();
  RETURN_IF_ERROR(CheckNotNull(*table, rows));
  RETURN_IF_ERROR(transaction.DeleteRows(*table, ids));
  RETURN_IF_ERROR(transaction.Append(*table, rows));
  StatementOutcome outcome;
  outcome.tag = "UPDATE " + std::to_string(ids.size());
  return outcome;
}

Result<StatementOutcome> ExecuteDelete(ConnectionImpl& connection, const sql::DeleteStatement& statement) {
  Transaction& transaction = connection.transaction();
  ASSIGN_OR_RETURN(auto table, TargetTable(connection, statement.table, statement.position));
  SystemViews views(transaction);
  Binder binder = connection.MakeBinder(&views);
  sql::QueryNode no_query;
  SelectBinder target_rows(binder, no_query, nullptr);
  RETURN_IF_ERROR(BindTargetRows(binder, target_rows, table, statement.alias, statement.using_tables,
                                 statement.where.get()));
  PlanPtr plan = target_rows.TakePlan();
  int width = static_cast<int>(table->columns.size());
  auto project = std::make_unique<PlanNode>(PlanKind::kProject);
  project->types.push_back(LogicalType(TypeId::kBigInt));
  project->names.push_back("row_id");
  project->exprs.push_back(MakeColumn(width, LogicalType(TypeId::kBigInt)));
  project->children.push_back(std::move(plan));
  ASSIGN_OR_RETURN(auto data, RunPlan(connection, *project));
  DeduplicateRowIds(data->rows, 0);
  std::vector<int64_t> ids = RowIds(data->rows, 0);
  RETURN_IF_ERROR(transaction.DeleteRows(*table, ids));
  StatementOutcome outcome;
  outcome.tag = "DELETE " + std::to_string(ids.size());
  return outcome;
}

}  // namespace martlet
