// The clauses of a SELECT block after FROM and WHERE: GROUP BY, the select list, ORDER BY,
// aggregation, window functions and correlated predicates.
#include <algorithm>
#include <functional>
#include <set>

#include "functions/cast.hpp"
#include "planner/join_builder.hpp"
#include "planner/select_binder.hpp"

namespace martlet {

static bool IsOrdinal(const sql::Expr& expr) {
  return expr.kind == sql::ExprKind::kLiteral && expr.literal_kind == sql::LiteralKind::kInteger;
}

Status SelectBinder::BindGroupBy() {
  if (node_.group_by_all) {
    return Status(StatusCode::kNotSupported, "GROUP BY ALL is not supported", node_.position);
  }
  std::vector<std::vector<std::vector<int>>> item_sets;  // per item: its list of sets
  bool has_sets = false;
  auto bind_key = [&](const sql::Expr& expr) -> Result<int> {
    const sql::Expr* target = &expr;
    if (IsOrdinal(expr)) {
      int64_t n = std::strtoll(expr.text.c_str(), nullptr, 10);
      if (n < 1 || n > static_cast<int64_t>(node_.select_list.size())) {
        return Status(StatusCode::kBindError,
                      "GROUP BY position " + expr.text + " is not in select list", expr.position);
      }
      target = node_.select_list[n - 1].expr.get();
    } else if (expr.kind == sql::ExprKind::kColumnRef && expr.names.size() == 1) {
      bool in_from = std::any_of(scope_.columns.begin(), scope_.columns.end(),
                                 [&](const ScopeColumn& c) { return c.name == expr.names[0]; });
      if (!in_from) {
        for (const auto& item : node_.select_list) {
          if (item.alias == expr.names[0]) target = item.expr.get();
        }
      }
    }
    ExpressionBinder binder(binder_, scope_, "GROUP BY");
    ASSIGN_OR_RETURN(auto key, binder.Bind(*target));
    key->untyped_literal = false;
    for (size_t i = 0; i < group_keys_.size(); i++) {
      if (ExprEquals(*group_keys_[i], *key)) return static_cast<int>(i);
    }
    group_keys_.push_back(std::move(key));
    return static_cast<int>(group_keys_.size() - 1);
  };
  for (const auto& item : node_.group_by) {
    std::vector<std::vector<int>> sets;
    switch (item.kind) {
      case sql::GroupItem::Kind::kExpr: {
        ASSIGN_OR_RETURN(int key, bind_key(*item.expr));
        sets.push_back({key});
        break;
      }
      case sql::GroupItem::Kind::kEmpty: sets.push_back({}); has_sets = true; break;
      case sql::GroupItem::Kind::kRollup:
      case sql::GroupItem::Kind::kCube: {
        has_sets = true;
        std::vector<int> keys;
        for (const auto& set : item.sets) {
          for (const auto& expr : set) {
            ASSIGN_OR_RETURN(int key, bind_key(*expr));
            keys.push_back(key);
          }
        }
        if (item.kind == sql::GroupItem::Kind::kRollup) {
          for (size_t n = keys.size() + 1; n-- > 0;) sets.emplace_back(keys.begin(), keys.begin() + n);
        } else {
          if (keys.size() > 12) {
            return Status(StatusCode::kBindError, "CUBE is limited to 12 elements", node_.position);
          }
          for (uint32_t mask = (1u << keys.size()); mask-- > 0;) {
            std::vector<int> set;
            for (size_t k = 0; k < keys.size(); k++) {
              if (mask & (1u << k)) set.push_back(keys[k]);
            }
            sets.push_back(std::move(set));
          }
        }
        break;
      }
      case sql::GroupItem::Kind::kGroupingSets: {
        has_sets = true;
        for (const auto& set_exprs : item.sets) {
          std::vector<int> set;
          for (const auto& expr : set_exprs) {
            ASSIGN_OR_RETURN(int key, bind_key(*expr));
            set.push_back(key);
          }
          sets.push_back(std::move(set));
        }
        break;
      }
    }
    item_sets.push_back(std::move(sets));
  }
  if (!node_.group_by.empty()) aggregated_ = true;
  if (!has_sets) return Status::Ok();
  std::vector<std::vector<int>> product = {{}};
  for (const auto& sets : item_sets) {
    std::vector<std::vector<int>> next;
    for (const auto& prefix : product) {
      for (const auto& set : sets) {
        std::vector<int> combined = prefix;
        combined.insert(combined.end(), set.begin(), set.end());
        next.push_back(std::move(combined));
      }
    }
    product = std::move(next);
  }
  grouping_sets_ = std::move(product);
  return Status::Ok();
}

Status SelectBinder::ExpandStar(const sql::Expr& star) {
  std::string table = star.names.empty() ? "" : star.names.back();
  bool any = false;
  for (size_t i = 0; i < scope_.columns.size(); i++) {
    const auto& column = scope_.columns[i];
    if (column.name.empty() || (!table.empty() && column.table != table)) continue;
    if (table.empty() && column.qualified_only) continue;
    select_exprs_.push_back(MakeColumn(static_cast<int>(i), column.type, column.name));
    select_names_.push_back(column.name);
    any = true;
  }
  if (!any && !table.empty()) {
    return Status(StatusCode::kBindError, "missing FROM-clause entry for table \"" + table + "\"",
                  star.position);
  }
  if (!any && node_.from.empty()) {
    return Status(StatusCode::kBindError, "SELECT * with no tables specified is not valid",
                  star.position);
  }
  return Status::Ok();
}

Status SelectBinder::BindSelectList() {
  for (const auto& item : node_.select_list) {
    if (item.expr->kind == sql::ExprKind::kStar) {
      RETURN_IF_ERROR(ExpandStar(*item.expr));
      continue;
    }
    ExpressionBinder binder(binder_, scope_, "the select list");
    binder.aggregates = &aggregates_;
    binder.windows = &windows_;
    ASSIGN_OR_RETURN(auto expr, binder.Bind(*item.expr));
    if (expr->untyped_literal || expr->type.id() == TypeId::kNull) {
      ASSIGN_OR_RETURN(expr, binder_.CastTo(std::move(expr), LogicalType::Varchar()));
    }
    if (!aggregated_ && !aggregates_.empty()) aggregated_ = true;
    RETURN_IF_ERROR(DecorrelateScalars(expr));
    select_exprs_.push_back(std::move(expr));
    select_names_.push_back(item.alias.empty() ? [&] {
      std::string name = item.expr->kind == sql::ExprKind::kColumnRef ? item.expr->names.back() : "";
      if (!name.empty()) return name;
      switch (item.expr->kind) {
        case sql::ExprKind::kFunction: return item.expr->function_name;
        case sql::ExprKind::kCast:
          return item.expr->args[0]->kind == sql::ExprKind::kColumnRef ? item.expr->args[0]->names.back()
                                                                        : item.expr->cast_type.name;
        case sql::ExprKind::kCase: return std::string("case");
        case sql::ExprKind::kExtract: return std::string("date_part");
        default: return std::string("?column?");
      }
    }() : item.alias);
  }
  if (!aggregates_.empty()) aggregated_ = true;
  visible_ = select_exprs_.size();
  return Status::Ok();
}

Status SelectBinder::BindOrderBy(const sql::SelectStmt* stmt) {
  if (!stmt) return Status::Ok();
  for (const auto& item : stmt->order_by) {
    int column = -1;
    if (IsOrdinal(*item.expr)) {
      int64_t n = std::strtoll(item.expr->text.c_str(), nullptr, 10);
      if (n < 1 || n > static_cast<int64_t>(visible_)) {
        return Status(StatusCode::kBindError,
                      "ORDER BY position " + item.expr->text + " is not in select list",
                      item.expr->position);
      }
      column = static_cast<int>(n - 1);
    } else if (item.expr->kind == sql::ExprKind::kColumnRef && item.expr->names.size() == 1) {
      for (size_t i = 0; i < visible_; i++) {
        if (select_names_[i] != item.expr->names[0]) continue;
        if (column >= 0 && !ExprEquals(*select_exprs_[column], *select_exprs_[i])) {
          return Status(StatusCode::kBindError,
                        "ORDER BY \"" + item.expr->names[0] + "\" is ambiguous", item.expr->position);
        }
        if (column < 0) column = static_cast<int>(i);
      }
    }
    if (column < 0) {
      ExpressionBinder binder(binder_, scope_, "ORDER BY");
      binder.aggregates = &aggregates_;
      binder.windows = &windows_;
      ASSIGN_OR_RETURN(auto expr, binder.Bind(*item.expr));
      if (!aggregates_.empty()) aggregated_ = true;
      for (size_t i = 0; i < select_exprs_.size() && column < 0; i++) {
        if (ExprEquals(*select_exprs_[i], *expr)) column = static_cast<int>(i);
      }
      if (column < 0) {
        column = static_cast<int>(select_exprs_.size());
        select_exprs_.push_back(std::move(expr));
        select_names_.push_back("");
        order_hidden_++;
      }
    }
    bool nulls_first = item.nulls == sql::NullsOrder::kDefault ? item.descending
                                                                : item.nulls == sql::NullsOrder::kFirst;
    order_keys_.push_back({column, item.descending, nulls_first});
  }
  return Status::Ok();
}

// Correlated WHERE terms of a subquery become join conditions for the enclosing query.
Status SelectBinder::PullUpCorrelated() {
  if (aggregated_) {
    if (!group_keys_.empty() || !grouping_sets_.empty()) {
      return Status(StatusCode::kNotSupported,
                    "a correlated subquery with GROUP BY is not supported", node_.position);
    }
    for (auto& predicate : correlated_) {
      bool equality = predicate->kind == BoundExprKind::kFunction && predicate->name == "=";
      int inner_side = -1;
      if (equality) {
        bool left_outer = HasOuterColumn(*predicate->children[0]);
        bool right_outer = HasOuterColumn(*predicate->children[1]);
        bool left_inner = false, right_inner = false;
        ForEachColumn(*predicate->children[0], [&](int) { left_inner = true; });
        ForEachColumn(*predicate->children[1], [&](int) { right_inner = true; });
        if (left_outer && !left_inner && right_inner && !right_outer) inner_side = 1;
        if (right_outer && !right_inner && left_inner && !left_outer) inner_side = 0;
      }
      if (inner_side < 0) {
        return Status(StatusCode::kNotSupported,
                      "a correlated aggregate subquery may refer to the outer query only in "
                      "equalities (inner = outer)",
                      predicate->position);
      }
      auto inner = std::move(predicate->children[inner_side]);
      group_keys_.push_back(inner->Copy());
      predicate->children[inner_side] =
          MakeColumn(static_cast<int>(select_exprs_.size()), inner->type, inner->name);
      select_exprs_.push_back(std::move(inner));
      select_names_.push_back("");
      pending_correlated_.push_back(std::move(predicate));
    }
    correlated_grouped_ = true;
    return Status::Ok();
  }
  std::vector<int> hidden_of(scope_.columns.size(), -1);
  for (auto& predicate : correlated_) {
    std::function<void(BoundExpr&)> rewrite = [&](BoundExpr& e) {
      if (e.kind == BoundExprKind::kColumn) {
        if (hidden_of[e.column_index] < 0) {
          hidden_of[e.column_index] = static_cast<int>(select_exprs_.size());
          select_exprs_.push_back(MakeColumn(e.column_index, e.type, e.name));
          select_names_.push_back("");
        }
        e.column_index = hidden_of[e.column_index];
      }
      for (auto& child : e.children) rewrite(*child);
    };
    rewrite(*predicate);
    pending_correlated_.push_back(std::move(predicate));
  }
  return Status::Ok();
}

Status SelectBinder::RewriteAfterAggregate(BoundExprPtr& expr) const {
  for (size_t i = 0; i < group_keys_.size(); i++) {
    if (ExprEquals(*group_keys_[i], *expr)) {
      expr = MakeColumn(static_cast<int>(i), expr->type, group_keys_[i]->ToString());
      return Status::Ok();
    }
  }
  switch (expr->kind) {
    case BoundExprKind::kAggregateRef: {
      int index = static_cast<int>(group_keys_.size()) + expr->column_index;
      expr = MakeColumn(index, expr->type, expr->name);
      return Status::Ok();
    }
    case BoundExprKind::kColumn:
      return Status(StatusCode::kBindError,
                    "column \"" + expr->name +
                        "\" must appear in the GROUP BY clause or be used in an aggregate function",
                    expr->position);
    default: break;
  }
  for (auto& child : expr->children) RETURN_IF_ERROR(RewriteAfterAggregate(child));
  return Status::Ok();
}

Status SelectBinder::Aggregate() {
  auto aggregate = std::make_unique<PlanNode>(PlanKind::kAggregate);
  for (const auto& key : group_keys_) {
    aggregate->types.push_back(key->type);
    aggregate->names.push_back(key->ToString());
    aggregate->group_keys.push_back(key->Copy());
  }
  for (auto& call : aggregates_) {
    aggregate->types.push_back(call.type);
    aggregate->names.push_back(call.function);
  }
  for (auto& call : aggregates_) {
    if (call.function != "grouping" || call.binding.make_state) continue;
    for (const auto& arg : call.args) {
      int key = -1;
      for (size_t k = 0; k < group_keys_.size() && key < 0; k++) {
        if (ExprEquals(*group_keys_[k], *arg)) key = static_cast<int>(k);
      }
      if (key < 0) {
        return Status(StatusCode::kBindError,
                      "arguments to GROUPING must be grouping expressions of the associated query level",
                      arg->position);
      }
      call.info.grouping_keys.push_back(key);
    }
    call.args.clear();  // nothing to evaluate per row
  }
  for (const auto& call : aggregates_) {
    bool counts = call.function == "count";
    aggregate_empty_values_.push_back(counts ? Value::FromInt64(call.type, 0) : Value::Null(call.type));
  }
  aggregate->aggregates = std::move(aggregates_);
  aggregate->grouping_sets = grouping_sets_;
  aggregate->estimated_rows = group_keys_.empty() ? 1 : std::max(1.0, plan_->estimated_rows / 10);
  aggregate->children.push_back(std::move(plan_));
  plan_ = std::move(aggregate);
  for (auto& expr : select_exprs_) RETURN_IF_ERROR(RewriteAfterAggregate(expr));
  if (qualify_) RETURN_IF_ERROR(RewriteAfterAggregate(qualify_));
  for (auto& window : windows_) {
    for (auto& e : window.args) RETURN_IF_ERROR(RewriteAfterAggregate(e));
    for (auto& e : window.partition_by) RETURN_IF_ERROR(RewriteAfterAggregate(e));
    for (auto& e : window.order_by) RETURN_IF_ERROR(RewriteAfterAggregate(e));
  }
  for (auto& predicate : pending_correlated_) {
    // Correlated predicates refer to output positions of the select list; nothing to do.
    (void)predicate;
  }
  if (having_) {
    RETURN_IF_ERROR(RewriteAfterAggregate(having_));
    std::vector<BoundExprPtr> terms;
    terms.push_back(std::move(having_));
    plan_ = AddFilter(std::move(plan_), std::move(terms));
  }
  return Status::Ok();
}

// A correlated scalar aggregate joins its enclosing query with a LEFT JOIN; where no row
// matched, the subquery's value is its select expression over an empty group, not NULL
// (COUNT(*) is 0). That value, and a marker column telling matched rows apart, are kept.
void SelectBinder::AddEmptyGroupValue() {
  size_t keys = group_keys_.size();
  BoundExprPtr value = select_exprs_[0]->Copy();
  std::function<void(BoundExprPtr&)> substitute = [&](BoundExprPtr& e) {
    if (e->kind == BoundExprKind::kColumn) {
      size_t column = static_cast<size_t>(e->column_index);
      Value empty = column < keys ? Value::Null(e->type) : aggregate_empty_values_[column - keys];
      int position = e->position;
      e = MakeConstant(std::move(empty));
      e->position = position;
      return;
    }
    for (auto& child : e->children) substitute(child);
  };
  substitute(value);
  correlated_empty_value_ = std::move(value);
  correlated_marker_ = static_cast<int>(select_exprs_.size());
  select_exprs_.push_back(MakeConstant(Value::Boolean(true)));
  select_names_.push_back("");
}

static void ReplaceWindowRefs(BoundExpr& expr, int first_output) {
  if (expr.kind == BoundExprKind::kWindowRef) {
    expr.kind = BoundExprKind::kColumn;
    expr.column_index += first_output;
    return;
  }
  for (auto& child : expr.children) ReplaceWindowRefs(*child, first_output);
}

Status SelectBinder::ApplyWindows() {
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  int width = static_cast<int>(plan_->width());
  for (int i = 0; i < width; i++) {
    exprs.push_back(MakeColumn(i, plan_->types[i], plan_->names[i]));
    names.push_back(plan_->names[i]);
  }
  auto add_column = [&](BoundExprPtr expr) {
    exprs.push_back(std::move(expr));
    names.push_back("");
    return static_cast<int>(exprs.size() - 1);
  };
  std::vector<WindowCall> calls;
  for (auto& pending : windows_) {
    WindowCall call;
    call.function = pending.function;
    call.return_type = pending.type;
    call.frame = pending.frame;
    call.ignore_nulls = pending.ignore_nulls;
    call.aggregate = pending.aggregate;
    call.aggregate_info.star = pending.star;
    call.aggregate_info.distinct = pending.distinct;
    for (auto& arg : pending.args) call.arg_columns.push_back(add_column(std::move(arg)));
    for (auto& key : pending.partition_by) call.partition_columns.push_back(add_column(std::move(key)));
    for (size_t i = 0; i < pending.order_by.size(); i++) {
      int column = add_column(std::move(pending.order_by[i]));
      call.order.push_back({column, pending.order_descending[i], pending.order_nulls_first[i]});
    }
    calls.push_back(std::move(call));
  }
  auto project = MakeProject(std::move(plan_), std::move(exprs), std::move(names));
  int first_output = static_cast<int>(project->width());
  auto window = std::make_unique<PlanNode>(PlanKind::kWindow);
  window->types = project->types;
  window->names = project->names;
  for (const auto& call : calls) {
    window->types.push_back(call.return_type);
    window->names.push_back(call.function);
  }
  window->window_calls = std::move(calls);
  window->estimated_rows = project->estimated_rows;
  window->children.push_back(std::move(project));
  plan_ = std::move(window);
  for (auto& expr : select_exprs_) ReplaceWindowRefs(*expr, first_output);
  if (qualify_) ReplaceWindowRefs(*qualify_, first_output);
  return Status::Ok();
}

}  // namespace martlet
