// The abstract syntax tree that the parser produces and the binder consumes.
//
// Nodes are plain structs owned through unique_ptr. Every node carries `position`: the byte
// offset in the SQL text where it starts, so that later layers can point at it in errors.
// Identifiers are already case-folded (lower case unless they were double-quoted).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace martlet::sql {

struct Expr;
struct SelectStmt;
using ExprPtr = std::unique_ptr<Expr>;

// A type as written: canonical `name` plus modifiers, e.g. {"decimal", {15, 2}}.
// Canonical names: boolean, smallint, integer, bigint, decimal, real, double, char, varchar,
// text, date, timestamp, timestamptz, interval. Aliases are folded by the parser
// (int4 -> integer, int8 -> bigint, numeric -> decimal, float8/float -> double,
// float4 -> real, bpchar/character -> char, character varying -> varchar, bool -> boolean,
// "double precision" -> double, "timestamp with time zone" -> timestamptz, ...).
// VARCHAR(MAX) is stored as modifier 65535, as Redshift does.
struct TypeName {
  std::string name;
  std::vector<int> modifiers;
  int position = -1;
};

enum class ExprKind {
  kLiteral,      // literal_kind + text
  kColumnRef,    // names: {"col"}, {"t", "col"} or {"schema", "t", "col"}
  kStar,         // `*` or `t.*` (names holds the qualifier, if any)
  kUnary,        // op in {"-", "+", "NOT"}; args[0]
  kBinary,       // op in {"+","-","*","/","%","||","=","<>","<",">","<=",">=","AND","OR",
                 //        "~","!~","~*","!~*"}; args[0], args[1]  ("!=" is folded to "<>")
  kFunction,     // function_name(args) [WITHIN GROUP (ORDER BY ...)] [OVER (...)]
  kCast,         // CAST(args[0] AS cast_type), args[0]::cast_type
  kCase,         // CASE [case_operand] WHEN..THEN.. [ELSE else_expr] END
  kSubquery,     // (SELECT ...) used as a scalar
  kExists,       // [NOT] EXISTS (SELECT ...)
  kInList,       // args[0] [NOT] IN (args[1..])
  kInSubquery,   // args[0] [NOT] IN (SELECT ...)
  kQuantified,   // args[0] op ANY|SOME|ALL (SELECT ...): op + quantifier_all
  kBetween,      // args[0] [NOT] BETWEEN args[1] AND args[2]
  kLike,         // args[0] [NOT] LIKE|ILIKE args[1] [ESCAPE args[2]]; case_insensitive
  kSimilarTo,    // args[0] [NOT] SIMILAR TO args[1]
  kIsNull,       // args[0] IS [NOT] NULL
  kIsBool,       // args[0] IS [NOT] TRUE|FALSE|UNKNOWN: is_value in {"true","false","unknown"}
  kIsDistinct,   // args[0] IS [NOT] DISTINCT FROM args[1]
  kInterval,     // INTERVAL '3' MONTH / INTERVAL '1 day 2 hours': text + interval_unit
  kTypedLiteral, // DATE '1998-12-01', TIMESTAMP '...': cast_type + text
  kExtract,      // EXTRACT(field FROM args[0]): text holds the field name (lower case)
  kPosition,     // POSITION(args[0] IN args[1])
  kTrim,         // TRIM([BOTH|LEADING|TRAILING] [args[1]] FROM args[0]): trim_side
  kSubstring,    // SUBSTRING(args[0] FROM args[1] [FOR args[2]]) (comma form is kFunction)
  kDefault,      // DEFAULT in INSERT ... VALUES or UPDATE ... SET
  kParameter,    // $1: text holds the number
};

enum class LiteralKind { kNull, kInteger, kDecimal, kFloat, kString, kBoolean };
enum class NullsOrder { kDefault, kFirst, kLast };

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  NullsOrder nulls = NullsOrder::kDefault;
};

enum class FrameUnit { kNone, kRows, kRange };
enum class FrameBoundKind { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kUnboundedPreceding;
  ExprPtr offset;  // for kPreceding / kFollowing
};

struct WindowSpec {
  std::string name;  // OVER w, or a named window's base
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  FrameUnit frame_unit = FrameUnit::kNone;  // kNone: no frame clause written
  FrameBound frame_start;
  FrameBound frame_end;  // when only a start is written: kCurrentRow
  int position = -1;
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  int position = -1;

  LiteralKind literal_kind = LiteralKind::kNull;
  std::string text;  // literal text (unquoted), interval text, extract field, parameter no.

  std::vector<std::string> names;  // column reference / star qualifier
  std::string op;                  // unary/binary/quantified operator
  bool quantifier_all = false;     // kQuantified: ALL (true) or ANY/SOME (false)

