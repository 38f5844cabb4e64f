// Function calls: scalar functions, conditional shorthands (COALESCE, NVL, DECODE, ...),
// aggregates and window functions.
#include <algorithm>

#include "common/date_time.hpp"
#include "functions/aggregate_function.hpp"
#include "functions/cast.hpp"
#include "planner/expression_binder.hpp"

namespace martlet {

using sql::Expr;

static Status ArgumentCount(const Expr& expr, size_t min, size_t max) {
  if (expr.args.size() >= min && expr.args.size() <= max) return Status::Ok();
  std::string expected = min == max ? std::to_string(min)
                                    : std::to_string(min) + " to " + std::to_string(max);
  return Status(StatusCode::kBindError,
                "function " + expr.function_name + " takes " + expected + " arguments, got " +
                    std::to_string(expr.args.size()),
                expr.position);
}

// COALESCE, NVL, NVL2, NULLIF, DECODE, GREATEST, LEAST become CASE expressions, so that
// arguments are evaluated only where needed (COALESCE(x, 1/0) must not fail when x is set).
Result<BoundExprPtr> ExpressionBinder::BindConditionalFunction(const Expr& expr, bool& handled) {
  const std::string& name = expr.function_name;
  handled = true;
  std::vector<BoundExprPtr> args;
  if (name == "coalesce" || name == "nvl") {
    if (expr.args.empty()) RETURN_IF_ERROR(ArgumentCount(expr, 1, 1000));
    RETURN_IF_ERROR(BindChildren(expr, args).status());
    std::vector<BoundExprPtr*> unify;
    for (auto& arg : args) unify.push_back(&arg);
    RETURN_IF_ERROR(Unify(unify, expr.position));
    if (args.size() == 1) return std::move(args[0]);
    auto node = MakeCaseExpr(args[0]->type, expr.position);
    for (size_t i = 0; i + 1 < args.size(); i++) {
      node->children.push_back(MakeIsNotNull(args[i]->Copy()));
      node->children.push_back(std::move(args[i]));
    }
    node->children.push_back(std::move(args.back()));
    node->has_else = true;
    return node;
  }
  if (name == "nvl2") {
    RETURN_IF_ERROR(ArgumentCount(expr, 3, 3));
    RETURN_IF_ERROR(BindChildren(expr, args).status());
    RETURN_IF_ERROR(Unify({&args[1], &args[2]}, expr.position));
    auto node = MakeCaseExpr(args[1]->type, expr.position);
    node->children.push_back(MakeIsNotNull(std::move(args[0])));
    node->children.push_back(std::move(args[1]));
    node->children.push_back(std::move(args[2]));
    node->has_else = true;
    return node;
  }
  if (name == "nullif") {
    RETURN_IF_ERROR(ArgumentCount(expr, 2, 2));
    RETURN_IF_ERROR(BindChildren(expr, args).status());
    RETURN_IF_ERROR(Unify({&args[0], &args[1]}, expr.position));
    auto node = MakeCaseExpr(args[0]->type, expr.position);
    std::vector<BoundExprPtr> eq_args;
    eq_args.push_back(args[0]->Copy());
    eq_args.push_back(std::move(args[1]));
    ASSIGN_OR_RETURN(auto equal, CallFunction("=", std::move(eq_args), expr.position));
    node->children.push_back(std::move(equal));
    node->children.push_back(MakeConstant(Value::Null(args[0]->type)));
    node->children.push_back(std::move(args[0]));
    node->has_else = true;
    return node;
  }
  if (name == "decode") {
    // DECODE(x, search1, result1, ..., [default]); NULL matches NULL.
    if (expr.args.size() < 3) RETURN_IF_ERROR(ArgumentCount(expr, 3, 1000));
    RETURN_IF_ERROR(BindChildren(expr, args).status());
    size_t pairs = (args.size() - 1) / 2;
    bool has_default = (args.size() - 1) % 2 == 1;
    std::vector<BoundExprPtr*> results;
    for (size_t i = 0; i < pairs; i++) results.push_back(&args[2 + 2 * i]);
    if (has_default) results.push_back(&args.back());
    RETURN_IF_ERROR(Unify(results, expr.position));
    auto node = MakeCaseExpr(args[2]->type, expr.position);
    for (size_t i = 0; i < pairs; i++) {
      std::vector<BoundExprPtr> eq_args;
      eq_args.push_back(args[0]->Copy());
      eq_args.push_back(std::move(args[1 + 2 * i]));
      RETURN_IF_ERROR(Unify({&eq_args[0], &eq_args[1]}, expr.position));
      ASSIGN_OR_RETURN(auto same, CallFunction("is_not_distinct_from", std::move(eq_args), expr.position));
      node->children.push_back(std::move(same));
      node->children.push_back(std::move(args[2 + 2 * i]));
    }
    if (has_default) {
      node->children.push_back(std::move(args.back()));
      node->has_else = true;
    }
    return node;
  }
  if (name == "greatest" || name == "least") {
    // NULLs are ignored, as in PostgreSQL and Redshift.
    if (expr.args.empty()) RETURN_IF_ERROR(ArgumentCount(expr, 1, 1000));
    RETURN_IF_ERROR(BindChildren(expr, args).status());
    std::vector<BoundExprPtr*> unify;
    for (auto& arg : args) unify.push_back(&arg);
    RETURN_IF_ERROR(Unify(unify, expr.position));
    BoundExprPtr best = std::move(args[0]);
    for (size_t i = 1; i < args.size(); i++) {
      // best = CASE WHEN best IS NULL OR arg > best THEN arg ELSE best END  (NULL-skipping)
      std::vector<BoundExprPtr> cmp_args;
      cmp_args.push_back(args[i]->Copy());
      cmp_args.push_back(best->Copy());
      ASSIGN_OR_RETURN(auto better, CallFunction(name == "greatest" ? ">" : "<", std::move(cmp_args), expr.position));
      auto best_null = std::make_unique<BoundExpr>();
      best_null->kind = BoundExprKind::kIsNull;
      best_null->type = LogicalType(TypeId::kBoolean);
      best_null->children.push_back(best->Copy());
      auto either = std::make_unique<BoundExpr>();
      either->kind = BoundExprKind::kOr;
      either->type = LogicalType(TypeId::kBoolean);
      either->children.push_back(std::move(best_null));
      either->children.push_back(std::move(better));
      auto node = MakeCaseExpr(best->type, expr.position);
      node->children.push_back(std::move(either));
      node->children.push_back(std::move(args[i]));
      node->children.push_back(std::move(best));
      node->has_else = true;
      best = std::move(node);
    }
    return best;
  }
  handled = false;
  return BoundExprPtr();
}

static bool IsRankingFunction(const std::string& name) {
  static const char* kNames[] = {"row_number", "rank", "dense_rank", "percent_rank", "cume_dist",
                                 "ntile", "lag", "lead", "first_value", "last_value", "nth_value"};
  return std::find_if(std::begin(kNames), std::end(kNames),
                      [&](const char* n) { return name == n; }) != std::end(kNames);
}

// Redshift writes the date part of these functions as a bare word: DATEDIFF(month, a, b).
static bool TakesDatePart(const std::string& name) {
  return name == "dateadd" || name == "datediff" || name == "date_part" || name == "date_trunc" ||
         name == "date_add" || name == "date_diff" || name == "pgdate_part";
}

Result<BoundExprPtr> ExpressionBinder::BindChildren(const Expr& expr, std::vector<BoundExprPtr>& out,
                                                    bool date_part_first) {
  for (size_t i = 0; i < expr.args.size(); i++) {
    const Expr& arg = *expr.args[i];
    if (i == 0 && date_part_first && arg.kind == sql::ExprKind::kColumnRef && arg.names.size() == 1) {
      out.push_back(MakeConstant(Value::Text(arg.names[0])));
      continue;
    }
    ASSIGN_OR_RETURN(auto bound, Bind(arg));
    out.push_back(std::move(bound));
  }
  return BoundExprPtr();
}

Result<BoundExprPtr> ExpressionBinder::BindFunction(const Expr& expr) {
  if (expr.over) return BindWindow(expr);
  if (IsAggregateFunction(expr.function_name)) return BindAggregate(expr);
  if (expr.distinct) {
    return Status(StatusCode::kBindError,
                  "DISTINCT specified, but " + expr.function_name + " is not an aggregate function",
                  expr.position);
  }
  if (expr.function_name == "grouping") return BindGrouping(expr);
  if (IsRankingFunction(expr.function_name)) {
    return Status(StatusCode::kBindError,
                  "window function " + expr.function_name + " requires an OVER clause", expr.position);
  }
  bool handled = false;
  ASSIGN_OR_RETURN(auto conditional, BindConditionalFunction(expr, handled));
  if (handled) return conditional;
  std::vector<BoundExprPtr> args;
  RETURN_IF_ERROR(BindChildren(expr, args, TakesDatePart(expr.function_name)).status());
  // Untyped literals passed to functions are text, as in PostgreSQL.
  for (auto& arg : args) arg->untyped_literal = false;
  ASSIGN_OR_RETURN(auto call, CallFunction(expr.function_name, std::move(args), expr.position));
  return NarrowRoundedDecimal(std::move(call));
}

// ROUND(decimal, n) and TRUNC(decimal, n) with a constant n show n digits after the point,
// as in Redshift and PostgreSQL (ROUND(28.05, 1) is 28.1, not 28.10): the result's scale
// becomes n. Rounding first makes the narrowing exact.
Result<BoundExprPtr> ExpressionBinder::NarrowRoundedDecimal(BoundExprPtr call) {
  if ((call->name != "round" && call->name != "trunc") || call->children.size() != 2 ||
      call->type.id() != TypeId::kDecimal || call->children[1]->kind != BoundExprKind::kConstant ||
      call->children[1]->value.is_null()) {
    return call;
  }
  int64_t digits = std::clamp<int64_t>(call->children[1]->value.int64(), 0, call->type.scale());
  if (digits == call->type.scale()) return call;
  LogicalType narrowed = LogicalType::Decimal(call->type.precision(), static_cast<int>(digits));
  return binder_.CastTo(std::move(call), narrowed, true);
}

// Binds an aggregate's arguments on this binder's scope with aggregates switched off
// (aggregates do not nest).
static Result<AggregateCall> BindAggregateCall(ExpressionBinder& binder, Binder& outer_binder,
                                               const Expr& expr) {
  AggregateCall call;
  call.function = expr.function_name;
  call.info.distinct = expr.distinct;
  call.info.approximate = expr.approximate;
  call.info.star = expr.star_argument;
  std::vector<LogicalType> types;
  size_t regular_args = expr.args.size();
  if (call.function == "listagg" && expr.args.size() == 2) {
    const Expr& delimiter = *expr.args[1];
    if (delimiter.kind != sql::ExprKind::kLiteral) {
      return Status(StatusCode::kBindError, "LISTAGG's delimiter must be a constant string",
                    delimiter.position);
    }
    call.info.delimiter = delimiter.text;
    regular_args = 1;
  }
  if (call.function == "percentile_cont" || call.function == "percentile_disc") {
    if (expr.args.size() != 1 || expr.args[0]->kind != sql::ExprKind::kLiteral ||
        expr.within_group.size() != 1) {
      return Status(StatusCode::kBindError,
                    call.function + " takes a constant fraction and WITHIN GROUP (ORDER BY x)",
                    expr.position);
    }
    call.info.fraction = std::strtod(expr.args[0]->text.c_str(), nullptr);
    if (call.info.fraction < 0 || call.info.fraction > 1) {
      return Status(StatusCode::kInvalidInput, "percentile value " + expr.args[0]->text +
                                                   " is not between 0 and 1",
                    expr.args[0]->position);
    }
    regular_args = 0;
  }
  for (size_t i = 0; i < regular_args; i++) {
    ASSIGN_OR_RETURN(auto arg, binder.Bind(*expr.args[i]));
    arg->untyped_literal = false;
    if (arg->type.id() == TypeId::kNull) {
      ASSIGN_OR_RETURN(arg, outer_binder.CastTo(std::move(arg), LogicalType::Varchar()));
    }
    // As in Redshift, LISTAGG joins any values as their text.
    if (call.function == "listagg" && !arg->type.IsString()) {
      ASSIGN_OR_RETURN(arg, outer_binder.CastTo(std::move(arg), LogicalType::Varchar(), true));
    }
    call.args.push_back(std::move(arg));
  }
  for (const auto& item : expr.within_group) {
    ASSIGN_OR_RETURN(auto key, binder.Bind(*item.expr));
    call.args.push_back(std::move(key));
    call.info.order_descending.push_back(item.descending);
  }
  for (const auto& arg : call.args) types.push_back(arg->type);
  Result<AggregateBinding> binding = ResolveAggregate(call.function, types, call.info);
  if (!binding.ok()) return binding.status().WithPosition(expr.position);
  call.binding = std::move(binding).value();
  for (size_t i = 0; i < call.args.size() && i < call.binding.arg_types.size(); i++) {
    ASSIGN_OR_RETURN(call.args[i], outer_binder.CastTo(std::move(call.args[i]), call.binding.arg_types[i]));
  }
  call.type = call.binding.return_type;
  return call;
}

Result<BoundExprPtr> ExpressionBinder::BindAggregate(const Expr& expr) {
  if (!aggregates) {
    return Status(StatusCode::kBindError,
                  std::string("aggregate functions are not allowed in ") + clause_, expr.position);
  }
  ExpressionBinder inner(binder_, scope_, "the arguments of an aggregate");
  ASSIGN_OR_RETURN(AggregateCall call, BindAggregateCall(inner, binder_, expr));
  if (inner.referenced_outer) referenced_outer = true;
  auto ref = std::make_unique<BoundExpr>();
  ref->kind = BoundExprKind::kAggregateRef;
  ref->type = call.type;
  ref->position = expr.position;
  ref->name = expr.function_name;
  // The same call written twice is computed once (unless it is volatile: sum(random()) twice
  // is two sums).
  for (size_t i = 0; i < aggregates->size(); i++) {
    const AggregateCall& existing = (*aggregates)[i];
    bool same = existing.function == call.function && existing.args.size() == call.args.size() &&
                existing.info.distinct == call.info.distinct && existing.info.star == call.info.star &&
                existing.info.approximate == call.info.approximate &&
                existing.info.order_descending == call.info.order_descending &&
                existing.info.delimiter == call.info.delimiter && existing.info.fraction == call.info.fraction;
    for (size_t a = 0; same && a < call.args.size(); a++) {
      same = ExprEquals(*existing.args[a], *call.args[a]) && !HasVolatileCall(*call.args[a]);
    }
    if (same) {
      ref->column_index = static_cast<int>(i);
      return ref;
    }
  }
  ref->column_index = static_cast<int>(aggregates->size());
  aggregates->push_back(std::move(call));
  return ref;
}

// GROUPING(a, b): which of the named group keys a row's grouping set left out. Bound as an
// aggregate call without state; SelectBinder::Aggregate maps its arguments to group keys.
Result<BoundExprPtr> ExpressionBinder::BindGrouping(const Expr& expr) {
  if (!aggregates) {
    return Status(StatusCode::kBindError, std::string("GROUPING is not allowed in ") + clause_,
                  expr.position);
  }
  if (expr.args.empty() || expr.args.size() > 31) {
    return Status(StatusCode::kBindError, "GROUPING takes 1 to 31 arguments", expr.position);
  }
  AggregateCall call;
  call.function = "grouping";
  ExpressionBinder inner(binder_, scope_, "the arguments of GROUPING");
  for (const auto& arg : expr.args) {
    ASSIGN_OR_RETURN(auto bound, inner.Bind(*arg));
    call.args.push_back(std::move(bound));
  }
  call.type = LogicalType(TypeId::kInteger);
  call.binding.return_type = call.type;
  auto ref = std::make_unique<BoundExpr>();
  ref->kind = BoundExprKind::kAggregateRef;
  ref->type = call.type;
  ref->position = expr.position;
  ref->name = "grouping";
  ref->column_index = static_cast<int>(aggregates->size());
  aggregates->push_back(std::move(call));
  return ref;
}

// A RANGE frame's offset in the units of its one ORDER BY key, whose raw values the executor
// compares: the number itself for integers, days for dates, microseconds for timestamps, the
// unscaled value for decimals.
Result<int64_t> ExpressionBinder::RangeOffset(const sql::Expr& offset, const LogicalType& key) {
  ExpressionBinder binder(binder_, scope_, "a window frame");
  ASSIGN_OR_RETURN(BoundExprPtr bound, binder.Bind(offset));
  auto fail = [&](const std::string& why) {
    return Status(StatusCode::kBindError, "RANGE offset " + why, offset.position);
  };
  if (bound->kind != BoundExprKind::kConstant || bound->value.is_null()) return fail("must be a constant");
  const LogicalType& type = bound->type;
  int64_t units = 0;
  if (type.id() == TypeId::kInterval) {
    const Interval& interval = bound->value.interval();
    bool timestamp = key.id() == TypeId::kTimestamp || key.id() == TypeId::kTimestampTz;
    if (!timestamp && key.id() != TypeId::kDate) return fail("of an interval needs a date or timestamp ORDER BY key");
    if (interval.months != 0) return fail("cannot use months or years (their length varies)");
    if (!timestamp && interval.micros != 0) return fail("for a date ORDER BY key must be whole days");
    units = timestamp ? interval.days * kMicrosPerDay + interval.micros : interval.days;
  } else if (key.id() == TypeId::kDecimal && type.IsNumeric()) {
    ASSIGN_OR_RETURN(BoundExprPtr scaled, binder_.CastTo(std::move(bound), LogicalType::Decimal(38, key.scale()), true));
    int128_t value = scaled->value.int128();
    if (value > INT64_MAX || value < INT64_MIN) return fail("is out of range");
    units = static_cast<int64_t>(value);
  } else if (type.IsInteger() && (key.IsInteger() || key.id() == TypeId::kDate)) {
    units = bound->value.int64();
  } else {
    return fail("of type " + type.ToString() + " does not fit an ORDER BY key of type " + key.ToString() +
                " (RANGE offsets need an integer, decimal, date or timestamp key)");
  }
  if (units < 0) return fail("must not be negative");
  return units;
}

Result<FrameSpec> ExpressionBinder::BindFrame(const sql::WindowSpec& spec, const std::vector<BoundExprPtr>& order_by) {
  FrameSpec frame;
  if (spec.frame_unit == sql::FrameUnit::kNone) return frame;
  frame.unit = spec.frame_unit == sql::FrameUnit::kRows ? FrameSpec::kRows : FrameSpec::kRange;
  auto bound = [&](const sql::FrameBound& b, FrameSpec::BoundKind& kind, int64_t& offset) -> Status {
    switch (b.kind) {
      case sql::FrameBoundKind::kUnboundedPreceding: kind = FrameSpec::kUnboundedPreceding; break;
      case sql::FrameBoundKind::kPreceding: kind = FrameSpec::kPreceding; break;
      case sql::FrameBoundKind::kCurrentRow: kind = FrameSpec::kCurrentRow; break;
      case sql::FrameBoundKind::kFollowing: kind = FrameSpec::kFollowing; break;
      case sql::FrameBoundKind::kUnboundedFollowing: kind = FrameSpec::kUnboundedFollowing; break;
    }
    if (!b.offset) return Status::Ok();
    if (frame.unit == FrameSpec::kRows) {
      ASSIGN_OR_RETURN(offset, ConstantInteger(*b.offset, "a window frame"));
      return Status::Ok();
    }
    if (order_by.size() != 1) {
      return Status(StatusCode::kBindError, "RANGE with an offset needs exactly one ORDER BY column",
                    b.offset->position);
    }
    ASSIGN_OR_RETURN(offset, RangeOffset(*b.offset, order_by[0]->type));
    return Status::Ok();
  };
  RETURN_IF_ERROR(bound(spec.frame_start, frame.start, frame.start_offset));
  RETURN_IF_ERROR(bound(spec.frame_end, frame.end, frame.end_offset));
  return frame;
}

Result<BoundExprPtr> ExpressionBinder::BindWindow(const Expr& expr) {
  if (!windows) {
    return Status(StatusCode::kBindError,
                  std::string("window functions are not allowed in ") + clause_, expr.position);
  }
  if (in_window_) {
    return Status(StatusCode::kBindError, "window function calls cannot be nested", expr.position);
  }
  in_window_ = true;
  Result<BoundExprPtr> result = BindWindowCall(expr);
  in_window_ = false;
  return result;
}

Result<BoundExprPtr> ExpressionBinder::BindWindowCall(const Expr& expr) {
  PendingWindowCall call;
  call.function = expr.function_name;
  call.ignore_nulls = expr.ignore_nulls;
  call.star = expr.star_argument;
  call.distinct = expr.distinct;
  call.position = expr.position;
  const sql::WindowSpec& spec = *expr.over;
  for (const auto& partition : spec.partition_by) {
    ASSIGN_OR_RETURN(auto key, Bind(*partition));
    call.partition_by.push_back(std::move(key));
  }
  for (const auto& item : spec.order_by) {
    ASSIGN_OR_RETURN(auto key, Bind(*item.expr));
    call.order_by.push_back(std::move(key));
    call.order_descending.push_back(item.descending);
    bool nulls_first = item.nulls == sql::NullsOrder::kDefault ? item.descending
                                                                : item.nulls == sql::NullsOrder::kFirst;
    call.order_nulls_first.push_back(nulls_first);
  }
  ASSIGN_OR_RETURN(call.frame, BindFrame(spec, call.order_by));
  if (IsAggregateFunction(call.function)) {
    ExpressionBinder inner(binder_, scope_, "window function arguments");
    inner.aggregates = aggregates;  // SUM(SUM(x)) OVER (...) reads the grouped sum
    ASSIGN_OR_RETURN(AggregateCall aggregate, BindAggregateCall(inner, binder_, expr));
    call.args = std::move(aggregate.args);
    call.aggregate = std::move(aggregate.binding);
    call.type = aggregate.type;
  } else if (IsRankingFunction(call.function)) {
    for (const auto& arg : expr.args) {
      ASSIGN_OR_RETURN(auto bound, Bind(*arg));
      bound->untyped_literal = false;
      call.args.push_back(std::move(bound));
    }
    const std::string& f = call.function;
    if (f == "row_number" || f == "rank" || f == "dense_rank" || f == "ntile") {
      call.type = LogicalType(TypeId::kBigInt);
    } else if (f == "percent_rank" || f == "cume_dist") {
      call.type = LogicalType(TypeId::kDouble);
    } else {
      if (call.args.empty()) {
        return Status(StatusCode::kBindError, "function " + f + " needs an argument", expr.position);
      }
      call.type = call.args[0]->type;
      if ((f == "lag" || f == "lead") && call.args.size() == 3) {
        RETURN_IF_ERROR(Unify({&call.args[0], &call.args[2]}, expr.position));
        call.type = call.args[0]->type;
      }
    }
  } else {
    return Status(StatusCode::kBindError,
                  "function " + call.function + " is not a window function", expr.position);
  }
  auto ref = std::make_unique<BoundExpr>();
  ref->kind = BoundExprKind::kWindowRef;
  ref->type = call.type;
  ref->position = expr.position;
  ref->name = call.function;
  ref->column_index = static_cast<int>(windows->size());
  windows->push_back(std::move(call));
  return ref;
}

}  // namespace martlet
