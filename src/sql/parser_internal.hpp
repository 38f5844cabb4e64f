// The parser's shared state and its methods, split over parse_*.cpp by area:
// parser.cpp (token cursor, names, errors, statement dispatch), parse_expression.cpp,
// parse_query.cpp, parse_ddl.cpp and parse_dml.cpp. Private to src/sql.
//
// A recursive-descent parser over the token vector. Keywords are recognised by text on
// unquoted identifier tokens, so that non-reserved words stay usable as names.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "martlet/status.hpp"
#include "sql/ast.hpp"
#include "sql/token.hpp"

namespace martlet::sql {

// Deeper nesting than this is refused so that recursion cannot overflow the stack.
inline constexpr int kMaxNestingDepth = 500;

// True for words that cannot be a column name or an alias without AS (PostgreSQL's reserved
// and type/function-name keywords, plus Redshift's QUALIFY, MINUS and TOP).
bool IsReservedWord(std::string_view word);

class Parser {
 public:
  Parser(std::string_view sql, std::vector<Token> tokens) : sql_(sql), tokens_(std::move(tokens)) {}

  Result<std::vector<StatementPtr>> ParseAll();

 private:
  // Counts nesting for the lifetime of one recursive call, and notices when the thread's
  // stack is nearly used up (frames are far larger in sanitizer builds).
  class DepthGuard {
   public:
    explicit DepthGuard(Parser* parser) : parser_(parser) { ++parser_->depth_; }
    ~DepthGuard() { --parser_->depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    bool Exceeded() const {
      return parser_->depth_ > kMaxNestingDepth || parser_->StackNearlyExhausted();
    }

   private:
    Parser* parser_;
  };

  bool StackNearlyExhausted() const;

  // ---- cursor (parser.cpp)
  const Token& Peek(int ahead = 0) const;
  const Token& Advance();
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }
  bool IsKeyword(std::string_view keyword, int ahead = 0) const;
  bool IsOp(std::string_view op, int ahead = 0) const;
  bool AcceptKeyword(std::string_view keyword);
  bool AcceptKeywords(std::initializer_list<std::string_view> keywords);
  bool AcceptOp(std::string_view op);
  Status ExpectKeyword(std::string_view keyword);
  Status ExpectOp(std::string_view op);
  int PrevEnd() const;
  std::string SourceText(int begin, int end) const;

  // ---- errors (parser.cpp)
  Status ErrorExpected(std::string_view what) const;
  Status ErrorAt(const Token& token, std::string_view what) const;
  Status ErrorTooDeep() const;

  // ---- names (parser.cpp)
  bool IsIdentifier(int ahead = 0) const;  // a quoted or non-reserved word
  bool IsWord(int ahead = 0) const;        // any unquoted word or quoted name
  Result<std::string> ParseIdentifier(std::string_view what);
  Result<std::string> ParseLabel(std::string_view what);  // reserved words allowed too
  Result<std::vector<std::string>> ParseQualifiedName(std::string_view what);
  Result<std::vector<std::string>> ParseParenNameList(std::string_view what);
  Result<std::string> ParseOptionalAlias(bool allow_implicit);
  Result<long long> ParseSignedInteger(std::string_view what);

  // ---- statements (parser.cpp)
  Result<StatementPtr> ParseStatement();
  Result<StatementPtr> ParseSelectStatement();

  // ---- expressions (parse_expression.cpp)
  Result<ExprPtr> ParseExpr();
  int OperatorPrecedence() const;
  Result<ExprPtr> ParseBinary(int min_precedence);
  [[gnu::noinline]] Result<ExprPtr> ParseOperator(ExprPtr left, int precedence);
  Result<ExprPtr> ParseNot();
  [[gnu::noinline]] Result<ExprPtr> ParseIsSuffix(ExprPtr left, int position);
  [[gnu::noinline]] Result<ExprPtr> ParsePredicateSuffix(ExprPtr left, bool negated, int position);
  [[gnu::noinline]] Result<ExprPtr> ParseInSuffix(ExprPtr left, bool negated, int position);
  Result<ExprPtr> ParseUnary();
  Result<ExprPtr> ParsePostfix();
  Result<ExprPtr> ParsePrimary();
  [[gnu::noinline]] Result<ExprPtr> ParseParenthesized();
  [[gnu::noinline]] Result<ExprPtr> ParseLiteral();
  Result<ExprPtr> ParseWordPrimary();
  Result<ExprPtr> ParseNameOrCall();
  Result<ExprPtr> ParseFunctionCall(std::string name, int position);
  Status ParseFunctionArgs(Expr* call);
  [[gnu::noinline]] Status ParseFunctionSuffix(Expr* call);
  [[gnu::noinline]] Result<std::unique_ptr<WindowSpec>> ParseWindowSpec();
  Status ParseFrame(WindowSpec* spec);
  Result<FrameBound> ParseFrameBound();
  [[gnu::noinline]] Result<ExprPtr> ParseCase();
  [[gnu::noinline]] Result<ExprPtr> ParseCast();
  [[gnu::noinline]] Result<ExprPtr> ParseExists();
  [[gnu::noinline]] Result<ExprPtr> ParseInterval();
  [[gnu::noinline]] Result<ExprPtr> ParseExtract();
  [[gnu::noinline]] Result<ExprPtr> ParsePosition();
  [[gnu::noinline]] Result<ExprPtr> ParseTrim();
  [[gnu::noinline]] Result<ExprPtr> ParseSubstring();
  Result<ExprPtr> ParseSubqueryExpr(ExprKind kind, int position);
  Result<std::vector<ExprPtr>> ParseExprList();
  [[gnu::noinline]] Result<TypeName> ParseTypeName();
  Result<std::string> ParseTypeWords();
  bool StartsTypedLiteral() const;
  bool StartsQuery(int ahead = 0) const;
  bool ParenStartsQuery() const;

