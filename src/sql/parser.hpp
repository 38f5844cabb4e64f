// The SQL parser: Redshift/PostgreSQL text in, AST (sql/ast.hpp) out.
#pragma once

#include <string_view>
#include <vector>

#include "martlet/status.hpp"
#include "sql/ast.hpp"

namespace martlet::sql {

// Parses every statement in `sql`. Statements are separated by ';'; empty ones are skipped.
// Each statement records the byte offsets of its first token and just past its last one.
// The first error stops parsing: a kSyntaxError whose position is the byte offset of the
// offending token (or the text's length at end of input) and whose message says what was
// expected there. Never throws; nesting deeper than 500 levels is an error, not a crash.
Result<std::vector<StatementPtr>> ParseSql(std::string_view sql);

}  // namespace martlet::sql
