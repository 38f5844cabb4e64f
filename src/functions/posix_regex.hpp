// Regular expressions for ~, ~*, REGEXP_SUBSTR and friends, on top of POSIX extended regular
// expressions (<regex.h>) run in a UTF-8 locale, so that '.' and bracket expressions see
// characters rather than bytes.
//
// PostgreSQL's advanced regular expressions are close to POSIX ERE for everyday patterns; the
// escapes \d \D \s \S \w \W (also inside brackets) and \t \n are translated to POSIX forms.
#pragma once

#include <regex.h>

#include <memory>
#include <string>
#include <string_view>

#include "martlet/status.hpp"

namespace martlet {

struct RegexOptions {
  bool ignore_case = false;
  bool newline_sensitive = false;  // '.' and [^...] do not match a newline; ^ $ match at lines
};

struct RegexMatch {
  static constexpr int kMaxGroups = 10;  // the whole match and \1 .. \9
  regmatch_t groups[kMaxGroups];         // byte offsets into the searched text; -1 if unset
};

class Regex {
 public:
  // Fails with kInvalidInput 'invalid regular expression: ...'.
  static Result<std::unique_ptr<Regex>> Compile(std::string_view pattern, RegexOptions options);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Searches `text` from byte offset `from`; a '^' only matches at offset 0.
  bool Find(std::string_view text, size_t from, RegexMatch& match) const;
  bool Matches(std::string_view text) const {
    RegexMatch m;
    return Find(text, 0, m);
  }

 private:
  Regex() = default;
  regex_t compiled_{};
  bool compiled_ok_ = false;  // regfree only what regcomp built
};

// The pattern with PostgreSQL escapes rewritten for POSIX ERE.
std::string TranslateToPosix(std::string_view pattern);

}  // namespace martlet
