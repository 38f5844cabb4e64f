// `martlet pipeline ...`: init, run, test, plan, graph and runs on a pipeline project
// (src/etl does the work; this file reads flags and prints).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace martlet::cli {

struct PipelineOptions {
  std::string project = ".";
  std::string database;  // --db; empty: the TOML's database, then $MARTLET_DB, then ./martlet-data
  std::vector<std::string> select;
  bool full_refresh = false;
  bool columns = false;  // graph --columns: lineage per column, from the database
  int threads = 4;
  std::string format;  // run/test/plan: text or json; graph: mermaid, dot, svg (and with --columns text, json); runs: table, csv, json
  std::string init_directory;
  int limit = 20;
};

// Adds `pipeline` and its subcommands to `app`; returns the `pipeline` subcommand.
CLI::App* AddPipelineSubcommand(CLI::App& app, PipelineOptions& options);

// Runs whichever pipeline subcommand was parsed; returns the exit code.
int RunPipelineCommand(const CLI::App& pipeline, const PipelineOptions& options);

}  // namespace martlet::cli
