// `martlet generate ssb|tpch`: writes a benchmark's tables as files and optionally loads
// them into a database.
#pragma once

#include <cstdint>
#include <string>

namespace martlet::cli {

struct GenerateOptions {
  std::string benchmark;     // "ssb" or "tpch"
  double scale_factor = 1;   // --sf; fractions such as 0.01 make small test data
  std::string directory;     // --out
  std::string format = "tbl";  // "tbl" ('|'-separated, as dbgen) or "csv"
  bool gzip = false;
  uint64_t seed = 19920101;  // --seed; the same seed always gives the same files
  int threads = 0;           // --threads; 0: every core
  std::string database;      // --db: load the files into this database afterwards
  std::string schema;        // --schema: the CREATE TABLE script; found when empty
};

// Returns the process exit code.
int RunGenerateCommand(const GenerateOptions& options);

}  // namespace martlet::cli
