// Expressions, by PostgreSQL precedence from loosest to tightest:
// OR < AND < NOT < IS < comparison < BETWEEN/IN/LIKE/SIMILAR < other operators (||, ~)
// < + - < * / % < unary - + < :: < primary.
#include <algorithm>

#include "sql/parser_internal.hpp"

namespace martlet::sql {
namespace {

ExprPtr MakeExpr(ExprKind kind, int position) {
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->position = position;
  return expr;
}

ExprPtr MakeBinary(std::string op, ExprPtr left, ExprPtr right) {
  ExprPtr expr = MakeExpr(ExprKind::kBinary, left->position);
  expr->op = std::move(op);
  expr->args.push_back(std::move(left));
  expr->args.push_back(std::move(right));
  return expr;
}

bool IsOneOf(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool IsPredicateKeyword(std::string_view word) {
  return IsOneOf(word, {"in", "between", "like", "ilike", "similar"});
}

bool IsIntervalUnit(std::string_view word) {
  return IsOneOf(word, {"year", "month", "week", "day", "hour", "minute", "second", "years",
                        "months", "weeks", "days", "hours", "minutes", "seconds"});
}

// Functions that SQL lets you call without parentheses.
bool IsNiladicFunction(std::string_view word) {
  return IsOneOf(word, {"current_date", "current_time", "current_timestamp", "localtime",
                        "localtimestamp", "current_user", "session_user", "user", "current_role",
                        "current_schema", "current_catalog", "sysdate"});
}

// Reserved words that still name functions when followed by "(": left(s, 3).
bool IsReservedFunctionName(std::string_view word) {
  return IsOneOf(word, {"left", "right", "current_schema"});
}

std::string CanonicalTypeName(const std::string& name) {
  static const std::pair<std::string_view, std::string_view> kAliases[] = {
      {"int", "integer"},
      {"int4", "integer"},
      {"int2", "smallint"},
      {"int8", "bigint"},
      {"numeric", "decimal"},
      {"dec", "decimal"},
      {"float4", "real"},
      {"float8", "double"},
      {"float", "double"},
      {"bool", "boolean"},
      {"character", "char"},
      {"bpchar", "char"},
      {"nchar", "char"},
      {"nvarchar", "varchar"},
      {"character varying", "varchar"},
      {"timestamp without time zone", "timestamp"},
      {"timestamp with time zone", "timestamptz"},
      {"time without time zone", "time"},
      {"time with time zone", "timetz"},
  };
  for (const auto& [alias, canonical] : kAliases) {
    if (name == alias) return std::string(canonical);
  }
  return name;
}

// Binding strength of binary and postfix operators, loosest first; NOT is a prefix between
// AND and IS.
constexpr int kPrecedenceOr = 1;
constexpr int kPrecedenceAnd = 2;
constexpr int kPrecedenceNot = 3;
constexpr int kPrecedenceIs = 4;
constexpr int kPrecedenceComparison = 5;
constexpr int kPrecedencePredicate = 6;  // BETWEEN, IN, LIKE, ILIKE, SIMILAR TO
constexpr int kPrecedenceOther = 7;      // ||, ~ and the other regex operators
constexpr int kPrecedenceAdditive = 8;
constexpr int kPrecedenceMultiplicative = 9;

}  // namespace

Result<ExprPtr> Parser::ParseExpr() {
  DepthGuard guard(this);
  if (guard.Exceeded()) return ErrorTooDeep();
  return ParseBinary(kPrecedenceOr);
}

// Which binary or postfix operator the current token starts: its precedence, or 0 for none.
int Parser::OperatorPrecedence() const {
  const Token& token = Peek();
  if (token.kind == TokenKind::kOperator) {
    const std::string& op = token.text;
    if (IsOneOf(op, {"=", "<>", "<", ">", "<=", ">="})) return kPrecedenceComparison;
    if (IsOneOf(op, {"||", "~", "!~", "~*", "!~*"})) return kPrecedenceOther;
    if (op == "+" || op == "-") return kPrecedenceAdditive;
    if (op == "*" || op == "/" || op == "%") return kPrecedenceMultiplicative;
    return 0;
  }
  if (token.kind != TokenKind::kIdentifier) return 0;
  const std::string& word = token.text;
  if (word == "or") return kPrecedenceOr;
  if (word == "and") return kPrecedenceAnd;
  if (word == "is" || word == "isnull" || word == "notnull") return kPrecedenceIs;
  if (IsPredicateKeyword(word)) return kPrecedencePredicate;
  if (word == "not" && Peek(1).kind == TokenKind::kIdentifier && IsPredicateKeyword(Peek(1).text)) {
    return kPrecedencePredicate;
  }
  return 0;
}

// Precedence climbing: one loop handles every binary level, so that the stack grows by a few
// frames per parenthesis rather than one per precedence level.
Result<ExprPtr> Parser::ParseBinary(int min_precedence) {
  ExprPtr left;
  if (min_precedence <= kPrecedenceNot && IsKeyword("not")) {
    ASSIGN_OR_RETURN(left, ParseNot());
  } else {
    ASSIGN_OR_RETURN(left, ParseUnary());
  }
  while (true) {
    int precedence = OperatorPrecedence();
    if (precedence == 0 || precedence < min_precedence) return left;
    ASSIGN_OR_RETURN(left, ParseOperator(std::move(left), precedence));
  }
}

// Applies the operator at the cursor, of the given precedence, to `left`.
Result<ExprPtr> Parser::ParseOperator(ExprPtr left, int precedence) {
  int position = left->position;
  if (precedence == kPrecedenceIs) return ParseIsSuffix(std::move(left), position);
  if (precedence == kPrecedencePredicate) {
    bool negated = AcceptKeyword("not");
    return ParsePredicateSuffix(std::move(left), negated, position);
  }
  std::string op = Advance().text;
  if (precedence == kPrecedenceOr || precedence == kPrecedenceAnd) {
    op = precedence == kPrecedenceOr ? "OR" : "AND";
  }
  if (precedence == kPrecedenceComparison &&
      (IsKeyword("any") || IsKeyword("some") || IsKeyword("all")) && IsOp("(", 1)) {
    bool all = Advance().text == "all";
    ASSIGN_OR_RETURN(ExprPtr quantified, ParseSubqueryExpr(ExprKind::kQuantified, position));
    quantified->op = op;
    quantified->quantifier_all = all;
    quantified->args.push_back(std::move(left));
    return quantified;
  }
  // All binary operators are left-associative: the right operand binds tighter.
  ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(precedence + 1));
  return MakeBinary(op, std::move(left), std::move(right));
}

Result<ExprPtr> Parser::ParseNot() {
  DepthGuard guard(this);
  if (guard.Exceeded()) return ErrorTooDeep();
  int position = Advance().position;
  ASSIGN_OR_RETURN(ExprPtr operand, ParseBinary(kPrecedenceNot));
  // NOT EXISTS is one node, as the AST describes it.
  if (operand->kind == ExprKind::kExists && !operand->negated) {
    operand->negated = true;
    operand->position = position;
    return operand;
  }
  ExprPtr expr = MakeExpr(ExprKind::kUnary, position);
  expr->op = "NOT";
  expr->args.push_back(std::move(operand));
  return expr;
}

Result<ExprPtr> Parser::ParseIsSuffix(ExprPtr left, int position) {
  std::string word = Advance().text;
  if (word != "is") {  // ISNULL / NOTNULL
    ExprPtr expr = MakeExpr(ExprKind::kIsNull, position);
    expr->negated = word == "notnull";
    expr->args.push_back(std::move(left));
    return expr;
  }
  bool negated = AcceptKeyword("not");
  ExprPtr expr;
  if (AcceptKeyword("null")) {
    expr = MakeExpr(ExprKind::kIsNull, position);
  } else if (IsKeyword("true") || IsKeyword("false") || IsKeyword("unknown")) {
    expr = MakeExpr(ExprKind::kIsBool, position);
    expr->is_value = Advance().text;
  } else if (AcceptKeyword("distinct")) {
    RETURN_IF_ERROR(ExpectKeyword("from"));
    ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(kPrecedenceIs + 1));
    expr = MakeExpr(ExprKind::kIsDistinct, position);
    expr->args.push_back(std::move(left));
    expr->args.push_back(std::move(right));
    expr->negated = negated;
    return expr;
  } else {
    return ErrorExpected("NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS");
  }
  expr->negated = negated;
  expr->args.push_back(std::move(left));
  return expr;
}

