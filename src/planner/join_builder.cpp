#include "planner/join_builder.hpp"

#include <algorithm>
#include <numeric>

namespace martlet {

// Which side(s) of a split point the columns of an expression lie on: bit 0 left, bit 1 right.
static int Sides(const BoundExpr& expr, int split) {
  int sides = 0;
  ForEachColumn(expr, [&](int column) { sides |= column < split ? 1 : 2; });
  return sides;
}

static double Selectivity(const BoundExpr& condition) {
  if (condition.kind == BoundExprKind::kFunction && condition.name == "=") return 0.1;
  if (condition.kind == BoundExprKind::kInList) return 0.2;
  return 0.3;
}

PlanPtr MakeProject(PlanPtr child, std::vector<BoundExprPtr> exprs,
                           std::vector<std::string> names) {
  auto project = std::make_unique<PlanNode>(PlanKind::kProject);
  for (const auto& expr : exprs) project->types.push_back(expr->type);
  project->names = std::move(names);
  project->names.resize(exprs.size());
  project->exprs = std::move(exprs);
  project->estimated_rows = child->estimated_rows;
  project->children.push_back(std::move(child));
  return project;
}

// Pushes the conditions that read only one side of a join below it: either side of an
// inner join, the preserved (left) side of a left, semi or anti join. Returns the rest.
static std::vector<BoundExprPtr> PushIntoJoin(PlanNode& join, std::vector<BoundExprPtr> conditions) {
  int split = static_cast<int>(join.children[0]->width());
  bool inner = join.join_type == PlanJoinType::kInner;
  bool left_preserving = inner || join.join_type == PlanJoinType::kLeft ||
                         join.join_type == PlanJoinType::kSemi || join.join_type == PlanJoinType::kAnti;
  std::vector<BoundExprPtr> left, right, rest;
  for (auto& condition : conditions) {
    int sides = Sides(*condition, split);
    if (HasSubquery(*condition)) {
      rest.push_back(std::move(condition));
    } else if (sides == 1 && left_preserving) {
      left.push_back(std::move(condition));
    } else if (sides == 2 && inner) {
      ShiftColumns(*condition, -split);
      right.push_back(std::move(condition));
    } else {
      rest.push_back(std::move(condition));
    }
  }
  if (!left.empty()) join.children[0] = AddFilter(std::move(join.children[0]), std::move(left));
  if (!right.empty()) join.children[1] = AddFilter(std::move(join.children[1]), std::move(right));
  return rest;
}

// Conditions that read only columns a projection passes through unchanged go below it.
static std::vector<BoundExprPtr> PushThroughProject(PlanNode& project, std::vector<BoundExprPtr> conditions) {
  std::vector<int> source(project.exprs.size(), -1);
  for (size_t i = 0; i < project.exprs.size(); i++) {
    if (project.exprs[i]->kind == BoundExprKind::kColumn) source[i] = project.exprs[i]->column_index;
  }
  std::vector<BoundExprPtr> below, rest;
  for (auto& condition : conditions) {
    bool passes = !HasSubquery(*condition);
    ForEachColumn(*condition, [&](int c) { passes = passes && source[c] >= 0; });
    if (passes) {
      RemapColumns(*condition, source);
      below.push_back(std::move(condition));
    } else {
      rest.push_back(std::move(condition));
    }
  }
  if (!below.empty()) project.children[0] = AddFilter(std::move(project.children[0]), std::move(below));
  return rest;
}

PlanPtr AddFilter(PlanPtr plan, std::vector<BoundExprPtr> conditions) {
  if (conditions.empty()) return plan;
  if (plan->kind == PlanKind::kJoin && plan->limit != -2) {
    conditions = PushIntoJoin(*plan, std::move(conditions));
    if (conditions.empty()) return plan;
  }
  if (plan->kind == PlanKind::kProject) {
    conditions = PushThroughProject(*plan, std::move(conditions));
    if (conditions.empty()) return plan;
  }
  for (const auto& condition : conditions) plan->estimated_rows *= Selectivity(*condition);
  plan->estimated_rows = std::max(plan->estimated_rows, 1.0);
  if (plan->kind == PlanKind::kScan) {
    for (auto& condition : conditions) plan->scan_filters.push_back(std::move(condition));
    return plan;
  }
  if (plan->kind == PlanKind::kFilter) {
    std::vector<BoundExprPtr> terms;
    SplitConjunction(std::move(plan->predicate), terms);
    for (auto& condition : conditions) terms.push_back(std::move(condition));
    plan->predicate = MakeConjunction(std::move(terms));
    return plan;
  }
  auto filter = std::make_unique<PlanNode>(PlanKind::kFilter);
  filter->types = plan->types;
  filter->names = plan->names;
  filter->estimated_rows = plan->estimated_rows;
  filter->predicate = MakeConjunction(std::move(conditions));
  filter->children.push_back(std::move(plan));
  return filter;
}

PlanPtr MakeJoin(PlanJoinType type, PlanPtr left, PlanPtr right,
                 std::vector<BoundExprPtr> conditions) {
  auto join = std::make_unique<PlanNode>(PlanKind::kJoin);
  join->join_type = type;
  int split = static_cast<int>(left->width());
  std::vector<BoundExprPtr> residual;
  for (auto& condition : conditions) {
    bool is_equality = condition->kind == BoundExprKind::kFunction && condition->name == "=" &&
                       condition->children.size() == 2;
    if (is_equality) {
      int a = Sides(*condition->children[0], split);
      int b = Sides(*condition->children[1], split);
      if ((a == 1 && b == 2) || (a == 2 && b == 1)) {
        auto left_key = std::move(condition->children[a == 1 ? 0 : 1]);
        auto right_key = std::move(condition->children[a == 1 ? 1 : 0]);
        ShiftColumns(*right_key, -split);
        join->left_keys.push_back(std::move(left_key));
        join->right_keys.push_back(std::move(right_key));
        continue;
      }
    }
    residual.push_back(std::move(condition));
  }
  join->predicate = MakeConjunction(std::move(residual));
  join->types = left->types;
  join->names = left->names;
  if (type != PlanJoinType::kSemi && type != PlanJoinType::kAnti) {
    join->types.insert(join->types.end(), right->types.begin(), right->types.end());
    join->names.insert(join->names.end(), right->names.begin(), right->names.end());
  }
  double l = left->estimated_rows, r = right->estimated_rows;
  join->estimated_rows = join->left_keys.empty() ? l * r : std::max(l, r);
  if (type == PlanJoinType::kSemi || type == PlanJoinType::kAnti) join->estimated_rows = l;
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));
  return join;
}

