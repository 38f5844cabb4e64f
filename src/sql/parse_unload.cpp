// UNLOAD ('select ...') TO 'prefix' [WITH] option ...: the quoted query is parsed here, with
// its tokens moved to where they stand in the statement, so that syntax and binding errors
// inside it point at the right place in what the user wrote.
#include <cctype>

#include "sql/lexer.hpp"
#include "sql/parser_internal.hpp"

namespace martlet::sql {

namespace {

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// For each byte of a string literal's value (and one past its end), the byte of the SQL text
// it was written at. '' stands for one quote; a $$ body is verbatim; E'' escapes have no
// simple mapping, so their bytes all point at the literal's start.
std::vector<int> LiteralOffsets(std::string_view sql, const Token& literal) {
  std::vector<int> offsets;
  std::string_view raw = sql.substr(literal.position, literal.end - literal.position);
  if (!raw.empty() && raw[0] == '\'') {
    for (size_t i = 1; i + 1 < raw.size(); i++) {
      offsets.push_back(literal.position + static_cast<int>(i));
      if (raw[i] == '\'') i++;  // the second quote of ''
    }
  } else if (!raw.empty() && raw[0] == '$') {
    int body = literal.position + static_cast<int>(raw.find('$', 1)) + 1;
    for (size_t i = 0; i < literal.text.size(); i++) offsets.push_back(body + static_cast<int>(i));
  }
  if (offsets.size() != literal.text.size()) offsets.assign(literal.text.size(), literal.position);
  offsets.push_back(literal.end - 1);
  return offsets;
}

}  // namespace

// UNLOAD ('query') TO 'prefix' [WITH] option [...]
Result<StatementPtr> Parser::ParseUnload() {
  Advance();  // UNLOAD
  auto stmt = std::make_unique<UnloadStatement>();
  RETURN_IF_ERROR(ExpectOp("("));
  if (Peek().kind != TokenKind::kString)
    return ErrorExpected("the query as a quoted string, ('SELECT ...')");
  Token quoted = Advance();
  RETURN_IF_ERROR(ExpectOp(")"));
  ASSIGN_OR_RETURN(stmt->query, ParseQuotedQuery(quoted));
  RETURN_IF_ERROR(ExpectKeyword("to"));
  if (Peek().kind != TokenKind::kString)
    return ErrorExpected("a quoted path or s3:// prefix after TO");
  stmt->target_position = Peek().position;
  stmt->target = Advance().text;
  AcceptKeyword("with");
  while (!AtEnd() && !IsOp(";")) {
    if (IsKeyword("partition")) {
      stmt->partition_position = Advance().position;
      RETURN_IF_ERROR(ExpectKeyword("by"));
      ASSIGN_OR_RETURN(stmt->partition_by, ParseParenNameList("a column name"));
      stmt->partition_include = AcceptKeyword("include");
      continue;
    }
    ASSIGN_OR_RETURN(CopyOption option, ParseUnloadOption());
    stmt->options.push_back(std::move(option));
  }
  return StatementPtr(std::move(stmt));
}

// One option: a word, and what that word takes. Most take an optional AS and a string or a
// number; a few take words of their own (PARALLEL OFF, MANIFEST VERBOSE, MAXFILESIZE 5 MB).
Result<CopyOption> Parser::ParseUnloadOption() {
  if (!IsWord())
    return ErrorExpected("an UNLOAD option (FORMAT, DELIMITER, HEADER, GZIP, PARALLEL, ...)");
  CopyOption option;
  option.position = Peek().position;
  option.name = Lower(Advance().text);
  if (option.name == "format") {
    AcceptKeyword("as");
    if (!IsWord()) return ErrorExpected("a format name (CSV, JSON, PARQUET)");
    option.name = Lower(Advance().text);
  } else if (option.name == "parallel") {
    for (const char* word : {"on", "off", "true", "false"}) {
      if (AcceptKeyword(word)) option.value = word;
    }
  } else if (option.name == "manifest") {
    if (AcceptKeyword("verbose")) option.value = "verbose";
  } else if (option.name == "iam_role" && AcceptKeyword("default")) {
    option.value = "default";
  } else if (option.name == "encrypted") {
    AcceptKeyword("auto");
  } else {
    AcceptKeyword("as");
    if (Peek().kind == TokenKind::kString || Peek().kind == TokenKind::kNumber) {
      option.value = Advance().text;
    }
    if (option.name == "maxfilesize" || option.name == "rowgroupsize") {
      if (AcceptKeyword("mb")) option.value += " mb";
      if (AcceptKeyword("gb")) option.value += " gb";
    }
  }
  return option;
}

// The SELECT inside UNLOAD ('...'): tokenized on its own, each token moved to its place in
// the statement's text, then parsed by a parser over those tokens.
Result<std::unique_ptr<SelectStmt>> Parser::ParseQuotedQuery(const Token& quoted) {
  std::vector<int> offsets = LiteralOffsets(sql_, quoted);
  auto place = [&](int inner) {
    return offsets[static_cast<size_t>(std::min<int>(inner, static_cast<int>(offsets.size()) - 1))];
  };
  Result<std::vector<Token>> tokens = Tokenize(quoted.text);
  if (!tokens.ok()) {
    const Status& error = tokens.status();
    return Status(error.code(), error.message(), place(std::max(error.position(), 0)));
  }
  for (Token& token : tokens.value()) {
    int end = token.end;
    token.position = place(token.position);
    token.end = end > 0 ? place(end - 1) + 1 : token.position;
  }
  Parser inner(sql_, std::move(tokens).value());
  inner.stack_limit_ = stack_limit_;
  inner.depth_ = depth_;
  if (!inner.StartsQuery() && !inner.IsOp("("))
    return inner.ErrorExpected("a SELECT query inside UNLOAD ('...')");
  ASSIGN_OR_RETURN(std::unique_ptr<SelectStmt> query, inner.ParseQuery());
  inner.AcceptOp(";");
  if (!inner.AtEnd()) return inner.ErrorExpected("the end of the quoted query");
  return query;
}

}  // namespace martlet::sql
