#include "functions/posix_regex.hpp"

#include <locale.h>

namespace martlet {
namespace {

// POSIX regex follows the thread's LC_CTYPE; a UTF-8 one makes it count characters. The
// locale object is created once and applied only around regcomp/regexec (uselocale is
// per-thread, so other threads are not affected).
locale_t Utf8Locale() {
  static locale_t locale = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return l ? l : static_cast<locale_t>(nullptr);
  }();
  return locale;
}

class ScopedUtf8Locale {
 public:
  ScopedUtf8Locale() {
    if (Utf8Locale()) previous_ = uselocale(Utf8Locale());
  }
  ~ScopedUtf8Locale() {
    if (previous_) uselocale(previous_);
  }

 private:
  locale_t previous_ = static_cast<locale_t>(nullptr);
};

// The POSIX text for a class escape (\d, \s, \w and their negations), inside or outside
// brackets, or nullptr when `c` is not a class escape.
const char* ClassEscape(char c, bool in_brackets) {
  switch (c) {
    case 'd':
      return in_brackets ? "[:digit:]" : "[[:digit:]]";
    case 's':
      return in_brackets ? "[:space:]" : "[[:space:]]";
    case 'w':
      return in_brackets ? "[:alnum:]_" : "[[:alnum:]_]";
    case 'D':
      return in_brackets ? nullptr : "[^[:digit:]]";
    case 'S':
      return in_brackets ? nullptr : "[^[:space:]]";
    case 'W':
      return in_brackets ? nullptr : "[^[:alnum:]_]";
    default:
      return nullptr;
  }
}

}  // namespace

std::string TranslateToPosix(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 8);
  bool in_brackets = false;
  for (size_t i = 0; i < pattern.size(); i++) {
    char c = pattern[i];
    if (in_brackets) {
      // ']' right after '[' or '[^' is a literal member, not the end.
      bool at_start = out.back() == '[' || (out.back() == '^' && out[out.size() - 2] == '[');
      if (c == ']' && !at_start) in_brackets = false;
      if (c == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {
        size_t close = pattern.find(":]", i + 2);
        if (close != std::string_view::npos) {
          out.append(pattern.substr(i, close + 2 - i));
          i = close + 1;
          continue;
        }
      }
    } else if (c == '[') {
      in_brackets = true;
    }
    if (c != '\\' || i + 1 >= pattern.size()) {
      out += c;
      continue;
    }
    char next = pattern[++i];
    if (const char* posix = ClassEscape(next, in_brackets)) {
      out += posix;
    } else if (next == 't') {
      out += '\t';
    } else if (next == 'n') {
      out += '\n';
    } else if (in_brackets) {
      out += next;  // ERE has no escapes in brackets; the character stands for itself
    } else {
      out += '\\';
      out += next;
    }
  }
  return out;
}

Result<std::unique_ptr<Regex>> Regex::Compile(std::string_view pattern, RegexOptions options) {
  std::unique_ptr<Regex> regex(new Regex());
  std::string posix = TranslateToPosix(pattern);
  int flags = REG_EXTENDED;
  if (options.ignore_case) flags |= REG_ICASE;
  if (options.newline_sensitive) flags |= REG_NEWLINE;
  ScopedUtf8Locale locale;
  int rc = regcomp(&regex->compiled_, posix.c_str(), flags);
  if (rc != 0) {
    char message[256];
    regerror(rc, &regex->compiled_, message, sizeof message);
    return Status(StatusCode::kInvalidInput, "invalid regular expression: " + std::string(message) +
                                                 ": \"" + std::string(pattern) + "\"");
  }
  regex->compiled_ok_ = true;
  return regex;
}

Regex::~Regex() {
  if (compiled_ok_) regfree(&compiled_);
}

bool Regex::Find(std::string_view text, size_t from, RegexMatch& match) const {
  // REG_STARTEND bounds the search by offsets, so the text needs no NUL terminator.
  match.groups[0].rm_so = static_cast<regoff_t>(from);
  match.groups[0].rm_eo = static_cast<regoff_t>(text.size());
  int flags = REG_STARTEND | (from > 0 ? REG_NOTBOL : 0);
  ScopedUtf8Locale locale;
  return regexec(&compiled_, text.data(), RegexMatch::kMaxGroups, match.groups, flags) == 0;
}

}  // namespace martlet
