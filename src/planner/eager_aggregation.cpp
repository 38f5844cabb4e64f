#include "planner/eager_aggregation.hpp"

#include <algorithm>
#include <map>
#include <optional>

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
constexpr double kUnbounded = 1e300;

bool IsEquiJoin(const PlanNode& node) {
  return node.kind == PlanKind::kJoin && !node.predicate && !node.left_keys.empty() && !node.null_aware &&
         (node.join_type == PlanJoinType::kInner || node.join_type == PlanJoinType::kLeft);
}

// The same function over partial results gives the whole result, of the same type; COUNT's
// partial counts are added up. On the side of an outer join that may be made up of NULLs,
// COUNT(*) would count a made-up row that its partial count (NULL, so 0) leaves out.
bool Decomposable(const AggregateCall& call, bool nullable_side) {
  const AggregateCallInfo& info = call.info;
  if (info.distinct || info.approximate || !info.grouping_keys.empty()) return false;
  if (call.function == "count") return !(info.star || call.args.empty()) || !nullable_side;
  if (call.function != "sum" && call.function != "min" && call.function != "max") return false;
  if (call.args.size() != 1) return false;
  Result<AggregateBinding> final_binding = ResolveAggregate(call.function, {call.type}, info);
  return final_binding.ok() && final_binding->return_type == call.type;
}

AggregateBinding FinalBinding(const AggregateCall& call) {
  if (call.function == "count") return CountTotalBinding();
  return ResolveAggregate(call.function, {call.type}, call.info).value();
}

// Where the early aggregation goes: between spine[level] and its child `side`, whose columns
// are [offset, offset + width) of the top join's; grouped by `keys` (top-join numbers).
struct Placement {
  size_t level;
  size_t side;
  int offset;
  int width;
  std::vector<int> keys;
};

// What the aggregation reads, in the top join's column numbers (at every level of a
// left-deep chain, the left input's columns come first).
struct Reads {
  std::vector<int> keys;
  std::vector<int> args;
};

class Placer {
 public:
  // `nullable_ok`: the calls are right over the side of a left join that may be made up.
  Placer(const std::vector<PlanNode*>& spine, const Reads& reads, bool nullable_ok)
      : spine_(spine), reads_(reads), nullable_ok_(nullable_ok) {
    for (int c : reads.keys) bounds_[c] = kUnbounded;
  }

  // The highest input on the chain that holds every argument column, shares at most
  // kMaxEarlyGroupKeys columns with what is read above it, and is not estimated much
  // smaller than its likely number of groups. A column a join reads has at most as many
  // values as the join's other side has rows; one only the group keys read is unbounded.
  std::optional<Placement> Find() {
    for (size_t level = 0; level < spine_.size(); level++) {
      const PlanNode& join = *spine_[level];
      const PlanNode& left = *join.children[0];
      const PlanNode& right = *join.children[1];
      const auto left_width = static_cast<int>(left.width());
      std::optional<Placement> placement =
          Try(level, 1, left_width, static_cast<int>(right.width()), join.right_keys, left.estimated_rows);
      if (placement) return placement;
      if (join.join_type != PlanJoinType::kInner) return std::nullopt;
      placement = Try(level, 0, 0, left_width, join.left_keys, right.estimated_rows);
      if (placement) return placement;
      for (const auto& key : join.left_keys) ForEachColumn(*key, [&](int c) { Bound(c, right.estimated_rows); });
      if (!AllInside(0, left_width)) return std::nullopt;
    }
    return std::nullopt;
  }

 private:
  void Bound(int column, double values) {
    auto [it, inserted] = bounds_.try_emplace(column, values);
    if (!inserted) it->second = std::min(it->second, values);
  }

  bool AllInside(int offset, int width) const {
    return std::all_of(reads_.args.begin(), reads_.args.end(), [&](int c) { return c >= offset && c < offset + width; });
  }

  // Input `side` of spine[level] (columns [offset, offset + width)), joined on `join_keys`
  // (over that input) to rows estimated at `other_rows`.
  std::optional<Placement> Try(size_t level, size_t side, int offset, int width,
                               const std::vector<BoundExprPtr>& join_keys, double other_rows) const {
    const PlanNode& join = *spine_[level];
    const PlanNode& input = *join.children[side];
    if (!AllInside(offset, width) || input.kind == PlanKind::kAggregate) return std::nullopt;
    if (side == 1 && join.join_type == PlanJoinType::kLeft && !nullable_ok_) return std::nullopt;
    // A build side smaller than its probe side is most likely the one-row-per-key side of
    // the join (a dimension): there is nothing to aggregate.
    if (side == 1 && input.estimated_rows <= other_rows) return std::nullopt;
    std::map<int, double> bounds = bounds_;
    for (const auto& key : join_keys) {
      ForEachColumn(*key, [&](int c) {
        auto [it, inserted] = bounds.try_emplace(c + offset, other_rows);
        if (!inserted) it->second = std::min(it->second, other_rows);
      });
    }
    Placement placement{level, side, offset, width, {}};
    double groups = 1;
    for (const auto& [c, values] : bounds) {
      if (c < offset || c >= offset + width) continue;
      if (std::find(reads_.args.begin(), reads_.args.end(), c) != reads_.args.end()) return std::nullopt;
      placement.keys.push_back(c);
      groups = std::min(kUnbounded, groups * values);
    }
    if (placement.keys.size() > kMaxEarlyGroupKeys || input.estimated_rows * kMinRowsPerGroup < groups) {
      return std::nullopt;
    }
    return placement;
  }

