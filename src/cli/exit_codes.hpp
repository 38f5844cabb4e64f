// The exit codes of the martlet command, as scripts rely on them.
#pragma once

namespace martlet::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitSqlError = 1;  // a statement failed, a file could not be read
inline constexpr int kExitUsage = 2;     // bad flags or arguments

}  // namespace martlet::cli
