// The progress line a COPY shows on a terminal: bytes read, rows loaded and the rate,
// redrawn in place on stderr and cleared at the end. Small loads (under a few megabytes)
// show nothing.
#pragma once

#include "martlet/martlet.hpp"

namespace martlet::cli {

// A callback for Connection::set_copy_progress that draws the line on stderr.
CopyProgressCallback TerminalCopyProgress();

}  // namespace martlet::cli
