#include "cli/database_directory.hpp"

#include <cstdlib>

namespace martlet::cli {

std::string ResolveDatabaseDirectory(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  const char* from_environment = std::getenv(kDatabaseEnvironmentVariable);
  if (from_environment != nullptr && *from_environment != '\0') return from_environment;
  return kDefaultDatabaseDirectory;
}

}  // namespace martlet::cli
