#include "planner/expression_binder.hpp"
#include "planner/join_builder.hpp"

#include <cmath>
#include <functional>
#include <set>

#include "common/date_time.hpp"
#include "common/decimal.hpp"
#include "common/string_distance.hpp"
#include "functions/aggregate_function.hpp"
#include "functions/cast.hpp"

namespace martlet {

using sql::Expr;
using sql::ExprKind;

static Status BindErrorAt(const std::string& message, int position) {
  return Status(StatusCode::kBindError, message, position);
}

BoundExprPtr MakeNot(BoundExprPtr expr) {
  auto result = std::make_unique<BoundExpr>();
  result->kind = BoundExprKind::kNot;
  result->type = LogicalType(TypeId::kBoolean);
  result->position = expr->position;
  result->children.push_back(std::move(expr));
  return result;
}

static BoundExprPtr MakeNode(BoundExprKind kind, LogicalType type, int position) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = kind;
  expr->type = type;
  expr->position = position;
  return expr;
}

Result<LogicalType> TypeFromName(const sql::TypeName& name) {
  const std::string& n = name.name;
  auto modifier = [&](size_t i, int fallback) {
    return i < name.modifiers.size() ? name.modifiers[i] : fallback;
  };
  if (n == "boolean") return LogicalType(TypeId::kBoolean);
  if (n == "smallint") return LogicalType(TypeId::kSmallInt);
  if (n == "integer") return LogicalType(TypeId::kInteger);
  if (n == "bigint") return LogicalType(TypeId::kBigInt);
  if (n == "real") return LogicalType(TypeId::kReal);
  if (n == "double") return LogicalType(TypeId::kDouble);
  if (n == "date") return LogicalType(TypeId::kDate);
  if (n == "timestamp") return LogicalType(TypeId::kTimestamp);
  if (n == "timestamptz") return LogicalType(TypeId::kTimestampTz);
  if (n == "interval") return LogicalType(TypeId::kInterval);
  if (n == "text") return LogicalType::Varchar();
  if (n == "varchar") {
    int length = modifier(0, 256);  // Redshift's default VARCHAR length
    if (length <= 0 || length > 65535) {
      return Status(StatusCode::kInvalidInput, "length for type varchar must be between 1 and 65535",
                    name.position);
    }
    return LogicalType::Varchar(static_cast<uint32_t>(length));
  }
  if (n == "char") {
    int length = modifier(0, 1);
    if (length <= 0 || length > 4096) {
      return Status(StatusCode::kInvalidInput, "length for type char must be between 1 and 4096",
                    name.position);
    }
    return LogicalType::Char(static_cast<uint32_t>(length));
  }
  if (n == "decimal") {
    int precision = modifier(0, 18);
    int scale = modifier(1, 0);
    if (precision < 1 || precision > LogicalType::kMaxDecimalPrecision) {
      return Status(StatusCode::kInvalidInput,
                    "NUMERIC precision " + std::to_string(precision) + " must be between 1 and 38",
                    name.position);
    }
    if (scale < 0 || scale > precision) {
      return Status(StatusCode::kInvalidInput,
                    "NUMERIC scale " + std::to_string(scale) + " must be between 0 and precision " +
                        std::to_string(precision),
                    name.position);
    }
    return LogicalType::Decimal(precision, scale);
  }
  return Status(StatusCode::kBindError, "type \"" + n + "\" does not exist", name.position);
}