// BETWEEN, LIKE, ILIKE and SIMILAR TO take operands that bind tighter than themselves, so
// that "a BETWEEN 1 AND 2 AND b" ends the range at the first AND.
Result<ExprPtr> Parser::ParsePredicateSuffix(ExprPtr left, bool negated, int position) {
  if (IsKeyword("in")) return ParseInSuffix(std::move(left), negated, position);
  std::string keyword = Advance().text;
  ExprPtr expr;
  if (keyword == "between") {
    AcceptKeyword("asymmetric");
    ASSIGN_OR_RETURN(ExprPtr low, ParseBinary(kPrecedenceOther));
    RETURN_IF_ERROR(ExpectKeyword("and"));
    ASSIGN_OR_RETURN(ExprPtr high, ParseBinary(kPrecedenceOther));
    expr = MakeExpr(ExprKind::kBetween, position);
    expr->args.push_back(std::move(left));
    expr->args.push_back(std::move(low));
    expr->args.push_back(std::move(high));
  } else {
    if (keyword == "similar") RETURN_IF_ERROR(ExpectKeyword("to"));
    ASSIGN_OR_RETURN(ExprPtr pattern, ParseBinary(kPrecedenceOther));
    expr = MakeExpr(keyword == "similar" ? ExprKind::kSimilarTo : ExprKind::kLike, position);
    expr->case_insensitive = keyword == "ilike";
    expr->args.push_back(std::move(left));
    expr->args.push_back(std::move(pattern));
    if (AcceptKeyword("escape")) {
      ASSIGN_OR_RETURN(ExprPtr escape, ParseBinary(kPrecedenceOther));
      expr->args.push_back(std::move(escape));
    }
  }
  expr->negated = negated;
  return expr;
}

