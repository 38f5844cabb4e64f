#include "cli/sql_command.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/copy_data.hpp"
#include "cli/copy_progress.hpp"
#include "cli/database_directory.hpp"
#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "cli/statement_scanner.hpp"
#include "cli/terminal.hpp"
#include "martlet/martlet.hpp"

namespace martlet::cli {
namespace {

void PrintError(const Status& status, const std::string& sql) {
  std::fflush(stdout);  // keep results and the error in order on a shared terminal
  fmt::print(stderr, "{}\n", FormatError(status, sql));
}

std::optional<std::string> ReadStream(std::istream& in) {
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(contents).str();
}

Result<std::string> ReadScript(const std::string& path) {
  if (path == "-") {
    std::optional<std::string> text = ReadStream(std::cin);
    if (!text) return Status(StatusCode::kIOError, "could not read standard input");
    return *text;
  }
  std::ifstream file(path, std::ios::binary);
  std::optional<std::string> text;
  if (file) text = ReadStream(file);
  if (!text) {
    return Status(StatusCode::kIOError,
                  fmt::format("could not read file \"{}\": {}", path, std::strerror(errno)));
  }
  return *text;
}

// Runs statements and, with --timing, reports how long each took, excluding the printing
// of its result (the figure benchmarks compare).
class TimedRunner {
 public:
  TimedRunner(Connection& connection, bool timing) : connection_(connection), timing_(timing) {}

  QueryResult Query(const std::string& sql) {
    auto start = std::chrono::steady_clock::now();
    QueryResult result = connection_.query(sql);
    if (timing_) {
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      fmt::print(stderr, "Time: {:.3f} ms\n", ms);
    }
    return result;
  }

  bool timing() const { return timing_; }

 private:
  Connection& connection_;
  bool timing_;
};

// The statements of a script one by one, so that each can be timed on its own.
std::vector<std::string> SplitStatements(const std::string& sql) {
  std::vector<std::string> statements;
  size_t start = 0;
  for (size_t at = sql.find(';'); at != std::string::npos; at = sql.find(';', at + 1)) {
    std::string_view candidate(sql.data() + start, at + 1 - start);
    if (EndOfCompleteStatements(candidate) != candidate.size()) continue;
    if (!IsBlankSql(candidate)) statements.emplace_back(candidate);
    start = at + 1;
  }
  std::string_view rest(sql.data() + start, sql.size() - start);
  if (!IsBlankSql(rest)) statements.emplace_back(rest);
  return statements;
}

// -c: psql shows only the last statement's result of each -c.
int RunCommand(TimedRunner& runner, const std::string& sql, OutputFormat format) {
  QueryResult result = runner.Query(sql);
  if (!result.ok()) {
    PrintError(result.status(), sql);
    return kExitSqlError;
  }
  WriteResult(result, format, stdout);
  return kExitOk;
}

// COPY ... FROM STDIN reads the standard input unless a script gives the data inline.
CopyInputSource StandardInputCopySource() {
  return []() -> Result<std::string> { return ReadCopyData(std::cin); };
}

// A script with COPY ... FROM STDIN: statement by statement, each COPY given the data that
// follows it.
int RunScriptWithCopyData(Connection& connection, TimedRunner& runner, const std::string& sql, OutputFormat format) {
  for (ScriptPiece& piece : SplitScriptWithCopyData(sql)) {
    if (piece.data) {
      connection.set_copy_input([data = std::move(*piece.data)]() -> Result<std::string> { return data; });
    }
    QueryResult result = runner.Query(piece.sql);
    if (piece.data) connection.set_copy_input(StandardInputCopySource());
    if (!result.ok()) {
      PrintError(result.status(), piece.sql);
      return kExitSqlError;
    }
    WriteResult(result, format, stdout);
  }
  return kExitOk;
}

bool HasCopyFromStdin(const std::string& sql) {
  static const std::string kStdin = "stdin";
  auto found = std::search(sql.begin(), sql.end(), kStdin.begin(), kStdin.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
  if (found == sql.end()) return false;  // the common case, without splitting the script
  for (const ScriptPiece& piece : SplitScriptWithCopyData(sql)) {
    if (piece.data) return true;
  }
  return false;
}

// -f and piped input: every statement's result is shown.
int RunScript(Connection& connection, TimedRunner& runner, const std::string& sql, OutputFormat format) {
  if (HasCopyFromStdin(sql)) return RunScriptWithCopyData(connection, runner, sql, format);
  if (runner.timing()) {
    for (const std::string& statement : SplitStatements(sql)) {
      QueryResult result = runner.Query(statement);
      if (!result.ok()) {
        PrintError(result.status(), statement);
        return kExitSqlError;
      }
      WriteResult(result, format, stdout);
    }
    return kExitOk;
  }
  for (const QueryResult& result : connection.query_all(sql)) {
    if (!result.ok()) {
      PrintError(result.status(), sql);
      return kExitSqlError;
    }
    WriteResult(result, format, stdout);
  }
  return kExitOk;
}

int RunFile(Connection& connection, TimedRunner& runner, const std::string& path, OutputFormat format) {
  Result<std::string> script = ReadScript(path);
  if (!script.ok()) {
    fmt::print(stderr, "martlet: {}\n", script.status().message());
    return kExitSqlError;
  }
  return RunScript(connection, runner, script.value(), format);
}

int RunSources(Connection& connection, TimedRunner& runner, const std::vector<SqlSource>& sources,
               OutputFormat format) {
  for (const SqlSource& source : sources) {
    int code = source.kind == SqlSource::Kind::kCommand
                   ? RunCommand(runner, source.text, format)
                   : RunFile(connection, runner, source.text, format);
    if (code != kExitOk) return code;
  }
  return kExitOk;
}

}  // namespace

int RunSqlCommand(const SqlCommandOptions& options) {
  std::string directory = ResolveDatabaseDirectory(options.database);
  Result<std::unique_ptr<Database>> database = Database::Open(directory);
  if (!database.ok()) {
    PrintError(database.status(), "");
    return kExitSqlError;
  }
  Connection connection = database.value()->connect();
  connection.set_copy_input(StandardInputCopySource());
  if (StderrIsTerminal()) connection.set_copy_progress(TerminalCopyProgress());
  OutputFormat format = options.format.value_or(OutputFormat::kTable);

  TimedRunner runner(connection, options.timing);
  int code = kExitOk;
  if (!options.sources.empty()) {
    code = RunSources(connection, runner, options.sources, format);
  } else if (StdinIsTerminal()) {
    code = RunShell(connection, ShellOptions{format, directory});
  } else {
    code = RunFile(connection, runner, "-", format);
  }
  std::fflush(stdout);
  return code;
}

}  // namespace martlet::cli