Result<BoundExprPtr> ExpressionBinder::Bind(const Expr& expr) {
  Result<BoundExprPtr> result = [&]() -> Result<BoundExprPtr> {
    switch (expr.kind) {
      case ExprKind::kLiteral: return BindLiteral(expr);
      case ExprKind::kColumnRef: return BindColumnRef(expr);
      case ExprKind::kStar:
        return BindErrorAt("\"*\" is not allowed here", expr.position);
      case ExprKind::kUnary: return BindUnary(expr);
      case ExprKind::kBinary: return BindBinary(expr);
      case ExprKind::kFunction: return BindFunction(expr);
      case ExprKind::kCast: return BindCast(expr);
      case ExprKind::kCase: return BindCase(expr);
      case ExprKind::kInList: return BindInList(expr);
      case ExprKind::kBetween: return BindBetween(expr);
      case ExprKind::kLike: return BindLike(expr);
      case ExprKind::kSubquery:
      case ExprKind::kExists:
      case ExprKind::kInSubquery: return BindSubquery(expr);
      case ExprKind::kIsNull: {
        ASSIGN_OR_RETURN(auto child, Bind(*expr.args[0]));
        auto node = MakeNode(expr.negated ? BoundExprKind::kIsNotNull : BoundExprKind::kIsNull,
                             LogicalType(TypeId::kBoolean), expr.position);
        node->children.push_back(std::move(child));
        return node;
      }
      case ExprKind::kIsBool: {
        // x IS TRUE -> x IS NOT NULL AND x; IS FALSE -> x IS NOT NULL AND NOT x;
        // IS UNKNOWN -> x IS NULL. The result is never NULL.
        ASSIGN_OR_RETURN(auto child, Bind(*expr.args[0]));
        ASSIGN_OR_RETURN(child, binder_.CastTo(std::move(child), LogicalType(TypeId::kBoolean)));
        BoundExprPtr result;
        if (expr.is_value == "unknown") {
          result = MakeNode(BoundExprKind::kIsNull, LogicalType(TypeId::kBoolean), expr.position);
          result->children.push_back(std::move(child));
        } else {
          auto not_null = MakeNode(BoundExprKind::kIsNotNull, LogicalType(TypeId::kBoolean), expr.position);
          not_null->children.push_back(child->Copy());
          BoundExprPtr value = expr.is_value == "true" ? std::move(child) : MakeNot(std::move(child));
          std::vector<BoundExprPtr> terms;
          terms.push_back(std::move(not_null));
          terms.push_back(std::move(value));
          result = MakeConjunction(std::move(terms));
        }
        return expr.negated ? MakeNot(std::move(result)) : std::move(result);
      }
      case ExprKind::kIsDistinct: {
        std::vector<BoundExprPtr> args;
        RETURN_IF_ERROR(BindChildren(expr, args).status());
        return CallFunction(expr.negated ? "is_not_distinct_from" : "is_distinct_from",
                            std::move(args), expr.position);
      }
      case ExprKind::kInterval: {
        ASSIGN_OR_RETURN(Interval interval, ParseInterval(expr.text, expr.interval_unit));
        return MakeConstant(Value::FromInterval(interval));
      }
      case ExprKind::kTypedLiteral: {
        ASSIGN_OR_RETURN(LogicalType type, TypeFromName(expr.cast_type));
        ASSIGN_OR_RETURN(Value value, CastValue(Value::Text(expr.text), type));
        return MakeConstant(std::move(value));
      }
      case ExprKind::kExtract: {
        std::vector<BoundExprPtr> args;
        args.push_back(MakeConstant(Value::Text(expr.text)));
        ASSIGN_OR_RETURN(auto source, Bind(*expr.args[0]));
        args.push_back(std::move(source));
        return CallFunction("date_part", std::move(args), expr.position);
      }
      case ExprKind::kPosition: {
        std::vector<BoundExprPtr> args;
        RETURN_IF_ERROR(BindChildren(expr, args).status());
        return CallFunction("position", std::move(args), expr.position);
      }
      case ExprKind::kTrim: {
        std::vector<BoundExprPtr> args;
        RETURN_IF_ERROR(BindChildren(expr, args).status());
        const char* name = expr.trim_side == "leading"    ? "ltrim"
                           : expr.trim_side == "trailing" ? "rtrim"
                                                          : "btrim";
        return CallFunction(name, std::move(args), expr.position);
      }
      case ExprKind::kSubstring: {
        std::vector<BoundExprPtr> args;
        RETURN_IF_ERROR(BindChildren(expr, args).status());
        return CallFunction("substring", std::move(args), expr.position);
      }
      case ExprKind::kSimilarTo:
        return Status(StatusCode::kNotSupported, "SIMILAR TO is not supported; use ~ (POSIX regular expressions)",
                      expr.position);
      case ExprKind::kQuantified: return BindQuantified(expr);
      case ExprKind::kDefault:
        return BindErrorAt("DEFAULT is not allowed here", expr.position);
      case ExprKind::kParameter:
        return BindErrorAt("there is no parameter $" + expr.text, expr.position);
    }
    return Status(StatusCode::kInternal, "unknown expression kind", expr.position);
  }();
  if (!result.ok()) return result.status().WithPosition(expr.position);
  if (result.value()->position < 0) result.value()->position = expr.position;
  return result;
}