Result<ExprPtr> Parser::ParseInSuffix(ExprPtr left, bool negated, int position) {
  Advance();  // IN
  if (!IsOp("(")) return ErrorExpected("\"(\" after IN");
  ExprPtr expr;
  if (StartsQuery(1)) {
    ASSIGN_OR_RETURN(expr, ParseSubqueryExpr(ExprKind::kInSubquery, position));
    expr->args.push_back(std::move(left));
  } else {
    Advance();
    ASSIGN_OR_RETURN(std::vector<ExprPtr> list, ParseExprList());
    RETURN_IF_ERROR(ExpectOp(")"));
    expr = MakeExpr(ExprKind::kInList, position);
    expr->args.push_back(std::move(left));
    for (ExprPtr& item : list) expr->args.push_back(std::move(item));
  }
  expr->negated = negated;
  return expr;
}

Result<ExprPtr> Parser::ParseUnary() {
  if (!IsOp("-") && !IsOp("+")) return ParsePostfix();
  DepthGuard guard(this);
  if (guard.Exceeded()) return ErrorTooDeep();
  const Token& sign = Advance();
  ExprPtr expr = MakeExpr(ExprKind::kUnary, sign.position);
  expr->op = sign.text;
  ASSIGN_OR_RETURN(ExprPtr operand, ParseUnary());
  expr->args.push_back(std::move(operand));
  return expr;
}

Result<ExprPtr> Parser::ParsePostfix() {
  ASSIGN_OR_RETURN(ExprPtr expr, ParsePrimary());
  while (AcceptOp("::")) {
    ExprPtr cast = MakeExpr(ExprKind::kCast, expr->position);
    ASSIGN_OR_RETURN(cast->cast_type, ParseTypeName());
    cast->args.push_back(std::move(expr));
    expr = std::move(cast);
  }
  return expr;
}

