#include "cli/generate_command.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/generate/ssb_generator.hpp"
#include "cli/generate/table_writer.hpp"
#include "cli/generate/tpch_generator.hpp"
#include "cli/terminal.hpp"
#include "martlet/martlet.hpp"

namespace martlet::cli {
namespace {

namespace fs = std::filesystem;
using generate::TableOutput;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::optional<fs::path> ExistingFile(const fs::path& path) {
  std::error_code error;
  if (fs::is_regular_file(path, error)) return path;
  return std::nullopt;
}

// Walks up from `start` looking for shared/bench/<benchmark>/schema.sql in each ancestor:
// the repository lives beside shared/, and the binary and the shell live inside the repository.
std::optional<fs::path> SearchUpwards(fs::path start, const std::string& benchmark) {
  std::error_code error;
  start = fs::weakly_canonical(start, error);
  for (fs::path directory = start; !directory.empty(); directory = directory.parent_path()) {
    if (auto found = ExistingFile(directory / "shared" / "bench" / benchmark / "schema.sql")) return found;
    if (directory == directory.parent_path()) break;
  }
  return std::nullopt;
}

// --schema, then $MARTLET_SHARED_DIR, then the shared folder the build was configured with,
// then a shared/ folder above the working directory or above the binary.
Result<fs::path> FindSchema(const GenerateOptions& options) {
  if (!options.schema.empty()) {
    if (auto found = ExistingFile(options.schema)) return *found;
    return Status(StatusCode::kIOError, fmt::format("schema file \"{}\" does not exist", options.schema));
  }
  fs::path relative = fs::path("bench") / options.benchmark / "schema.sql";
  if (const char* shared = std::getenv("MARTLET_SHARED_DIR"); shared != nullptr && *shared != '\0') {
    if (auto found = ExistingFile(fs::path(shared) / relative)) return *found;
  }
#ifdef MARTLET_SHARED_DIR
  if (auto found = ExistingFile(fs::path(MARTLET_SHARED_DIR) / relative)) return *found;
#endif
  std::error_code error;
  if (auto found = SearchUpwards(fs::current_path(error), options.benchmark)) return *found;
  if (auto found = SearchUpwards(fs::read_symlink("/proc/self/exe", error).parent_path(), options.benchmark)) {
    return *found;
  }
  return Status(StatusCode::kIOError,
                fmt::format("could not find {}'s schema.sql; pass --schema FILE or set "
                            "MARTLET_SHARED_DIR", options.benchmark));
}

Result<std::string> ReadText(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  if (!file) return Status(StatusCode::kIOError, fmt::format("could not read \"{}\"", path.string()));
  return std::move(text).str();
}

// Creates the tables and COPYs the files in, through the public API as any embedder would.
Status LoadDatabase(const GenerateOptions& options, const std::vector<TableOutput>& outputs) {
  ASSIGN_OR_RETURN(fs::path schema_path, FindSchema(options));
  ASSIGN_OR_RETURN(std::string schema, ReadText(schema_path));
  ASSIGN_OR_RETURN(std::unique_ptr<Database> database, Database::Open(options.database));
  Connection connection = database->connect();
  for (const TableOutput& output : outputs) {
    QueryResult dropped = connection.query("DROP TABLE IF EXISTS " + output.table);
    if (!dropped.ok()) return dropped.status();
  }
  for (const QueryResult& result : connection.query_all(schema)) {
    if (!result.ok()) {
      return Status(result.status().code(),
                    fmt::format("{}: {}", schema_path.string(), result.error_message()));
    }
  }
  for (const TableOutput& output : outputs) {
    auto start = std::chrono::steady_clock::now();
    std::string copy = fmt::format("COPY {} FROM '{}'{}", output.table,
                                   fs::absolute(output.path).string(), options.format == "csv" ? " CSV" : "");
    QueryResult result = connection.query(copy);
    if (!result.ok()) return Status(result.status().code(), copy + ": " + result.error_message());
    fmt::print(stderr, "loaded {:<10} {:>10} rows in {:.2f} s\n", output.table, output.rows,
               SecondsSince(start));
  }
  return Status::Ok();
}

void PrintSummary(const std::vector<TableOutput>& outputs, double seconds) {
  uint64_t text_bytes = 0;
  for (const TableOutput& output : outputs) {
    fmt::print(stderr, "{:<10} {:>11} rows {:>10.1f} MB  {}\n", output.table, output.rows,
               output.file_bytes / 1e6, output.path);
    text_bytes += output.text_bytes;
  }
  fmt::print(stderr, "generated {:.1f} MB of text in {:.2f} s ({:.0f} MB/s)\n", text_bytes / 1e6,
             seconds, seconds > 0 ? text_bytes / 1e6 / seconds : 0.0);
}

}  // namespace

int RunGenerateCommand(const GenerateOptions& options) {
  if (options.scale_factor <= 0) {
    fmt::print(stderr, "martlet: --sf must be positive\n");
    return kExitUsage;
  }
  std::vector<generate::TableJob> jobs = options.benchmark == "ssb"
                                             ? generate::SsbTables(options.scale_factor, options.seed)
                                             : generate::TpchTables(options.scale_factor, options.seed);
  generate::WriteOptions write;
  write.directory = options.directory;
  write.format = options.format == "csv" ? generate::FileFormat::kCsv : generate::FileFormat::kTbl;
  write.gzip = options.gzip;
  write.threads = options.threads;
  write.progress = StderrIsTerminal();

  auto start = std::chrono::steady_clock::now();
  Result<std::vector<TableOutput>> outputs = generate::WriteTables(jobs, write);
  if (!outputs.ok()) {
    fmt::print(stderr, "martlet: {}\n", outputs.status().message());
    return kExitSqlError;
  }
  PrintSummary(outputs.value(), SecondsSince(start));
  if (options.database.empty()) return kExitOk;

  Status loaded = LoadDatabase(options, outputs.value());
  if (!loaded.ok()) {
    fmt::print(stderr, "martlet: {}\n", loaded.message());
    return kExitSqlError;
  }
  return kExitOk;
}

}  // namespace martlet::cli
