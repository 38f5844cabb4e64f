// Finds where complete SQL statements end in text typed into the shell, so that the shell
// knows when to run what it has and when to ask for another line.
#pragma once

#include <cstddef>
#include <string_view>

namespace martlet::cli {

// The byte offset just past the last ';' that ends a statement (outside quotes, quoted
// identifiers, dollar quotes and comments), or 0 when `text` holds no complete statement.
size_t EndOfCompleteStatements(std::string_view text);

// Whether `text` has nothing but white space and comments.
bool IsBlankSql(std::string_view text);

}  // namespace martlet::cli
