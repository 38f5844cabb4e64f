// The interactive shell: line editing and history (libedit), statements that span lines
// until ';', and backslash commands. Started by `martlet sql` on a terminal.
#pragma once

#include <string>

#include "cli/result_printer.hpp"
#include "martlet/martlet.hpp"

namespace martlet::cli {

struct ShellOptions {
  OutputFormat format = OutputFormat::kTable;
  std::string database_directory;  // shown in the greeting
};

// Runs until \q or end of input; returns the exit code (0: errors in an interactive
// session are the user's to see, not the caller's to act on).
int RunShell(Connection& connection, const ShellOptions& options);

}  // namespace martlet::cli