Result<ExprPtr> Parser::ParsePrimary() {
  const Token& token = Peek();
  switch (token.kind) {
    case TokenKind::kNumber:
    case TokenKind::kString:
      return ParseLiteral();
    case TokenKind::kParameter: {
      ExprPtr expr = MakeExpr(ExprKind::kParameter, token.position);
      expr->text = Advance().text;
      return expr;
    }
    case TokenKind::kIdentifier:
      return ParseWordPrimary();
    case TokenKind::kQuotedIdentifier:
      return ParseNameOrCall();
    case TokenKind::kOperator:
      if (token.text == "(") return ParseParenthesized();
      break;
    case TokenKind::kEnd:
      break;
  }
  return ErrorExpected("an expression");
}

Result<ExprPtr> Parser::ParseLiteral() {
  const Token& token = Advance();
  ExprPtr expr = MakeExpr(ExprKind::kLiteral, token.position);
  expr->text = token.text;
  if (token.kind == TokenKind::kString) {
    expr->literal_kind = LiteralKind::kString;
  } else if (token.text.find_first_of("eE") != std::string::npos) {
    expr->literal_kind = LiteralKind::kFloat;
  } else if (token.text.find('.') != std::string::npos) {
    expr->literal_kind = LiteralKind::kDecimal;
  } else {
    expr->literal_kind = LiteralKind::kInteger;
  }
  return expr;
}

// "( expr )" or "( query )". A leading run of "(" followed by SELECT may still be an
// expression such as ((SELECT 1) + 2), so the query reading is tried first and undone.
Result<ExprPtr> Parser::ParseParenthesized() {
  size_t start = pos_;
  Status query_error;
  if (ParenStartsQuery()) {
    // "( SELECT" can only be a subquery; "( ( SELECT" may be an expression.
    bool only_query = StartsQuery(1);
    Result<ExprPtr> subquery = ParseSubqueryExpr(ExprKind::kSubquery, Peek().position);
    if (subquery.ok() || only_query) return subquery;
    query_error = subquery.status();
    pos_ = start;
  }
  Advance();  // (
  Result<ExprPtr> inner = ParseExpr();
  if (!inner.ok()) {
    bool query_went_further =
        !query_error.ok() && query_error.position() > inner.status().position();
    return query_went_further ? query_error : inner.status();
  }
  RETURN_IF_ERROR(ExpectOp(")"));
  return std::move(inner).value();
}

// "( SELECT ... )" as an expression of the given kind.
Result<ExprPtr> Parser::ParseSubqueryExpr(ExprKind kind, int position) {
  RETURN_IF_ERROR(ExpectOp("("));
  if (!ParenStartsQuery() && !StartsQuery()) return ErrorExpected("a subquery (SELECT ...)");
  ExprPtr expr = MakeExpr(kind, position);
  ASSIGN_OR_RETURN(expr->subquery, ParseQuery());
  RETURN_IF_ERROR(ExpectOp(")"));
  return expr;
}

bool Parser::StartsQuery(int ahead) const {
  return IsKeyword("select", ahead) || IsKeyword("with", ahead) || IsKeyword("values", ahead);
}

bool Parser::ParenStartsQuery() const {
  int ahead = 0;
  // Bounded: more parentheses than the nesting limit fail anyway, and an unbounded scan at
  // every level would make deeply nested input quadratic.
  while (IsOp("(", ahead) && ahead <= kMaxNestingDepth) ++ahead;
  return ahead > 0 && StartsQuery(ahead);
}

bool Parser::StartsTypedLiteral() const {
  if (Peek(1).kind != TokenKind::kString) return false;
  return IsKeyword("date") || IsKeyword("timestamp") || IsKeyword("timestamptz") ||
         IsKeyword("time");
}