  std::string function_name;  // lower case; may be qualified "schema.fn"
  bool distinct = false;      // COUNT(DISTINCT x)
  bool star_argument = false; // COUNT(*)
  bool approximate = false;   // APPROXIMATE COUNT(DISTINCT x)
  std::vector<ExprPtr> args;
  std::vector<OrderItem> within_group;     // LISTAGG/PERCENTILE_CONT ... WITHIN GROUP (ORDER BY)
  std::unique_ptr<WindowSpec> over;        // window function call
  bool ignore_nulls = false;               // LAG(x) IGNORE NULLS and friends

  ExprPtr case_operand;                    // CASE x WHEN ...
  std::vector<std::pair<ExprPtr, ExprPtr>> when_then;
  ExprPtr else_expr;

  TypeName cast_type;                      // kCast, kTypedLiteral
  std::string interval_unit;               // kInterval: "month", "day", ... or "" if none
  std::string trim_side;                   // kTrim: "both", "leading", "trailing"
  std::string is_value;                    // kIsBool

  std::unique_ptr<SelectStmt> subquery;    // kSubquery, kExists, kInSubquery, kQuantified
  bool negated = false;                    // NOT IN / NOT BETWEEN / NOT LIKE / IS NOT ...
  bool case_insensitive = false;           // ILIKE
};

enum class JoinType { kInner, kLeft, kRight, kFull, kCross };

struct TableRef {
  enum class Kind { kBaseTable, kSubquery, kJoin, kFunction };
  Kind kind = Kind::kBaseTable;
  int position = -1;
  std::vector<std::string> names;  // kBaseTable: {"t"} or {"schema", "t"}
  std::string alias;
  std::vector<std::string> column_aliases;  // AS a (x, y)
  std::unique_ptr<SelectStmt> subquery;     // kSubquery
  ExprPtr function;                         // kFunction: a table function call
  // kJoin
  JoinType join_type = JoinType::kInner;
  std::unique_ptr<TableRef> left;
  std::unique_ptr<TableRef> right;
  ExprPtr on;
  std::vector<std::string> using_columns;
  bool natural = false;
};
using TableRefPtr = std::unique_ptr<TableRef>;

struct SelectItem {
  ExprPtr expr;       // kStar for * and t.*
  std::string alias;  // empty when none was written
};

struct GroupItem {
  enum class Kind { kExpr, kRollup, kCube, kGroupingSets, kEmpty };
  Kind kind = Kind::kExpr;
  ExprPtr expr;                             // kExpr
  std::vector<std::vector<ExprPtr>> sets;   // kRollup/kCube: one expr per set;
                                            // kGroupingSets: each set a list
};

struct NamedWindow {
  std::string name;
  std::unique_ptr<WindowSpec> spec;
};

enum class SetOpKind { kUnion, kIntersect, kExcept };

// One SELECT block, a set operation of two blocks, a VALUES list or a parenthesized query.
struct QueryNode {
  enum class Kind { kSelect, kSetOp, kValues, kNested };
  Kind kind = Kind::kSelect;
  int position = -1;

  // kSelect
  bool distinct = false;
  ExprPtr top;  // TOP n
  std::vector<SelectItem> select_list;
  std::vector<TableRefPtr> from;  // comma-separated items (cross joins)
  ExprPtr where;
  std::vector<GroupItem> group_by;
  bool group_by_all = false;
  ExprPtr having;
  ExprPtr qualify;
  std::vector<NamedWindow> windows;

  // kSetOp
  SetOpKind set_op = SetOpKind::kUnion;
  bool set_all = false;
  std::unique_ptr<QueryNode> left;
  std::unique_ptr<QueryNode> right;

  // kValues
  std::vector<std::vector<ExprPtr>> values;

  // kNested: ( SELECT ... ORDER BY ... LIMIT ... )
  std::unique_ptr<SelectStmt> nested;
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_aliases;
  std::unique_ptr<SelectStmt> query;
  int position = -1;
};

struct SelectStmt {
  int position = -1;
  bool recursive = false;
  std::vector<CommonTableExpr> with;
  std::unique_ptr<QueryNode> body;
  std::vector<OrderItem> order_by;
  ExprPtr limit;   // LIMIT n (LIMIT ALL leaves it empty)
  ExprPtr offset;
};

// ---------------------------------------------------------------------------------------
// Statements

enum class StatementKind {
  kSelect, kInsert, kUpdate, kDelete, kCreateTable, kCreateView, kCreateSchema, kDrop,
  kAlterTable, kTruncate, kTransaction, kExplain, kSet, kShow, kAnalyze, kVacuum, kCopy, kUnload,
  kMerge, kRefreshMaterializedView,
};