Result<BoundExprPtr> ExpressionBinder::BindLiteral(const Expr& expr) {
  switch (expr.literal_kind) {
    case sql::LiteralKind::kNull: return MakeConstant(Value::Null());
    case sql::LiteralKind::kBoolean: return MakeConstant(Value::Boolean(expr.text == "true"));
    case sql::LiteralKind::kString: {
      auto constant = MakeConstant(Value::Text(expr.text));
      constant->untyped_literal = true;
      return constant;
    }
    case sql::LiteralKind::kInteger: {
      errno = 0;
      char* end = nullptr;
      long long parsed = std::strtoll(expr.text.c_str(), &end, 10);
      if (errno == 0 && *end == '\0') {
        if (parsed >= INT32_MIN && parsed <= INT32_MAX) {
          return MakeConstant(Value::Integer(static_cast<int32_t>(parsed)));
        }
        return MakeConstant(Value::BigInt(parsed));
      }
      [[fallthrough]];
    }
    case sql::LiteralKind::kDecimal: {
      size_t point = expr.text.find('.');
      int scale = point == std::string::npos ? 0 : static_cast<int>(expr.text.size() - point - 1);
      // Significant digits: leading zeros (0.05) do not count.
      int digits = 0;
      bool leading = true;
      for (char c : expr.text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) continue;
        if (leading && c == '0') continue;
        leading = false;
        digits++;
      }
      int precision = std::max(digits, scale);
      if (precision > LogicalType::kMaxDecimalPrecision) {
        return MakeConstant(Value::Double(std::strtod(expr.text.c_str(), nullptr)));
      }
      precision = std::max(precision, 1);
      ASSIGN_OR_RETURN(int128_t unscaled, ParseDecimal(expr.text, precision, scale));
      return MakeConstant(Value::FromInt128(LogicalType::Decimal(precision, scale), unscaled));
    }
    case sql::LiteralKind::kFloat: {
      double value = std::strtod(expr.text.c_str(), nullptr);
      if (!std::isfinite(value)) {
        return Status(StatusCode::kOverflow,
                      "\"" + expr.text + "\" is out of range for type double precision", expr.position);
      }
      return MakeConstant(Value::Double(value));
    }
  }
  return Status(StatusCode::kInternal, "unknown literal kind");
}

Result<BoundExprPtr> ExpressionBinder::BindColumnRef(const Expr& expr) {
  const auto& names = expr.names;
  std::string column = names.back();
  std::string table = names.size() >= 2 ? names[names.size() - 2] : "";
  for (const Scope* scope = &scope_; scope; scope = scope->outer) {
    int found = -1;
    for (size_t i = 0; i < scope->columns.size(); i++) {
      const auto& candidate = scope->columns[i];
      if (candidate.name != column || (!table.empty() && candidate.table != table)) continue;
      if (table.empty() && candidate.qualified_only) continue;
      if (found >= 0) {
        return BindErrorAt("column reference \"" + column + "\" is ambiguous", expr.position);
      }
      found = static_cast<int>(i);
    }
    if (found < 0) continue;
    const auto& match = scope->columns[found];
    std::string display = match.table.empty() ? match.name : match.table + "." + match.name;
    if (scope == &scope_) return MakeColumn(found, match.type, display);
    if (scope != scope_.outer) {
      return Status(StatusCode::kNotSupported,
                    "a subquery may refer only to the query directly around it (column \"" +
                        column + "\")",
                    expr.position);
    }
    referenced_outer = true;
    auto outer = MakeColumn(found, match.type, display);
    outer->kind = BoundExprKind::kOuterColumn;
    return outer;
  }
  if (select_aliases && table.empty()) {
    for (const auto& item : *select_aliases) {
      if (item.alias != column) continue;
      // While an alias expands, its own name is only a column (no endless expansion).
      const std::vector<sql::SelectItem>* aliases = select_aliases;
      select_aliases = nullptr;
      Result<BoundExprPtr> bound = Bind(*item.expr);
      select_aliases = aliases;
      return bound;
    }
  }
  // Not found: suggest the closest visible name.
  std::vector<std::string> candidates;
  bool table_exists = table.empty();
  for (const auto& candidate : scope_.columns) {
    if (table.empty() || candidate.table == table) candidates.push_back(candidate.name);
    if (candidate.table == table) table_exists = true;
  }
  if (!table_exists) {
    return BindErrorAt("missing FROM-clause entry for table \"" + table + "\"", expr.position);
  }
  std::string message = "column \"" + (table.empty() ? column : table + "." + column) +
                        "\" does not exist";
  std::string suggestion = ClosestName(column, candidates);
  if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
  return BindErrorAt(message, expr.position);
}

