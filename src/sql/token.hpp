// Tokens produced by the SQL lexer.
//
// The lexer does not know keywords: a word is a kIdentifier whose text is folded to lower
// case, and the parser decides from context whether it acts as a keyword. A double-quoted
// name is a kQuotedIdentifier and is never a keyword.
#pragma once

#include <string>

namespace martlet::sql {

enum class TokenKind {
  kIdentifier,        // unquoted word, lower case
  kQuotedIdentifier,  // "Name": text is the name as written, "" unescaped
  kString,            // '...', E'...', $$...$$: text is the unescaped value
  kNumber,            // 42, 1.5, .5, 1e10: text as written
  kParameter,         // $1: text holds the number
  kOperator,          // punctuation and operators; "!=" arrives as "<>"
  kEnd,               // end of input; position is the length of the text
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  int position = 0;  // byte offset of the first character
  int end = 0;       // byte offset just past the last character
};

}  // namespace martlet::sql
