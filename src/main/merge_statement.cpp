// MERGE: updates, deletes and inserts decided by one join of the target with a source.
//
// The statement runs set-based in three steps:
//  1. one hash join of the target (with row ids, the probe side) and the source (the build
//     side; a right join when a WHEN NOT MATCHED clause needs the unmatched source rows),
//     with one more column: the index of the first WHEN clause each joined row satisfies;
//  2. a check that no target row matched more than one source row;
//  3. per clause, one projection over that clause's rows computes the new rows.
// Only then is the target changed (deletes, then appends), so a failure in any step changes
// nothing.
#include <algorithm>

#include "common/string_distance.hpp"
#include "main/connection_impl.hpp"
#include "main/system_views.hpp"
#include "main/table_rows.hpp"
#include "planner/expression_binder.hpp"
#include "planner/join_builder.hpp"

namespace martlet {

namespace {

using MergeAction = sql::MergeClause::Action;

// A WHEN clause bound over the joined columns: its condition and the expressions it writes.
struct BoundClause {
  const sql::MergeClause* clause = nullptr;
  BoundExprPtr condition;           // null: always true
  std::vector<BoundExprPtr> exprs;  // kUpdate: every target column then the row id;
                                    // kInsert: the values of `insert_columns`
  std::vector<int> insert_columns;
};

// The joined rows' layout: target columns, the target row id (NULL when no target row
// matched), then the source columns.
struct MergeScope {
  Scope all;          // for WHEN MATCHED: target and source
  Scope source_only;  // for WHEN NOT MATCHED: the target's columns cannot be named
  int target_width = 0;
  int row_id = 0;  // index of the row id column
};

BoundExprPtr MakeNullTest(BoundExprPtr operand, bool is_null) {
  auto test = std::make_unique<BoundExpr>();
  test->kind = is_null ? BoundExprKind::kIsNull : BoundExprKind::kIsNotNull;
  test->type = LogicalType(TypeId::kBoolean);
  test->children.push_back(std::move(operand));
  return test;
}

Result<BoundExprPtr> BindCondition(Binder& binder, const Scope& scope, const sql::Expr& expr,
                                   const char* clause) {
  ExpressionBinder expression_binder(binder, scope, clause);
  ASSIGN_OR_RETURN(BoundExprPtr bound, expression_binder.Bind(expr));
  Result<BoundExprPtr> condition = binder.CastTo(std::move(bound), LogicalType(TypeId::kBoolean));
  if (!condition.ok()) {
    return Status(StatusCode::kTypeError,
                  std::string("argument of ") + clause + " must be type boolean", expr.position);
  }
  return condition;
}

Result<BoundExprPtr> BindValue(Binder& binder, const Scope& scope, const sql::Expr& expr,
                               const ColumnDefinition& column, const char* clause) {
  ExpressionBinder expression_binder(binder, scope, clause);
  ASSIGN_OR_RETURN(BoundExprPtr value, expression_binder.Bind(expr));
  return AssignTo(binder, std::move(value), column);
}

Status UnknownColumn(const TableEntry& table, const std::string& name, int position) {
  std::vector<std::string> names;
  for (const auto& column : table.columns) names.push_back(column.name);
  std::string message = "column \"" + name + "\" of relation \"" + table.name + "\" does not exist";
  std::string suggestion = ClosestName(name, names);
  if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
  return Status(StatusCode::kBindError, message, position);
}

Status BindUpdate(ConnectionImpl& connection, Binder& binder, const TableEntry& table,
                  const MergeScope& scope, BoundClause& bound) {
  std::vector<BoundExprPtr> exprs(scope.target_width + 1);
  for (const auto& set : bound.clause->set) {
    int index = table.FindColumn(set.column);
    if (index < 0) return UnknownColumn(table, set.column, set.position);
    if (exprs[index]) {
      return Status(StatusCode::kBindError,
                    "multiple assignments to same column \"" + set.column + "\"", set.position);
    }
    if (set.value->kind == sql::ExprKind::kDefault) {
      if (table.columns[index].identity) {
        return Status(StatusCode::kNotSupported,
                      "SET column = DEFAULT is not supported for IDENTITY columns", set.position);
      }
      ASSIGN_OR_RETURN(exprs[index], BindColumnDefault(connection, table.columns[index]));
      continue;
    }
    ASSIGN_OR_RETURN(exprs[index], BindValue(binder, scope.all, *set.value, table.columns[index],
                                             "MERGE ... UPDATE SET"));
  }
  for (int c = 0; c <= scope.target_width; c++) {
    if (!exprs[c]) exprs[c] = MakeColumn(c, scope.all.columns[c].type, scope.all.columns[c].name);
  }
  bound.exprs = std::move(exprs);
  return Status::Ok();
}

Status BindInsert(Binder& binder, const TableEntry& table, const MergeScope& scope,
                  BoundClause& bound) {
  const sql::MergeClause& clause = *bound.clause;
  std::vector<int> columns;
  if (clause.columns.empty()) {
    size_t count = clause.default_values ? 0 : std::min(clause.values.size(), table.columns.size());
    for (size_t c = 0; c < count; c++) columns.push_back(static_cast<int>(c));
  } else {
    for (const auto& name : clause.columns) {
      int index = table.FindColumn(name);
      if (index < 0) return UnknownColumn(table, name, clause.position);
      if (std::find(columns.begin(), columns.end(), index) != columns.end()) {
        return Status(StatusCode::kBindError, "column \"" + name + "\" specified more than once",
                      clause.position);
      }
      columns.push_back(index);
    }
  }
  if (!clause.default_values && clause.values.size() != columns.size()) {
    int position = clause.values.empty() ? clause.position : clause.values[0]->position;
    return Status(StatusCode::kBindError,
                  clause.values.size() > columns.size()
                      ? "INSERT has more expressions than target columns"
                      : "INSERT has more target columns than expressions",
                  position);
  }
  // DEFAULT leaves the column out: CompleteRows gives omitted columns their default.
  for (size_t i = 0; i < clause.values.size(); i++) {
    if (clause.values[i]->kind == sql::ExprKind::kDefault) continue;
    const ColumnDefinition& column = table.columns[columns[i]];
    ASSIGN_OR_RETURN(BoundExprPtr value, BindValue(binder, scope.source_only, *clause.values[i],
                                                   column, "MERGE ... INSERT"));
    bound.exprs.push_back(std::move(value));
    bound.insert_columns.push_back(columns[i]);
  }
  return Status::Ok();
}

// Binds the WHEN clauses; every clause is checked even when no row will reach it.
Result<std::vector<BoundClause>> BindClauses(ConnectionImpl& connection, Binder& binder,
                                             const TableEntry& table,
                                             const sql::MergeStatement& statement,
                                             const MergeScope& scope) {
  std::vector<BoundClause> clauses;
  for (const auto& clause : statement.clauses) {
    BoundClause bound;
    bound.clause = &clause;
    const Scope& visible = clause.matched ? scope.all : scope.source_only;
    if (clause.condition) {
      ASSIGN_OR_RETURN(bound.condition,
                       BindCondition(binder, visible, *clause.condition,
                                     clause.matched ? "WHEN MATCHED AND" : "WHEN NOT MATCHED AND"));
    }
    if (clause.action == MergeAction::kUpdate)
      RETURN_IF_ERROR(BindUpdate(connection, binder, table, scope, bound));
    if (clause.action == MergeAction::kInsert)
      RETURN_IF_ERROR(BindInsert(binder, table, scope, bound));
    clauses.push_back(std::move(bound));
  }
  return clauses;
}

// CASE WHEN <clause 0 applies> THEN 0 WHEN <clause 1 applies> THEN 1 ... ELSE -1 END: the first
// clause whose MATCHED / NOT MATCHED and condition hold.
BoundExprPtr ClauseChooser(std::vector<BoundClause>& clauses, const MergeScope& scope) {
  auto choose = std::make_unique<BoundExpr>();
  choose->kind = BoundExprKind::kCase;
  choose->type = LogicalType(TypeId::kInteger);
  choose->has_else = true;
  for (size_t k = 0; k < clauses.size(); k++) {
    std::vector<BoundExprPtr> terms;
    terms.push_back(MakeNullTest(MakeColumn(scope.row_id, LogicalType(TypeId::kBigInt)),
                                 !clauses[k].clause->matched));
    if (clauses[k].condition) terms.push_back(std::move(clauses[k].condition));
    choose->children.push_back(MakeConjunction(std::move(terms)));
    choose->children.push_back(MakeConstant(Value::Integer(static_cast<int32_t>(k))));
  }
  choose->children.push_back(MakeConstant(Value::Integer(-1)));
  return choose;
}

// The joined rows of target and source. With `keep_unmatched_source`, source rows without
// a target row are kept (their target columns and row id NULL).
Result<PlanPtr> PlanJoin(Binder& binder, std::shared_ptr<const TableEntry> table,
                         const sql::MergeStatement& statement, bool keep_unmatched_source,
                         MergeScope& scope) {
  std::string reference = statement.alias.empty() ? table->name : statement.alias;
  for (const auto& column : table->columns)
    scope.all.columns.push_back({reference, column.name, column.type});
  scope.target_width = static_cast<int>(table->columns.size());
  scope.row_id = scope.target_width;
  scope.all.columns.push_back({"", "", LogicalType(TypeId::kBigInt)});
  Scope source_scope;
  ASSIGN_OR_RETURN(PlanPtr source, binder.BindFromList(statement.source, source_scope));
  for (const auto& column : source_scope.columns) scope.all.columns.push_back(column);
  scope.source_only = scope.all;
  for (int c = 0; c <= scope.target_width; c++)
    scope.source_only.columns[c] = {"", "", scope.all.columns[c].type};

  PlanPtr target = MakeScanPlan(table, true);
  ASSIGN_OR_RETURN(BoundExprPtr on,
                   BindCondition(binder, scope.all, *statement.on, "MERGE ... ON"));
  std::vector<BoundExprPtr> conditions, target_only, source_filters, join_conditions;
  SplitConjunction(std::move(on), conditions);
  int split = scope.target_width + 1;
  for (auto& condition : conditions) {
    bool reads_target = false, reads_source = false;
    ForEachColumn(*condition, [&](int c) { (c < split ? reads_target : reads_source) = true; });
    if (reads_target && !reads_source && !HasSubquery(*condition)) {
      // Target rows failing it match nothing, under either join.
      target_only.push_back(std::move(condition));
    } else if (reads_source && !reads_target && !keep_unmatched_source &&
               !HasSubquery(*condition)) {
      ShiftColumns(*condition, -split);
      source_filters.push_back(std::move(condition));
    } else {
      join_conditions.push_back(std::move(condition));
    }
  }
  target = AddFilter(std::move(target), std::move(target_only));
  source = AddFilter(std::move(source), std::move(source_filters));
  return MakeJoin(keep_unmatched_source ? PlanJoinType::kRight : PlanJoinType::kInner,
                  std::move(target), std::move(source), std::move(join_conditions));
}

Status CheckOneSourceRowPerTargetRow(const DataChunk& joined, int row_id_column,
                                     const TableEntry& table) {
  const Vector& ids = joined.columns[row_id_column];
  std::vector<int64_t> matched;
  matched.reserve(joined.size());
  for (size_t r = 0; r < joined.size(); r++) {
    if (!ids.IsNull(r)) matched.push_back(ids.i64()[r]);
  }
  std::sort(matched.begin(), matched.end());
  if (std::adjacent_find(matched.begin(), matched.end()) == matched.end()) return Status::Ok();
  return Status(
      StatusCode::kInvalidInput,
      "MERGE into \"" + table.name +
          "\" failed: a row of the target matches more than one source row (make the source "
          "unique on the columns of the ON condition)");
}

// `exprs` evaluated over the rows of `joined` listed in `rows` (all of them: no copy).
Result<DataChunk> EvaluateClause(ConnectionImpl& connection, std::shared_ptr<DataChunk> joined,
                                 const std::vector<uint32_t>& rows,
                                 std::vector<BoundExprPtr>& exprs) {
  auto input = std::make_unique<PlanNode>(PlanKind::kResult);
  for (const auto& column : joined->columns) input->types.push_back(column.type());
  input->names.resize(input->types.size());
  input->result = std::move(joined);
  if (rows.size() != input->result->size()) {
    auto subset = std::make_shared<DataChunk>();
    for (const auto& column : input->result->columns) {
      subset->columns.emplace_back(column.type());
      subset->columns.back().AppendSelected(column, rows.data(), rows.size());
    }
    input->result = std::move(subset);
  }
  std::vector<BoundExprPtr> copies;
  for (const auto& expr : exprs) copies.push_back(expr->Copy());
  PlanPtr project = MakeProject(std::move(input), std::move(copies), {});
  ASSIGN_OR_RETURN(auto data, RunPlan(connection, *project));
  return std::move(data->rows);
}

// What the clauses do to the target: the row ids to delete and the rows to append.
struct MergeChanges {
  std::vector<int64_t> deleted;
  DataChunk appended;
  size_t affected = 0;
};

// Step 3: splits the joined rows by the clause each took (the last column) and computes,
// clause by clause, the rows it deletes and appends.
Status CollectChanges(ConnectionImpl& connection, const TableEntry& table,
                      std::vector<BoundClause>& clauses,
                      const std::shared_ptr<DataChunk>& joined_rows, int row_id_column,
                      MergeChanges& changes) {
  const DataChunk& joined = *joined_rows;
  std::vector<std::vector<uint32_t>> rows_of(clauses.size());
  const Vector& choice = joined.columns.back();
  for (size_t r = 0; r < joined.size(); r++) {
    int64_t k = choice.i64()[r];
    if (k >= 0) rows_of[k].push_back(static_cast<uint32_t>(r));
  }
  for (size_t k = 0; k < clauses.size(); k++) {
    const std::vector<uint32_t>& rows = rows_of[k];
    MergeAction action = clauses[k].clause->action;
    if (rows.empty() || action == MergeAction::kDoNothing) continue;
    changes.affected += rows.size();
    if (action == MergeAction::kDelete) {
      for (uint32_t r : rows) changes.deleted.push_back(joined.columns[row_id_column].i64()[r]);
      continue;
    }
    DataChunk values;
    values.row_count = rows.size();  // INSERT DEFAULT VALUES computes nothing
    if (!clauses[k].exprs.empty()) {
      ASSIGN_OR_RETURN(values, EvaluateClause(connection, joined_rows, rows, clauses[k].exprs));
    }
    if (action == MergeAction::kUpdate) {
      const Vector& ids = values.columns.back();
      changes.deleted.insert(changes.deleted.end(), ids.i64(), ids.i64() + values.size());
      values.columns.pop_back();
      RETURN_IF_ERROR(CheckNotNull(table, values));
      changes.appended.AppendRange(values, 0, values.size());
    } else {
      ASSIGN_OR_RETURN(DataChunk complete,
                       CompleteRows(connection, table, clauses[k].insert_columns, values));
      changes.appended.AppendRange(complete, 0, complete.size());
    }
  }
  return Status::Ok();
}

StatementOutcome MergeTag(size_t rows) {
  StatementOutcome outcome;
  outcome.tag = "MERGE " + std::to_string(rows);
  return outcome;
}

// MERGE ... REMOVE DUPLICATES (Redshift's simplified form): matched target rows are replaced
// by their source row, unmatched source rows are inserted; target rows that match the same
// source row leave one copy.
Result<StatementOutcome> ExecuteMergeRemoveDuplicates(ConnectionImpl& connection, Binder& binder,
                                                      std::shared_ptr<const TableEntry> table,
                                                      const sql::MergeStatement& statement) {
  MergeScope scope;
  ASSIGN_OR_RETURN(PlanPtr join, PlanJoin(binder, table, statement, false, scope));
  size_t source_width = scope.all.columns.size() - scope.target_width - 1;
  if (source_width != table->columns.size()) {
    return Status(StatusCode::kBindError,
                  "MERGE ... REMOVE DUPLICATES needs a source with the target's columns: \"" +
                      table->name + "\" has " + std::to_string(table->columns.size()) +
                      ", the source " + std::to_string(source_width),
                  statement.source[0]->position);
  }
  std::vector<BoundExprPtr> row_id;
  row_id.push_back(MakeColumn(scope.row_id, LogicalType(TypeId::kBigInt)));
  PlanPtr ids_plan = MakeProject(std::move(join), std::move(row_id), {"row_id"});
  ASSIGN_OR_RETURN(auto matched, RunPlan(connection, *ids_plan));
  RETURN_IF_ERROR(CheckOneSourceRowPerTargetRow(matched->rows, 0, *table));

  Scope source_scope;
  ASSIGN_OR_RETURN(PlanPtr source, binder.BindFromList(statement.source, source_scope));
  std::vector<BoundExprPtr> values;
  std::vector<int> columns;
  for (size_t c = 0; c < table->columns.size(); c++) {
    BoundExprPtr column =
        MakeColumn(static_cast<int>(c), source_scope.columns[c].type, source_scope.columns[c].name);
    column->position = statement.source[0]->position;
    ASSIGN_OR_RETURN(BoundExprPtr value, AssignTo(binder, std::move(column), table->columns[c]));
    values.push_back(std::move(value));
    columns.push_back(static_cast<int>(c));
  }
  PlanPtr source_plan = MakeProject(std::move(source), std::move(values), {});
  ASSIGN_OR_RETURN(auto source_rows, RunPlan(connection, *source_plan));
  ASSIGN_OR_RETURN(DataChunk rows, CompleteRows(connection, *table, columns, source_rows->rows));
  const Vector& ids = matched->rows.columns[0];
  std::vector<int64_t> deleted(ids.i64(), ids.i64() + matched->rows.size());
  RETURN_IF_ERROR(connection.transaction().DeleteRows(*table, deleted));
  RETURN_IF_ERROR(connection.transaction().Append(*table, rows));
  return MergeTag(rows.size());
}

}  // namespace

Result<StatementOutcome> ExecuteMerge(ConnectionImpl& connection,
                                      const sql::MergeStatement& statement) {
  Transaction& transaction = connection.transaction();
  ASSIGN_OR_RETURN(auto table, TargetTable(connection, statement.table, statement.position));
  SystemViews views(transaction);
  Binder binder = connection.MakeBinder(&views);
  if (statement.remove_duplicates) {
    return ExecuteMergeRemoveDuplicates(connection, binder, table, statement);
  }

  bool any_not_matched =
      std::any_of(statement.clauses.begin(), statement.clauses.end(),
                  [](const sql::MergeClause& clause) { return !clause.matched; });
  MergeScope scope;
  ASSIGN_OR_RETURN(PlanPtr join, PlanJoin(binder, table, statement, any_not_matched, scope));
  ASSIGN_OR_RETURN(std::vector<BoundClause> clauses,
                   BindClauses(connection, binder, *table, statement, scope));

  // Step 1: the joined rows and the clause each one takes.
  std::vector<BoundExprPtr> columns;
  for (size_t c = 0; c < join->width(); c++) {
    columns.push_back(MakeColumn(static_cast<int>(c), join->types[c]));
  }
  columns.push_back(ClauseChooser(clauses, scope));
  PlanPtr chosen = MakeProject(std::move(join), std::move(columns), {});
  ASSIGN_OR_RETURN(auto joined_data, RunPlan(connection, *chosen));
  auto joined = std::make_shared<DataChunk>(std::move(joined_data->rows));

  // Step 2.
  RETURN_IF_ERROR(CheckOneSourceRowPerTargetRow(*joined, scope.row_id, *table));

  // Step 3.
  MergeChanges changes;
  changes.appended.Initialize(table->Types());
  RETURN_IF_ERROR(CollectChanges(connection, *table, clauses, joined, scope.row_id, changes));
  RETURN_IF_ERROR(transaction.DeleteRows(*table, changes.deleted));
  RETURN_IF_ERROR(transaction.Append(*table, changes.appended));
  return MergeTag(changes.affected);
}

}  // namespace martlet
