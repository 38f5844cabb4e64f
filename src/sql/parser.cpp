#include "sql/parser.hpp"

#include <pthread.h>

#include <algorithm>
#include <charconv>

#include "sql/lexer.hpp"
#include "sql/parser_internal.hpp"

namespace martlet::sql {

bool IsReservedWord(std::string_view word) {
  // Sorted, for binary search.
  static constexpr std::string_view kReserved[] = {"all",
                                                   "analyse",
                                                   "analyze",
                                                   "and",
                                                   "any",
                                                   "array",
                                                   "as",
                                                   "asc",
                                                   "asymmetric",
                                                   "authorization",
                                                   "binary",
                                                   "both",
                                                   "case",
                                                   "cast",
                                                   "check",
                                                   "collate",
                                                   "collation",
                                                   "column",
                                                   "concurrently",
                                                   "constraint",
                                                   "create",
                                                   "cross",
                                                   "current_catalog",
                                                   "current_date",
                                                   "current_role",
                                                   "current_schema",
                                                   "current_time",
                                                   "current_timestamp",
                                                   "current_user",
                                                   "default",
                                                   "deferrable",
                                                   "desc",
                                                   "distinct",
                                                   "do",
                                                   "else",
                                                   "end",
                                                   "except",
                                                   "false",
                                                   "fetch",
                                                   "for",
                                                   "foreign",
                                                   "freeze",
                                                   "from",
                                                   "full",
                                                   "grant",
                                                   "group",
                                                   "having",
                                                   "ilike",
                                                   "in",
                                                   "initially",
                                                   "inner",
                                                   "intersect",
                                                   "into",
                                                   "is",
                                                   "isnull",
                                                   "join",
                                                   "lateral",
                                                   "leading",
                                                   "left",
                                                   "like",
                                                   "limit",
                                                   "localtime",
                                                   "localtimestamp",
                                                   "minus",
                                                   "natural",
                                                   "not",
                                                   "notnull",
                                                   "null",
                                                   "offset",
                                                   "on",
                                                   "only",
                                                   "or",
                                                   "order",
                                                   "outer",
                                                   "overlaps",
                                                   "placing",
                                                   "primary",
                                                   "qualify",
                                                   "references",
                                                   "returning",
                                                   "right",
                                                   "select",
                                                   "session_user",
                                                   "similar",
                                                   "some",
                                                   "symmetric",
                                                   "table",
                                                   "tablesample",
                                                   "then",
                                                   "to",
                                                   "top",
                                                   "trailing",
                                                   "true",
                                                   "union",
                                                   "unique",
                                                   "user",
                                                   "using",
                                                   "variadic",
                                                   "verbose",
                                                   "when",
                                                   "where",
                                                   "window",
                                                   "with"};
  return std::binary_search(std::begin(kReserved), std::end(kReserved), word);
}

// ---------------------------------------------------------------------------------------
// Stack budget

namespace {

// Stack kept free below the deepest parse frame, for the caller and for error handling.
constexpr size_t kStackReserveBytes = 256 * 1024;

// The lowest address the parser may grow the stack to on this thread, or null when the
// thread's stack cannot be found. Stacks grow downwards on every platform Martlet targets.
const char* FindStackLimit() {
  pthread_attr_t attributes;
  if (pthread_getattr_np(pthread_self(), &attributes) != 0) return nullptr;
  void* low = nullptr;
  size_t size = 0;
  int error = pthread_attr_getstack(&attributes, &low, &size);
  pthread_attr_destroy(&attributes);
  if (error != 0 || low == nullptr || size <= 2 * kStackReserveBytes) return nullptr;
  return static_cast<const char*>(low) + kStackReserveBytes;
}

}  // namespace

bool Parser::StackNearlyExhausted() const {
  const char* frame = static_cast<const char*>(__builtin_frame_address(0));
  return stack_limit_ != nullptr && frame < stack_limit_;
}

// ---------------------------------------------------------------------------------------
// Cursor

const Token& Parser::Peek(int ahead) const {
  size_t index = std::min(pos_ + static_cast<size_t>(ahead), tokens_.size() - 1);
  return tokens_[index];
}

const Token& Parser::Advance() {
  const Token& token = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return token;
}

bool Parser::IsKeyword(std::string_view keyword, int ahead) const {
  const Token& token = Peek(ahead);
  return token.kind == TokenKind::kIdentifier && token.text == keyword;
}

bool Parser::IsOp(std::string_view op, int ahead) const {
  const Token& token = Peek(ahead);
  return token.kind == TokenKind::kOperator && token.text == op;
}

bool Parser::AcceptKeyword(std::string_view keyword) {
  if (!IsKeyword(keyword)) return false;
  Advance();
  return true;
}

// Accepts the whole sequence or nothing.
bool Parser::AcceptKeywords(std::initializer_list<std::string_view> keywords) {
  int ahead = 0;
  for (std::string_view keyword : keywords) {
    if (!IsKeyword(keyword, ahead++)) return false;
  }
  for (size_t i = 0; i < keywords.size(); ++i) Advance();
  return true;
}

bool Parser::AcceptOp(std::string_view op) {
  if (!IsOp(op)) return false;
  Advance();
  return true;
}

Status Parser::ExpectKeyword(std::string_view keyword) {
  if (AcceptKeyword(keyword)) return Status::Ok();
  std::string upper(keyword);
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return ErrorExpected("\"" + upper + "\"");
}

Status Parser::ExpectOp(std::string_view op) {
  if (AcceptOp(op)) return Status::Ok();
  return ErrorExpected("\"" + std::string(op) + "\"");
}

int Parser::PrevEnd() const { return pos_ == 0 ? 0 : tokens_[pos_ - 1].end; }

std::string Parser::SourceText(int begin, int end) const {
  if (begin < 0 || end < begin) return "";
  return std::string(sql_.substr(begin, end - begin));
}

// ---------------------------------------------------------------------------------------
// Errors

Status Parser::ErrorAt(const Token& token, std::string_view what) const {
  std::string message = "syntax error at ";
  if (token.kind == TokenKind::kEnd) {
    message += "end of input";
  } else {
    message += "or near \"" + SourceText(token.position, token.end) + "\"";
  }
  message += ": expected ";
  message += what;
  return Status(StatusCode::kSyntaxError, std::move(message), token.position);
}

Status Parser::ErrorExpected(std::string_view what) const { return ErrorAt(Peek(), what); }

Status Parser::ErrorTooDeep() const {
  return ErrorExpected("less deeply nested SQL (nesting is limited to " +
                       std::to_string(kMaxNestingDepth) + " levels)");
}

// ---------------------------------------------------------------------------------------
// Names

bool Parser::IsIdentifier(int ahead) const {
  const Token& token = Peek(ahead);
  if (token.kind == TokenKind::kQuotedIdentifier) return true;
  return token.kind == TokenKind::kIdentifier && !IsReservedWord(token.text);
}

bool Parser::IsWord(int ahead) const {
  TokenKind kind = Peek(ahead).kind;
  return kind == TokenKind::kIdentifier || kind == TokenKind::kQuotedIdentifier;
}

Result<std::string> Parser::ParseIdentifier(std::string_view what) {
  if (!IsIdentifier()) return ErrorExpected(what);
  return Advance().text;
}

Result<std::string> Parser::ParseLabel(std::string_view what) {
  if (!IsWord()) return ErrorExpected(what);
  return Advance().text;
}

Result<std::vector<std::string>> Parser::ParseQualifiedName(std::string_view what) {
  std::vector<std::string> parts;
  ASSIGN_OR_RETURN(std::string first, ParseIdentifier(what));
  parts.push_back(std::move(first));
  while (IsOp(".") && IsWord(1)) {
    Advance();
    parts.push_back(Advance().text);
  }
  if (parts.size() > 3) return ErrorAt(tokens_[pos_ - 1], "a name with at most 3 parts");
  return parts;
}

// ( a, b, c )
Result<std::vector<std::string>> Parser::ParseParenNameList(std::string_view what) {
  RETURN_IF_ERROR(ExpectOp("("));
  std::vector<std::string> names;
  do {
    ASSIGN_OR_RETURN(std::string name, ParseIdentifier(what));
    names.push_back(std::move(name));
  } while (AcceptOp(","));
  RETURN_IF_ERROR(ExpectOp(")"));
  return names;
}

// [AS] alias; without AS only a non-reserved word is taken, so "FROM t WHERE" stays a clause.
Result<std::string> Parser::ParseOptionalAlias(bool allow_implicit) {
  if (AcceptKeyword("as")) return ParseLabel("an alias");
  if (allow_implicit && IsIdentifier()) return Advance().text;
  return std::string();
}

Result<long long> Parser::ParseSignedInteger(std::string_view what) {
  bool negative = false;
  if (IsOp("-") || IsOp("+")) negative = Advance().text == "-";
  const Token& token = Peek();
  long long value = 0;
  if (token.kind != TokenKind::kNumber) return ErrorExpected(what);
  const char* begin = token.text.data();
  const char* end = begin + token.text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return ErrorExpected(what);
  Advance();
  return negative ? -value : value;
}

// ---------------------------------------------------------------------------------------
// Statements

Result<std::vector<StatementPtr>> Parser::ParseAll() {
  stack_limit_ = FindStackLimit();
  std::vector<StatementPtr> statements;
  while (true) {
    while (AcceptOp(";")) {
    }
    if (AtEnd()) break;
    ASSIGN_OR_RETURN(StatementPtr statement, ParseStatement());
    if (!AtEnd() && !IsOp(";")) return ErrorExpected("\";\" or end of input");
    statements.push_back(std::move(statement));
  }
  return statements;
}

Result<StatementPtr> Parser::ParseStatement() {
  int start = Peek().position;
  Result<StatementPtr> result = Status(StatusCode::kInternal, "unreachable");
  if (IsKeyword("select") || IsKeyword("with") || IsKeyword("values") || IsOp("(")) {
    result = ParseSelectStatement();
  } else if (IsKeyword("insert")) {
    result = ParseInsert();
  } else if (IsKeyword("update")) {
    result = ParseUpdate();
  } else if (IsKeyword("delete")) {
    result = ParseDelete();
  } else if (IsKeyword("merge")) {
    result = ParseMerge();
  } else if (IsKeyword("refresh")) {
    result = ParseRefresh();
  } else if (IsKeyword("create")) {
    result = ParseCreate();
  } else if (IsKeyword("drop")) {
    result = ParseDrop();
  } else if (IsKeyword("alter")) {
    result = ParseAlterTable();
  } else if (IsKeyword("truncate")) {
    result = ParseTruncate();
  } else if (IsKeyword("begin") || IsKeyword("start") || IsKeyword("commit") || IsKeyword("end") ||
             IsKeyword("rollback") || IsKeyword("abort")) {
    result = ParseTransaction();
  } else if (IsKeyword("explain")) {
    result = ParseExplain();
  } else if (IsKeyword("set")) {
    result = ParseSet();
  } else if (IsKeyword("reset")) {
    result = ParseReset();
  } else if (IsKeyword("show")) {
    result = ParseShow();
  } else if (IsKeyword("analyze") || IsKeyword("analyse")) {
    result = ParseAnalyze();
  } else if (IsKeyword("vacuum")) {
    result = ParseVacuum();
  } else if (IsKeyword("copy")) {
    result = ParseCopy();
  } else if (IsKeyword("unload")) {
    result = ParseUnload();
  } else {
    return ErrorExpected("a statement (SELECT, INSERT, UPDATE, DELETE, COPY, CREATE, DROP, ...)");
  }
  if (!result.ok()) return result;
  result.value()->position = start;
  result.value()->end = PrevEnd();
  return result;
}

Result<StatementPtr> Parser::ParseSelectStatement() {
  auto statement = std::make_unique<SelectStatement>();
  ASSIGN_OR_RETURN(statement->query, ParseQuery());
  return StatementPtr(std::move(statement));
}

Result<std::vector<StatementPtr>> ParseSql(std::string_view sql) {
  ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(sql));
  Parser parser(sql, std::move(tokens));
  return parser.ParseAll();
}

}  // namespace martlet::sql
