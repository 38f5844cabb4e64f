#include "cli/sql_command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/database_directory.hpp"
#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
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

// -c: psql shows only the last statement's result of each -c.
int RunCommand(Connection& connection, const std::string& sql, OutputFormat format) {
  QueryResult result = connection.query(sql);
  if (!result.ok()) {
    PrintError(result.status(), sql);
    return kExitSqlError;
  }
  WriteResult(result, format, stdout);
  return kExitOk;
}

// -f and piped input: every statement's result is shown.
int RunScript(Connection& connection, const std::string& sql, OutputFormat format) {
  for (const QueryResult& result : connection.query_all(sql)) {
    if (!result.ok()) {
      PrintError(result.status(), sql);
      return kExitSqlError;
    }
    WriteResult(result, format, stdout);
  }
  return kExitOk;
}

int RunFile(Connection& connection, const std::string& path, OutputFormat format) {
  Result<std::string> script = ReadScript(path);
  if (!script.ok()) {
    fmt::print(stderr, "martlet: {}\n", script.status().message());
    return kExitSqlError;
  }
  return RunScript(connection, script.value(), format);
}

int RunSources(Connection& connection, const std::vector<SqlSource>& sources, OutputFormat format) {
  for (const SqlSource& source : sources) {
    int code = source.kind == SqlSource::Kind::kCommand
                   ? RunCommand(connection, source.text, format)
                   : RunFile(connection, source.text, format);
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
  OutputFormat format = options.format.value_or(OutputFormat::kTable);

  int code = kExitOk;
  if (!options.sources.empty()) {
    code = RunSources(connection, options.sources, format);
  } else if (StdinIsTerminal()) {
    code = RunShell(connection, ShellOptions{format, directory});
  } else {
    code = RunFile(connection, "-", format);
  }
  std::fflush(stdout);
  return code;
}

}  // namespace martlet::cli