Result<BoundExprPtr> ExpressionBinder::CallFunction(const std::string& name,
                                                    std::vector<BoundExprPtr> args,
                                                    int position) {
  // A quoted literal next to a typed operand takes that operand's type, as in PostgreSQL:
  // d_date = '1998-12-01' compares dates.
  static const std::set<std::string> kTypedByOperand = {
      "=", "<>", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "is_distinct_from",
      "is_not_distinct_from"};
  if (args.size() == 2 && args[0]->untyped_literal != args[1]->untyped_literal &&
      kTypedByOperand.count(name)) {
    auto& literal = args[0]->untyped_literal ? args[0] : args[1];
    const auto& other = args[0]->untyped_literal ? args[1] : args[0];
    if (other->type.id() != TypeId::kNull && !other->type.IsString() &&
        other->kind != BoundExprKind::kConstant) {
      ASSIGN_OR_RETURN(literal, binder_.CastTo(std::move(literal), other->type));
    }
  }
  std::vector<LogicalType> types;
  for (const auto& arg : args) types.push_back(arg->type);
  Result<ScalarBinding> binding = binder_.functions_.ResolveScalar(name, types);
  if (!binding.ok()) return binding.status().WithPosition(position);
  for (size_t i = 0; i < args.size() && i < binding->arg_types.size(); i++) {
    ASSIGN_OR_RETURN(args[i], binder_.CastTo(std::move(args[i]), binding->arg_types[i], true));
  }
  auto call = MakeNode(BoundExprKind::kFunction, binding->return_type, position);
  call->function = std::move(binding).value();
  call->name = name;
  call->children = std::move(args);
  return call;
}

Status ExpressionBinder::Unify(std::vector<BoundExprPtr*> exprs, int position) {
  LogicalType common(TypeId::kNull);
  bool all_untyped = true;
  for (BoundExprPtr* expr : exprs) {
    if (!(*expr)->untyped_literal) all_untyped = false;
  }
  for (BoundExprPtr* expr : exprs) {
    const LogicalType& type = (*expr)->type;
    if (type.id() == TypeId::kNull || ((*expr)->untyped_literal && !all_untyped)) continue;
    if (common.id() == TypeId::kNull) {
      common = type;
      continue;
    }
    Result<LogicalType> super = CommonSuperType(common, type);
    if (!super.ok()) return super.status().WithPosition(position);
    common = super.value();
  }
  if (common.id() == TypeId::kNull) {
    // Only NULLs and quoted literals: the literals make it text (COALESCE(NULL, 'x')).
    bool any_untyped = false;
    for (BoundExprPtr* expr : exprs) any_untyped = any_untyped || (*expr)->untyped_literal;
    if (!any_untyped) return Status::Ok();
    common = LogicalType::Varchar();
  }
  for (BoundExprPtr* expr : exprs) {
    ASSIGN_OR_RETURN(*expr, binder_.CastTo(std::move(*expr), common));
  }
  return Status::Ok();
}

