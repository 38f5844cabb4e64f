// `martlet sql`: runs SQL from -c, -f or standard input, or starts the shell on a terminal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/result_printer.hpp"

namespace martlet::cli {

// One -c or -f argument; they run in the order they were given, as in psql.
struct SqlSource {
  enum class Kind { kCommand, kFile };
  Kind kind;
  std::string text;  // the SQL for kCommand, the path for kFile ("-": standard input)
};

struct SqlCommandOptions {
  std::string database;  // --db; empty: $MARTLET_DB, then ./martlet-data
  std::vector<SqlSource> sources;
  std::optional<OutputFormat> format;
  bool timing = false;  // --timing: "Time: X ms" on stderr after each statement, as psql's \timing
};

// Returns the process exit code: 0, or 1 after the first failed statement (later ones do
// not run, as with psql -v ON_ERROR_STOP=1).
int RunSqlCommand(const SqlCommandOptions& options);

}  // namespace martlet::cli