Result<ExprPtr> Parser::ParseWordPrimary() {
  const Token& token = Peek();
  const std::string& word = token.text;
  bool call = IsOp("(", 1);
  if (word == "null" || word == "true" || word == "false") {
    ExprPtr expr = MakeExpr(ExprKind::kLiteral, token.position);
    expr->literal_kind = word == "null" ? LiteralKind::kNull : LiteralKind::kBoolean;
    expr->text = Advance().text;
    return expr;
  }
  if (word == "case") return ParseCase();
  if (word == "cast" && call) return ParseCast();
  if (word == "exists" && call) return ParseExists();
  if (word == "interval" && Peek(1).kind == TokenKind::kString) return ParseInterval();
  if (word == "extract" && call) return ParseExtract();
  if (word == "position" && call) return ParsePosition();
  if (word == "trim" && call) return ParseTrim();
  if (word == "substring" && call) return ParseSubstring();
  if (word == "default") return MakeExpr(ExprKind::kDefault, Advance().position);
  if (StartsTypedLiteral()) {
    ExprPtr expr = MakeExpr(ExprKind::kTypedLiteral, token.position);
    ASSIGN_OR_RETURN(expr->cast_type, ParseTypeName());
    expr->text = Advance().text;
    return expr;
  }
  if (word == "approximate" && IsWord(1) && IsOp("(", 2)) {
    int position = Advance().position;
    ASSIGN_OR_RETURN(ExprPtr expr, ParseFunctionCall(Advance().text, position));
    expr->approximate = true;
    return expr;
  }
  if (IsNiladicFunction(word) && !call) {
    ExprPtr expr = MakeExpr(ExprKind::kFunction, token.position);
    expr->function_name = Advance().text;
    return expr;
  }
  if (IsReservedWord(word) && !(call && IsReservedFunctionName(word))) {
    return ErrorExpected("an expression");
  }
  return ParseNameOrCall();
}

// a, t.a, s.t.a, t.*, f(...), s.f(...)
Result<ExprPtr> Parser::ParseNameOrCall() {
  int position = Peek().position;
  std::vector<std::string> names{Advance().text};
  while (IsOp(".")) {
    if (IsOp("*", 1)) {
      Advance();
      Advance();
      ExprPtr star = MakeExpr(ExprKind::kStar, position);
      star->names = std::move(names);
      return star;
    }
    Advance();
    if (!IsWord()) return ErrorExpected("a name after \".\"");
    names.push_back(Advance().text);
  }
  if (IsOp("(")) {
    std::string name = names[0];
    for (size_t i = 1; i < names.size(); ++i) name += "." + names[i];
    return ParseFunctionCall(std::move(name), position);
  }
  if (names.size() > 3) return ErrorAt(tokens_[pos_ - 1], "a column name with at most 3 parts");
  ExprPtr expr = MakeExpr(ExprKind::kColumnRef, position);
  expr->names = std::move(names);
  return expr;
}

Result<ExprPtr> Parser::ParseFunctionCall(std::string name, int position) {
  ExprPtr call = MakeExpr(ExprKind::kFunction, position);
  call->function_name = std::move(name);
  RETURN_IF_ERROR(ParseFunctionArgs(call.get()));
  RETURN_IF_ERROR(ParseFunctionSuffix(call.get()));
  return call;
}

// ( [DISTINCT|ALL] args [ORDER BY ...] [IGNORE NULLS] ) or ( * )
Status Parser::ParseFunctionArgs(Expr* call) {
  RETURN_IF_ERROR(ExpectOp("("));
  if (AcceptOp("*")) {
    call->star_argument = true;
    return ExpectOp(")");
  }
  if (AcceptOp(")")) return Status::Ok();
  if (AcceptKeyword("distinct")) {
    call->distinct = true;
  } else {
    AcceptKeyword("all");
  }
  ASSIGN_OR_RETURN(call->args, ParseExprList());
  if (AcceptKeywords({"order", "by"})) {
    ASSIGN_OR_RETURN(call->within_group, ParseOrderByList());
  }
  if (AcceptKeywords({"ignore", "nulls"})) call->ignore_nulls = true;
  AcceptKeywords({"respect", "nulls"});
  return ExpectOp(")");
}

