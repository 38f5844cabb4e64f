// The options of UNLOAD, read and checked against each other as Redshift does, before any
// query runs or any file is touched.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/row_formatter.hpp"
#include "io/compression_writer.hpp"
#include "io/file_system.hpp"
#include "sql/ast.hpp"

namespace martlet {

enum class UnloadFormat { kText, kCsv, kJson, kFixedWidth };

struct UnloadOptions {
  UnloadFormat format = UnloadFormat::kText;
  DelimitedWriteOptions delimited;   // delimiter, ADDQUOTES, ESCAPE, NULL AS
  std::vector<size_t> fixed_widths;  // FIXEDWIDTH 'label:width,...', in column order
  bool header = false;
  OutputCompression compression = OutputCompression::kNone;
  std::string suffix;  // ".gz", ".zst", ".bz2", or "." + EXTENSION
  bool parallel = true;
  uint64_t max_file_bytes = 0;
  bool manifest = false;
  bool manifest_verbose = false;
  bool allow_overwrite = false;
  bool clean_path = false;
  StorageOptions storage;
};

// Redshift's limits for MAXFILESIZE: 5 MB to 6.2 GB, 6.2 GB when not given.
inline constexpr uint64_t kMinUnloadFileBytes = 5ull << 20;
inline constexpr uint64_t kMaxUnloadFileBytes = static_cast<uint64_t>(6.2 * (1ull << 30));

Result<UnloadOptions> ParseUnloadOptions(const sql::UnloadStatement& statement);

}  // namespace martlet