Result<BoundExprPtr> ExpressionBinder::BindUnary(const Expr& expr) {
  ASSIGN_OR_RETURN(auto child, Bind(*expr.args[0]));
  if (expr.op == "NOT") {
    ASSIGN_OR_RETURN(child, binder_.CastTo(std::move(child), LogicalType(TypeId::kBoolean)));
    return MakeNot(std::move(child));
  }
  if (expr.op == "+") return child;
  // Fold -<number literal> right away so that -2147483648 is an INTEGER and DEFAULT -1 a
  // constant.
  if (child->kind == BoundExprKind::kConstant && !child->value.is_null() &&
      child->type.IsNumeric()) {
    const Value& v = child->value;
    if (child->type.IsInteger()) {
      int64_t low = child->type.id() == TypeId::kSmallInt  ? INT16_MIN
                    : child->type.id() == TypeId::kInteger ? INT32_MIN
                                                           : INT64_MIN;
      if (v.int64() == low) {
        return Status(StatusCode::kOverflow, child->type.ToString() + " out of range", expr.position);
      }
      return MakeConstant(Value::FromInt64(v.type(), -v.int64()));
    }
    if (child->type.physical() == PhysicalType::kInt128) {
      return MakeConstant(Value::FromInt128(v.type(), -v.int128()));
    }
    if (child->type.physical() == PhysicalType::kDouble) {
      return MakeConstant(Value::FromDouble(v.type(), -v.float64()));
    }
  }
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(child));
  return CallFunction("-", std::move(args), expr.position);
}

Result<BoundExprPtr> ExpressionBinder::BindBinary(const Expr& expr) {
  ASSIGN_OR_RETURN(auto left, Bind(*expr.args[0]));
  ASSIGN_OR_RETURN(auto right, Bind(*expr.args[1]));
  if (expr.op == "AND" || expr.op == "OR") {
    ASSIGN_OR_RETURN(left, binder_.CastTo(std::move(left), LogicalType(TypeId::kBoolean)));
    ASSIGN_OR_RETURN(right, binder_.CastTo(std::move(right), LogicalType(TypeId::kBoolean)));
    auto node = MakeNode(expr.op == "AND" ? BoundExprKind::kAnd : BoundExprKind::kOr,
                         LogicalType(TypeId::kBoolean), expr.position);
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }
  bool comparison = expr.op == "=" || expr.op == "<>" || expr.op == "<" || expr.op == ">" ||
                    expr.op == "<=" || expr.op == ">=";
  if (comparison) RETURN_IF_ERROR(Unify({&left, &right}, expr.position));
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(left));
  args.push_back(std::move(right));
  return CallFunction(expr.op, std::move(args), expr.position);
}

Result<BoundExprPtr> ExpressionBinder::BindCast(const Expr& expr) {
  ASSIGN_OR_RETURN(auto child, Bind(*expr.args[0]));
  ASSIGN_OR_RETURN(LogicalType type, TypeFromName(expr.cast_type));
  if (!CanCast(child->type, type)) {
    return Status(StatusCode::kTypeError,
                  "cannot cast type " + child->type.ToString() + " to " + type.ToString(),
                  expr.position);
  }
  child->untyped_literal = false;
  if (child->type == type) return child;
  if (type.IsString() && type.length() != LogicalType::kUnboundedLength) {
    // An explicit cast to a shorter character type cuts the value (an assignment would fail).
    ASSIGN_OR_RETURN(child, binder_.CastTo(std::move(child), LogicalType::Varchar(), true));
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(child));
    args.push_back(MakeConstant(Value::BigInt(type.length())));
    ASSIGN_OR_RETURN(child, CallFunction("left", std::move(args), expr.position));
    if (type.id() == TypeId::kVarchar) {
      child->type = type;  // left() never returns more than `length` characters
      return child;
    }
  }
  if (child->kind == BoundExprKind::kConstant) {
    ASSIGN_OR_RETURN(Value value, CastValue(child->value, type));
    return MakeConstant(std::move(value));
  }
  auto cast = MakeNode(BoundExprKind::kCast, type, expr.position);
  cast->children.push_back(std::move(child));
  return cast;
}

