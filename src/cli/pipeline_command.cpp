#include "cli/pipeline_command.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "cli/database_directory.hpp"
#include "cli/exit_codes.hpp"
#include "cli/result_printer.hpp"
#include "common/text_escape.hpp"
#include "etl/column_graph.hpp"
#include "etl/lineage_graph.hpp"
#include "etl/pipeline_runner.hpp"
#include "etl/project.hpp"
#include "etl/project_scaffold.hpp"
#include "etl/run_plan.hpp"
#include "etl/sql_text.hpp"
#include "martlet/martlet.hpp"

namespace martlet::cli {
namespace {

int Fail(const std::string& message) {
  fmt::print(stderr, "ERROR:  {}\n", message);
  return kExitSqlError;
}

std::string JsonNumber(int64_t value) { return value < 0 ? "null" : std::to_string(value); }

std::string DatabaseFor(const etl::Project& project, const PipelineOptions& options) {
  if (!options.database.empty()) return options.database;
  if (!project.database.empty()) return project.database;
  return ResolveDatabaseDirectory("");
}

std::string RowsText(int64_t rows) {
  if (rows < 0) return "";
  return fmt::format("{} row{}", rows, rows == 1 ? "" : "s");
}

std::string ModelMaterialization(const etl::Node& node) {
  return node.kind == etl::NodeKind::kModel ? etl::MaterializationName(node.materialization)
                                            : etl::NodeKindName(node.kind);
}

void PrintNodeLine(const etl::Project& project, const etl::NodeResult& result, size_t done,
                   size_t total) {
  const etl::Node& node = project.nodes[result.node];
  fmt::print("{:>3}/{:<3} {:<8} {:<17} {:<32} {:<36} {:>12} {:>8.2f} s\n", done, total,
             etl::NodeStatusName(result.status), ModelMaterialization(node), node.relation,
             result.action, RowsText(result.status == etl::NodeStatus::kSuccess ? result.rows : -1),
             result.seconds);
  for (const std::string& warning : result.warnings) fmt::print("        WARNING: {}\n", warning);
  if (result.status == etl::NodeStatus::kError) fmt::print("        ERROR: {}\n", result.error);
  if (result.status == etl::NodeStatus::kSkipped) fmt::print("        {}\n", result.error);
  std::fflush(stdout);
}

std::string TestSubject(const etl::Project& project, const etl::DataTest& test) {
  return test.node >= 0 ? project.nodes[test.node].relation : test.file;
}

void PrintTestLine(const etl::Project& project, const etl::TestResult& result) {
  const etl::DataTest& test = project.tests[result.test];
  fmt::print("test    {:<8} {:<17} {:<32} {}{}\n", etl::TestStatusName(result.status), test.kind,
             TestSubject(project, test), test.name,
             result.error.empty() ? "" : ": " + result.error);
  if (!result.sample_rows.empty()) {
    std::string header;
    for (const std::string& column : result.sample_columns)
      header += (header.empty() ? "" : " | ") + column;
    fmt::print("        failing rows{}: {}\n", result.failing_rows > 5 ? " (first 5)" : "", header);
    for (const auto& row : result.sample_rows) {
      std::string line;
      for (const std::string& value : row) line += (line.empty() ? "" : " | ") + value;
      fmt::print("          {}\n", line);
    }
  }
  std::fflush(stdout);
}

std::string ReportJson(const etl::Project& project, const etl::RunReport& report) {
  std::string out =
      fmt::format("{{\"run_id\":{},\"pipeline\":{},\"status\":{},\"seconds\":{:.3f},\"nodes\":[",
                  report.run_id, JsonString(project.name),
                  JsonString(report.summary.Failed() ? "error" : "success"), report.seconds);
  for (size_t i = 0; i < report.nodes.size(); i++) {
    const etl::NodeResult& result = report.nodes[i];
    const etl::Node& node = project.nodes[result.node];
    std::string warnings;
    for (const std::string& warning : result.warnings)
      warnings += (warnings.empty() ? "" : ",") + JsonString(warning);
    out += fmt::format(
        "{}{{\"relation\":{},\"kind\":{},\"materialization\":{},\"status\":{},\"action\":{},"
        "\"rows\":{},"
        "\"bytes\":{},\"seconds\":{:.3f},\"error\":{},\"warnings\":[{}]}}",
        i == 0 ? "" : ",", JsonString(node.relation), JsonString(etl::NodeKindName(node.kind)),
        JsonString(ModelMaterialization(node)), JsonString(etl::NodeStatusName(result.status)),
        JsonString(result.action), JsonNumber(result.rows), JsonNumber(result.bytes),
        result.seconds, result.error.empty() ? "null" : JsonString(result.error), warnings);
  }
  out += "],\"tests\":[";
  for (size_t i = 0; i < report.tests.size(); i++) {
    const etl::TestResult& result = report.tests[i];
    const etl::DataTest& test = project.tests[result.test];
    std::string sample;
    for (const auto& row : result.sample_rows) {
      std::string object;
      for (size_t c = 0; c < row.size(); c++) {
        object +=
            (c == 0 ? "" : ",") + JsonString(result.sample_columns[c]) + ":" + JsonString(row[c]);
      }
      sample += (sample.empty() ? "{" : ",{") + object + "}";
    }
    out += fmt::format(
        "{}{{\"test\":{},\"model\":{},\"status\":{},\"failing_rows\":{},\"sample\":[{}],\"error\":{"
        "}}}",
        i == 0 ? "" : ",", JsonString(test.name), JsonString(TestSubject(project, test)),
        JsonString(etl::TestStatusName(result.status)), result.failing_rows, sample,
        result.error.empty() ? "null" : JsonString(result.error));
  }
  const etl::RunSummary& s = report.summary;
  out += fmt::format(
      "],\"summary\":{{\"models_ok\":{},\"models_failed\":{},\"models_skipped\":{},\"tests_"
      "passed\":{},"
      "\"tests_failed\":{},\"tests_warned\":{},\"tests_skipped\":{}}}}}\n",
      s.models_ok, s.models_failed, s.models_skipped, s.tests_passed, s.tests_failed,
      s.tests_warned, s.tests_skipped);
  return out;
}

int RunOrTest(const etl::Project& project, const PipelineOptions& options, bool build) {
  bool json = options.format == "json";
  Database database(DatabaseFor(project, options));
  if (!database.status().ok()) return Fail(database.status().message());
  etl::RunOptions run;
  run.select = options.select;
  run.full_refresh = options.full_refresh;
  run.threads = options.threads;
  run.build_nodes = build;
  run.command = build ? "run" : "test";
  etl::RunCallbacks callbacks;
  if (!json) {
    callbacks.node_done = [&](const etl::NodeResult& result, size_t done, size_t total) {
      PrintNodeLine(project, result, done, total);
    };
    callbacks.test_done = [&](const etl::TestResult& result) { PrintTestLine(project, result); };
  }
  auto report = etl::RunPipeline(project, database, run, callbacks);
  if (!report.ok()) return Fail(report.status().message());
  if (json) {
    fmt::print("{}", ReportJson(project, report.value()));
  } else {
    for (const etl::NodeResult& result : report->nodes) {
      if (!result.detail.empty()) {
        fmt::print("\n{} ({}):\n{}\n", project.nodes[result.node].relation,
                   project.nodes[result.node].file, result.detail);
      }
    }
    const etl::RunSummary& s = report->summary;
    fmt::print(
        "\nRun {} of {}: {} succeeded, {} failed, {} skipped; tests: {} passed, {} failed, {} "
        "warned"
        "{} in {:.2f} s\n",
        report->run_id, project.name, s.models_ok, s.models_failed, s.models_skipped,
        s.tests_passed, s.tests_failed, s.tests_warned,
        s.tests_skipped > 0 ? fmt::format(", {} skipped", s.tests_skipped) : "", report->seconds);
  }
  return report->summary.Failed() ? kExitSqlError : kExitOk;
}

int Plan(const etl::Project& project, const PipelineOptions& options) {
  Database database(DatabaseFor(project, options));
  if (!database.status().ok()) return Fail(database.status().message());
  Connection connection = database.connect();
  Status references = etl::CheckExternalReferences(project, connection);
  auto plan = etl::PlanRun(project, connection, options.select, options.full_refresh);
  if (!plan.ok()) return Fail(plan.status().message());
  if (options.format == "json") {
    std::string out = "[";
    for (size_t i = 0; i < plan->size(); i++) {
      const etl::PlannedNode& step = (*plan)[i];
      const etl::Node& node = project.nodes[step.node];
      out += fmt::format(
          "{}{{\"relation\":{},\"kind\":{},\"materialization\":{},\"action\":{},\"reason\":{}}}",
          i == 0 ? "" : ",", JsonString(node.relation), JsonString(etl::NodeKindName(node.kind)),
          JsonString(ModelMaterialization(node)), JsonString(step.action), JsonString(step.reason));
    }
    fmt::print("{}]\n", out);
  } else {
    for (const etl::PlannedNode& step : *plan) {
      const etl::Node& node = project.nodes[step.node];
      fmt::print("{:<32} {:<17} {:<28} {}\n", node.relation, ModelMaterialization(node),
                 step.action, step.reason);
    }
  }
  if (!references.ok()) return Fail(references.message());
  return kExitOk;
}

int PrintColumnGraph(const etl::Project& project, const PipelineOptions& options) {
  Database database(DatabaseFor(project, options));
  if (!database.status().ok()) return Fail(database.status().message());
  Connection connection = database.connect();
  auto graph = etl::BuildColumnGraph(project, connection);
  if (!graph.ok()) return Fail(graph.status().message());
  if (options.format == "text") {
    fmt::print("{}", etl::ColumnGraphText(*graph));
  } else if (options.format == "json") {
    fmt::print("{}", etl::ColumnGraphJson(*graph));
  } else if (options.format == "dot") {
    fmt::print("{}", etl::ColumnGraphDot(*graph, project.name));
  } else if (options.format == "svg") {
    fmt::print("{}", etl::ColumnGraphSvg(*graph, project.name));
  } else {
    fmt::print("{}", etl::ColumnGraphMermaid(*graph));
  }
  return kExitOk;
}

int Runs(const etl::Project& project, const PipelineOptions& options) {
  Database database(DatabaseFor(project, options));
  if (!database.status().ok()) return Fail(database.status().message());
  Connection connection = database.connect();
  QueryResult exists = connection.query(
      "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name "
      "= 'martlet_runs'");
  if (!exists.ok()) return Fail(exists.error_message());
  if (exists.text(0, 0) == "0") {
    fmt::print(stderr, "No runs of {} yet; 'martlet pipeline run' makes one.\n", project.name);
    return kExitOk;
  }
  QueryResult runs = connection.query(fmt::format(
      "SELECT run_id, command, status, started, ended - started AS duration, models_ok, "
      "models_failed, "
      "models_skipped, tests_failed, tests_warned, selection FROM martlet_runs WHERE pipeline = {} "
      "ORDER BY run_id DESC LIMIT {}",
      etl::QuoteLiteral(project.name), options.limit));
  if (!runs.ok()) return Fail(runs.error_message());
  auto format = ParseOutputFormat(options.format.empty() ? "table" : options.format);
  WriteResult(runs, format.value_or(OutputFormat::kTable), stdout);
  return kExitOk;
}

}  // namespace

CLI::App* AddPipelineSubcommand(CLI::App& app, PipelineOptions& options) {
  CLI::App* pipeline = app.add_subcommand(
      "pipeline",
      "Build a warehouse from a pipeline project: sources, seeds, SQL models and data tests");
  pipeline->require_subcommand(1);
  pipeline->footer(
      "A project is a folder with martlet.toml and models/**/*.sql; docs/pipelines.md explains "
      "it.\n\n"
      "Examples:\n"
      "  martlet pipeline init shop\n"
      "  martlet pipeline run --project shop\n"
      "  martlet pipeline run --select marts.customer_revenue+ --threads 8\n"
      "  martlet pipeline graph --format dot | dot -Tsvg > lineage.svg\n"
      "  martlet pipeline graph --columns --format text");
  auto add_common = [&](CLI::App* command) {
    command->add_option("--project", options.project,
                        "The project folder (default: the current one)");
    command->add_option(
        "--db", options.database,
        "Database directory (default: the TOML's database, else $MARTLET_DB, else ./martlet-data)");
  };
  auto add_select = [&](CLI::App* command) {
    command->add_option("-s,--select", options.select,
                        "Only these nodes: NAME, NAME+ (and downstream), +NAME (and upstream), "
                        "tag:TAG. Repeatable");
  };
  CLI::App* init =
      pipeline->add_subcommand("init", "Create a new project with a working example in DIR");
  init->add_option("directory", options.init_directory,
                   "The folder to create (must not exist or be empty)")
      ->required();
  CLI::App* run = pipeline->add_subcommand(
      "run", "Load sources and seeds, build the models, run the data tests");
  add_common(run);
  add_select(run);
  run->add_flag(
      "--full-refresh", options.full_refresh,
      "Rebuild incremental models and materialized views whole, reload every source file");
  run->add_option("--threads", options.threads, "Nodes built at the same time")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  run->add_option("--format", options.format, "Output: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  CLI::App* test =
      pipeline->add_subcommand("test", "Run the data tests on what the database holds now");
  add_common(test);
  add_select(test);
  test->add_option("--format", options.format, "Output: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  CLI::App* plan =
      pipeline->add_subcommand("plan", "Show what a run would do to each node, and why");
  add_common(plan);
  add_select(plan);
  plan->add_flag("--full-refresh", options.full_refresh, "Plan a full refresh");
  plan->add_option("--format", options.format, "Output: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  CLI::App* graph = pipeline->add_subcommand(
      "graph", "Print the lineage graph as Mermaid, Graphviz DOT or an SVG picture");
  add_common(graph);
  graph->add_flag("--columns", options.columns,
                  "Lineage per column, read from the database: which columns feed each column");
  graph->add_option("--format", options.format,
                    "mermaid (default), dot or svg; with --columns also text or json")
      ->check(CLI::IsMember({"mermaid", "dot", "svg", "text", "json"}));
  CLI::App* runs = pipeline->add_subcommand("runs", "Show the history of runs (martlet_runs)");
  add_common(runs);
  runs->add_option("--limit", options.limit, "How many runs, newest first")->capture_default_str();
  runs->add_option("--format", options.format, "table (default), csv, json or markdown")
      ->check(CLI::IsMember({"table", "csv", "json", "markdown"}));
  return pipeline;
}

int RunPipelineCommand(const CLI::App& pipeline, const PipelineOptions& options) {
  const CLI::App* init = pipeline.get_subcommand("init");
  if (init->parsed()) {
    Status status = etl::WriteScaffold(options.init_directory);
    if (!status.ok()) return Fail(status.message());
    fmt::print("Created a pipeline project in {}. Next:\n  martlet pipeline run --project {}\n",
               options.init_directory, options.init_directory);
    return kExitOk;
  }
  auto project = etl::LoadProject(options.project);
  if (!project.ok()) return Fail(project.status().message());
  if (pipeline.get_subcommand("run")->parsed()) return RunOrTest(*project, options, true);
  if (pipeline.get_subcommand("test")->parsed()) return RunOrTest(*project, options, false);
  if (pipeline.get_subcommand("plan")->parsed()) return Plan(*project, options);
  if (pipeline.get_subcommand("graph")->parsed()) {
    if (options.columns) return PrintColumnGraph(*project, options);
    if (options.format == "text" || options.format == "json") {
      return Fail("graph --format " + options.format + " needs --columns (the table-level graph is "
                  "mermaid, dot or svg)");
    }
    if (options.format == "dot") {
      fmt::print("{}", etl::DotGraph(*project));
    } else if (options.format == "svg") {
      fmt::print("{}", etl::SvgGraph(*project));
    } else {
      fmt::print("{}", etl::MermaidGraph(*project));
    }
    return kExitOk;
  }
  if (pipeline.get_subcommand("runs")->parsed()) return Runs(*project, options);
  return kExitUsage;
}

}  // namespace martlet::cli