// [WITHIN GROUP (ORDER BY ...)] [IGNORE|RESPECT NULLS] [OVER (...) | OVER name]
Status Parser::ParseFunctionSuffix(Expr* call) {
  if (AcceptKeywords({"within", "group"})) {
    RETURN_IF_ERROR(ExpectOp("("));
    RETURN_IF_ERROR(ExpectKeyword("order"));
    RETURN_IF_ERROR(ExpectKeyword("by"));
    ASSIGN_OR_RETURN(call->within_group, ParseOrderByList());
    RETURN_IF_ERROR(ExpectOp(")"));
  }
  if (AcceptKeywords({"ignore", "nulls"})) call->ignore_nulls = true;
  AcceptKeywords({"respect", "nulls"});
  if (IsKeyword("over") && (IsOp("(", 1) || IsIdentifier(1))) {
    Advance();
    ASSIGN_OR_RETURN(call->over, ParseWindowSpec());
  }
  return Status::Ok();
}

// "( [base] [PARTITION BY ...] [ORDER BY ...] [frame] )" or a window's name.
Result<std::unique_ptr<WindowSpec>> Parser::ParseWindowSpec() {
  auto spec = std::make_unique<WindowSpec>();
  spec->position = Peek().position;
  if (!AcceptOp("(")) {
    ASSIGN_OR_RETURN(spec->name, ParseIdentifier("a window name or \"(\""));
    return spec;
  }
  if (IsIdentifier() && !IsKeyword("partition") && !IsKeyword("rows") && !IsKeyword("range")) {
    spec->name = Advance().text;
  }
  if (AcceptKeyword("partition")) {
    RETURN_IF_ERROR(ExpectKeyword("by"));
    ASSIGN_OR_RETURN(spec->partition_by, ParseExprList());
  }
  if (AcceptKeyword("order")) {
    RETURN_IF_ERROR(ExpectKeyword("by"));
    ASSIGN_OR_RETURN(spec->order_by, ParseOrderByList());
  }
  if (IsKeyword("rows") || IsKeyword("range")) RETURN_IF_ERROR(ParseFrame(spec.get()));
  RETURN_IF_ERROR(ExpectOp(")"));
  return spec;
}

