// PostgreSQL sources: a table or a query of a PostgreSQL database, read with the engine's
// postgres_query() table function into the source's table, which is created from the
// source's columns on the first load.
//
// Without incremental_column every run replaces the table with the source's rows. With one,
// martlet_bookmarks keeps its high-water mark (the greatest value loaded), and a run loads
// only the rows above it: appended, or merged on unique_key (the new rows replace the rows
// with the same key). The rows and the new mark are committed in one transaction; with
// --full-refresh the mark is ignored and the table rebuilt.
#pragma once

#include <string>

#include "etl/node_builder.hpp"

namespace martlet::etl {

// The connection string: the TOML's postgres, or the value of the variable postgres_env names.
Result<std::string> SourceConninfo(const Node& node);

// The high-water mark stored for the node's incremental column, or "" when none is.
Result<std::string> StoredHighWater(Connection& connection, const std::string& pipeline,
                                    const Node& node);

// What a run would do with the source, given its mark and whether its table exists.
std::string PostgresSourceAction(const Node& node, const std::string& high_water, bool table_exists,
                                 bool full_refresh);

Status LoadPostgresSource(const BuildContext& context, Connection& connection, const Node& node,
                          NodeResult& result);

}  // namespace martlet::etl