 private:
  const std::vector<PlanNode*>& spine_;
  const Reads& reads_;
  const bool nullable_ok_;
  std::map<int, double> bounds_;  // column read above the current level -> bound on its values
};

// How the join names input column `c` of its child `side` (qualified, for EXPLAIN).
std::string ColumnName(const PlanNode& join, size_t side, int c) {
  for (const auto& key : side == 0 ? join.left_keys : join.right_keys) {
    if (key->kind == BoundExprKind::kColumn && key->column_index == c) return key->name;
  }
  return join.children[side]->names[c];
}

// Puts an aggregation of `aggregate`'s calls between spine join `join` and its input
// `placement.side`, grouped by the placement's keys.
void InsertEarlyAggregate(PlanNode& join, const Placement& placement, const PlanNode& aggregate,
                          const std::vector<int>& through) {
  PlanPtr& slot = join.children[placement.side];
  const PlanNode& input = *slot;
  auto early = std::make_unique<PlanNode>(PlanKind::kAggregate);
  for (int top_column : placement.keys) {
    const int c = top_column - placement.offset;
    early->group_keys.push_back(MakeColumn(c, input.types[c], ColumnName(join, placement.side, c)));
    early->types.push_back(input.types[c]);
    early->names.push_back(input.names[c]);
  }
  for (const AggregateCall& call : aggregate.aggregates) {
    AggregateCall copy;
    copy.function = call.function;
    for (const auto& arg : call.args) {
      copy.args.push_back(arg->Copy());
      RemapColumns(*copy.args.back(), through);
      ShiftColumns(*copy.args.back(), -placement.offset);
    }
    copy.info = call.info;
    copy.binding = call.binding;
    copy.type = call.type;
    early->types.push_back(call.type);
    early->names.push_back(call.function);
    early->aggregates.push_back(std::move(copy));
  }
  // Its groups are at most the rows the key joins to.
  early->estimated_rows = join.children[1 - placement.side]->estimated_rows;
  early->children.push_back(std::move(slot));
  slot = std::move(early);
}

void Rewrite(PlanNode& aggregate) {
  if (!aggregate.grouping_sets.empty() || aggregate.aggregates.empty()) return;
  auto decomposable = [&](bool nullable) {
    return std::all_of(aggregate.aggregates.begin(), aggregate.aggregates.end(),
                       [&](const AggregateCall& call) { return Decomposable(call, nullable); });
  };
  if (!decomposable(false)) return;
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
  // The chain: inner joins down left inputs; a left join ends it (its right input, the last
  // candidate, is below it).
  std::vector<PlanNode*> spine;
  for (PlanNode* node = top; IsEquiJoin(*node); node = node->children[0].get()) {
    spine.push_back(node);
    if (node->join_type != PlanJoinType::kInner) break;
  }
  if (spine.empty()) return;
  Reads reads;
  for (const auto& key : aggregate.group_keys) ForEachColumn(*key, [&](int c) { reads.keys.push_back(through[c]); });
  for (const auto& call : aggregate.aggregates) {
    for (const auto& arg : call.args) ForEachColumn(*arg, [&](int c) { reads.args.push_back(through[c]); });
  }
  std::optional<Placement> placement = Placer(spine, reads, decomposable(true)).Find();
  if (!placement) return;

  PlanNode& join = *spine[placement->level];
  InsertEarlyAggregate(join, *placement, aggregate, through);
  const auto early_width = static_cast<int>(join.children[placement->side]->width());
  // Old top-join column -> new: the early keys, then the partial results, where the input
  // was; the columns after it shifted by the change in width.
  std::vector<int> mapping(top->width());
  for (size_t c = 0; c < mapping.size(); c++) {
    const auto column = static_cast<int>(c);
    if (column < placement->offset) {
      mapping[c] = column;
    } else if (column >= placement->offset + placement->width) {
      mapping[c] = column - placement->width + early_width;
    } else {
      auto key = std::find(placement->keys.begin(), placement->keys.end(), column);
      mapping[c] = key == placement->keys.end() ? -1 : placement->offset + static_cast<int>(key - placement->keys.begin());
    }
  }
  // The join keys over the new input, then every join above it, whose left input holds it.
  std::vector<int> input_mapping(static_cast<size_t>(placement->width), -1);
  for (size_t k = 0; k < placement->keys.size(); k++) {
    input_mapping[static_cast<size_t>(placement->keys[k] - placement->offset)] = static_cast<int>(k);
  }
  for (auto& key : placement->side == 0 ? join.left_keys : join.right_keys) RemapColumns(*key, input_mapping);
  for (size_t level = placement->level + 1; level-- > 0;) {
    PlanNode& node = *spine[level];
    if (level < placement->level) {
      for (auto& key : node.left_keys) RemapColumns(*key, mapping);
    }
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
    const int partial = placement->offset + static_cast<int>(placement->keys.size() + a);
    call.args.clear();
    call.args.push_back(MakeColumn(partial, call.type, call.function));
    call.binding = FinalBinding(call);
    call.info.star = false;
  }
  if (aggregate.children[0].get() != top) aggregate.children[0] = std::move(aggregate.children[0]->children[0]);
}

}  // namespace

void AggregateBeforeJoins(PlanNode& root) {
  for (auto& child : root.children) AggregateBeforeJoins(*child);
  if (root.kind == PlanKind::kAggregate) Rewrite(root);
}

}  // namespace martlet