struct Statement {
  explicit Statement(StatementKind k) : kind(k) {}
  virtual ~Statement() = default;
  StatementKind kind;
  int position = -1;  // offset of the first token
  int end = -1;       // offset just past the last token (before the ';')
};
using StatementPtr = std::unique_ptr<Statement>;

struct SelectStatement : Statement {
  SelectStatement() : Statement(StatementKind::kSelect) {}
  std::unique_ptr<SelectStmt> query;
};

struct ColumnDef {
  std::string name;
  TypeName type;
  int position = -1;
  bool not_null = false;
  bool nullable_written = false;  // explicit NULL
  ExprPtr default_value;
  std::string default_text;  // the DEFAULT expression's source text, kept for the catalog
  bool primary_key = false;
  bool unique = false;
  std::vector<std::string> references;  // REFERENCES t (col): {"t"} or {"schema","t"}
  std::vector<std::string> references_columns;
  bool identity = false;
  long long identity_seed = 1;
  long long identity_step = 1;
  std::string encode;  // ENCODE az64 / raw / zstd / ... (lower case) or empty
  bool distkey = false;
  bool sortkey = false;
};

struct TableConstraint {
  enum class Kind { kPrimaryKey, kUnique, kForeignKey };
  Kind kind = Kind::kPrimaryKey;
  std::vector<std::string> columns;
  std::vector<std::string> references;          // kForeignKey: table name parts
  std::vector<std::string> references_columns;  // kForeignKey
  int position = -1;
};

struct CreateTableStatement : Statement {
  CreateTableStatement() : Statement(StatementKind::kCreateTable) {}
  std::vector<std::string> names;  // {"t"} or {"schema", "t"}
  bool if_not_exists = false;
  bool temporary = false;
  std::vector<ColumnDef> columns;
  std::vector<TableConstraint> constraints;
  std::vector<std::string> like_table;  // CREATE TABLE t (LIKE other)
  bool like_including_defaults = false;
  std::string diststyle;                // "auto", "even", "key", "all" or ""
  std::string distkey;                  // DISTKEY (col)
  std::string sortkey_style;            // "compound", "interleaved", "auto" (SORTKEY AUTO) or ""
  std::vector<std::string> sortkey;     // SORTKEY (a, b)
  bool backup = true;                   // BACKUP YES|NO (accepted, no effect)
  std::unique_ptr<SelectStmt> as_query; // CREATE TABLE t AS SELECT ...
  std::vector<std::string> as_column_names;  // CREATE TABLE t (a, b) AS SELECT ...
};

struct CreateViewStatement : Statement {
  CreateViewStatement() : Statement(StatementKind::kCreateView) {}
  std::vector<std::string> names;
  bool or_replace = false;
  bool materialized = false;
  std::string auto_refresh;  // materialized: "yes", "no" or ""
  bool backup = true;        // materialized: BACKUP YES|NO
  std::vector<std::string> column_aliases;
  std::unique_ptr<SelectStmt> query;
  std::string query_text;  // the SELECT's source text, exactly as written
  bool with_no_schema_binding = false;
};

struct CreateSchemaStatement : Statement {
  CreateSchemaStatement() : Statement(StatementKind::kCreateSchema) {}
  std::string name;
  bool if_not_exists = false;
};

enum class ObjectKind { kTable, kView, kMaterializedView, kSchema };

struct DropStatement : Statement {
  DropStatement() : Statement(StatementKind::kDrop) {}
  ObjectKind object = ObjectKind::kTable;
  std::vector<std::vector<std::string>> targets;  // DROP TABLE a, s.b
  bool if_exists = false;
  bool cascade = false;
};

struct InsertStatement : Statement {
  InsertStatement() : Statement(StatementKind::kInsert) {}
  std::vector<std::string> table;
  std::vector<std::string> columns;   // empty: all columns in order
  std::unique_ptr<SelectStmt> query;  // VALUES lists are a QueryNode of kind kValues
  bool default_values = false;        // INSERT INTO t DEFAULT VALUES
};

struct SetClause {
  std::string column;
  ExprPtr value;
  int position = -1;
};

struct UpdateStatement : Statement {
  UpdateStatement() : Statement(StatementKind::kUpdate) {}
  std::vector<std::string> table;
  std::string alias;
  std::vector<SetClause> set;
  std::vector<TableRefPtr> from;
  ExprPtr where;
};

struct DeleteStatement : Statement {
  DeleteStatement() : Statement(StatementKind::kDelete) {}
  std::vector<std::string> table;
  std::string alias;
  std::vector<TableRefPtr> using_tables;
  ExprPtr where;
};