Result<BoundExprPtr> ExpressionBinder::BindCase(const Expr& expr) {
  auto node = MakeNode(BoundExprKind::kCase, LogicalType(), expr.position);
  BoundExprPtr operand;
  if (expr.case_operand) {
    ASSIGN_OR_RETURN(operand, Bind(*expr.case_operand));
  }
  std::vector<BoundExprPtr> results;
  for (const auto& [when, then] : expr.when_then) {
    ASSIGN_OR_RETURN(auto condition, Bind(*when));
    if (operand) {
      std::vector<BoundExprPtr> args;
      args.push_back(operand->Copy());
      args.push_back(std::move(condition));
      RETURN_IF_ERROR(Unify({&args[0], &args[1]}, when->position));
      ASSIGN_OR_RETURN(condition, CallFunction("=", std::move(args), when->position));
    } else {
      ASSIGN_OR_RETURN(condition, binder_.CastTo(std::move(condition), LogicalType(TypeId::kBoolean)));
    }
    node->children.push_back(std::move(condition));
    ASSIGN_OR_RETURN(auto result, Bind(*then));
    results.push_back(std::move(result));
  }
  if (expr.else_expr) {
    ASSIGN_OR_RETURN(auto result, Bind(*expr.else_expr));
    results.push_back(std::move(result));
    node->has_else = true;
  }
  std::vector<BoundExprPtr*> unify;
  for (auto& result : results) unify.push_back(&result);
  RETURN_IF_ERROR(Unify(unify, expr.position));
  std::vector<BoundExprPtr> children;
  size_t pairs = expr.when_then.size();
  for (size_t i = 0; i < pairs; i++) {
    children.push_back(std::move(node->children[i]));
    children.push_back(std::move(results[i]));
  }
  if (node->has_else) children.push_back(std::move(results.back()));
  node->type = results.empty() ? LogicalType::Varchar() : children[1]->type;
  if (node->type.id() == TypeId::kNull) node->type = LogicalType::Varchar();
  node->children = std::move(children);
  return node;
}

Result<BoundExprPtr> ExpressionBinder::BindInList(const Expr& expr) {
  std::vector<BoundExprPtr> items;
  RETURN_IF_ERROR(BindChildren(expr, items).status());
  std::vector<BoundExprPtr*> unify;
  for (auto& item : items) unify.push_back(&item);
  RETURN_IF_ERROR(Unify(unify, expr.position));
  auto node = MakeNode(BoundExprKind::kInList, LogicalType(TypeId::kBoolean), expr.position);
  node->children = std::move(items);
  return expr.negated ? MakeNot(std::move(node)) : std::move(node);
}

Result<BoundExprPtr> ExpressionBinder::BindBetween(const Expr& expr) {
  std::vector<BoundExprPtr> args;
  RETURN_IF_ERROR(BindChildren(expr, args).status());
  RETURN_IF_ERROR(Unify({&args[0], &args[1], &args[2]}, expr.position));
  std::vector<BoundExprPtr> low_args, high_args;
  low_args.push_back(args[0]->Copy());
  low_args.push_back(std::move(args[1]));
  high_args.push_back(std::move(args[0]));
  high_args.push_back(std::move(args[2]));
  ASSIGN_OR_RETURN(auto low, CallFunction(">=", std::move(low_args), expr.position));
  ASSIGN_OR_RETURN(auto high, CallFunction("<=", std::move(high_args), expr.position));
  std::vector<BoundExprPtr> terms;
  terms.push_back(std::move(low));
  terms.push_back(std::move(high));
  auto both = MakeConjunction(std::move(terms));
  return expr.negated ? MakeNot(std::move(both)) : std::move(both);
}

Result<BoundExprPtr> ExpressionBinder::BindLike(const Expr& expr) {
  std::vector<BoundExprPtr> args;
  RETURN_IF_ERROR(BindChildren(expr, args).status());
  for (auto& arg : args) {
    ASSIGN_OR_RETURN(arg, binder_.CastTo(std::move(arg), LogicalType::Varchar()));
  }
  std::string name = expr.case_insensitive ? "~~*" : "~~";
  if (expr.negated) name = "!" + name;
  return CallFunction(name, std::move(args), expr.position);
}

