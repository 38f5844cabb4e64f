// Writes generated tables to files: splits each table into fixed chunks of rows, makes the
// chunks on every core, and writes them in order, so the file is the same whatever the
// thread count. With gzip each chunk becomes its own gzip member (a concatenation of members
// is one valid gzip file), which keeps compression parallel too.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cli/generate/row_writer.hpp"
#include "martlet/status.hpp"

namespace martlet::generate {

// One table to generate. A unit is one row, or one order for the tables (lineitem,
// lineorder) whose rows come in groups made from one seed.
struct TableJob {
  std::string name;
  uint64_t units = 0;
  // Appends the rows of unit `unit` (0-based); must depend on nothing but the unit number.
  std::function<void(uint64_t unit, RowWriter& writer)> emit_unit;
};

struct WriteOptions {
  std::string directory;
  FileFormat format = FileFormat::kTbl;
  bool gzip = false;
  int threads = 0;        // 0: every core
  bool progress = false;  // a progress bar on standard error
};

struct TableOutput {
  std::string table;
  std::string path;
  uint64_t rows = 0;
  uint64_t text_bytes = 0;  // before compression
  uint64_t file_bytes = 0;
};

// "lineitem.tbl", "lineitem.csv.gz", ...
std::string TableFileName(const std::string& table, FileFormat format, bool gzip);

// The text of units [begin, end) of `job`, as the files hold it before compression.
std::string GenerateUnits(const TableJob& job, uint64_t begin, uint64_t end, FileFormat format);

// Writes every job to `options.directory` (created when missing), one file per table.
Result<std::vector<TableOutput>> WriteTables(const std::vector<TableJob>& jobs,
                                             const WriteOptions& options);

// A scale factor's share of a base row count: round(base * sf), at least 1.
uint64_t ScaledCount(uint64_t base, double scale_factor);

}  // namespace martlet::generate
