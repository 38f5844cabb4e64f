#include "planner/column_lineage.hpp"

namespace martlet {

namespace {

void AddAll(ColumnSources& to, const ColumnSources& from) { to.insert(from.begin(), from.end()); }

ColumnSources AllColumns(const QueryLineage& lineage) {
  ColumnSources all;
  for (const auto& column : lineage.columns) AddAll(all, column);
  return all;
}

// Adds the stored columns `expr` reads (over `input`) to `value`; what its subqueries filter
// on goes to `filter`.
void ExprSources(const BoundExpr& expr, const std::vector<ColumnSources>& input,
                 ColumnSources& value, ColumnSources& filter) {
  if (expr.kind == BoundExprKind::kColumn) {
    if (expr.column_index >= 0 && static_cast<size_t>(expr.column_index) < input.size()) {
      AddAll(value, input[static_cast<size_t>(expr.column_index)]);
    }
  } else if (expr.kind == BoundExprKind::kSubquery && expr.subquery) {
    QueryLineage sub = ColumnLineage(*expr.subquery);
    AddAll(filter, sub.filter);
    if (expr.subquery_kind == SubqueryKind::kExists) {
      AddAll(filter, AllColumns(sub));
    } else if (!sub.columns.empty()) {
      AddAll(value, sub.columns[0]);  // the scalar's value, or the list IN compares with
    }
  }
  for (const auto& child : expr.children) ExprSources(*child, input, value, filter);
}

// An expression that decides rows: everything it reads is a filter.
void FilterSources(const BoundExpr& expr, const std::vector<ColumnSources>& input,
                   ColumnSources& filter) {
  ColumnSources read;
  ExprSources(expr, input, read, filter);
  AddAll(filter, read);
}

ColumnSources ValueSources(const BoundExpr& expr, const std::vector<ColumnSources>& input,
                           ColumnSources& filter) {
  ColumnSources value;
  ExprSources(expr, input, value, filter);
  return value;
}

QueryLineage ScanLineage(const PlanNode& plan) {
  QueryLineage lineage;
  for (int column : plan.scan_columns) {
    lineage.columns.push_back(
        {ColumnSource{plan.table->schema, plan.table->name,
                      plan.table->columns[static_cast<size_t>(column)].name}});
  }
  if (plan.scan_row_ids) lineage.columns.emplace_back();
  for (const auto& filter : plan.scan_filters)
    FilterSources(*filter, lineage.columns, lineage.filter);
  lineage.columns.resize(plan.width());  // columns read only for the filters are not output
  return lineage;
}

QueryLineage ValuesLineage(const PlanNode& plan) {
  QueryLineage lineage;
  lineage.columns.resize(plan.width());
  for (const auto& row : plan.rows) {
    for (size_t i = 0; i < row.size() && i < lineage.columns.size(); i++) {
      ExprSources(*row[i], {}, lineage.columns[i], lineage.filter);
    }
  }
  return lineage;
}

QueryLineage AggregateLineage(const PlanNode& plan, QueryLineage input) {
  QueryLineage lineage;
  lineage.filter = std::move(input.filter);
  for (const auto& key : plan.group_keys) {
    ColumnSources sources = ValueSources(*key, input.columns, lineage.filter);
    AddAll(lineage.filter, sources);  // the groups decide which rows there are
    lineage.columns.push_back(std::move(sources));
  }
  for (const auto& call : plan.aggregates) {
    ColumnSources sources;
    for (const auto& arg : call.args) ExprSources(*arg, input.columns, sources, lineage.filter);
    lineage.columns.push_back(std::move(sources));
  }
  lineage.columns.resize(plan.width());  // the grouping-set id reads nothing
  return lineage;
}

QueryLineage JoinLineage(const PlanNode& plan, QueryLineage left, QueryLineage right) {
  QueryLineage lineage;
  lineage.filter = std::move(left.filter);
  AddAll(lineage.filter, right.filter);
  for (const auto& key : plan.left_keys) FilterSources(*key, left.columns, lineage.filter);
  for (const auto& key : plan.right_keys) FilterSources(*key, right.columns, lineage.filter);
  std::vector<ColumnSources> both = left.columns;
  both.insert(both.end(), right.columns.begin(), right.columns.end());
  if (plan.predicate) FilterSources(*plan.predicate, both, lineage.filter);
  bool left_only = plan.join_type == PlanJoinType::kSemi || plan.join_type == PlanJoinType::kAnti;
  if (left_only) {
    AddAll(lineage.filter, AllColumns(right));  // the right side only says which rows stay
    lineage.columns = std::move(left.columns);
  } else {
    lineage.columns = std::move(both);
  }
  return lineage;
}

QueryLineage SetOpLineage(const PlanNode& plan, QueryLineage left, QueryLineage right) {
  QueryLineage lineage = std::move(left);
  AddAll(lineage.filter, right.filter);
  if (plan.set_op == 0) {  // UNION: each column's values come from both sides
    for (size_t i = 0; i < lineage.columns.size() && i < right.columns.size(); i++) {
      AddAll(lineage.columns[i], right.columns[i]);
    }
  } else {  // INTERSECT, EXCEPT: the right side only decides which left rows stay
    AddAll(lineage.filter, AllColumns(right));
  }
  return lineage;
}

QueryLineage WindowLineage(const PlanNode& plan, QueryLineage input) {
  QueryLineage lineage = input;
  auto column = [&](int index) -> const ColumnSources& {
    return input.columns[static_cast<size_t>(index)];
  };
  for (const auto& call : plan.window_calls) {
    ColumnSources sources;
    for (int arg : call.arg_columns) AddAll(sources, column(arg));
    for (int key : call.partition_columns) AddAll(sources, column(key));
    for (const auto& key : call.order) AddAll(sources, column(key.column));
    lineage.columns.push_back(std::move(sources));
  }
  return lineage;
}

void AddSortKeys(const PlanNode& sort, QueryLineage& lineage) {
  for (const auto& key : sort.sort_keys)
    AddAll(lineage.filter, lineage.columns[static_cast<size_t>(key.column)]);
}

QueryLineage Concatenate(std::vector<QueryLineage> inputs) {
  QueryLineage lineage;
  for (auto& input : inputs) {
    lineage.columns.insert(lineage.columns.end(), input.columns.begin(), input.columns.end());
    AddAll(lineage.filter, input.filter);
  }
  return lineage;
}

}  // namespace

QueryLineage ColumnLineage(const PlanNode& plan) {
  switch (plan.kind) {
    case PlanKind::kScan:
      return ScanLineage(plan);
    case PlanKind::kValues:
      return ValuesLineage(plan);
    case PlanKind::kResult:
    case PlanKind::kExternal: {
      QueryLineage lineage;
      lineage.columns.resize(plan.width());
      return lineage;
    }
    default:
      break;
  }
  std::vector<QueryLineage> inputs;
  for (const auto& child : plan.children) inputs.push_back(ColumnLineage(*child));
  switch (plan.kind) {
    case PlanKind::kFilter: {
      QueryLineage lineage = std::move(inputs[0]);
      if (plan.predicate) FilterSources(*plan.predicate, lineage.columns, lineage.filter);
      return lineage;
    }
    case PlanKind::kProject: {
      QueryLineage lineage;
      lineage.filter = std::move(inputs[0].filter);
      for (const auto& expr : plan.exprs) {
        lineage.columns.push_back(ValueSources(*expr, inputs[0].columns, lineage.filter));
      }
      return lineage;
    }
    case PlanKind::kAggregate:
      return AggregateLineage(plan, std::move(inputs[0]));
    case PlanKind::kJoin:
      if (inputs.size() == 2) return JoinLineage(plan, std::move(inputs[0]), std::move(inputs[1]));
      return Concatenate(std::move(inputs));  // a comma list the binder has not ordered yet
    case PlanKind::kSetOp:
      return SetOpLineage(plan, std::move(inputs[0]), std::move(inputs[1]));
    case PlanKind::kWindow:
      return WindowLineage(plan, std::move(inputs[0]));
    case PlanKind::kSort: {
      QueryLineage lineage = std::move(inputs[0]);
      if (plan.limit >= 0) AddSortKeys(plan, lineage);  // a top-N: the order picks the rows
      return lineage;
    }
    case PlanKind::kLimit: {
      QueryLineage lineage = std::move(inputs[0]);
      if (plan.children[0]->kind == PlanKind::kSort) AddSortKeys(*plan.children[0], lineage);
      return lineage;
    }
    default:
      return std::move(inputs[0]);  // kDistinct: the same columns
  }
}

}  // namespace martlet