// One WHEN clause of MERGE: WHEN [NOT] MATCHED [AND condition] THEN action.
struct MergeClause {
  enum class Action { kUpdate, kDelete, kInsert, kDoNothing };
  bool matched = true;
  ExprPtr condition;                // AND condition, or null
  Action action = Action::kUpdate;
  std::vector<SetClause> set;       // kUpdate
  std::vector<std::string> columns; // kInsert: empty means all columns in order
  std::vector<ExprPtr> values;      // kInsert; empty with default_values
  bool default_values = false;      // INSERT DEFAULT VALUES
  int position = -1;
};

// MERGE INTO target [[AS] alias] USING source ON condition {WHEN ... | REMOVE DUPLICATES}
struct MergeStatement : Statement {
  MergeStatement() : Statement(StatementKind::kMerge) {}
  std::vector<std::string> table;
  std::string alias;
  std::vector<TableRefPtr> source;  // one table or parenthesized query, with its alias
  ExprPtr on;
  std::vector<MergeClause> clauses;
  bool remove_duplicates = false;  // Redshift's simplified form
};

struct RefreshMaterializedViewStatement : Statement {
  RefreshMaterializedViewStatement() : Statement(StatementKind::kRefreshMaterializedView) {}
  std::vector<std::string> names;
};

struct AlterTableStatement : Statement {
  AlterTableStatement() : Statement(StatementKind::kAlterTable) {}
  // kSetAutoRefresh: ALTER MATERIALIZED VIEW v AUTO REFRESH {YES | NO} (new_name: yes/no)
  enum class Action { kAddColumn, kDropColumn, kRenameColumn, kRenameTable, kSetAutoRefresh };
  std::vector<std::string> table;
  Action action = Action::kAddColumn;
  ColumnDef column;          // kAddColumn
  std::string column_name;   // kDropColumn, kRenameColumn (old name)
  std::string new_name;      // kRenameColumn, kRenameTable
  bool if_exists = false;    // ALTER TABLE IF EXISTS / DROP COLUMN IF EXISTS
  bool cascade = false;
};

struct TruncateStatement : Statement {
  TruncateStatement() : Statement(StatementKind::kTruncate) {}
  std::vector<std::string> table;
};

struct TransactionStatement : Statement {
  TransactionStatement() : Statement(StatementKind::kTransaction) {}
  enum class Action { kBegin, kCommit, kRollback };
  Action action = Action::kBegin;
};

struct ExplainStatement : Statement {
  ExplainStatement() : Statement(StatementKind::kExplain) {}
  bool analyze = false;
  bool verbose = false;
  bool lineage = false;       // EXPLAIN LINEAGE: the sources of each output column
  bool expand_views = true;   // with LINEAGE: trace through views to their tables
  StatementPtr statement;
};

struct SetStatement : Statement {
  SetStatement() : Statement(StatementKind::kSet) {}
  std::string name;   // lower case
  std::string value;  // as written, unquoted; "default" for SET x TO DEFAULT / RESET x
};

struct ShowStatement : Statement {
  ShowStatement() : Statement(StatementKind::kShow) {}
  std::string name;
};

struct AnalyzeStatement : Statement {
  AnalyzeStatement() : Statement(StatementKind::kAnalyze) {}
  std::vector<std::string> table;  // empty: every table
  bool compression = false;        // ANALYZE COMPRESSION t
};

struct VacuumStatement : Statement {
  VacuumStatement() : Statement(StatementKind::kVacuum) {}
  std::vector<std::string> table;  // empty: every table
};

// COPY table [(columns)] FROM 'source' [WITH] option [option ...]
// Options keep Redshift's names, lower case; an option's value is its argument as written
// ("" for flags such as CSV or GZIP): {"delimiter", "|"}, {"ignoreheader", "1"}.
struct CopyOption {
  std::string name;
  std::string value;
  int position = -1;
};

struct CopyStatement : Statement {
  CopyStatement() : Statement(StatementKind::kCopy) {}
  std::vector<std::string> table;
  std::vector<std::string> columns;
  std::string source;
  int source_position = -1;
  std::vector<CopyOption> options;
};

// UNLOAD ('select ...') TO 'prefix' option [option ...]
// The quoted query is parsed with the statement; its positions point into the statement's
// text. Options are kept as COPY's are: {"delimiter", "|"}, {"gzip", ""},
// {"maxfilesize", "100 mb"}, {"parallel", "off"}, {"manifest", "verbose"},
// {"iam_role", "default"}; PARTITION BY is held apart.
struct UnloadStatement : Statement {
  UnloadStatement() : Statement(StatementKind::kUnload) {}
  std::unique_ptr<SelectStmt> query;
  std::string target;
  int target_position = -1;
  std::vector<CopyOption> options;
  std::vector<std::string> partition_by;  // PARTITION BY (a, b)
  bool partition_include = false;         // ... INCLUDE
  int partition_position = -1;
};

}  // namespace martlet::sql