PlanPtr MakeLeftJoin(PlanPtr left, PlanPtr right, std::vector<BoundExprPtr> conditions) {
  constexpr double kSwapRatio = 4;  // the build side must look this much smaller to swap
  if (left->estimated_rows * kSwapRatio >= right->estimated_rows) {
    return MakeJoin(PlanJoinType::kLeft, std::move(left), std::move(right), std::move(conditions));
  }
  const int left_width = static_cast<int>(left->width());
  const int right_width = static_cast<int>(right->width());
  std::vector<int> swapped(static_cast<size_t>(left_width + right_width));
  for (int i = 0; i < left_width + right_width; i++) {
    swapped[static_cast<size_t>(i)] = i < left_width ? right_width + i : i - left_width;
  }
  for (auto& condition : conditions) RemapColumns(*condition, swapped);
  const double rows = left->estimated_rows;
  PlanPtr join = MakeJoin(PlanJoinType::kRight, std::move(right), std::move(left), std::move(conditions));
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  for (int i = 0; i < left_width + right_width; i++) {
    const int from = swapped[static_cast<size_t>(i)];
    exprs.push_back(MakeColumn(from, join->types[static_cast<size_t>(from)], join->names[static_cast<size_t>(from)]));
    names.push_back(join->names[static_cast<size_t>(from)]);
  }
  PlanPtr project = MakeProject(std::move(join), std::move(exprs), std::move(names));
  project->estimated_rows = rows;
  return project;
}

