#include "main/physical_planner.hpp"

#include <set>

#include "common/date_time.hpp"
#include "exec/expression_executor.hpp"
#include "exec/operators.hpp"
#include "exec/runtime_filter.hpp"
#include "exec/window.hpp"
#include "main/postgres_query.hpp"
#include "planner/column_pruning.hpp"
#include "planner/eager_aggregation.hpp"
#include "storage/table_scan.hpp"

namespace martlet {

Result<OperatorPtr> PhysicalPlanner::Build(PlanNode& plan) {
  AggregateBeforeJoins(plan);
  PruneColumns(plan);
  PlanRuntimeFiltersBottomUp(plan);
  return BuildNode(plan);
}

// Deepest joins first, so that a join knows the filters the joins below it apply; then the
// filters from probe sides, once it is known which build sides other joins filter already.
void PhysicalPlanner::PlanRuntimeFiltersBottomUp(PlanNode& node) {
  PlanProbeSideFiltersBottomUp(node);
  PlanBuildSideFiltersBottomUp(node);
}

void PhysicalPlanner::PlanProbeSideFiltersBottomUp(PlanNode& node) {
  for (auto& child : node.children) PlanProbeSideFiltersBottomUp(*child);
  if (node.kind != PlanKind::kJoin) return;
  PlanTransitiveFilters(node);
  PlanProbeSideFilters(node);
}

void PhysicalPlanner::PlanBuildSideFiltersBottomUp(PlanNode& node) {
  for (auto& child : node.children) PlanBuildSideFiltersBottomUp(*child);
  if (node.kind == PlanKind::kJoin) PlanBuildSideFilters(node);
}

Result<DataChunk> PhysicalPlanner::Run(PlanNode& plan) {
  ASSIGN_OR_RETURN(OperatorPtr root, Build(plan));
  return CollectAll(context_, *root);
}

Status PhysicalPlanner::ResolveSubqueries(BoundExprPtr& expr) {
  if (!expr) return Status::Ok();
  for (auto& child : expr->children) RETURN_IF_ERROR(ResolveSubqueries(child));
  if (expr->kind != BoundExprKind::kSubquery) return Status::Ok();
  if (!expr->subquery->correlated.empty()) {
    return Status(StatusCode::kNotSupported,
                  "this correlated subquery cannot be turned into a join; rewrite it with a JOIN",
                  expr->position);
  }
  ASSIGN_OR_RETURN(DataChunk rows, Run(*expr->subquery));
  switch (expr->subquery_kind) {
    case SubqueryKind::kScalar: {
      if (rows.size() > 1) {
        return Status(StatusCode::kInvalidInput,
                      "more than one row returned by a subquery used as an expression",
                      expr->position);
      }
      Value value = rows.size() == 0 ? Value::Null(expr->type) : rows.columns[0].GetValue(0);
      int position = expr->position;
      expr = MakeConstant(std::move(value));
      expr->position = position;
      return Status::Ok();
    }
    case SubqueryKind::kExists:
      expr = MakeConstant(Value::Boolean(rows.size() > 0));
      return Status::Ok();
    case SubqueryKind::kIn: {
      auto list = std::make_unique<BoundExpr>();
      list->kind = BoundExprKind::kInList;
      list->type = LogicalType(TypeId::kBoolean);
      list->position = expr->position;
      LogicalType tested_type = expr->children[0]->type;
      list->children.push_back(std::move(expr->children[0]));
      if (rows.size() == 0) {
        expr = MakeConstant(Value::Boolean(false));
        return Status::Ok();
      }
      for (size_t r = 0; r < rows.size(); r++) {
        Value value = rows.columns[0].GetValue(r);
        auto constant = MakeConstant(value);
        if (!(value.type() == tested_type)) {
          auto cast = std::make_unique<BoundExpr>();
          cast->kind = BoundExprKind::kCast;
          cast->type = tested_type;
          cast->children.push_back(std::move(constant));
          ASSIGN_OR_RETURN(Value converted, EvaluateConstant(*cast, context_.functions));
          constant = MakeConstant(std::move(converted));
        }
        list->children.push_back(std::move(constant));
      }
      expr = std::move(list);
      return Status::Ok();
    }
  }
  return Status::Ok();
}

// date_column::timestamp < TIMESTAMP '1995-01-01 00:00:00' (what date + interval gives)
// compares as date_column < DATE '1995-01-01' when the timestamp is a midnight: no cast per
// row, and zone maps on the date column can skip blocks. The comparison kernel reads the
// raw int64 values, so the same binding compares days as it compared microseconds.
static void NarrowDateComparison(BoundExpr& expr) {
  static const std::set<std::string> kComparisons = {"=", "<", "<=", ">", ">="};
  if (expr.kind != BoundExprKind::kFunction || expr.children.size() != 2 || !kComparisons.count(expr.name)) {
    return;
  }
  for (int side = 0; side < 2; side++) {
    BoundExprPtr& cast = expr.children[side];
    BoundExprPtr& constant = expr.children[1 - side];
    if (cast->kind != BoundExprKind::kCast || cast->type.id() != TypeId::kTimestamp ||
        cast->children[0]->type.id() != TypeId::kDate || constant->kind != BoundExprKind::kConstant ||
        constant->type.id() != TypeId::kTimestamp || constant->value.is_null() ||
        constant->value.int64() % kMicrosPerDay != 0) {
      continue;
    }
    LogicalType date(TypeId::kDate);
    int64_t day = constant->value.int64() / kMicrosPerDay;
    constant = MakeConstant(Value::FromInt64(date, day));
    cast = std::move(cast->children[0]);
    expr.function.arg_types = {date, date};
    return;
  }
}

// Replaces constant subexpressions (no columns, nothing volatile) by their value, once, so
// that they are not recomputed for every chunk. A subexpression that fails (1/0 in a CASE
// branch that may never run) is left for run time, where it fails only if it is reached.
static void FoldConstants(BoundExprPtr& expr, const FunctionContext& context) {
  if (!expr || expr->kind == BoundExprKind::kConstant) return;
  if (IsConstant(*expr)) {
    Result<Value> value = EvaluateConstant(*expr, context);
    if (value.ok()) {
      int position = expr->position;
      LogicalType type = expr->type;
      expr = MakeConstant(std::move(value).value());
      expr->type = type;  // keep e.g. VARCHAR(3) from left(x, 3)
      expr->position = position;
      return;
    }
  }
  for (auto& child : expr->children) FoldConstants(child, context);
  NarrowDateComparison(*expr);
}

Status PhysicalPlanner::ResolveAll(PlanNode& plan) {
  for (auto& filter : plan.scan_filters) RETURN_IF_ERROR(ResolveSubqueries(filter));
  RETURN_IF_ERROR(ResolveSubqueries(plan.predicate));
  for (auto& expr : plan.exprs) RETURN_IF_ERROR(ResolveSubqueries(expr));
  for (auto& key : plan.group_keys) RETURN_IF_ERROR(ResolveSubqueries(key));
  for (auto& call : plan.aggregates) {
    for (auto& arg : call.args) RETURN_IF_ERROR(ResolveSubqueries(arg));
  }
  for (auto& row : plan.rows) {
    for (auto& expr : row) RETURN_IF_ERROR(ResolveSubqueries(expr));
  }
  const FunctionContext& context = context_.functions;
  for (auto& filter : plan.scan_filters) FoldConstants(filter, context);
  FoldConstants(plan.predicate, context);
  for (auto& expr : plan.exprs) FoldConstants(expr, context);
  for (auto& key : plan.group_keys) FoldConstants(key, context);
  for (auto& key : plan.left_keys) FoldConstants(key, context);
  for (auto& key : plan.right_keys) FoldConstants(key, context);
  for (auto& call : plan.aggregates) {
    for (auto& arg : call.args) FoldConstants(arg, context);
  }
  return Status::Ok();
}

namespace {

// A pipeline runs in parallel when it streams from one table scan through filters,
// projections and the probe side of hash joins (whose build sides are shared).
bool IsParallelPipeline(const PlanNode& plan) {
  switch (plan.kind) {
    case PlanKind::kScan: return true;
    case PlanKind::kFilter:
    case PlanKind::kProject: return IsParallelPipeline(*plan.children[0]);
    case PlanKind::kJoin:
      return (plan.join_type == PlanJoinType::kInner || plan.join_type == PlanJoinType::kLeft ||
              plan.join_type == PlanJoinType::kSemi || plan.join_type == PlanJoinType::kAnti) &&
             IsParallelPipeline(*plan.children[0]);
    default: return false;
  }
}

}  // namespace

Result<std::vector<OperatorPtr>> PhysicalPlanner::ParallelCopies(PlanNode& plan, PipelineShare& share) {
  std::vector<OperatorPtr> copies;
  if (context_.threads <= 1 || !IsParallelPipeline(plan)) return copies;
  for (int i = 1; i < context_.threads; i++) {
    ASSIGN_OR_RETURN(OperatorPtr copy, BuildNode(plan, &share));
    copies.push_back(std::move(copy));
  }
  return copies;
}

// Follows probe-side column `column` of `node` down to the scan that produces it. Through an
// inner join the column may come from either side: a build-side row whose key the filter
// rules out could only make joined rows that the filtering join drops.
static bool TraceToScan(PlanNode& node, int column, PlanNode*& scan, int& scan_column) {
  switch (node.kind) {
    case PlanKind::kScan:
      if (column >= static_cast<int>(node.scan_columns.size())) return false;  // the row id
      scan = &node;
      scan_column = column;
      return true;
    case PlanKind::kFilter: return TraceToScan(*node.children[0], column, scan, scan_column);
    case PlanKind::kAggregate: {
      // A group key: dropping the input rows of a group drops just that group.
      if (!node.grouping_sets.empty() || column >= static_cast<int>(node.group_keys.size())) return false;
      const BoundExpr& key = *node.group_keys[static_cast<size_t>(column)];
      if (key.kind != BoundExprKind::kColumn) return false;
      return TraceToScan(*node.children[0], key.column_index, scan, scan_column);
    }
    case PlanKind::kProject: {
      const BoundExpr& expr = *node.exprs[column];
      if (expr.kind != BoundExprKind::kColumn) return false;
      return TraceToScan(*node.children[0], expr.column_index, scan, scan_column);
    }
    case PlanKind::kJoin: {
      const int left_width = static_cast<int>(node.children[0]->width());
      if (column < left_width) return TraceToScan(*node.children[0], column, scan, scan_column);
      if (node.join_type != PlanJoinType::kInner) return false;
      return TraceToScan(*node.children[1], column - left_width, scan, scan_column);
    }
    default: return false;
  }
}

void PhysicalPlanner::PlanRuntimeFilters(PlanNode& join) {
  PlanTransitiveFilters(join);
  PlanProbeSideFilters(join);
  PlanBuildSideFilters(join);
}

// A probe key that a join further down already filters (l_partkey, filtered by the join with
// part) holds only values in that filter, so the same filter applies to the build side's key
// it equals (partsupp's ps_partkey): a build row outside it can meet no probe row. Not for
// right or full joins, which keep their unmatched build rows. Such a join has the joins below
// it build first (Operator::PrepareBuilds), so that the filter is ready when its build side
// is read; other joins build top down, so that their own filters reach build sides below.
void PhysicalPlanner::PlanTransitiveFilters(PlanNode& join) {
  const PlanJoinType type = join.join_type;
  if (type == PlanJoinType::kRight || type == PlanJoinType::kFull || join.null_aware) return;
  for (size_t k = 0; k < join.left_keys.size(); k++) {
    const BoundExpr& probe_key = *join.left_keys[k];
    const BoundExpr& build_key = *join.right_keys[k];
    if (probe_key.kind != BoundExprKind::kColumn || build_key.kind != BoundExprKind::kColumn ||
        build_key.type.physical() != PhysicalType::kInt64) {
      continue;
    }
    if (!transitive_planned_.insert({&join, k}).second) continue;  // a parallel copy
    PlanNode* probe_scan = nullptr;
    int probe_column = -1;
    if (!TraceToScan(*join.children[0], probe_key.column_index, probe_scan, probe_column)) continue;
    auto filters = column_filters_.find({probe_scan, probe_column});
    if (filters == column_filters_.end()) continue;
    PlanNode* build_scan = nullptr;
    int build_column = -1;
    if (!TraceToScan(*join.children[1], build_key.column_index, build_scan, build_column)) continue;
    for (const auto& filter : filters->second) scan_filters_[build_scan].emplace_back(build_column, filter);
    builds_after_probe_side_.insert(&join);
  }
}

// Some joins read their probe side first (when it is indeed small), and its keys then filter
// the build side: a build row whose key no probe row has can change no answer (except for NOT
// IN, where a NULL build key matters). A probe side read first goes without the filter the
// join would otherwise publish for it, so:
//   left join        always: it publishes none;
//   semi, anti join  when the probe side looks much smaller than the build side;
//   inner join       when the build side is a whole table that nothing filters, not even
//                    another join's runtime filter: its own filter would drop little, and a
//                    table with wide text columns (or many rows) is then read only for the
//                    keys the probe side holds. When the probe side is not small after all,
//                    the rows read ahead cost only their buffer.
bool PhysicalPlanner::ReadsProbeSideFirst(const PlanNode& join) const {
  if (join.null_aware) return false;
  const double probe_rows = join.children[0]->estimated_rows;
  const double build_rows = join.children[1]->estimated_rows;
  switch (join.join_type) {
    case PlanJoinType::kLeft: return true;
    case PlanJoinType::kSemi:
    case PlanJoinType::kAnti: return probe_rows * 4 <= build_rows;
    case PlanJoinType::kInner: return IsWholeTable(*join.children[1]);
    default: return false;
  }
}

// A scan without filters of its own, whose runtime filters (if any) come from joins that
// build on whole tables themselves (which let every key of a foreign key through).
bool PhysicalPlanner::IsWholeTable(const PlanNode& plan) const {
  if (plan.kind == PlanKind::kProject) return IsWholeTable(*plan.children[0]);
  if (plan.kind != PlanKind::kScan || !plan.scan_filters.empty()) return false;
  auto filters = scan_filters_.find(&plan);
  if (filters == scan_filters_.end()) return true;
  for (const auto& [column, filter] : filters->second) {
    auto source = filter_sources_.find(filter.get());
    if (source == filter_sources_.end() || !IsWholeTable(*source->second->children[1])) return false;
  }
  return true;
}
void PhysicalPlanner::PlanBuildSideFilters(PlanNode& join) {
  if (!ReadsProbeSideFirst(join)) return;
  for (size_t k = 0; k < join.right_keys.size(); k++) {
    const BoundExpr& key = *join.right_keys[k];
    const BoundExpr& probe_key = *join.left_keys[k];
    if (key.kind != BoundExprKind::kColumn || key.type.physical() != PhysicalType::kInt64 ||
        probe_key.type.physical() != PhysicalType::kInt64) {
      continue;
    }
    if (build_filters_.count({&join, k})) continue;  // planned already (a parallel copy)
    ScanFilter filter = AddScanFilter(*join.children[1], key.column_index);
    if (filter.filter) build_filters_[{&join, k}] = filter.filter;
  }
}

PhysicalPlanner::ScanFilter PhysicalPlanner::AddScanFilter(PlanNode& side, int column) {
  ScanFilter added;
  if (!TraceToScan(side, column, added.scan, added.column)) return added;
  added.filter = std::make_shared<RuntimeFilter>();
  scan_filters_[added.scan].emplace_back(added.column, added.filter);
  return added;
}

void PhysicalPlanner::PlanProbeSideFilters(PlanNode& join) {
  // Only joins that drop probe rows without a partner may filter the probe side early (a
  // right join keeps the build side's unmatched rows, not the probe side's).
  if (join.join_type != PlanJoinType::kInner && join.join_type != PlanJoinType::kSemi &&
      join.join_type != PlanJoinType::kRight) {
    return;
  }
  for (size_t k = 0; k < join.left_keys.size(); k++) {
    const BoundExpr& key = *join.left_keys[k];
    if (key.kind != BoundExprKind::kColumn || key.type.physical() != PhysicalType::kInt64) continue;
    if (join_filters_.count({&join, k})) continue;  // planned already (a parallel copy)
    ScanFilter filter = AddScanFilter(*join.children[0], key.column_index);
    if (!filter.filter) continue;
    join_filters_[{&join, k}] = filter.filter;
    column_filters_[{filter.scan, filter.column}].push_back(filter.filter);
    filter_sources_[filter.filter.get()] = &join;
  }
}

Result<OperatorPtr> PhysicalPlanner::BuildNode(PlanNode& plan, PipelineShare* share) {
  RETURN_IF_ERROR(ResolveAll(plan));
  if (plan.kind == PlanKind::kJoin) PlanRuntimeFilters(plan);
  bool blocking = plan.kind == PlanKind::kAggregate || plan.kind == PlanKind::kSort;
  PipelineShare own_share;
  PipelineShare build_share;
  std::vector<OperatorPtr> children;
  for (size_t c = 0; c < plan.children.size(); c++) {
    // The probe side (child 0) of a join continues the pipeline; a blocking operator starts
    // a new one for its input, and so does a join for its build side; everything else is
    // built on its own.
    PipelineShare* child_share = nullptr;
    if (c == 0 && (plan.kind == PlanKind::kFilter || plan.kind == PlanKind::kProject ||
                   plan.kind == PlanKind::kJoin)) {
      child_share = share;
    }
    if (c == 1 && plan.kind == PlanKind::kJoin) child_share = &build_share;
    if (blocking) child_share = &own_share;
    ASSIGN_OR_RETURN(OperatorPtr op, BuildNode(*plan.children[c], child_share));
    children.push_back(std::move(op));
  }
  std::vector<OperatorPtr> parallel_inputs;
  if (blocking) {
    ASSIGN_OR_RETURN(parallel_inputs, ParallelCopies(*plan.children[0], own_share));
  }
  switch (plan.kind) {
    case PlanKind::kScan: {
      TableScanSpec spec;
      spec.directory = transaction_.directory();
      spec.files = &transaction_.files();
      spec.table = plan.table;
      spec.data = transaction_.TableDataFor(plan.table->id);
      spec.pending = transaction_.PendingRows(plan.table->id);
      spec.columns = plan.scan_columns;
      spec.hidden = plan.scan_hidden;
      for (auto& filter : plan.scan_filters) spec.filters.push_back(filter->Copy());
      spec.row_ids = plan.scan_row_ids;
      auto filters = scan_filters_.find(&plan);
      if (filters != scan_filters_.end()) spec.runtime_filters = filters->second;
      if (share) {
        auto& source = share->scans[&plan];
        if (!source) source = MakeMorselSource(spec);
        spec.morsels = source;
      }
      return MakeTableScan(std::move(spec));
    }
    case PlanKind::kValues: {
      std::vector<std::vector<BoundExprPtr>> rows;
      for (auto& row : plan.rows) {
        std::vector<BoundExprPtr> copy;
        for (auto& expr : row) copy.push_back(expr->Copy());
        rows.push_back(std::move(copy));
      }
      return MakeValuesOperator(plan.types, std::move(rows));
    }
    case PlanKind::kResult: return MakeResultOperator(plan.result);
    case PlanKind::kExternal: return MakeExternalOperator(plan.external);
    case PlanKind::kCte: return MakeCteOperator(std::move(children[0]), plan.cte);
    case PlanKind::kFilter:
      return MakeFilterOperator(std::move(children[0]), plan.predicate->Copy());
    case PlanKind::kProject: {
      std::vector<BoundExprPtr> exprs;
      for (auto& expr : plan.exprs) exprs.push_back(expr->Copy());
      return MakeProjectOperator(std::move(children[0]), std::move(exprs));
    }
    case PlanKind::kAggregate: {
      AggregateSpec spec;
      for (auto& key : plan.group_keys) spec.group_keys.push_back(key->Copy());
      for (auto& call : plan.aggregates) {
        AggregateCall copy;
        copy.function = call.function;
        for (auto& arg : call.args) copy.args.push_back(arg->Copy());
        copy.info = call.info;
        copy.binding = call.binding;
        copy.type = call.type;
        spec.aggregates.push_back(std::move(copy));
      }
      spec.grouping_sets = plan.grouping_sets;
      return MakeHashAggregateOperator(std::move(children[0]), std::move(spec), plan.types,
                                       std::move(parallel_inputs));
    }
    case PlanKind::kJoin: {
      HashJoinSpec spec;
      spec.type = plan.join_type;
      for (auto& key : plan.left_keys) spec.left_keys.push_back(key->Copy());
      for (auto& key : plan.right_keys) spec.right_keys.push_back(key->Copy());
      if (plan.predicate) spec.residual = plan.predicate->Copy();
      spec.null_aware = plan.null_aware;
      for (size_t k = 0; k < plan.left_keys.size(); k++) {
        auto filter = join_filters_.find({&plan, k});
        spec.runtime_filters.push_back(filter == join_filters_.end() ? nullptr : filter->second);
        auto build_filter = build_filters_.find({&plan, k});
        spec.build_side_filters.push_back(build_filter == build_filters_.end() ? nullptr : build_filter->second);
      }
      spec.build_after_probe_side = builds_after_probe_side_.count(&plan) > 0;
      if (share) {
        auto& build = share->joins[&plan];
        if (!build) build = MakeJoinBuildState();
        spec.shared_build = build;
      }
      ASSIGN_OR_RETURN(spec.parallel_build_inputs, ParallelCopies(*plan.children[1], build_share));
      return MakeHashJoinOperator(std::move(children[0]), std::move(children[1]), std::move(spec));
    }
    case PlanKind::kSort:
      return MakeSortOperator(std::move(children[0]), plan.sort_keys, plan.limit,
                              std::move(parallel_inputs));
    case PlanKind::kLimit:
      return MakeLimitOperator(std::move(children[0]), plan.limit, plan.offset);
    case PlanKind::kDistinct: return MakeDistinctOperator(std::move(children[0]));
    case PlanKind::kSetOp:
      return MakeSetOpOperator(std::move(children[0]), std::move(children[1]), plan.set_op,
                               plan.set_all);
    case PlanKind::kWindow:
      return OperatorPtr(std::make_unique<WindowOperator>(std::move(children[0]), plan.window_calls));
  }
  return Status(StatusCode::kInternal, "unknown plan node");
}

}  // namespace martlet