// x op ANY (subquery) is EXISTS (a row of the subquery with x op col); x op ALL (subquery)
// is NOT EXISTS (a row where x op col is false or unknown). Where the comparison is NULL for
// every row these give false rather than NULL, which a WHERE clause treats the same.
Result<BoundExprPtr> ExpressionBinder::BindQuantified(const Expr& expr) {
  ASSIGN_OR_RETURN(BoundExprPtr tested, Bind(*expr.args[0]));
  if (HasOuterColumn(*tested) || HasSubquery(*tested)) {
    return Status(StatusCode::kNotSupported,
                  "the left side of ANY/ALL must read only this query's columns", expr.position);
  }
  ASSIGN_OR_RETURN(PlanPtr plan, binder_.BindSelectStmt(*expr.subquery, &scope_));
  if (!plan->correlated.empty()) {
    return Status(StatusCode::kNotSupported, "a correlated subquery under ANY/ALL is not supported",
                  expr.position);
  }
  if (plan->width() != 1) {
    return Status(StatusCode::kBindError, "subquery has too many columns", expr.position);
  }
  bool constant = true;
  ForEachColumn(*tested, [&](int) { constant = false; });
  // Seen from the subquery, the tested value is an outer column.
  std::function<void(BoundExpr&)> to_outer = [&](BoundExpr& e) {
    if (e.kind == BoundExprKind::kColumn) e.kind = BoundExprKind::kOuterColumn;
    for (auto& child : e.children) to_outer(*child);
  };
  to_outer(*tested);
  BoundExprPtr column = MakeColumn(0, plan->types[0], plan->names[0]);
  RETURN_IF_ERROR(Unify({&tested, &column}, expr.position));
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(tested));
  args.push_back(std::move(column));
  ASSIGN_OR_RETURN(BoundExprPtr condition, CallFunction(expr.op, std::move(args), expr.position));
  if (expr.quantifier_all) {
    // NOT (x op col) OR (x op col) IS NULL
    auto unknown = MakeNode(BoundExprKind::kIsNull, LogicalType(TypeId::kBoolean), expr.position);
    unknown->children.push_back(condition->Copy());
    auto either = MakeNode(BoundExprKind::kOr, LogicalType(TypeId::kBoolean), expr.position);
    either->children.push_back(MakeNot(std::move(condition)));
    either->children.push_back(std::move(unknown));
    condition = std::move(either);
  }
  if (constant) {
    // Nothing from this query is tested: filter the subquery and run it once.
    std::vector<BoundExprPtr> terms;
    terms.push_back(std::move(condition));
    plan = AddFilter(std::move(plan), std::move(terms));
  } else {
    plan->correlated.push_back(std::move(condition));
    plan->visible_width = 1;
    referenced_outer = true;
  }
  auto node = MakeNode(BoundExprKind::kSubquery, LogicalType(TypeId::kBoolean), expr.position);
  node->subquery_kind = SubqueryKind::kExists;
  node->subquery = std::shared_ptr<PlanNode>(std::move(plan));
  return expr.quantifier_all ? MakeNot(std::move(node)) : std::move(node);
}

Result<BoundExprPtr> ExpressionBinder::BindSubquery(const Expr& expr) {
  ASSIGN_OR_RETURN(PlanPtr plan, binder_.BindSelectStmt(*expr.subquery, &scope_));
  auto node = MakeNode(BoundExprKind::kSubquery, LogicalType(TypeId::kBoolean), expr.position);
  size_t visible = plan->correlated.empty() ? plan->width() : plan->visible_width;
  if (expr.kind == ExprKind::kSubquery) {
    if (visible != 1) {
      return BindErrorAt("subquery must return only one column", expr.position);
    }
    node->subquery_kind = SubqueryKind::kScalar;
    node->type = plan->types[0];
  } else if (expr.kind == ExprKind::kExists) {
    node->subquery_kind = SubqueryKind::kExists;
  } else {
    if (visible != 1) {
      return BindErrorAt("subquery has too many columns", expr.position);
    }
    node->subquery_kind = SubqueryKind::kIn;
    ASSIGN_OR_RETURN(auto tested, Bind(*expr.args[0]));
    // Bring the tested value and the subquery column to one type; the subquery side is cast
    // by a projection when the plan is built.
    if (!(tested->type == plan->types[0])) {
      ASSIGN_OR_RETURN(LogicalType common, CommonSuperType(tested->type, plan->types[0]));
      ASSIGN_OR_RETURN(tested, binder_.CastTo(std::move(tested), common));
    }
    node->children.push_back(std::move(tested));
  }
  node->subquery = std::shared_ptr<PlanNode>(std::move(plan));
  if (expr.negated) return MakeNot(std::move(node));
  return node;
}

}  // namespace martlet