namespace {

struct Relation {
  PlanPtr plan;
  int offset;  // first column in the concatenated order
  int width;
  double base_rows;
};

int RelationOf(const std::vector<Relation>& relations, int column) {
  for (size_t i = 0; i < relations.size(); i++) {
    if (column >= relations[i].offset && column < relations[i].offset + relations[i].width) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

uint64_t RelationMask(const std::vector<Relation>& relations, const BoundExpr& expr) {
  uint64_t mask = 0;
  ForEachColumn(expr, [&](int column) { mask |= uint64_t{1} << RelationOf(relations, column); });
  return mask;
}

bool IsEquiEdge(const std::vector<Relation>& relations, const BoundExpr& condition) {
  if (condition.kind != BoundExprKind::kFunction || condition.name != "=" ||
      condition.children.size() != 2) {
    return false;
  }
  uint64_t a = RelationMask(relations, *condition.children[0]);
  uint64_t b = RelationMask(relations, *condition.children[1]);
  return a != 0 && b != 0 && (a & b) == 0;
}

}  // namespace

// From (a1 AND b1) OR (a2 AND b2), where a1 and a2 read only relation r, r alone may be
// filtered with (a1 OR a2) before any join (TPC-H Q7's nation pairs). The OR itself stays.
static void AddImpliedFilters(const std::vector<Relation>& relations, std::vector<BoundExprPtr>& conditions) {
  size_t original = conditions.size();
  for (size_t c = 0; c < original; c++) {
    const BoundExpr& condition = *conditions[c];
    if (condition.kind != BoundExprKind::kOr) continue;
    uint64_t mask = RelationMask(relations, condition);
    if ((mask & (mask - 1)) == 0) continue;  // one relation: it is pushed down as it is
    for (size_t r = 0; r < relations.size(); r++) {
      if (!(mask & (uint64_t{1} << r))) continue;
      std::vector<BoundExprPtr> per_branch;
      bool every_branch = true;
      for (const auto& branch : condition.children) {
        std::vector<BoundExprPtr> terms, own;
        SplitConjunction(branch->Copy(), terms);
        for (auto& term : terms) {
          if (RelationMask(relations, *term) == (uint64_t{1} << r)) own.push_back(std::move(term));
        }
        if (own.empty()) {
          every_branch = false;
          break;
        }
        per_branch.push_back(MakeConjunction(std::move(own)));
      }
      if (!every_branch) continue;
      auto implied = std::make_unique<BoundExpr>();
      implied->kind = BoundExprKind::kOr;
      implied->type = LogicalType(TypeId::kBoolean);
      implied->children = std::move(per_branch);
      conditions.push_back(std::move(implied));
    }
  }
}

PlanPtr BuildInnerJoins(std::vector<PlanPtr> plans, std::vector<BoundExprPtr> conditions) {
  std::vector<Relation> relations;
  int offset = 0;
  for (auto& plan : plans) {
    int width = static_cast<int>(plan->width());
    double rows = plan->estimated_rows;
    relations.push_back({std::move(plan), offset, width, rows});
    offset += width;
  }
  if (relations.size() > 60) {
    // Too many for the bitmask: join in written order.
    PlanPtr plan = std::move(relations[0].plan);
    for (size_t i = 1; i < relations.size(); i++) {
      plan = MakeJoin(PlanJoinType::kInner, std::move(plan), std::move(relations[i].plan), {});
    }
    return AddFilter(std::move(plan), std::move(conditions));
  }
  AddImpliedFilters(relations, conditions);
  // Conditions on a single relation filter it before any join.
  std::vector<BoundExprPtr> pending;
  std::vector<BoundExprPtr> constant_conditions;
  for (auto& condition : conditions) {
    uint64_t mask = RelationMask(relations, *condition);
    if (mask == 0) {
      constant_conditions.push_back(std::move(condition));
    } else if ((mask & (mask - 1)) == 0) {
      int r = __builtin_ctzll(mask);
      ShiftColumns(*condition, -relations[r].offset);
      std::vector<BoundExprPtr> one;
      one.push_back(std::move(condition));
      relations[r].plan = AddFilter(std::move(relations[r].plan), std::move(one));
    } else {
      pending.push_back(std::move(condition));
    }
  }
  // Greedy order: the largest relation first (the fact table in a star schema), then the
  // smallest relation connected to what is joined so far.
  size_t start = 0;
  for (size_t i = 1; i < relations.size(); i++) {
    if (relations[i].plan->estimated_rows > relations[start].plan->estimated_rows) start = i;
  }
  std::vector<int> order = {static_cast<int>(start)};
  uint64_t joined = uint64_t{1} << start;
  PlanPtr plan = std::move(relations[start].plan);
  // current_position[r] = where relation r's first column sits in `plan`.
  std::vector<int> current_position(relations.size(), -1);
  current_position[start] = 0;
  int plan_width = relations[start].width;
  auto to_plan_columns = [&](BoundExpr& expr) {
    std::vector<int> mapping(offset, -1);
    for (size_t r = 0; r < relations.size(); r++) {
      if (current_position[r] < 0) continue;
      for (int c = 0; c < relations[r].width; c++) {
        mapping[relations[r].offset + c] = current_position[r] + c;
      }
    }
    RemapColumns(expr, mapping);
  };
  while (order.size() < relations.size()) {
    int best = -1;
    bool best_connected = false;
    for (size_t r = 0; r < relations.size(); r++) {
      if (joined & (uint64_t{1} << r)) continue;
      bool connected = false;
      for (const auto& condition : pending) {
        uint64_t mask = RelationMask(relations, *condition);
        if ((mask & (uint64_t{1} << r)) && (mask & joined) && IsEquiEdge(relations, *condition) &&
            (mask & ~(joined | (uint64_t{1} << r))) == 0) {
          connected = true;
        }
      }
      bool better = best < 0 || (connected && !best_connected) ||
                    (connected == best_connected &&
                     relations[r].plan->estimated_rows < relations[best].plan->estimated_rows);
      if (better) {
        best = static_cast<int>(r);
        best_connected = connected;
      }
    }
    uint64_t next_joined = joined | (uint64_t{1} << best);
    current_position[best] = plan_width;
    std::vector<BoundExprPtr> join_conditions;
    for (auto it = pending.begin(); it != pending.end();) {
      uint64_t mask = RelationMask(relations, **it);
      if ((mask & ~next_joined) == 0) {
        to_plan_columns(**it);
        join_conditions.push_back(std::move(*it));
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
    double build_share = relations[best].plan->estimated_rows / std::max(relations[best].base_rows, 1.0);
    double probe_rows = plan->estimated_rows;
    plan = MakeJoin(PlanJoinType::kInner, std::move(plan), std::move(relations[best].plan),
                    std::move(join_conditions));
    if (!plan->left_keys.empty()) plan->estimated_rows = std::max(1.0, probe_rows * std::min(1.0, build_share));
    plan_width += relations[best].width;
    joined = next_joined;
    order.push_back(best);
  }
  plan = AddFilter(std::move(plan), std::move(constant_conditions));
  // Restore the written column order.
  std::vector<int> mapping(offset);
  bool identity = true;
  for (size_t r = 0; r < relations.size(); r++) {
    for (int c = 0; c < relations[r].width; c++) {
      mapping[relations[r].offset + c] = current_position[r] + c;
      identity = identity && mapping[relations[r].offset + c] == relations[r].offset + c;
    }
  }
  if (identity) return plan;
  auto project = std::make_unique<PlanNode>(PlanKind::kProject);
  project->types.resize(offset);
  project->names.resize(offset);
  for (int i = 0; i < offset; i++) {
    project->types[i] = plan->types[mapping[i]];
    project->names[i] = plan->names[mapping[i]];
    project->exprs.push_back(MakeColumn(mapping[i], project->types[i], project->names[i]));
  }
  project->estimated_rows = plan->estimated_rows;
  project->children.push_back(std::move(plan));
  return project;
}

}  // namespace martlet
