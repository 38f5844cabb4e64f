#include "planner/bound_expr.hpp"

#include <cctype>

#include "planner/plan.hpp"

namespace martlet {

BoundExprPtr BoundExpr::Copy() const {
  auto copy = std::make_unique<BoundExpr>();
  copy->kind = kind;
  copy->type = type;
  copy->column_index = column_index;
  copy->value = value;
  copy->function = function;
  copy->name = name;
  copy->has_else = has_else;
  copy->position = position;
  copy->untyped_literal = untyped_literal;
  copy->subquery_kind = subquery_kind;
  copy->subquery = subquery;
  for (const auto& child : children) copy->children.push_back(child->Copy());
  return copy;
}

static std::string Join(const std::vector<BoundExprPtr>& children, const char* separator,
                        size_t from = 0) {
  std::string out;
  for (size_t i = from; i < children.size(); i++) {
    if (i > from) out += separator;
    out += children[i]->ToString();
  }
  return out;
}

static bool IsOperatorName(const std::string& name) {
  return !name.empty() && !std::isalpha(static_cast<unsigned char>(name[0]));
}

std::string BoundExpr::ToString() const {
  switch (kind) {
    case BoundExprKind::kColumn:
      return name.empty() ? "#" + std::to_string(column_index) : name;
    case BoundExprKind::kOuterColumn: return "outer." + name;
    case BoundExprKind::kConstant:
      if (value.is_null()) return "NULL";
      if (type.IsString() || type.IsTemporal()) return "'" + value.ToText() + "'";
      return value.ToText();
    case BoundExprKind::kFunction:
      if (IsOperatorName(name) && children.size() == 2) {
        return "(" + children[0]->ToString() + " " + name + " " + children[1]->ToString() + ")";
      }
      if (IsOperatorName(name) && children.size() == 1) return name + children[0]->ToString();
      return name + "(" + Join(children, ", ") + ")";
    case BoundExprKind::kCast: return children[0]->ToString() + "::" + type.ToString();
    case BoundExprKind::kCase: {
      std::string out = "CASE";
      size_t pairs = (children.size() - (has_else ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; i++) {
        out += " WHEN " + children[2 * i]->ToString() + " THEN " + children[2 * i + 1]->ToString();
      }
      if (has_else) out += " ELSE " + children.back()->ToString();
      return out + " END";
    }
    case BoundExprKind::kAnd: return "(" + Join(children, " AND ") + ")";
    case BoundExprKind::kOr: return "(" + Join(children, " OR ") + ")";
    case BoundExprKind::kNot: return "NOT " + children[0]->ToString();
    case BoundExprKind::kIsNull: return children[0]->ToString() + " IS NULL";
    case BoundExprKind::kIsNotNull: return children[0]->ToString() + " IS NOT NULL";
    case BoundExprKind::kInList:
      return children[0]->ToString() + " IN (" + Join(children, ", ", 1) + ")";
    case BoundExprKind::kSubquery: return "(subquery)";
    case BoundExprKind::kAggregateRef: return "agg#" + std::to_string(column_index);
    case BoundExprKind::kWindowRef: return "window#" + std::to_string(column_index);
  }
  return "?";
}

BoundExprPtr MakeColumn(int index, LogicalType type, std::string name) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundExprKind::kColumn;
  expr->column_index = index;
  expr->type = type;
  expr->name = std::move(name);
  return expr;
}

BoundExprPtr MakeCaseExpr(LogicalType type, int position) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = BoundExprKind::kCase;
  node->type = type;
  node->position = position;
  return node;
}

BoundExprPtr MakeIsNotNull(BoundExprPtr expr) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = BoundExprKind::kIsNotNull;
  node->type = LogicalType(TypeId::kBoolean);
  node->children.push_back(std::move(expr));
  return node;
}

