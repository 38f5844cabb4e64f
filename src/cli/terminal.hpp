// Whether the standard streams are attached to a terminal. The CLI decides from this whether
// to start the shell, and whether to show progress (only on a terminal, never in pipes).
#pragma once

namespace martlet::cli {

bool StdinIsTerminal();
bool StdoutIsTerminal();
bool StderrIsTerminal();

}  // namespace martlet::cli
