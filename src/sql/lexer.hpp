// The SQL lexer: turns text into tokens with byte offsets.
#pragma once

#include <string_view>
#include <vector>

#include "martlet/status.hpp"
#include "sql/token.hpp"

namespace martlet::sql {

// Splits `sql` into tokens, dropping white space and comments (`-- ...`, nested `/* */`).
// The result always ends with one kEnd token. An unterminated string, quoted identifier or
// comment, or a character that starts no token, is a kSyntaxError at its byte offset.
Result<std::vector<Token>> Tokenize(std::string_view sql);

}  // namespace martlet::sql