Status Parser::ParseFrame(WindowSpec* spec) {
  spec->frame_unit = Advance().text == "rows" ? FrameUnit::kRows : FrameUnit::kRange;
  if (AcceptKeyword("between")) {
    ASSIGN_OR_RETURN(spec->frame_start, ParseFrameBound());
    RETURN_IF_ERROR(ExpectKeyword("and"));
    ASSIGN_OR_RETURN(spec->frame_end, ParseFrameBound());
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(spec->frame_start, ParseFrameBound());
  spec->frame_end.kind = FrameBoundKind::kCurrentRow;
  return Status::Ok();
}

Result<FrameBound> Parser::ParseFrameBound() {
  FrameBound bound;
  if (AcceptKeyword("unbounded")) {
    if (AcceptKeyword("preceding")) {
      bound.kind = FrameBoundKind::kUnboundedPreceding;
    } else if (AcceptKeyword("following")) {
      bound.kind = FrameBoundKind::kUnboundedFollowing;
    } else {
      return ErrorExpected("PRECEDING or FOLLOWING");
    }
    return bound;
  }
  if (AcceptKeywords({"current", "row"})) {
    bound.kind = FrameBoundKind::kCurrentRow;
    return bound;
  }
  ASSIGN_OR_RETURN(bound.offset, ParseBinary(kPrecedenceAdditive));
  if (AcceptKeyword("preceding")) {
    bound.kind = FrameBoundKind::kPreceding;
  } else if (AcceptKeyword("following")) {
    bound.kind = FrameBoundKind::kFollowing;
  } else {
    return ErrorExpected("PRECEDING or FOLLOWING");
  }
  return bound;
}

Result<ExprPtr> Parser::ParseCase() {
  ExprPtr expr = MakeExpr(ExprKind::kCase, Advance().position);
  if (IsKeyword("end")) return ErrorExpected("\"WHEN\"");
  if (!IsKeyword("when")) {
    ASSIGN_OR_RETURN(expr->case_operand, ParseExpr());
  }
  if (!IsKeyword("when")) return ErrorExpected("\"WHEN\"");
  while (AcceptKeyword("when")) {
    ASSIGN_OR_RETURN(ExprPtr condition, ParseExpr());
    RETURN_IF_ERROR(ExpectKeyword("then"));
    ASSIGN_OR_RETURN(ExprPtr result, ParseExpr());
    expr->when_then.emplace_back(std::move(condition), std::move(result));
  }
  if (AcceptKeyword("else")) {
    ASSIGN_OR_RETURN(expr->else_expr, ParseExpr());
  }
  if (!AcceptKeyword("end")) return ErrorExpected("\"WHEN\", \"ELSE\" or \"END\"");
  return expr;
}

Result<ExprPtr> Parser::ParseCast() {
  ExprPtr expr = MakeExpr(ExprKind::kCast, Advance().position);
  RETURN_IF_ERROR(ExpectOp("("));
  ASSIGN_OR_RETURN(ExprPtr operand, ParseExpr());
  expr->args.push_back(std::move(operand));
  RETURN_IF_ERROR(ExpectKeyword("as"));
  ASSIGN_OR_RETURN(expr->cast_type, ParseTypeName());
  RETURN_IF_ERROR(ExpectOp(")"));
  return expr;
}

Result<ExprPtr> Parser::ParseExists() {
  int position = Advance().position;
  return ParseSubqueryExpr(ExprKind::kExists, position);
}

// INTERVAL '3' MONTH, INTERVAL '1 day', INTERVAL '1' DAY TO SECOND
Result<ExprPtr> Parser::ParseInterval() {
  ExprPtr expr = MakeExpr(ExprKind::kInterval, Advance().position);
  expr->text = Advance().text;
  if (Peek().kind == TokenKind::kIdentifier && IsIntervalUnit(Peek().text)) {
    expr->interval_unit = Advance().text;
    if (IsKeyword("to") && Peek(1).kind == TokenKind::kIdentifier && IsIntervalUnit(Peek(1).text)) {
      Advance();
      expr->interval_unit += " to " + Advance().text;
    }
  }
  return expr;
}

Result<ExprPtr> Parser::ParseExtract() {
  ExprPtr expr = MakeExpr(ExprKind::kExtract, Advance().position);
  Advance();  // (
  if (!IsWord() && Peek().kind != TokenKind::kString) {
    return ErrorExpected("a date part such as YEAR");
  }
  expr->text = Advance().text;
  for (char& c : expr->text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  RETURN_IF_ERROR(ExpectKeyword("from"));
  ASSIGN_OR_RETURN(ExprPtr operand, ParseExpr());
  expr->args.push_back(std::move(operand));
  RETURN_IF_ERROR(ExpectOp(")"));
  return expr;
}

Result<ExprPtr> Parser::ParsePosition() {
  ExprPtr expr = MakeExpr(ExprKind::kPosition, Advance().position);
  Advance();  // (
  // Operands are read above the IN precedence so that "a IN b" is not taken as a predicate.
  ASSIGN_OR_RETURN(ExprPtr needle, ParseBinary(kPrecedenceOther));
  RETURN_IF_ERROR(ExpectKeyword("in"));
  ASSIGN_OR_RETURN(ExprPtr haystack, ParseBinary(kPrecedenceOther));
  RETURN_IF_ERROR(ExpectOp(")"));
  expr->args.push_back(std::move(needle));
  expr->args.push_back(std::move(haystack));
  return expr;
}

// TRIM([BOTH|LEADING|TRAILING] [chars] FROM x), TRIM(x), TRIM(x, chars)
Result<ExprPtr> Parser::ParseTrim() {
  ExprPtr expr = MakeExpr(ExprKind::kTrim, Advance().position);
  Advance();  // (
  expr->trim_side = "both";
  bool side_written = IsKeyword("both") || IsKeyword("leading") || IsKeyword("trailing");
  if (side_written) expr->trim_side = Advance().text;
  ExprPtr source;
  ExprPtr characters;
  if (AcceptKeyword("from")) {
    ASSIGN_OR_RETURN(source, ParseExpr());
  } else {
    ASSIGN_OR_RETURN(ExprPtr first, ParseExpr());
    if (AcceptKeyword("from")) {
      characters = std::move(first);
      ASSIGN_OR_RETURN(source, ParseExpr());
    } else if (!side_written && AcceptOp(",")) {
      source = std::move(first);
      ASSIGN_OR_RETURN(characters, ParseExpr());
    } else {
      source = std::move(first);
    }
  }
  RETURN_IF_ERROR(ExpectOp(")"));
  expr->args.push_back(std::move(source));
  if (characters) expr->args.push_back(std::move(characters));
  return expr;
}

// SUBSTRING(x FROM a [FOR b]) is kSubstring; SUBSTRING(x, a, b) is a plain function call.
Result<ExprPtr> Parser::ParseSubstring() {
  int position = Peek().position;
  std::string name = Advance().text;
  Advance();  // (
  ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
  if (!IsKeyword("from") && !IsKeyword("for")) {
    ExprPtr call = MakeExpr(ExprKind::kFunction, position);
    call->function_name = std::move(name);
    call->args.push_back(std::move(source));
    while (AcceptOp(",")) {
      ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
      call->args.push_back(std::move(arg));
    }
    RETURN_IF_ERROR(ExpectOp(")"));
    RETURN_IF_ERROR(ParseFunctionSuffix(call.get()));
    return call;
  }
  ExprPtr expr = MakeExpr(ExprKind::kSubstring, position);
  expr->args.push_back(std::move(source));
  if (AcceptKeyword("from")) {
    ASSIGN_OR_RETURN(ExprPtr start, ParseExpr());
    expr->args.push_back(std::move(start));
  } else {
    ExprPtr one = MakeExpr(ExprKind::kLiteral, Peek().position);  // FOR alone starts at 1
    one->literal_kind = LiteralKind::kInteger;
    one->text = "1";
    expr->args.push_back(std::move(one));
  }
  if (AcceptKeyword("for")) {
    ASSIGN_OR_RETURN(ExprPtr length, ParseExpr());
    expr->args.push_back(std::move(length));
  }
  RETURN_IF_ERROR(ExpectOp(")"));
  return expr;
}

Result<std::vector<ExprPtr>> Parser::ParseExprList() {
  std::vector<ExprPtr> list;
  do {
    ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
    list.push_back(std::move(expr));
  } while (AcceptOp(","));
  return list;
}

// Reads a type's words, joining the multi-word spellings ("double precision").
Result<std::string> Parser::ParseTypeWords() {
  if (!IsWord()) return ErrorExpected("a type name");
  std::string name = Advance().text;
  if (name == "double") {
    AcceptKeyword("precision");
  } else if ((name == "character" || name == "char" || name == "nchar") &&
             AcceptKeyword("varying")) {
    name = "character varying";
  } else if ((name == "timestamp" || name == "time") &&
             (IsKeyword("with") || IsKeyword("without")) && IsKeyword("time", 1) &&
             IsKeyword("zone", 2)) {
    name += " " + Advance().text + " time zone";
    Advance();
    Advance();
  }
  return CanonicalTypeName(name);
}

Result<TypeName> Parser::ParseTypeName() {
  TypeName type;
  type.position = Peek().position;
  ASSIGN_OR_RETURN(type.name, ParseTypeWords());
  if (AcceptOp("(")) {
    do {
      if (AcceptKeyword("max")) {
        type.modifiers.push_back(65535);
        continue;
      }
      ASSIGN_OR_RETURN(long long modifier, ParseSignedInteger("an integer type modifier"));
      if (modifier < -2147483647LL || modifier > 2147483647LL) {
        return ErrorAt(tokens_[pos_ - 1], "a type modifier that fits in 32 bits");
      }
      type.modifiers.push_back(static_cast<int>(modifier));
    } while (AcceptOp(","));
    RETURN_IF_ERROR(ExpectOp(")"));
  }
  if (type.name == "double" && !type.modifiers.empty()) {
    // FLOAT(p): up to 24 bits of precision is a real, more a double.
    if (type.modifiers[0] <= 24) type.name = "real";
    type.modifiers.clear();
  }
  return type;
}

}  // namespace martlet::sql
