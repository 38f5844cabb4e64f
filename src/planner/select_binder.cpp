#include "planner/select_binder.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "functions/cast.hpp"
#include "planner/join_builder.hpp"

namespace martlet {

Result<PlanPtr> SelectBinder::Bind(const sql::SelectStmt* stmt) {
  scope_.outer = outer_;
  ASSIGN_OR_RETURN(plan_, BindFrom());
  RETURN_IF_ERROR(BindWhere(node_.where.get()));
  RETURN_IF_ERROR(BindGroupBy());
  RETURN_IF_ERROR(BindSelectList());
  if (node_.having) {
    ExpressionBinder binder(binder_, scope_, "HAVING");
    binder.aggregates = &aggregates_;
    ASSIGN_OR_RETURN(having_, binder.Bind(*node_.having));
    ASSIGN_OR_RETURN(having_, binder_.CastTo(std::move(having_), LogicalType(TypeId::kBoolean)));
    aggregated_ = true;
  }
  if (node_.qualify) {
    ExpressionBinder binder(binder_, scope_, "QUALIFY");
    binder.aggregates = &aggregates_;
    binder.windows = &windows_;
    binder.select_aliases = &node_.select_list;
    ASSIGN_OR_RETURN(qualify_, binder.Bind(*node_.qualify));
  }
  RETURN_IF_ERROR(BindOrderBy(stmt));
  if (!correlated_.empty()) RETURN_IF_ERROR(PullUpCorrelated());
  if (aggregated_) RETURN_IF_ERROR(Aggregate());
  if (correlated_grouped_) AddEmptyGroupValue();
  if (!windows_.empty()) RETURN_IF_ERROR(ApplyWindows());
  if (qualify_) plan_ = AddFilter(std::move(plan_), [&] {
    std::vector<BoundExprPtr> terms;
    terms.push_back(std::move(qualify_));
    return terms;
  }());
  size_t width = select_exprs_.size();
  plan_ = MakeProject(std::move(plan_), std::move(select_exprs_), select_names_);
  if (node_.distinct) {
    if (width != visible_) {
      return Status(StatusCode::kBindError,
                    "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                    node_.position);
    }
    auto distinct = std::make_unique<PlanNode>(PlanKind::kDistinct);
    distinct->types = plan_->types;
    distinct->names = plan_->names;
    distinct->estimated_rows = plan_->estimated_rows;
    distinct->children.push_back(std::move(plan_));
    plan_ = std::move(distinct);
  }
  int64_t limit = -1, offset = 0;
  if (node_.top) {
    ASSIGN_OR_RETURN(limit, ConstantInteger(*node_.top, "TOP"));
  }
  if (stmt && stmt->limit) {
    ASSIGN_OR_RETURN(limit, ConstantInteger(*stmt->limit, "LIMIT"));
  }
  if (stmt && stmt->offset) {
    ASSIGN_OR_RETURN(offset, ConstantInteger(*stmt->offset, "OFFSET"));
  }
  if (!order_keys_.empty()) {
    auto sort = std::make_unique<PlanNode>(PlanKind::kSort);
    sort->types = plan_->types;
    sort->names = plan_->names;
    sort->sort_keys = order_keys_;
    sort->estimated_rows = plan_->estimated_rows;
    sort->limit = limit >= 0 ? limit + offset : -1;  // top-N when there is a limit
    sort->children.push_back(std::move(plan_));
    plan_ = std::move(sort);
  }
  if (limit >= 0 || offset > 0) {
    auto node = std::make_unique<PlanNode>(PlanKind::kLimit);
    node->types = plan_->types;
    node->names = plan_->names;
    node->limit = limit;
    node->offset = offset;
    node->estimated_rows = limit >= 0 ? std::min<double>(limit, plan_->estimated_rows) : plan_->estimated_rows;
    node->children.push_back(std::move(plan_));
    plan_ = std::move(node);
  }
  if (!pending_correlated_.empty()) {
    if (order_hidden_ > 0) {
      return Status(StatusCode::kNotSupported,
                    "ORDER BY on columns outside the select list is not supported in a correlated subquery",
                    node_.position);
    }
    plan_->correlated = std::move(pending_correlated_);
    plan_->correlated_grouped = correlated_grouped_;
    plan_->correlated_marker = correlated_marker_;
    plan_->correlated_empty_value = std::move(correlated_empty_value_);
  } else if (width > visible_) {
    std::vector<BoundExprPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < visible_; i++) {
      exprs.push_back(MakeColumn(static_cast<int>(i), plan_->types[i], plan_->names[i]));
      names.push_back(plan_->names[i]);
    }
    plan_ = MakeProject(std::move(plan_), std::move(exprs), std::move(names));
  }
  plan_->visible_width = visible_;
  return std::move(plan_);
}

Result<PlanPtr> SelectBinder::BindFrom() {
  if (node_.from.empty()) {
    auto values = std::make_unique<PlanNode>(PlanKind::kValues);
    values->rows.emplace_back();
    values->estimated_rows = 1;
    return PlanPtr(std::move(values));
  }
  // Two FROM items may not go by one name.
  std::set<std::string> aliases;
  std::function<Status(const sql::TableRef&)> check_alias = [&](const sql::TableRef& ref) -> Status {
    if (ref.kind == sql::TableRef::Kind::kJoin) {
      RETURN_IF_ERROR(check_alias(*ref.left));
      return check_alias(*ref.right);
    }
    std::string alias = !ref.alias.empty()          ? ref.alias
                        : ref.kind == sql::TableRef::Kind::kBaseTable ? ref.names.back()
                                                                      : "";
    if (!alias.empty() && !aliases.insert(alias).second) {
      return Status(StatusCode::kBindError, "table name \"" + alias + "\" specified more than once",
                    ref.position);
    }
    return Status::Ok();
  };
  for (const auto& ref : node_.from) RETURN_IF_ERROR(check_alias(*ref));
  std::vector<PlanPtr> relations;
  for (const auto& ref : node_.from) {
    ASSIGN_OR_RETURN(PlanPtr relation, binder_.BindTableRef(*ref, scope_, outer_));
    relations.push_back(std::move(relation));
  }
  return CommaJoin(std::move(relations));
}

// The relations of a FROM list; the joins of a comma list are planned with the WHERE clause
// (BindWhere).
PlanPtr SelectBinder::CommaJoin(std::vector<PlanPtr> relations) {
  if (relations.size() == 1) return std::move(relations[0]);
  auto placeholder = std::make_unique<PlanNode>(PlanKind::kJoin);
  for (auto& relation : relations) {
    placeholder->types.insert(placeholder->types.end(), relation->types.begin(), relation->types.end());
    placeholder->names.insert(placeholder->names.end(), relation->names.begin(), relation->names.end());
    placeholder->children.push_back(std::move(relation));
  }
  placeholder->join_type = PlanJoinType::kInner;
  placeholder->limit = -2;  // marks "unordered comma list" until BindWhere orders it
  return PlanPtr(std::move(placeholder));
}

// (a AND b) OR (a AND c)  =>  a AND (b OR c): a join condition repeated in every branch of
// an OR (TPC-H Q19) becomes a join key instead of a filter over a cross product.
static void FactorOutCommonTerms(BoundExprPtr expr, std::vector<BoundExprPtr>& out) {
  if (expr->kind != BoundExprKind::kOr) {
    out.push_back(std::move(expr));
    return;
  }
  // a OR b OR c arrives as (a OR b) OR c: flatten it first.
  std::vector<const BoundExpr*> disjuncts;
  std::function<void(const BoundExpr&)> flatten = [&](const BoundExpr& e) {
    if (e.kind == BoundExprKind::kOr) {
      for (const auto& child : e.children) flatten(*child);
    } else {
      disjuncts.push_back(&e);
    }
  };
  flatten(*expr);
  std::vector<std::vector<BoundExprPtr>> branches;
  for (const BoundExpr* disjunct : disjuncts) {
    branches.emplace_back();
    SplitConjunction(disjunct->Copy(), branches.back());
  }
  std::vector<BoundExprPtr> common;
  for (auto& term : branches[0]) {
    bool everywhere = true;
    for (size_t b = 1; b < branches.size() && everywhere; b++) {
      everywhere = std::any_of(branches[b].begin(), branches[b].end(),
                               [&](const BoundExprPtr& other) { return other && ExprEquals(*other, *term); });
    }
    if (everywhere) common.push_back(term->Copy());
  }
  if (common.empty()) {
    out.push_back(std::move(expr));
    return;
  }
  auto rest = std::make_unique<BoundExpr>();
  rest->kind = BoundExprKind::kOr;
  rest->type = LogicalType(TypeId::kBoolean);
  bool some_branch_empty = false;
  for (auto& branch : branches) {
    std::vector<BoundExprPtr> remaining;
    for (auto& term : branch) {
      bool is_common = std::any_of(common.begin(), common.end(),
                                   [&](const BoundExprPtr& c) { return ExprEquals(*c, *term); });
      if (!is_common) remaining.push_back(std::move(term));
    }
    if (remaining.empty()) some_branch_empty = true;  // that branch is just the common part
    else rest->children.push_back(MakeConjunction(std::move(remaining)));
  }
  for (auto& term : common) out.push_back(std::move(term));
  if (!some_branch_empty) out.push_back(rest->children.size() == 1 ? std::move(rest->children[0]) : std::move(rest));
}

Status SelectBinder::BindTargetRows(std::vector<PlanPtr> relations, Scope scope, const sql::Expr* where) {
  scope_ = std::move(scope);
  plan_ = CommaJoin(std::move(relations));
  return BindWhere(where);
}

Result<BoundExprPtr> SelectBinder::BindOverTargetRows(const sql::Expr& expr, const char* clause) {
  ExpressionBinder binder(binder_, scope_, clause);
  ASSIGN_OR_RETURN(BoundExprPtr bound, binder.Bind(expr));
  RETURN_IF_ERROR(DecorrelateScalars(bound));
  return bound;
}

Status SelectBinder::BindWhere(const sql::Expr* where_clause) {
  std::vector<BoundExprPtr> conjuncts;
  if (where_clause) {
    ExpressionBinder binder(binder_, scope_, "WHERE");
    ASSIGN_OR_RETURN(auto where, binder.Bind(*where_clause));
    ASSIGN_OR_RETURN(where, binder_.CastTo(std::move(where), LogicalType(TypeId::kBoolean)));
    std::vector<BoundExprPtr> terms;
    SplitConjunction(std::move(where), terms);
    for (auto& term : terms) FactorOutCommonTerms(std::move(term), conjuncts);
  }
  std::vector<BoundExprPtr> plain, with_subqueries;
  for (auto& conjunct : conjuncts) {
    if (HasOuterColumn(*conjunct) && !HasSubquery(*conjunct)) {
      correlated_.push_back(std::move(conjunct));
    } else if (HasSubquery(*conjunct)) {
      with_subqueries.push_back(std::move(conjunct));
    } else {
      plain.push_back(std::move(conjunct));
    }
  }
  if (plan_->kind == PlanKind::kJoin && plan_->limit == -2) {
    plan_ = BuildInnerJoins(std::move(plan_->children), std::move(plain));
  } else {
    plan_ = AddFilter(std::move(plan_), std::move(plain));
  }
  for (auto& conjunct : with_subqueries) RETURN_IF_ERROR(PlanSubqueryConjunct(std::move(conjunct)));
  return Status::Ok();
}

// The join condition that connects a correlated subquery's plan to this query: outer column
// i becomes left column i, the subquery's column j becomes right column left_width + j.
static std::vector<BoundExprPtr> JoinConditions(PlanNode& subquery, int left_width) {
  std::vector<BoundExprPtr> conditions;
  for (auto& predicate : subquery.correlated) {
    auto condition = std::move(predicate);
    std::function<void(BoundExpr&)> rewrite = [&](BoundExpr& e) {
      if (e.kind == BoundExprKind::kColumn) {
        e.column_index += left_width;
      } else if (e.kind == BoundExprKind::kOuterColumn) {
        e.kind = BoundExprKind::kColumn;
      }
      for (auto& child : e.children) rewrite(*child);
    };
    rewrite(*condition);
    conditions.push_back(std::move(condition));
  }
  subquery.correlated.clear();
  return conditions;
}

static PlanPtr TakeSubqueryPlan(BoundExpr& expr) {
  // Subquery plans are shared_ptr in expressions (expressions are copyable); a plan used as a
  // join input is moved out of its only owner.
  auto plan = std::make_unique<PlanNode>(PlanKind::kProject);
  *plan = std::move(*expr.subquery);
  return plan;
}

Status SelectBinder::PlanSubqueryConjunct(BoundExprPtr conjunct) {
  bool negated = false;
  BoundExpr* target = conjunct.get();
  if (target->kind == BoundExprKind::kNot && target->children[0]->kind == BoundExprKind::kSubquery) {
    negated = true;
    target = target->children[0].get();
  }
  int left_width = static_cast<int>(plan_->width());
  if (target->kind == BoundExprKind::kSubquery && target->subquery_kind != SubqueryKind::kScalar) {
    bool correlated = !target->subquery->correlated.empty();
    if (target->subquery_kind == SubqueryKind::kExists && !correlated) {
      // Uncorrelated EXISTS: evaluated once when the plan is built.
      plan_ = AddFilter(std::move(plan_), [&] {
        std::vector<BoundExprPtr> t;
        t.push_back(std::move(conjunct));
        return t;
      }());
      return Status::Ok();
    }
    BoundExprPtr tested;
    if (target->subquery_kind == SubqueryKind::kIn) tested = std::move(target->children[0]);
    PlanPtr right = TakeSubqueryPlan(*target);
    std::vector<BoundExprPtr> conditions = JoinConditions(*right, left_width);
    if (tested) {
      auto right_column = MakeColumn(left_width, right->types[0], right->names[0]);
      BoundExprPtr right_key = std::move(right_column);
      if (!(right_key->type == tested->type)) {
        auto cast = std::make_unique<BoundExpr>();
        cast->kind = BoundExprKind::kCast;
        cast->type = tested->type;
        cast->children.push_back(std::move(right_key));
        right_key = std::move(cast);
      }
      ExpressionBinder binder(binder_, scope_, "WHERE");
      std::vector<BoundExprPtr> args;
      args.push_back(std::move(tested));
      args.push_back(std::move(right_key));
      ASSIGN_OR_RETURN(auto equal, binder.CallFunction("=", std::move(args), target->position));
      conditions.push_back(std::move(equal));
    }
    PlanJoinType type = negated ? PlanJoinType::kAnti : PlanJoinType::kSemi;
    plan_ = MakeJoin(type, std::move(plan_), std::move(right), std::move(conditions));
    plan_->null_aware = negated && target->subquery_kind == SubqueryKind::kIn;
    return Status::Ok();
  }
  RETURN_IF_ERROR(DecorrelateScalars(conjunct));
  plan_ = AddFilter(std::move(plan_), [&] {
    std::vector<BoundExprPtr> t;
    t.push_back(std::move(conjunct));
    return t;
  }());
  return Status::Ok();
}

// Replaces each correlated scalar subquery in `expr` by a column of a LEFT JOIN with the
// subquery grouped by its correlation keys. Uncorrelated subqueries stay (run once).
Status SelectBinder::DecorrelateScalars(BoundExprPtr& expr) {
  if (expr->kind == BoundExprKind::kSubquery) {
    if (expr->subquery->correlated.empty()) return Status::Ok();
    if (expr->subquery_kind != SubqueryKind::kScalar) {
      return Status(StatusCode::kNotSupported,
                    "a correlated EXISTS or IN subquery is supported only as a term of WHERE",
                    expr->position);
    }
    int left_width = static_cast<int>(plan_->width());
    PlanPtr right = TakeSubqueryPlan(*expr);
    if (!right->correlated_grouped) {
      return Status(StatusCode::kNotSupported,
                    "a correlated scalar subquery must compute an aggregate (e.g. SELECT MAX(x) "
                    "... WHERE key = outer.key)",
                    expr->position);
    }
    std::vector<BoundExprPtr> conditions = JoinConditions(*right, left_width);
    LogicalType type = right->types[0];
    std::string name = right->names[0];
    int marker = right->correlated_marker;
    BoundExprPtr empty_value = std::move(right->correlated_empty_value);
    plan_ = MakeLeftJoin(std::move(plan_), std::move(right), std::move(conditions));
    expr = MakeColumn(left_width, type, name);
    if (marker >= 0 && empty_value) {
      // CASE WHEN marker IS NULL THEN <value over no rows> ELSE <subquery column> END
      auto no_match = std::make_unique<BoundExpr>();
      no_match->kind = BoundExprKind::kIsNull;
      no_match->type = LogicalType(TypeId::kBoolean);
      no_match->children.push_back(MakeColumn(left_width + marker, LogicalType(TypeId::kBoolean)));
      auto choice = std::make_unique<BoundExpr>();
      choice->kind = BoundExprKind::kCase;
      choice->type = type;
      choice->has_else = true;
      choice->children.push_back(std::move(no_match));
      choice->children.push_back(std::move(empty_value));
      choice->children.push_back(std::move(expr));
      expr = std::move(choice);
    }
    // The new columns sit after the FROM scope's; keep the scope in step with the plan.
    for (size_t i = static_cast<size_t>(left_width); i < plan_->width(); i++) {
      scope_.columns.push_back({"", "", plan_->types[i]});
    }
    return Status::Ok();
  }
  for (auto& child : expr->children) RETURN_IF_ERROR(DecorrelateScalars(child));
  return Status::Ok();
}

}  // namespace martlet
