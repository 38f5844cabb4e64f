// The martlet command: parses the command line and hands over to one subcommand.
//
// CLI11 reports parse errors as exceptions; they are caught here, at the edge, and turned
// into exit code 2 like every other usage error.
#include <malloc.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/demo_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/generate_command.hpp"
#include "cli/pipeline_command.hpp"
#include "cli/sql_command.hpp"
#include "cli/version.hpp"

namespace martlet::cli {
namespace {

constexpr const char* kDatabaseHelp =
    "Database directory (default: $MARTLET_DB, else ./martlet-data); created when missing";

struct SqlFlags {
  std::string database;
  std::vector<std::string> commands;
  std::vector<std::string> files;
  std::string format;
  bool timing = false;
  CLI::Option* command_option = nullptr;
  CLI::Option* file_option = nullptr;
};

CLI::App* AddSqlSubcommand(CLI::App& app, SqlFlags& flags) {
  CLI::App* sql = app.add_subcommand(
      "sql", "Run SQL from -c or -f or piped input; start the interactive shell on a terminal");
  sql->add_option("--db", flags.database, kDatabaseHelp);
  flags.command_option =
      sql->add_option("-c,--command", flags.commands,
                      "Run SQL (may hold several statements; the last one's result is shown). "
                      "Repeatable")
          ->allow_extra_args(false);
  flags.file_option =
      sql->add_option("-f,--file", flags.files,
                      "Run every statement in FILE ('-' for standard input), showing each result. "
                      "Repeatable")
          ->allow_extra_args(false);
  sql->add_option("--format", flags.format, "Result format (default: table)")
      ->check(CLI::IsMember({"table", "csv", "json", "markdown"}));
  sql->add_flag("--timing", flags.timing,
                "Print each statement's run time as 'Time: X ms' on standard error, like psql's \\timing");
  sql->footer(
      "Stops at the first failed statement with exit code 1.\n\n"
      "Examples:\n"
      "  martlet sql -c 'SELECT 1 AS one'\n"
      "  martlet sql --db ./warehouse -f load.sql\n"
      "  echo 'SELECT 42;' | martlet sql --format csv\n"
      "  martlet sql                      # interactive shell");
  return sql;
}

// psql runs -c and -f in the order given; CLI11 keeps each flag's values apart, so the
// order is rebuilt from the parse order.
SqlCommandOptions ToSqlOptions(const CLI::App& sql, const SqlFlags& flags) {
  SqlCommandOptions options;
  options.database = flags.database;
  options.timing = flags.timing;
  if (!flags.format.empty()) options.format = ParseOutputFormat(flags.format);
  size_t next_command = 0;
  size_t next_file = 0;
  for (const CLI::Option* option : sql.parse_order()) {
    if (option == flags.command_option && next_command < flags.commands.size()) {
      options.sources.push_back({SqlSource::Kind::kCommand, flags.commands[next_command++]});
    } else if (option == flags.file_option && next_file < flags.files.size()) {
      options.sources.push_back({SqlSource::Kind::kFile, flags.files[next_file++]});
    }
  }
  return options;
}

CLI::App* AddDemoSubcommand(CLI::App& app, DemoOptions& options) {
  CLI::App* demo = app.add_subcommand(
      "demo", "Build a retail star schema with generated sales and run analytic queries on it");
  demo->add_option("--db", options.database, kDatabaseHelp);
  demo->add_option("--rows", options.rows, "Number of sales to generate")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  demo->footer(
      "Replaces the tables Fact_Sales, Dim_Date, Dim_Product and Dim_Store in the database.\n\n"
      "Examples:\n"
      "  martlet demo\n"
      "  martlet demo --rows 100000 --db /tmp/retail");
  return demo;
}

CLI::App* AddGenerateSubcommand(CLI::App& app, GenerateOptions& options) {
  CLI::App* generate = app.add_subcommand(
      "generate", "Write the SSB or TPC-H tables as files, optionally loading them into a database");
  generate->add_option("benchmark", options.benchmark, "ssb or tpch")
      ->required()
      ->check(CLI::IsMember({"ssb", "tpch"}));
  generate->add_option("--sf", options.scale_factor, "Scale factor; fractions such as 0.01 work")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            char* end = nullptr;
            double value = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0' || !(value > 0) || value > 100000) {
              return "must be a number above 0 (at most 100000), got " + text;
            }
            return "";
          },
          "SCALE"))
      ->capture_default_str();
  generate->add_option("--out", options.directory, "Directory for the files (created when missing)")
      ->required();
  generate->add_option("--format", options.format, "tbl ('|'-separated, as dbgen writes) or csv")
      ->check(CLI::IsMember({"tbl", "csv"}))
      ->capture_default_str();
  generate->add_flag("--gzip", options.gzip, "Compress each file with gzip (<table>.tbl.gz)");
  generate->add_option("--seed", options.seed, "Seed; the same seed gives the same bytes")
      ->capture_default_str();
  generate->add_option("--threads", options.threads, "Threads (default: every core)")
      ->check(CLI::NonNegativeNumber);
  generate->add_option("--db", options.database,
                       "Afterwards create the tables in this database and COPY the files in");
  generate->add_option("--schema", options.schema,
                       "The CREATE TABLE script for --db (default: bench/<benchmark>/schema.sql in "
                       "$MARTLET_SHARED_DIR, the build's shared folder, or a shared/ folder above "
                       "the working directory or the binary)");
  generate->footer(
      "Output is the same for a given --sf and --seed whatever the thread count.\n\n"
      "Examples:\n"
      "  martlet generate ssb --sf 1 --out /tmp/ssb-sf1\n"
      "  martlet generate tpch --sf 0.01 --out /tmp/tpch --format csv --gzip\n"
      "  martlet generate ssb --sf 0.1 --out /tmp/ssb --db /tmp/ssb-db");
  return generate;
}

