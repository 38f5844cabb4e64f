#include "planner/eager_aggregation.hpp"

#include <algorithm>
#include <optional>
#include <map>

#include "functions/aggregate_function.hpp"

namespace martlet {
namespace {

// One key: a pair of keys (an order and a nation, TPC-H Q5) is nearly as many groups as rows,
// and the estimates cannot tell.
constexpr size_t kMaxEarlyGroupKeys = 1;
// The input is aggregated early unless it looks much smaller than its keys' possible values:
// then they are probably all distinct. (Without distinct-value statistics this is a guess;
// aggregating rows whose keys are all distinct costs one hash pass for nothing.)
constexpr double kMinRowsPerGroup = 4;

bool IsPlainInnerJoin(const PlanNode& node) {
  return node.kind == PlanKind::kJoin && node.join_type == PlanJoinType::kInner && !node.predicate &&
         !node.left_keys.empty() && !node.null_aware;
}

// The same function over partial results gives the whole result, of the same type.
bool Decomposable(const AggregateCall& call) {
  const AggregateCallInfo& info = call.info;
  if (call.function != "sum" && call.function != "min" && call.function != "max") return false;
  if (call.args.size() != 1 || info.distinct || info.approximate || !info.grouping_keys.empty()) return false;
  Result<AggregateBinding> final_binding = ResolveAggregate(call.function, {call.type}, info);
  return final_binding.ok() && final_binding->return_type == call.type;
}

struct Placement {
  size_t level;        // spine[level]'s left input is aggregated early
  std::vector<int> keys;  // the columns of that input read above it
};

// The highest join of `spine` (top first) whose left input holds every argument column,
// shares at most kMaxEarlyGroupKeys columns with what is read above it, and is not
// estimated much smaller than its likely number of groups. A column that a join reads has at
// most as many values as that join's other side has rows; one only the group keys read is
// unbounded.
std::optional<Placement> Place(const std::vector<PlanNode*>& spine, const std::vector<int>& key_columns,
                               const std::vector<int>& arg_columns) {
  constexpr double kUnbounded = 1e300;
  std::map<int, double> values;  // column read above -> bound on its distinct values
  for (int c : key_columns) values[c] = kUnbounded;
  for (size_t level = 0; level < spine.size(); level++) {
    PlanNode& join = *spine[level];
    const double other_rows = join.children[1]->estimated_rows;
    for (const auto& key : join.left_keys) {
      ForEachColumn(*key, [&](int c) {
        auto [it, inserted] = values.try_emplace(c, other_rows);
        if (!inserted) it->second = std::min(it->second, other_rows);
      });
    }
    const auto width = static_cast<int>(join.children[0]->width());
    if (std::any_of(arg_columns.begin(), arg_columns.end(), [&](int c) { return c >= width; })) break;
    std::vector<int> keys;
    double groups = 1;
    for (const auto& [c, bound] : values) {
      if (c >= width) continue;
      keys.push_back(c);
      groups = std::min(kUnbounded, groups * bound);
    }
    const bool disjoint = std::none_of(arg_columns.begin(), arg_columns.end(), [&](int c) {
      return std::find(keys.begin(), keys.end(), c) != keys.end();
    });
    const PlanNode& input = *join.children[0];
    if (disjoint && keys.size() <= kMaxEarlyGroupKeys && input.kind != PlanKind::kAggregate &&
        input.estimated_rows * kMinRowsPerGroup >= groups) {
      return Placement{level, keys};
    }
  }
  return std::nullopt;
}

// How the join above names input column `c` (qualified, for EXPLAIN), else the input's name.
std::string ColumnName(const PlanNode& join, int c) {
  for (const auto& key : join.left_keys) {
    if (key->kind == BoundExprKind::kColumn && key->column_index == c) return key->name;
  }
  return join.children[0]->names[c];
}

// Puts an aggregation of `aggregate`'s calls, grouped by `keys`, between `join` and its left
// input.
void InsertEarlyAggregate(PlanNode& join, const std::vector<int>& keys, const PlanNode& aggregate,
                          const std::vector<int>& through) {
  auto early = std::make_unique<PlanNode>(PlanKind::kAggregate);
  const PlanNode& input = *join.children[0];
  for (int c : keys) {
    early->group_keys.push_back(MakeColumn(c, input.types[c], ColumnName(join, c)));
    early->types.push_back(input.types[c]);
    early->names.push_back(input.names[c]);
  }
  for (const AggregateCall& call : aggregate.aggregates) {
    AggregateCall copy;
    copy.function = call.function;
    for (const auto& arg : call.args) {
      copy.args.push_back(arg->Copy());
      RemapColumns(*copy.args.back(), through);
    }
    copy.info = call.info;
    copy.binding = call.binding;
    copy.type = call.type;
    early->types.push_back(call.type);
    early->names.push_back(call.function);
    early->aggregates.push_back(std::move(copy));
  }
  // Its groups are at most the rows the key joins to.
  early->estimated_rows = join.children[1]->estimated_rows;
  early->children.push_back(std::move(join.children[0]));
  join.children[0] = std::move(early);
}

void Rewrite(PlanNode& aggregate) {
  if (!aggregate.grouping_sets.empty() || aggregate.aggregates.empty()) return;
  if (!std::all_of(aggregate.aggregates.begin(), aggregate.aggregates.end(), Decomposable)) return;
  // A projection that only passes columns on is looked through (and dropped if this applies).
  PlanNode* top = aggregate.children[0].get();
  std::vector<int> through(top->width());
  for (size_t i = 0; i < through.size(); i++) through[i] = static_cast<int>(i);
  if (top->kind == PlanKind::kProject) {
    for (size_t i = 0; i < top->exprs.size(); i++) {
      if (top->exprs[i]->kind != BoundExprKind::kColumn) return;
      through[i] = top->exprs[i]->column_index;
    }
    top = top->children[0].get();
  }
  std::vector<PlanNode*> spine;
  for (PlanNode* node = top; IsPlainInnerJoin(*node); node = node->children[0].get()) spine.push_back(node);
  if (spine.empty()) return;
  // Column numbers of the top join: a left input's columns come first at every level.
  std::vector<int> key_columns, arg_columns;
  for (const auto& key : aggregate.group_keys) ForEachColumn(*key, [&](int c) { key_columns.push_back(through[c]); });
  for (const auto& call : aggregate.aggregates) {
    for (const auto& arg : call.args) ForEachColumn(*arg, [&](int c) { arg_columns.push_back(through[c]); });
  }
  std::optional<Placement> placement = Place(spine, key_columns, arg_columns);
  if (!placement) return;

  PlanNode& join = *spine[placement->level];
  const size_t input_width = join.children[0]->width();
  InsertEarlyAggregate(join, placement->keys, aggregate, through);
  const size_t early_width = join.children[0]->width();
  // Old top-join column -> new: the early keys first, the partial results after them, and
  // every column right of the aggregated input shifted by the change in width.
  std::vector<int> mapping(top->width(), -1);
  for (size_t k = 0; k < placement->keys.size(); k++) mapping[placement->keys[k]] = static_cast<int>(k);
  for (size_t c = input_width; c < mapping.size(); c++) {
    mapping[c] = static_cast<int>(c - input_width + early_width);
  }
  for (size_t level = placement->level + 1; level-- > 0;) {
    PlanNode& node = *spine[level];
    for (auto& key : node.left_keys) RemapColumns(*key, mapping);
    node.types = node.children[0]->types;
    node.names = node.children[0]->names;
    node.types.insert(node.types.end(), node.children[1]->types.begin(), node.children[1]->types.end());
    node.names.insert(node.names.end(), node.children[1]->names.begin(), node.children[1]->names.end());
  }
  for (auto& key : aggregate.group_keys) {
    RemapColumns(*key, through);
    RemapColumns(*key, mapping);
  }
  for (size_t a = 0; a < aggregate.aggregates.size(); a++) {
    AggregateCall& call = aggregate.aggregates[a];
    const auto partial = static_cast<int>(placement->keys.size() + a);
    call.args.clear();
    call.args.push_back(MakeColumn(partial, call.type, call.function));
    call.binding = ResolveAggregate(call.function, {call.type}, call.info).value();
  }
  if (aggregate.children[0].get() != top) aggregate.children[0] = std::move(aggregate.children[0]->children[0]);
}

}  // namespace

void AggregateBeforeJoins(PlanNode& root) {
  for (auto& child : root.children) AggregateBeforeJoins(*child);
  if (root.kind == PlanKind::kAggregate) Rewrite(root);
}

}  // namespace martlet
