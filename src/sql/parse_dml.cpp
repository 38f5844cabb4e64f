// Data manipulation and utility statements: INSERT, UPDATE, DELETE, MERGE, transactions,
// EXPLAIN, SET/RESET/SHOW, ANALYZE and VACUUM.
#include <cctype>

#include "sql/parser_internal.hpp"

namespace martlet::sql {

// INSERT INTO t [(columns)] {VALUES ... | query | DEFAULT VALUES}
Result<StatementPtr> Parser::ParseInsert() {
  Advance();  // INSERT
  RETURN_IF_ERROR(ExpectKeyword("into"));
  auto stmt = std::make_unique<InsertStatement>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a table name"));
  if (IsOp("(") && !ParenStartsQuery()) {
    ASSIGN_OR_RETURN(stmt->columns, ParseParenNameList("a column name"));
  }
  if (AcceptKeywords({"default", "values"})) {
    stmt->default_values = true;
  } else if (StartsQuery() || IsOp("(")) {
    ASSIGN_OR_RETURN(stmt->query, ParseQuery());
  } else {
    return ErrorExpected("VALUES, SELECT or DEFAULT VALUES");
  }
  return StatementPtr(std::move(stmt));
}

// UPDATE t [[AS] alias] SET c = v, ... [FROM ...] [WHERE ...]
Result<StatementPtr> Parser::ParseUpdate() {
  Advance();  // UPDATE
  auto stmt = std::make_unique<UpdateStatement>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a table name"));
  if (AcceptKeyword("as")) {
    ASSIGN_OR_RETURN(stmt->alias, ParseIdentifier("an alias"));
  } else if (IsIdentifier() && !IsKeyword("set")) {
    stmt->alias = Advance().text;
  }
  RETURN_IF_ERROR(ExpectKeyword("set"));
  do {
    SetClause clause;
    clause.position = Peek().position;
    ASSIGN_OR_RETURN(clause.column, ParseIdentifier("a column name"));
    RETURN_IF_ERROR(ExpectOp("="));
    ASSIGN_OR_RETURN(clause.value, ParseExpr());
    stmt->set.push_back(std::move(clause));
  } while (AcceptOp(","));
  if (AcceptKeyword("from")) {
    ASSIGN_OR_RETURN(stmt->from, ParseFromList());
  }
  if (AcceptKeyword("where")) {
    ASSIGN_OR_RETURN(stmt->where, ParseExpr());
  }
  return StatementPtr(std::move(stmt));
}

// DELETE [FROM] t [[AS] alias] [USING ...] [WHERE ...]
Result<StatementPtr> Parser::ParseDelete() {
  Advance();  // DELETE
  AcceptKeyword("from");
  auto stmt = std::make_unique<DeleteStatement>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a table name"));
  ASSIGN_OR_RETURN(stmt->alias, ParseOptionalAlias(true));
  if (AcceptKeyword("using")) {
    ASSIGN_OR_RETURN(stmt->using_tables, ParseFromList());
  }
  if (AcceptKeyword("where")) {
    ASSIGN_OR_RETURN(stmt->where, ParseExpr());
  }
  return StatementPtr(std::move(stmt));
}

// MERGE INTO t [[AS] alias] USING source [[AS] alias] ON condition
//   { WHEN [NOT] MATCHED [AND condition] THEN action [...] | REMOVE DUPLICATES }
Result<StatementPtr> Parser::ParseMerge() {
  Advance();  // MERGE
  RETURN_IF_ERROR(ExpectKeyword("into"));
  auto stmt = std::make_unique<MergeStatement>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a table name"));
  ASSIGN_OR_RETURN(stmt->alias, ParseOptionalAlias(true));
  RETURN_IF_ERROR(ExpectKeyword("using"));
  ASSIGN_OR_RETURN(TableRefPtr source, ParseTablePrimary());
  if (source->kind == TableRef::Kind::kFunction) {
    return Status(StatusCode::kSyntaxError, "MERGE ... USING takes a table or a parenthesized query",
                  source->position);
  }
  stmt->source.push_back(std::move(source));
  RETURN_IF_ERROR(ExpectKeyword("on"));
  ASSIGN_OR_RETURN(stmt->on, ParseExpr());
  if (AcceptKeywords({"remove", "duplicates"})) {
    stmt->remove_duplicates = true;
    return StatementPtr(std::move(stmt));
  }
  while (IsKeyword("when")) {
    ASSIGN_OR_RETURN(MergeClause clause, ParseMergeClause());
    stmt->clauses.push_back(std::move(clause));
  }
  if (stmt->clauses.empty()) return ErrorExpected("WHEN MATCHED, WHEN NOT MATCHED or REMOVE DUPLICATES");
  return StatementPtr(std::move(stmt));
}

// WHEN MATCHED [AND c] THEN {UPDATE SET ... | DELETE | DO NOTHING}
// WHEN NOT MATCHED [BY TARGET] [AND c] THEN {INSERT [(cols)] {VALUES (...) | DEFAULT VALUES} | DO NOTHING}
Result<MergeClause> Parser::ParseMergeClause() {
  MergeClause clause;
  clause.position = Advance().position;  // WHEN
  clause.matched = !AcceptKeyword("not");
  RETURN_IF_ERROR(ExpectKeyword("matched"));
  if (!clause.matched) AcceptKeywords({"by", "target"});
  if (AcceptKeyword("and")) {
    ASSIGN_OR_RETURN(clause.condition, ParseExpr());
  }
  RETURN_IF_ERROR(ExpectKeyword("then"));
  using Action = MergeClause::Action;
  if (AcceptKeywords({"do", "nothing"})) {
    clause.action = Action::kDoNothing;
  } else if (clause.matched && AcceptKeyword("update")) {
    clause.action = Action::kUpdate;
    RETURN_IF_ERROR(ExpectKeyword("set"));
    do {
      SetClause set;
      set.position = Peek().position;
      ASSIGN_OR_RETURN(set.column, ParseIdentifier("a column name"));
      RETURN_IF_ERROR(ExpectOp("="));
      ASSIGN_OR_RETURN(set.value, ParseExpr());
      clause.set.push_back(std::move(set));
    } while (AcceptOp(","));
  } else if (clause.matched && AcceptKeyword("delete")) {
    clause.action = Action::kDelete;
  } else if (!clause.matched && AcceptKeyword("insert")) {
    clause.action = Action::kInsert;
    if (IsOp("(")) {
      ASSIGN_OR_RETURN(clause.columns, ParseParenNameList("a column name"));
    }
    if (AcceptKeywords({"default", "values"})) {
      clause.default_values = true;
    } else {
      RETURN_IF_ERROR(ExpectKeyword("values"));
      RETURN_IF_ERROR(ExpectOp("("));
      ASSIGN_OR_RETURN(clause.values, ParseExprList());
      RETURN_IF_ERROR(ExpectOp(")"));
    }
  } else {
    return ErrorExpected(clause.matched ? "UPDATE, DELETE or DO NOTHING after WHEN MATCHED THEN"
                                        : "INSERT or DO NOTHING after WHEN NOT MATCHED THEN");
  }
  return clause;
}

// BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT. Isolation modes are accepted
// and dropped: every transaction runs serializable.
Result<StatementPtr> Parser::ParseTransaction() {
  auto stmt = std::make_unique<TransactionStatement>();
  std::string word = Advance().text;
  if (word == "start") RETURN_IF_ERROR(ExpectKeyword("transaction"));
  if (word == "begin" && !AcceptKeyword("transaction")) AcceptKeyword("work");
  if (word == "commit" || word == "end" || word == "rollback" || word == "abort") {
    if (!AcceptKeyword("transaction")) AcceptKeyword("work");
    stmt->action = (word == "commit" || word == "end") ? TransactionStatement::Action::kCommit
                                                       : TransactionStatement::Action::kRollback;
    return StatementPtr(std::move(stmt));
  }
  while (true) {
    if (AcceptKeywords({"isolation", "level"})) {
      if (AcceptKeyword("read") || AcceptKeyword("repeatable")) {
        if (!AcceptKeyword("committed") && !AcceptKeyword("uncommitted")) {
          RETURN_IF_ERROR(ExpectKeyword("read"));
        }
      } else {
        RETURN_IF_ERROR(ExpectKeyword("serializable"));
      }
    } else if (AcceptKeyword("read")) {
      if (!AcceptKeyword("only")) RETURN_IF_ERROR(ExpectKeyword("write"));
    } else {
      break;
    }
    AcceptOp(",");
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseExplain() {
  Advance();  // EXPLAIN
  auto stmt = std::make_unique<ExplainStatement>();
  bool options = IsOp("(") && Peek(1).kind == TokenKind::kIdentifier && !IsKeyword("select", 1) &&
                 !IsKeyword("with", 1) && !IsKeyword("values", 1);
  if (options) {
    RETURN_IF_ERROR(ParseExplainOptions(*stmt));
  } else if (AcceptKeyword("lineage")) {
    stmt->lineage = true;
  } else {
    stmt->analyze = AcceptKeyword("analyze") || AcceptKeyword("analyse");
    stmt->verbose = AcceptKeyword("verbose");
  }
  ASSIGN_OR_RETURN(stmt->statement, ParseStatement());
  return StatementPtr(std::move(stmt));
}

// ( option [value] [, ...] ), as PostgreSQL writes EXPLAIN's options: ANALYZE, VERBOSE,
// LINEAGE and EXPAND_VIEWS, each with an optional TRUE/FALSE/ON/OFF.
Status Parser::ParseExplainOptions(ExplainStatement& stmt) {
  Advance();  // (
  int expand_views_position = -1;  // where EXPAND_VIEWS was given, if it was
  int analyze_position = -1;
  do {
    if (Peek().kind != TokenKind::kIdentifier) return ErrorExpected("an EXPLAIN option");
    int position = Peek().position;
    std::string name = Peek().text;
    Advance();
    bool value = true;
    if (AcceptKeyword("true") || AcceptKeyword("on")) {
      value = true;
    } else if (AcceptKeyword("false") || AcceptKeyword("off")) {
      value = false;
    }
    if (name == "analyze" || name == "analyse") {
      stmt.analyze = value;
      analyze_position = position;
    } else if (name == "verbose") {
      stmt.verbose = value;
    } else if (name == "lineage") {
      stmt.lineage = value;
    } else if (name == "expand_views") {
      stmt.expand_views = value;
      expand_views_position = position;
    } else {
      return Status(StatusCode::kSyntaxError,
                    "unrecognized EXPLAIN option \"" + name +
                        "\" (Martlet has ANALYZE, VERBOSE, LINEAGE and EXPAND_VIEWS)",
                    position);
    }
  } while (AcceptOp(","));
  RETURN_IF_ERROR(ExpectOp(")"));
  if (expand_views_position >= 0 && !stmt.lineage) {
    return Status(StatusCode::kSyntaxError, "EXPLAIN option EXPAND_VIEWS needs LINEAGE", expand_views_position);
  }
  if (stmt.lineage && stmt.analyze) {
    return Status(StatusCode::kSyntaxError, "EXPLAIN options LINEAGE and ANALYZE cannot be combined",
                  analyze_position);
  }
  return Status::Ok();
}

// SET [SESSION] name {= | TO} value[, value...]  and  SET TIME ZONE value
Result<StatementPtr> Parser::ParseSet() {
  Advance();  // SET
  auto stmt = std::make_unique<SetStatement>();
  if (IsWord(1)) AcceptKeyword("session");
  if (AcceptKeywords({"time", "zone"})) {
    stmt->name = "timezone";
  } else {
    ASSIGN_OR_RETURN(stmt->name, ParseSettingName());
    if (!AcceptOp("=") && !AcceptKeyword("to")) return ErrorExpected("\"=\" or TO");
  }
  ASSIGN_OR_RETURN(stmt->value, ParseSettingValue());
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseReset() {
  Advance();  // RESET
  auto stmt = std::make_unique<SetStatement>();
  ASSIGN_OR_RETURN(stmt->name, ParseSettingName());
  stmt->value = "default";
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseShow() {
  Advance();  // SHOW
  auto stmt = std::make_unique<ShowStatement>();
  if (AcceptKeywords({"time", "zone"})) {
    stmt->name = "timezone";
  } else {
    ASSIGN_OR_RETURN(stmt->name, ParseSettingName());
  }
  return StatementPtr(std::move(stmt));
}

// ANALYZE [VERBOSE] [COMPRESSION] [table [(columns)]]
Result<StatementPtr> Parser::ParseAnalyze() {
  Advance();  // ANALYZE
  auto stmt = std::make_unique<AnalyzeStatement>();
  AcceptKeyword("verbose");
  stmt->compression = AcceptKeyword("compression");
  if (IsIdentifier()) {
    ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a table name"));
    if (IsOp("(")) {
      RETURN_IF_ERROR(ParseParenNameList("a column name").status());
    }
  }
  return StatementPtr(std::move(stmt));
}

// VACUUM [FULL | SORT ONLY | DELETE ONLY | REINDEX | RECLUSTER] [table] [TO n PERCENT]
// [BOOST]. The modes only tune how Redshift reclaims space; Martlet's vacuum does it all.
Result<StatementPtr> Parser::ParseVacuum() {
  Advance();  // VACUUM
  auto stmt = std::make_unique<VacuumStatement>();
  if (!AcceptKeyword("full") && !AcceptKeywords({"sort", "only"}) &&
      !AcceptKeywords({"delete", "only"}) && !AcceptKeyword("reindex")) {
    AcceptKeyword("recluster");
  }
  if (IsIdentifier() && !IsKeyword("boost")) {
    ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a table name"));
  }
  if (AcceptKeyword("to")) {
    RETURN_IF_ERROR(ParseSignedInteger("a percentage").status());
    RETURN_IF_ERROR(ExpectKeyword("percent"));
  }
  AcceptKeyword("boost");
  return StatementPtr(std::move(stmt));
}

// name or dotted.name, any word allowed.
Result<std::string> Parser::ParseSettingName() {
  ASSIGN_OR_RETURN(std::string name, ParseLabel("a setting name"));
  while (IsOp(".") && IsWord(1)) {
    Advance();
    name += "." + Advance().text;
  }
  return name;
}

// One or more comma-separated words, strings or numbers, unquoted and joined by ", ".
Result<std::string> Parser::ParseSettingValue() {
  std::string value;
  do {
    if (!value.empty()) value += ", ";
    std::string sign;
    if (IsOp("-") || IsOp("+")) sign = Advance().text;
    TokenKind kind = Peek().kind;
    bool is_number = kind == TokenKind::kNumber;
    if (!is_number && (!sign.empty() || (kind != TokenKind::kString && !IsWord()))) {
      return ErrorExpected("a setting value");
    }
    value += (sign == "-" ? "-" : "") + Advance().text;
  } while (AcceptOp(","));
  return value;
}

}  // namespace martlet::sql

namespace martlet::sql {

// COPY t [(a, b)] FROM 'source' [WITH] [CREDENTIALS|IAM_ROLE ...] option [[AS] value] ...
// Options are read generically (a word, an optional AS, an optional string or number), so
// that the executor decides which it knows and reports the rest by name. COMPUPDATE and
// STATUPDATE take an unquoted word (ON, OFF, TRUE, FALSE, PRESET) as their value.
Result<StatementPtr> Parser::ParseCopy() {
  Advance();  // COPY
  auto stmt = std::make_unique<CopyStatement>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a table name"));
  if (IsOp("(")) {
    ASSIGN_OR_RETURN(stmt->columns, ParseParenNameList("a column name"));
  }
  RETURN_IF_ERROR(ExpectKeyword("from"));
  if (AcceptKeyword("stdin")) {
    stmt->source = "stdin";
  } else {
    if (Peek().kind != TokenKind::kString) return ErrorExpected("a quoted file name after FROM");
    stmt->source_position = Peek().position;
    stmt->source = Advance().text;
  }
  AcceptKeyword("with");
  while (!AtEnd() && !IsOp(";")) {
    if (!IsWord()) return ErrorExpected("a COPY option (DELIMITER, CSV, IGNOREHEADER, NULL AS, ...)");
    CopyOption option;
    option.position = Peek().position;
    option.name = Advance().text;
    for (auto& c : option.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (option.name == "format") {
      AcceptKeyword("as");
      if (!IsWord()) return ErrorExpected("a format name (CSV, JSON, PARQUET)");
      option.name = Advance().text;
      for (auto& c : option.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (Peek().kind == TokenKind::kString) option.value = Advance().text;  // JSON 'auto'
    } else if ((option.name == "compupdate" || option.name == "statupdate") &&
               Peek().kind == TokenKind::kIdentifier &&
               (IsKeyword("on") || IsKeyword("off") || IsKeyword("true") || IsKeyword("false") ||
                IsKeyword("preset"))) {
      option.value = Advance().text;
    } else {
      AcceptKeyword("as");
      if (Peek().kind == TokenKind::kString || Peek().kind == TokenKind::kNumber) {
        option.value = Advance().text;
      }
    }
    stmt->options.push_back(std::move(option));
  }
  return StatementPtr(std::move(stmt));
}

}  // namespace martlet::sql
