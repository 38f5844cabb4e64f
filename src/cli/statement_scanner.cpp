#include "cli/statement_scanner.hpp"

#include <cctype>

namespace martlet::cli {
namespace {

bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

// Walks SQL text token by token as far as quoting and comments go; everything else is
// passed over one character at a time. Unterminated constructs run to the end of the text.
class SqlWalker {
 public:
  explicit SqlWalker(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  size_t position() const { return pos_; }

  // Advances over one unit: a quoted string, a comment, or a single character. Returns the
  // character passed over when it was a plain one, '\0' otherwise.
  char Step() {
    char c = text_[pos_];
    char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    if (c == '\'') {
      SkipQuoted('\'', PrecededByEscapePrefix());
    } else if (c == '"') {
      SkipQuoted('"', false);
    } else if (c == '-' && next == '-') {
      SkipLineComment();
    } else if (c == '/' && next == '*') {
      SkipBlockComment();
    } else if (c != '$' || !SkipDollarQuoted()) {
      ++pos_;
      return c;
    }
    return '\0';
  }

 private:
  // E'...' strings take backslash escapes; plain ones only the doubled quote.
  bool PrecededByEscapePrefix() const {
    if (pos_ == 0) return false;
    char prefix = text_[pos_ - 1];
    if (prefix != 'e' && prefix != 'E') return false;
    return pos_ < 2 || !IsIdentifierChar(text_[pos_ - 2]);
  }

  void SkipQuoted(char quote, bool backslash_escapes) {
    ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (backslash_escapes && c == '\\') {
        ++pos_;
      } else if (c == quote) {
        if (pos_ < text_.size() && text_[pos_] == quote) {
          ++pos_;  // a doubled quote stands for itself
        } else {
          return;
        }
      }
    }
  }

  void SkipLineComment() {
    size_t end = text_.find('\n', pos_);
    pos_ = end == std::string_view::npos ? text_.size() : end + 1;
  }

  // PostgreSQL block comments nest.
  void SkipBlockComment() {
    int depth = 0;
    while (pos_ < text_.size()) {
      if (text_.substr(pos_, 2) == "/*") {
        ++depth;
        pos_ += 2;
      } else if (text_.substr(pos_, 2) == "*/") {
        pos_ += 2;
        if (--depth == 0) return;
      } else {
        ++pos_;
      }
    }
  }

  // $tag$ ... $tag$; `$1` (a parameter) and `a$b` (part of an identifier) are not quotes.
  bool SkipDollarQuoted() {
    if (pos_ > 0 && IsIdentifierChar(text_[pos_ - 1])) return false;
    size_t tag_end = pos_ + 1;
    if (tag_end < text_.size() && std::isdigit(static_cast<unsigned char>(text_[tag_end]))) {
      return false;
    }
    while (tag_end < text_.size() && IsIdentifierChar(text_[tag_end])) ++tag_end;
    if (tag_end >= text_.size() || text_[tag_end] != '$') return false;
    std::string_view tag = text_.substr(pos_, tag_end - pos_ + 1);
    size_t close = text_.find(tag, tag_end + 1);
    pos_ = close == std::string_view::npos ? text_.size() : close + tag.size();
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

size_t EndOfCompleteStatements(std::string_view text) {
  SqlWalker walker(text);
  size_t end = 0;
  while (!walker.AtEnd()) {
    if (walker.Step() == ';') end = walker.position();
  }
  return end;
}

bool IsBlankSql(std::string_view text) {
  SqlWalker walker(text);
  while (!walker.AtEnd()) {
    size_t before = walker.position();
    char c = walker.Step();
    std::string_view opening = text.substr(before, 2);
    bool was_comment = c == '\0' && (opening == "--" || opening == "/*");
    if (!was_comment && std::isspace(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

}  // namespace martlet::cli
