#include "cli/shell.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <editline/readline.h>
#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/meta_command.hpp"
#include "cli/statement_scanner.hpp"
#include "cli/version.hpp"

namespace martlet::cli {
namespace {

constexpr const char* kPrompt = "martlet=> ";
constexpr const char* kContinuationPrompt = "martlet-> ";
constexpr const char* kHistoryFileName = ".martlet_history";
constexpr int kHistoryLimit = 2000;

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return std::string(home) + "/" + kHistoryFileName;
}

// Reads one line with libedit; nullopt at end of input (Ctrl-D).
std::optional<std::string> ReadLine(const char* prompt) {
  std::unique_ptr<char, decltype(&std::free)> line(readline(prompt), &std::free);
  if (line == nullptr) return std::nullopt;
  return std::string(line.get());
}

class Shell {
 public:
  Shell(Connection& connection, const ShellOptions& options)
      : connection_(connection), options_(options), format_(options.format) {}

  int Run() {
    LoadHistory();
    // COPY ... FROM STDIN: the data is typed (or pasted) after the statement, as in psql.
    connection_.set_copy_input([]() -> Result<std::string> {
      fmt::print("Enter data to be copied followed by a newline.\n"
                 "End with a backslash and a period on a line by itself, or an EOF signal.\n");
      std::fflush(stdout);
      std::string data;
      while (std::optional<std::string> line = ReadLine(">> ")) {
        if (*line == "\\.") break;
        data += *line + "\n";
      }
      return data;
    });
    fmt::print("martlet {} (database {})\nType \\? for help, \\q to quit.\n\n", kMartletVersion,
               options_.database_directory);
    while (true) {
      std::optional<std::string> line = ReadLine(buffer_.empty() ? kPrompt : kContinuationPrompt);
      if (!line) {
        fmt::print("\n");
        break;
      }
      if (!HandleLine(*line)) break;
    }
    SaveHistory();
    return kExitOk;
  }

 private:
  // Returns false when the shell should stop.
  bool HandleLine(const std::string& line) {
    if (std::optional<MetaCommand> command = ParseMetaCommand(line)) {
      Remember(line);
      return RunMetaCommand(*command);
    }
    if (!buffer_.empty()) buffer_ += '\n';
    buffer_ += line;
    size_t end = EndOfCompleteStatements(buffer_);
    if (end == 0) {
      if (IsBlankSql(buffer_)) buffer_.clear();
      return true;
    }
    std::string statements = buffer_.substr(0, end);
    buffer_.erase(0, end);
    if (IsBlankSql(buffer_)) buffer_.clear();
    Remember(statements);
    RunSql(statements);
    return true;
  }

  void RunSql(const std::string& sql) {
    auto start = std::chrono::steady_clock::now();
    std::vector<QueryResult> results = connection_.query_all(sql);
    std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
    for (const QueryResult& result : results) {
      if (result.ok()) {
        WriteResult(result, format_, stdout);
      } else {
        std::fflush(stdout);
        fmt::print(stderr, "{}\n", FormatError(result.status(), sql));
      }
    }
    if (timing_) fmt::print("Time: {:.3f} ms\n", elapsed.count());
    std::fflush(stdout);
  }

  // Runs a catalog query for \d and friends; the user sees its result, never its SQL.
  void RunCatalogQuery(const std::string& sql, const std::string& title,
                       const std::string& when_empty) {
    QueryResult result = connection_.query(sql);
    if (!result.ok()) {
      fmt::print(stderr, "{}\n", FormatError(result.status(), ""));
      return;
    }
    if (result.row_count() == 0 && !when_empty.empty()) {
      fmt::print(stderr, "{}\n", when_empty);
      return;
    }
    if (!title.empty() && format_ == OutputFormat::kTable) fmt::print("{}\n", title);
    WriteResult(result, format_, stdout);
    std::fflush(stdout);
  }

  bool RunMetaCommand(const MetaCommand& command) {
    if (command.name == "q") return false;
    if (command.name == "?") {
      fmt::print("{}", MetaCommandHelp());
    } else if (command.name == "timing") {
      SetTiming(command.argument);
    } else if (command.name == "format") {
      SetFormat(command.argument);
    } else if (command.name == "dt") {
      RunCatalogQuery(ListTablesSql(), "List of tables", "Did not find any tables.");
    } else if (command.name == "d" && command.argument.empty()) {
      RunCatalogQuery(ListRelationsSql(), "List of relations", "Did not find any relations.");
    } else if (command.name == "d") {
      RunCatalogQuery(DescribeRelationSql(command.argument),
                      fmt::format("Table \"{}\"", command.argument),
                      fmt::format("Did not find any relation named \"{}\".", command.argument));
    } else {
      fmt::print(stderr, "invalid command \\{}\nTry \\? for help.\n", command.name);
    }
    std::fflush(stdout);
    return true;
  }

  void SetTiming(const std::string& argument) {
    if (argument == "on") {
      timing_ = true;
    } else if (argument == "off") {
      timing_ = false;
    } else if (argument.empty()) {
      timing_ = !timing_;
    } else {
      fmt::print(stderr, "\\timing: expected on or off, got \"{}\"\n", argument);
      return;
    }
    fmt::print("Timing is {}.\n", timing_ ? "on" : "off");
  }

  void SetFormat(const std::string& argument) {
    if (argument.empty()) {
      fmt::print("Output format is {}.\n", OutputFormatName(format_));
      return;
    }
    std::optional<OutputFormat> format = ParseOutputFormat(argument);
    if (!format) {
      fmt::print(stderr, "\\format: expected table, csv, json or markdown, got \"{}\"\n", argument);
      return;
    }
    format_ = *format;
    fmt::print("Output format is {}.\n", OutputFormatName(format_));
  }

  void LoadHistory() {
    history_path_ = HistoryPath();
    stifle_history(kHistoryLimit);
    if (!history_path_.empty()) read_history(history_path_.c_str());
  }

  void SaveHistory() {
    if (!history_path_.empty()) write_history(history_path_.c_str());
  }

  void Remember(const std::string& entry) {
    if (entry.find_first_not_of(" \t\r\n") != std::string::npos) add_history(entry.c_str());
  }

  Connection& connection_;
  const ShellOptions& options_;
  OutputFormat format_;
  bool timing_ = false;
  std::string buffer_;  // lines of a statement not yet ended by ';'
  std::string history_path_;
};

}  // namespace

int RunShell(Connection& connection, const ShellOptions& options) {
  Shell shell(connection, options);
  return shell.Run();
}

}  // namespace martlet::cli
