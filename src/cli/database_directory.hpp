// Where the database lives when the user does not say: --db, then $MARTLET_DB, then
// ./martlet-data (design.md, "a database is a directory").
#pragma once

#include <string>

namespace martlet::cli {

inline constexpr const char* kDefaultDatabaseDirectory = "martlet-data";
inline constexpr const char* kDatabaseEnvironmentVariable = "MARTLET_DB";

// `flag_value` is what --db said, empty when it was not given.
std::string ResolveDatabaseDirectory(const std::string& flag_value);

}  // namespace martlet::cli