  // ---- queries (parse_query.cpp)
  Result<std::unique_ptr<SelectStmt>> ParseQuery();
  Status ParseWith(SelectStmt* stmt);
  Status ParseQueryTail(SelectStmt* stmt);
  Result<std::unique_ptr<QueryNode>> ParseSetOperations();
  Result<std::unique_ptr<QueryNode>> ParseIntersections();
  Result<std::unique_ptr<QueryNode>> ParseQueryPrimary();
  Result<std::unique_ptr<QueryNode>> ParseSelectBlock();
  Result<std::unique_ptr<QueryNode>> ParseValues();
  Status ParseSelectList(QueryNode* node);
  Status ParseSelectClauses(QueryNode* node);
  Status ParseGroupBy(QueryNode* node);
  Result<GroupItem> ParseGroupItem();
  Result<std::vector<ExprPtr>> ParseGroupingSet();
  Status ParseWindowClause(QueryNode* node);
  Result<std::vector<OrderItem>> ParseOrderByList();
  Result<std::vector<TableRefPtr>> ParseFromList();
  Result<TableRefPtr> ParseTableRef();
  Result<TableRefPtr> ParseTablePrimary();
  Result<TableRefPtr> ParseJoin(TableRefPtr left);
  Status ParseTableAlias(TableRef* ref);

  // ---- DDL (parse_ddl.cpp)
  Result<StatementPtr> ParseCreate();
  Result<StatementPtr> ParseCreateTable(bool temporary);
  Status ParseTableElements(CreateTableStatement* stmt);
  Status ParseTableElement(CreateTableStatement* stmt);
  Status ParseLikeClause(CreateTableStatement* stmt);
  Result<TableConstraint> ParseTableConstraint();
  Result<ColumnDef> ParseColumnDef();
  Status ParseColumnConstraint(ColumnDef* column, bool* matched);
  Status ParseIdentityArgs(ColumnDef* column);
  Status ParseTableAttributes(CreateTableStatement* stmt);
  Result<StatementPtr> ParseCreateView(bool or_replace, bool materialized);
  Status SkipViewAttributes(CreateViewStatement* stmt);
  Result<StatementPtr> ParseCreateSchema();
  Result<StatementPtr> ParseDrop();
  Result<StatementPtr> ParseRefresh();
  Result<StatementPtr> ParseAlterTable();
  Result<StatementPtr> ParseTruncate();

  // ---- DML and utility statements (parse_dml.cpp)
  Result<StatementPtr> ParseInsert();
  Result<StatementPtr> ParseUpdate();
  Result<StatementPtr> ParseDelete();
  Result<StatementPtr> ParseMerge();
  Result<MergeClause> ParseMergeClause();
  Result<StatementPtr> ParseTransaction();
  Result<StatementPtr> ParseExplain();
  Status ParseExplainOptions(ExplainStatement& stmt);
  Result<StatementPtr> ParseCopy();

  // ---- UNLOAD (parse_unload.cpp)
  Result<StatementPtr> ParseUnload();
  Result<std::unique_ptr<SelectStmt>> ParseQuotedQuery(const Token& quoted);
  Result<CopyOption> ParseUnloadOption();
  Result<StatementPtr> ParseSet();
  Result<StatementPtr> ParseReset();
  Result<StatementPtr> ParseShow();
  Result<StatementPtr> ParseAnalyze();
  Result<StatementPtr> ParseVacuum();
  Result<std::string> ParseSettingName();
  Result<std::string> ParseSettingValue();

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  // Parsing stops with an error before the stack grows below this address (null: unknown).
  const char* stack_limit_ = nullptr;
};

}  // namespace martlet::sql
