// Running the runner's SQL through the public Connection API, with errors as values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "martlet/martlet.hpp"

namespace martlet::etl {

// Runs one statement (or several separated by ';'; the last one's result) and returns its
// result or its error. A failed statement inside a transaction rolls the transaction back.
Result<QueryResult> Execute(Connection& connection, const std::string& sql);

// Runs the statements as one transaction: all of them take effect, or none.
Status ExecuteAtomically(Connection& connection, const std::vector<std::string>& statements);

// The count a command tag ends with: "INSERT 0 5" → 5, "COPY 12" → 12; -1 when none.
int64_t TagCount(const QueryResult& result);

// "BASE TABLE", "VIEW" (as information_schema.tables says), or "" when there is no such relation.
Result<std::string> RelationType(Connection& connection, const std::string& schema,
                                 const std::string& name);

// Every relation in the database, as "schema.name".
Result<std::vector<std::string>> ListRelations(Connection& connection);

// The column names of a query's result, found without reading its rows (LIMIT 0).
Result<std::vector<std::string>> ResultColumns(Connection& connection, const std::string& select);

// Now, in UTC, as a timestamp literal's text: 2026-11-26 12:01:02.345678
std::string TimestampNow();

}  // namespace martlet::etl
