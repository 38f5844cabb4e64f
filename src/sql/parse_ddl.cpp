// Data definition: CREATE TABLE / VIEW / MATERIALIZED VIEW / SCHEMA, DROP, ALTER TABLE,
// TRUNCATE, with Redshift's distribution, sort key and encoding attributes.
#include "sql/parser_internal.hpp"

namespace martlet::sql {

Result<StatementPtr> Parser::ParseCreate() {
  Advance();  // CREATE
  bool or_replace = AcceptKeywords({"or", "replace"});
  AcceptKeyword("local");
  bool temporary = AcceptKeyword("temp") || AcceptKeyword("temporary");
  if (IsKeyword("view")) return ParseCreateView(or_replace, false);
  if (IsKeyword("materialized")) {
    if (temporary) return ErrorExpected("TABLE or VIEW after TEMPORARY (a materialized view cannot be temporary)");
    return ParseCreateView(or_replace, true);
  }
  if (or_replace) return ErrorExpected("VIEW or MATERIALIZED VIEW after OR REPLACE");
  if (IsKeyword("table")) return ParseCreateTable(temporary);
  if (temporary) return ErrorExpected("TABLE after TEMPORARY");
  if (IsKeyword("schema")) return ParseCreateSchema();
  return ErrorExpected("TABLE, VIEW, MATERIALIZED VIEW or SCHEMA");
}

// CREATE TABLE t (elements) [attributes] [AS query]  or  CREATE TABLE t [(names)] ... AS query
Result<StatementPtr> Parser::ParseCreateTable(bool temporary) {
  Advance();  // TABLE
  auto stmt = std::make_unique<CreateTableStatement>();
  stmt->temporary = temporary;
  stmt->if_not_exists = AcceptKeywords({"if", "not", "exists"});
  ASSIGN_OR_RETURN(stmt->names, ParseQualifiedName("a table name"));
  bool has_elements = IsOp("(");
  if (has_elements && IsIdentifier(1) && (IsOp(",", 2) || IsOp(")", 2))) {
    ASSIGN_OR_RETURN(stmt->as_column_names, ParseParenNameList("a column name"));
    has_elements = false;
  } else if (has_elements) {
    RETURN_IF_ERROR(ParseTableElements(stmt.get()));
  }
  RETURN_IF_ERROR(ParseTableAttributes(stmt.get()));
  if (AcceptKeyword("as")) {
    ASSIGN_OR_RETURN(stmt->as_query, ParseQuery());
  } else if (!has_elements) {
    return ErrorExpected(stmt->as_column_names.empty() ? "\"(\" or AS" : "AS");
  }
  return StatementPtr(std::move(stmt));
}

Status Parser::ParseTableElements(CreateTableStatement* stmt) {
  Advance();  // (
  do {
    RETURN_IF_ERROR(ParseTableElement(stmt));
  } while (AcceptOp(","));
  return ExpectOp(")");
}

Status Parser::ParseTableElement(CreateTableStatement* stmt) {
  if (IsKeyword("like")) return ParseLikeClause(stmt);
  if (IsKeyword("constraint") || IsKeyword("primary") || IsKeyword("unique") ||
      IsKeyword("foreign")) {
    ASSIGN_OR_RETURN(TableConstraint constraint, ParseTableConstraint());
    stmt->constraints.push_back(std::move(constraint));
    return Status::Ok();
  }
  if (!IsIdentifier()) return ErrorExpected("a column definition or a table constraint");
  ASSIGN_OR_RETURN(ColumnDef column, ParseColumnDef());
  stmt->columns.push_back(std::move(column));
  return Status::Ok();
}

// LIKE other [INCLUDING | EXCLUDING DEFAULTS]
Status Parser::ParseLikeClause(CreateTableStatement* stmt) {
  Advance();  // LIKE
  ASSIGN_OR_RETURN(stmt->like_table, ParseQualifiedName("a table name"));
  if (AcceptKeyword("including")) {
    RETURN_IF_ERROR(ExpectKeyword("defaults"));
    stmt->like_including_defaults = true;
  } else if (AcceptKeyword("excluding")) {
    RETURN_IF_ERROR(ExpectKeyword("defaults"));
  }
  return Status::Ok();
}

// [CONSTRAINT name] PRIMARY KEY (..) | UNIQUE (..) | FOREIGN KEY (..) REFERENCES t [(..)]
Result<TableConstraint> Parser::ParseTableConstraint() {
  TableConstraint constraint;
  constraint.position = Peek().position;
  if (AcceptKeyword("constraint")) {
    RETURN_IF_ERROR(ParseIdentifier("a constraint name").status());
  }
  if (AcceptKeyword("primary")) {
    RETURN_IF_ERROR(ExpectKeyword("key"));
    constraint.kind = TableConstraint::Kind::kPrimaryKey;
  } else if (AcceptKeyword("unique")) {
    constraint.kind = TableConstraint::Kind::kUnique;
  } else if (AcceptKeyword("foreign")) {
    RETURN_IF_ERROR(ExpectKeyword("key"));
    constraint.kind = TableConstraint::Kind::kForeignKey;
  } else {
    return ErrorExpected("PRIMARY KEY, UNIQUE or FOREIGN KEY");
  }
  ASSIGN_OR_RETURN(constraint.columns, ParseParenNameList("a column name"));
  if (constraint.kind != TableConstraint::Kind::kForeignKey) return constraint;
  RETURN_IF_ERROR(ExpectKeyword("references"));
  ASSIGN_OR_RETURN(constraint.references, ParseQualifiedName("a table name"));
  if (IsOp("(")) {
    ASSIGN_OR_RETURN(constraint.references_columns, ParseParenNameList("a column name"));
  }
  return constraint;
}

Result<ColumnDef> Parser::ParseColumnDef() {
  ColumnDef column;
  column.position = Peek().position;
  ASSIGN_OR_RETURN(column.name, ParseIdentifier("a column name"));
  ASSIGN_OR_RETURN(column.type, ParseTypeName());
  bool matched = true;
  while (matched) RETURN_IF_ERROR(ParseColumnConstraint(&column, &matched));
  return column;
}

// Reads one column constraint or attribute; *matched says whether there was one.
Status Parser::ParseColumnConstraint(ColumnDef* column, bool* matched) {
  *matched = true;
  if (AcceptKeyword("constraint")) {
    RETURN_IF_ERROR(ParseIdentifier("a constraint name").status());
    if (!IsKeyword("not") && !IsKeyword("null") && !IsKeyword("primary") && !IsKeyword("unique") &&
        !IsKeyword("references") && !IsKeyword("default")) {
      return ErrorExpected("a column constraint");
    }
  }
  if (AcceptKeywords({"not", "null"})) {
    column->not_null = true;
  } else if (AcceptKeyword("null")) {
    column->nullable_written = true;
  } else if (AcceptKeyword("default")) {
    int start = Peek().position;
    ASSIGN_OR_RETURN(column->default_value, ParseExpr());
    column->default_text = SourceText(start, PrevEnd());
  } else if (AcceptKeyword("primary")) {
    RETURN_IF_ERROR(ExpectKeyword("key"));
    column->primary_key = true;
  } else if (AcceptKeyword("unique")) {
    column->unique = true;
  } else if (AcceptKeyword("references")) {
    ASSIGN_OR_RETURN(column->references, ParseQualifiedName("a table name"));
    if (IsOp("(")) {
      ASSIGN_OR_RETURN(column->references_columns, ParseParenNameList("a column name"));
    }
  } else if (AcceptKeyword("identity")) {
    RETURN_IF_ERROR(ParseIdentityArgs(column));
  } else if (AcceptKeyword("generated")) {
    if (!AcceptKeyword("always")) {
      RETURN_IF_ERROR(ExpectKeyword("by"));
      RETURN_IF_ERROR(ExpectKeyword("default"));
    }
    RETURN_IF_ERROR(ExpectKeyword("as"));
    RETURN_IF_ERROR(ExpectKeyword("identity"));
    column->identity = true;
    if (IsOp("(")) RETURN_IF_ERROR(ParseIdentityArgs(column));
  } else if (AcceptKeyword("encode")) {
    ASSIGN_OR_RETURN(column->encode, ParseLabel("an encoding name such as AZ64 or ZSTD"));
  } else if (AcceptKeyword("distkey")) {
    column->distkey = true;
  } else if (AcceptKeyword("sortkey")) {
    column->sortkey = true;
  } else {
    *matched = false;
  }
  return Status::Ok();
}

// (seed, step)
Status Parser::ParseIdentityArgs(ColumnDef* column) {
  column->identity = true;
  RETURN_IF_ERROR(ExpectOp("("));
  ASSIGN_OR_RETURN(column->identity_seed, ParseSignedInteger("an integer seed"));
  RETURN_IF_ERROR(ExpectOp(","));
  ASSIGN_OR_RETURN(column->identity_step, ParseSignedInteger("an integer step"));
  return ExpectOp(")");
}

// Redshift table attributes, in any order.
Status Parser::ParseTableAttributes(CreateTableStatement* stmt) {
  while (true) {
    if (AcceptKeyword("diststyle")) {
      if (!IsKeyword("auto") && !IsKeyword("even") && !IsKeyword("key") && !IsKeyword("all")) {
        return ErrorExpected("AUTO, EVEN, KEY or ALL");
      }
      stmt->diststyle = Advance().text;
    } else if (AcceptKeyword("distkey")) {
      RETURN_IF_ERROR(ExpectOp("("));
      ASSIGN_OR_RETURN(stmt->distkey, ParseIdentifier("a column name"));
      RETURN_IF_ERROR(ExpectOp(")"));
    } else if (IsKeyword("compound") || IsKeyword("interleaved")) {
      stmt->sortkey_style = Advance().text;
      RETURN_IF_ERROR(ExpectKeyword("sortkey"));
      ASSIGN_OR_RETURN(stmt->sortkey, ParseParenNameList("a column name"));
    } else if (AcceptKeyword("sortkey")) {
      if (AcceptKeyword("auto")) {
        stmt->sortkey_style = "auto";
      } else {
        if (!IsOp("(")) return ErrorExpected("\"(\" or AUTO");
        ASSIGN_OR_RETURN(stmt->sortkey, ParseParenNameList("a column name"));
      }
    } else if (AcceptKeyword("backup")) {
      if (!IsKeyword("yes") && !IsKeyword("no")) return ErrorExpected("YES or NO");
      stmt->backup = Advance().text == "yes";
    } else if (AcceptKeyword("encode")) {
      RETURN_IF_ERROR(ExpectKeyword("auto"));
    } else {
      return Status::Ok();
    }
  }
}

// CREATE [OR REPLACE] [MATERIALIZED] VIEW v [(columns)] [attributes] AS query
//   [WITH NO SCHEMA BINDING]
Result<StatementPtr> Parser::ParseCreateView(bool or_replace, bool materialized) {
  auto stmt = std::make_unique<CreateViewStatement>();
  stmt->or_replace = or_replace;
  stmt->materialized = materialized;
  if (materialized) Advance();
  RETURN_IF_ERROR(ExpectKeyword("view"));
  ASSIGN_OR_RETURN(stmt->names, ParseQualifiedName("a view name"));
  if (IsOp("(")) {
    ASSIGN_OR_RETURN(stmt->column_aliases, ParseParenNameList("a column name"));
  }
  if (materialized) RETURN_IF_ERROR(SkipViewAttributes(stmt.get()));
  RETURN_IF_ERROR(ExpectKeyword("as"));
  int start = Peek().position;
  ASSIGN_OR_RETURN(stmt->query, ParseQuery());
  stmt->query_text = SourceText(start, PrevEnd());
  if (!materialized && AcceptKeyword("with")) {
    RETURN_IF_ERROR(ExpectKeyword("no"));
    RETURN_IF_ERROR(ExpectKeyword("schema"));
    RETURN_IF_ERROR(ExpectKeyword("binding"));
    stmt->with_no_schema_binding = true;
  }
  return StatementPtr(std::move(stmt));
}

// A materialized view's BACKUP, DISTSTYLE, DISTKEY, SORTKEY and AUTO REFRESH. BACKUP and
// AUTO REFRESH are kept; the others describe a physical layout that is not applied yet.
Status Parser::SkipViewAttributes(CreateViewStatement* stmt) {
  CreateTableStatement layout;
  while (true) {
    RETURN_IF_ERROR(ParseTableAttributes(&layout));
    stmt->backup = layout.backup;
    if (!AcceptKeywords({"auto", "refresh"})) return Status::Ok();
    if (!IsKeyword("yes") && !IsKeyword("no")) return ErrorExpected("YES or NO");
    stmt->auto_refresh = Advance().text;
  }
}

Result<StatementPtr> Parser::ParseCreateSchema() {
  Advance();  // SCHEMA
  auto stmt = std::make_unique<CreateSchemaStatement>();
  stmt->if_not_exists = AcceptKeywords({"if", "not", "exists"});
  ASSIGN_OR_RETURN(stmt->name, ParseIdentifier("a schema name"));
  return StatementPtr(std::move(stmt));
}

// DROP TABLE|VIEW|MATERIALIZED VIEW|SCHEMA [IF EXISTS] a, b [CASCADE|RESTRICT]
Result<StatementPtr> Parser::ParseDrop() {
  Advance();  // DROP
  auto stmt = std::make_unique<DropStatement>();
  if (AcceptKeyword("table")) {
    stmt->object = ObjectKind::kTable;
  } else if (AcceptKeyword("view")) {
    stmt->object = ObjectKind::kView;
  } else if (AcceptKeyword("materialized")) {
    RETURN_IF_ERROR(ExpectKeyword("view"));
    stmt->object = ObjectKind::kMaterializedView;
  } else if (AcceptKeyword("schema")) {
    stmt->object = ObjectKind::kSchema;
  } else {
    return ErrorExpected("TABLE, VIEW, MATERIALIZED VIEW or SCHEMA");
  }
  stmt->if_exists = AcceptKeywords({"if", "exists"});
  do {
    ASSIGN_OR_RETURN(std::vector<std::string> name, ParseQualifiedName("a name"));
    stmt->targets.push_back(std::move(name));
  } while (AcceptOp(","));
  if (AcceptKeyword("cascade")) {
    stmt->cascade = true;
  } else {
    AcceptKeyword("restrict");
  }
  return StatementPtr(std::move(stmt));
}

// ALTER TABLE [IF EXISTS] t ADD [COLUMN] def | DROP [COLUMN] [IF EXISTS] c [CASCADE]
//   | RENAME [COLUMN] a TO b | RENAME TO n
Result<StatementPtr> Parser::ParseAlterTable() {
  Advance();  // ALTER
  auto stmt = std::make_unique<AlterTableStatement>();
  if (AcceptKeywords({"materialized", "view"})) {
    // ALTER MATERIALIZED VIEW v AUTO REFRESH {YES | NO}
    ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a materialized view name"));
    RETURN_IF_ERROR(ExpectKeyword("auto"));
    RETURN_IF_ERROR(ExpectKeyword("refresh"));
    if (!IsKeyword("yes") && !IsKeyword("no")) return ErrorExpected("YES or NO");
    stmt->action = AlterTableStatement::Action::kSetAutoRefresh;
    stmt->new_name = Advance().text;
    return StatementPtr(std::move(stmt));
  }
  RETURN_IF_ERROR(ExpectKeyword("table"));
  stmt->if_exists = AcceptKeywords({"if", "exists"});
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a table name"));
  using Action = AlterTableStatement::Action;
  if (AcceptKeyword("add")) {
    AcceptKeyword("column");
    stmt->action = Action::kAddColumn;
    ASSIGN_OR_RETURN(stmt->column, ParseColumnDef());
  } else if (AcceptKeyword("drop")) {
    AcceptKeyword("column");
    stmt->action = Action::kDropColumn;
    if (AcceptKeywords({"if", "exists"})) stmt->if_exists = true;
    ASSIGN_OR_RETURN(stmt->column_name, ParseIdentifier("a column name"));
    if (AcceptKeyword("cascade")) {
      stmt->cascade = true;
    } else {
      AcceptKeyword("restrict");
    }
  } else if (AcceptKeyword("rename")) {
    if (AcceptKeyword("to")) {
      stmt->action = Action::kRenameTable;
      ASSIGN_OR_RETURN(stmt->new_name, ParseIdentifier("a new table name"));
    } else {
      AcceptKeyword("column");
      stmt->action = Action::kRenameColumn;
      ASSIGN_OR_RETURN(stmt->column_name, ParseIdentifier("a column name"));
      RETURN_IF_ERROR(ExpectKeyword("to"));
      ASSIGN_OR_RETURN(stmt->new_name, ParseIdentifier("a new column name"));
    }
  } else {
    return ErrorExpected("ADD, DROP or RENAME");
  }
  return StatementPtr(std::move(stmt));
}

// REFRESH MATERIALIZED VIEW name [RESTRICT]
Result<StatementPtr> Parser::ParseRefresh() {
  Advance();  // REFRESH
  RETURN_IF_ERROR(ExpectKeyword("materialized"));
  RETURN_IF_ERROR(ExpectKeyword("view"));
  auto stmt = std::make_unique<RefreshMaterializedViewStatement>();
  ASSIGN_OR_RETURN(stmt->names, ParseQualifiedName("a materialized view name"));
  AcceptKeyword("restrict");
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseTruncate() {
  Advance();  // TRUNCATE
  AcceptKeyword("table");
  auto stmt = std::make_unique<TruncateStatement>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName("a table name"));
  return StatementPtr(std::move(stmt));
}

}  // namespace martlet::sql