CLI::App* AddVersionSubcommand(CLI::App& app) {
  CLI::App* version = app.add_subcommand("version", "Print the version of martlet");
  version->footer("Example:\n  martlet version");
  return version;
}

int Main(int argc, char** argv) {
  CLI::App app{"Martlet: a data warehouse in one binary, speaking Amazon Redshift's SQL",
               "martlet"};
  app.set_version_flag("--version", fmt::format("martlet {}", kMartletVersion));
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  martlet demo                      # build and query a sample warehouse\n"
      "  martlet sql -c 'SELECT 1'\n"
      "  martlet sql                       # interactive shell\n"
      "  martlet generate ssb --sf 1 --out /tmp/ssb\n"
      "  martlet pipeline init shop        # a pipeline project to start from\n\n"
      "Run 'martlet SUBCOMMAND --help' for a subcommand's options.");

  SqlFlags sql_flags;
  DemoOptions demo_options;
  GenerateOptions generate_options;
  CLI::App* sql = AddSqlSubcommand(app, sql_flags);
  CLI::App* demo = AddDemoSubcommand(app, demo_options);
  CLI::App* generate = AddGenerateSubcommand(app, generate_options);
  PipelineOptions pipeline_options;
  CLI::App* pipeline = AddPipelineSubcommand(app, pipeline_options);
  CLI::App* version = AddVersionSubcommand(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);  // prints the help, the version or the error
    return code == 0 ? kExitOk : kExitUsage;
  }

  if (sql->parsed()) return RunSqlCommand(ToSqlOptions(*sql, sql_flags));
  if (demo->parsed()) return RunDemoCommand(demo_options);
  if (generate->parsed()) return RunGenerateCommand(generate_options);
  if (pipeline->parsed()) return RunPipelineCommand(*pipeline, pipeline_options);
  if (version->parsed()) {
    fmt::print("martlet {}\n", kMartletVersion);
    return kExitOk;
  }
  return kExitUsage;
}

}  // namespace
}  // namespace martlet::cli

// Queries allocate and free large vectors and hash tables one after another. By default glibc
// hands every block over 128 KB (a threshold that then adapts) back to the kernel on free and
// trims the heap above 128 KB, so each query pays page faults for memory the previous one had
// already touched (TPC-H q18: -20 % without them). Blocks up to 32 MB (glibc's limit) now
// stay in the heap, and up to 512 MB of free heap is kept for the next query. (Padding each
// heap extension as well, M_TOP_PAD, made SSB's scans about 8 % slower.)
static void KeepFreedMemoryForReuse() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

int main(int argc, char** argv) {
  KeepFreedMemoryForReuse();
  return martlet::cli::Main(argc, argv);
}
