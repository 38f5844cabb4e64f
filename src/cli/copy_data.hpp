// COPY ... FROM STDIN in the martlet command, as psql does it: in a script (-f, or SQL piped
// to stdin) the data follows the statement's line and ends at a line holding only "\.";
// with -c (and in the interactive shell) it is read from standard input up to "\." or the
// end of the input.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace martlet::cli {

// Whether `statement` is a COPY ... FROM STDIN.
bool IsCopyFromStdin(std::string_view statement);

// Lines of `in` up to a line "\." (not included) or the end of the input.
std::string ReadCopyData(std::istream& in);

struct ScriptPiece {
  std::string sql;                  // one statement
  std::optional<std::string> data;  // for COPY ... FROM STDIN: the lines after it
};

// A script split into statements, with each COPY ... FROM STDIN's inline data taken out.
std::vector<ScriptPiece> SplitScriptWithCopyData(const std::string& script);

}  // namespace martlet::cli
