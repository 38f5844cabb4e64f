// Which relations a statement reads: the tables and views named in its FROM clauses,
// subqueries and common table expressions. The pipeline runner builds its DAG from this.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sql/ast.hpp"

namespace martlet::sql {

struct RelationReference {
  std::vector<std::string> names;  // as written, case-folded: {"t"}, {"schema", "t"}
  int position = -1;               // byte offset of the name's first token
};

// Every relation the statement reads, in the order they appear in the text, duplicates
// included. Names of common table expressions are not relations: a reference to a CTE that
// is in scope (its own WITH or an enclosing one; a recursive CTE inside its own body) is
// left out. Table function calls (generate_series(...)) are not relations either. The
// target of INSERT, UPDATE, DELETE and CREATE is written, not read, and is left out.
std::vector<RelationReference> ReadRelations(const Statement& statement);

// How many times the query reads each WITH query of its own and of the queries nested in it
// (by the same scoping); WITH queries it never reads are absent.
std::map<const CommonTableExpr*, int> CountCteReads(const SelectStmt& select);

}  // namespace martlet::sql
