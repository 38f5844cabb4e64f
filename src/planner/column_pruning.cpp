#include "planner/column_pruning.hpp"

namespace martlet {

namespace {

using Mapping = std::vector<int>;  // old output column -> new output column, or -1

void Need(const BoundExpr& expr, std::vector<bool>& needed, int offset = 0) {
  ForEachColumn(expr, [&](int c) {
    if (c - offset >= 0 && c - offset < static_cast<int>(needed.size())) needed[c - offset] = true;
  });
}

Mapping Identity(size_t width) {
  Mapping mapping(width);
  for (size_t i = 0; i < width; i++) mapping[i] = static_cast<int>(i);
  return mapping;
}

Mapping Prune(PlanNode& node, const std::vector<bool>& needed);

Mapping PruneAll(PlanNode& node) { return Prune(node, std::vector<bool>(node.width(), true)); }

// Columns that only the scan's own filters use are read but not output (unless the scan also
// outputs row ids, which come right after the output columns): a filter on a long string
// column then costs nothing above the scan.
Mapping PruneScan(PlanNode& node, const std::vector<bool>& needed) {
  const size_t read = node.scan_columns.size();
  const size_t visible = read - node.scan_hidden;
  std::vector<bool> output(read, false);
  std::vector<bool> filtered(read + 1, false);  // the row id last
  for (size_t i = 0; i < visible; i++) output[i] = needed[i];
  for (const auto& filter : node.scan_filters) Need(*filter, filtered);
  if (node.scan_row_ids) {
    for (size_t i = 0; i < read; i++) output[i] = output[i] || filtered[i];
  }
  std::vector<int> position(read + 1, -1);
  std::vector<int> columns;
  std::vector<LogicalType> types;
  std::vector<std::string> names;
  for (size_t i = 0; i < read; i++) {
    if (!output[i]) continue;
    position[i] = static_cast<int>(columns.size());
    columns.push_back(node.scan_columns[i]);
    types.push_back(node.types[i]);
    names.push_back(node.names[i]);
  }
  Mapping mapping(node.width(), -1);
  for (size_t i = 0; i < visible; i++) mapping[i] = position[i];
  if (node.scan_row_ids) {
    mapping[visible] = position[read] = static_cast<int>(columns.size());
    types.push_back(node.types[visible]);
    names.push_back(node.names[visible]);
  }
  node.scan_hidden = 0;
  for (size_t i = 0; i < read; i++) {
    if (output[i] || !filtered[i]) continue;
    position[i] = static_cast<int>(columns.size());
    columns.push_back(node.scan_columns[i]);
    node.scan_hidden++;
  }
  node.scan_columns = std::move(columns);
  node.types = std::move(types);
  node.names = std::move(names);
  for (auto& filter : node.scan_filters) RemapColumns(*filter, position);
  return mapping;
}

// An outside source reads only the columns needed (postgres_query asks the server for them).
Mapping PruneExternal(PlanNode& node, const std::vector<bool>& needed) {
  Mapping mapping(node.width(), -1);
  std::vector<int> kept;
  std::vector<LogicalType> types;
  std::vector<std::string> names;
  for (size_t i = 0; i < node.width(); i++) {
    if (!needed[i]) continue;
    mapping[i] = static_cast<int>(kept.size());
    kept.push_back(static_cast<int>(i));
    types.push_back(node.types[i]);
    names.push_back(node.names[i]);
  }
  node.external->KeepColumns(kept);
  node.types = std::move(types);
  node.names = std::move(names);
  return mapping;
}

Mapping PruneProject(PlanNode& node, const std::vector<bool>& needed) {
  Mapping mapping(node.width(), -1);
  std::vector<BoundExprPtr> kept;
  std::vector<LogicalType> types;
  std::vector<std::string> names;
  for (size_t i = 0; i < node.exprs.size(); i++) {
    if (!needed[i]) continue;
    mapping[i] = static_cast<int>(kept.size());
    kept.push_back(std::move(node.exprs[i]));
    types.push_back(node.types[i]);
    names.push_back(node.names[i]);
  }
  node.exprs = std::move(kept);
  node.types = std::move(types);
  node.names = std::move(names);
  std::vector<bool> child_needed(node.children[0]->width(), false);
  for (const auto& expr : node.exprs) Need(*expr, child_needed);
  Mapping child = Prune(*node.children[0], child_needed);
  for (auto& expr : node.exprs) RemapColumns(*expr, child);
  return mapping;
}

Mapping PruneJoin(PlanNode& node, const std::vector<bool>& needed) {
  PlanNode& left = *node.children[0];
  PlanNode& right = *node.children[1];
  int left_width = static_cast<int>(left.width());
  bool semi = node.join_type == PlanJoinType::kSemi || node.join_type == PlanJoinType::kAnti;
  std::vector<bool> left_needed(left.width(), false), right_needed(right.width(), false);
  for (int i = 0; i < left_width; i++) left_needed[i] = needed[i];
  if (!semi) {
    for (size_t i = 0; i < right.width(); i++) right_needed[i] = needed[left_width + i];
  }
  for (const auto& key : node.left_keys) Need(*key, left_needed);
  for (const auto& key : node.right_keys) Need(*key, right_needed);
  if (node.predicate) {
    Need(*node.predicate, left_needed);
    Need(*node.predicate, right_needed, left_width);
  }
  Mapping left_map = Prune(left, left_needed);
  Mapping right_map = Prune(right, right_needed);
  int new_left_width = static_cast<int>(left.width());
  for (auto& key : node.left_keys) RemapColumns(*key, left_map);
  for (auto& key : node.right_keys) RemapColumns(*key, right_map);
  Mapping combined = left_map;
  for (int m : right_map) combined.push_back(m < 0 ? -1 : m + new_left_width);
  if (node.predicate) RemapColumns(*node.predicate, combined);
  node.types = left.types;
  node.names = left.names;
  if (!semi) {
    node.types.insert(node.types.end(), right.types.begin(), right.types.end());
    node.names.insert(node.names.end(), right.names.begin(), right.names.end());
    return combined;
  }
  return left_map;
}

Mapping Prune(PlanNode& node, const std::vector<bool>& needed) {
  switch (node.kind) {
    case PlanKind::kScan: return PruneScan(node, needed);
    case PlanKind::kExternal: return PruneExternal(node, needed);
    case PlanKind::kProject: return PruneProject(node, needed);
    case PlanKind::kJoin: return PruneJoin(node, needed);
    case PlanKind::kFilter: {
      std::vector<bool> child_needed = needed;
      Need(*node.predicate, child_needed);
      Mapping child = Prune(*node.children[0], child_needed);
      RemapColumns(*node.predicate, child);
      node.types = node.children[0]->types;
      node.names = node.children[0]->names;
      return child;
    }
    case PlanKind::kSort:
    case PlanKind::kLimit: {
      std::vector<bool> child_needed = needed;
      for (const auto& key : node.sort_keys) child_needed[key.column] = true;
      Mapping child = Prune(*node.children[0], child_needed);
      for (auto& key : node.sort_keys) key.column = child[key.column];
      node.types = node.children[0]->types;
      node.names = node.children[0]->names;
      return child;
    }
    case PlanKind::kAggregate: {
      std::vector<bool> child_needed(node.children[0]->width(), false);
      for (const auto& key : node.group_keys) Need(*key, child_needed);
      for (const auto& call : node.aggregates) {
        for (const auto& arg : call.args) Need(*arg, child_needed);
      }
      Mapping child = Prune(*node.children[0], child_needed);
      for (auto& key : node.group_keys) RemapColumns(*key, child);
      for (auto& call : node.aggregates) {
        for (auto& arg : call.args) RemapColumns(*arg, child);
      }
      return Identity(node.width());
    }
    default:
      for (auto& child : node.children) {
        Mapping mapping = PruneAll(*child);
        (void)mapping;  // nodes that need every input column keep them all
      }
      return Identity(node.width());
  }
}

}  // namespace

void PruneColumns(PlanNode& root) { PruneAll(root); }

}  // namespace martlet