BoundExprPtr MakeCoalesce(BoundExprPtr first, BoundExprPtr second) {
  auto node = MakeCaseExpr(first->type, first->position);
  node->children.push_back(MakeIsNotNull(first->Copy()));
  node->children.push_back(std::move(first));
  node->children.push_back(std::move(second));
  node->has_else = true;
  return node;
}

BoundExprPtr MakeConstant(Value value) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundExprKind::kConstant;
  expr->type = value.type();
  expr->value = std::move(value);
  return expr;
}

void SplitConjunction(BoundExprPtr expr, std::vector<BoundExprPtr>& out) {
  if (!expr) return;
  if (expr->kind == BoundExprKind::kAnd) {
    for (auto& child : expr->children) SplitConjunction(std::move(child), out);
    return;
  }
  out.push_back(std::move(expr));
}

BoundExprPtr MakeConjunction(std::vector<BoundExprPtr> terms) {
  if (terms.empty()) return nullptr;
  if (terms.size() == 1) return std::move(terms[0]);
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundExprKind::kAnd;
  expr->type = LogicalType(TypeId::kBoolean);
  expr->children = std::move(terms);
  return expr;
}

bool HasOuterColumn(const BoundExpr& expr) {
  if (expr.kind == BoundExprKind::kOuterColumn) return true;
  for (const auto& child : expr.children) {
    if (HasOuterColumn(*child)) return true;
  }
  return false;
}

bool HasSubquery(const BoundExpr& expr) {
  if (expr.kind == BoundExprKind::kSubquery) return true;
  for (const auto& child : expr.children) {
    if (HasSubquery(*child)) return true;
  }
  return false;
}

bool HasVolatileCall(const BoundExpr& expr) {
  if (expr.kind == BoundExprKind::kFunction && expr.function.is_volatile) return true;
  for (const auto& child : expr.children) {
    if (HasVolatileCall(*child)) return true;
  }
  return false;
}

bool IsConstant(const BoundExpr& expr) {
  if (expr.kind == BoundExprKind::kColumn || expr.kind == BoundExprKind::kOuterColumn ||
      expr.kind == BoundExprKind::kSubquery || expr.kind == BoundExprKind::kAggregateRef ||
      expr.kind == BoundExprKind::kWindowRef) {
    return false;
  }
  if (expr.kind == BoundExprKind::kFunction && expr.function.is_volatile) return false;
  for (const auto& child : expr.children) {
    if (!IsConstant(*child)) return false;
  }
  return true;
}

bool ExprEquals(const BoundExpr& a, const BoundExpr& b) {
  if (a.kind != b.kind || !(a.type == b.type) || a.children.size() != b.children.size()) {
    return false;
  }
  switch (a.kind) {
    case BoundExprKind::kColumn:
    case BoundExprKind::kOuterColumn:
    case BoundExprKind::kAggregateRef:
    case BoundExprKind::kWindowRef:
      if (a.column_index != b.column_index) return false;
      break;
    case BoundExprKind::kConstant:
      if (a.value.is_null() != b.value.is_null() || a.value.ToText() != b.value.ToText()) {
        return false;
      }
      break;
    case BoundExprKind::kFunction:
      if (a.name != b.name || a.function.kernel != b.function.kernel) return false;
      break;
    case BoundExprKind::kSubquery: return false;
    default: break;
  }
  if (a.has_else != b.has_else) return false;
  for (size_t i = 0; i < a.children.size(); i++) {
    if (!ExprEquals(*a.children[i], *b.children[i])) return false;
  }
  return true;
}

void RemapColumns(BoundExpr& expr, const std::vector<int>& mapping) {
  if (expr.kind == BoundExprKind::kColumn) expr.column_index = mapping[expr.column_index];
  for (auto& child : expr.children) RemapColumns(*child, mapping);
}

void ShiftColumns(BoundExpr& expr, int offset) {
  if (expr.kind == BoundExprKind::kColumn) expr.column_index += offset;
  for (auto& child : expr.children) ShiftColumns(*child, offset);
}

}  // namespace martlet
