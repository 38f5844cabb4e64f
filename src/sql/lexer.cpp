#include "sql/lexer.hpp"

#include <string>

namespace martlet::sql {
namespace {

bool IsIdentStart(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}

bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$'; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Scans the text once, left to right; each Lex* method consumes one token.
class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  Result<std::vector<Token>> Run() {
    while (true) {
      RETURN_IF_ERROR(SkipSpaceAndComments());
      if (pos_ >= sql_.size()) break;
      RETURN_IF_ERROR(LexOne());
    }
    Add(TokenKind::kEnd, "", sql_.size());
    return std::move(tokens_);
  }

 private:
  char At(size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  Status Error(const std::string& message, size_t position) const {
    return Status(StatusCode::kSyntaxError, "syntax error: " + message, static_cast<int>(position));
  }

  void Add(TokenKind kind, std::string text, size_t start) {
    tokens_.push_back(
        Token{kind, std::move(text), static_cast<int>(start), static_cast<int>(pos_)});
  }

  Status SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '-' && At(pos_ + 1) == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') ++pos_;
      } else if (c == '/' && At(pos_ + 1) == '*') {
        RETURN_IF_ERROR(SkipBlockComment());
      } else {
        break;
      }
    }
    return Status::Ok();
  }

  // Block comments nest, as in PostgreSQL: /* a /* b */ c */ is one comment.
  Status SkipBlockComment() {
    size_t start = pos_;
    int depth = 0;
    while (pos_ < sql_.size()) {
      if (sql_[pos_] == '/' && At(pos_ + 1) == '*') {
        ++depth;
        pos_ += 2;
      } else if (sql_[pos_] == '*' && At(pos_ + 1) == '/') {
        pos_ += 2;
        if (--depth == 0) return Status::Ok();
      } else {
        ++pos_;
      }
    }
    return Error("unterminated /* comment, expected \"*/\"", start);
  }

  Status LexOne() {
    char c = sql_[pos_];
    if ((c == 'e' || c == 'E') && At(pos_ + 1) == '\'') return LexEscapeString();
    if (IsIdentStart(c)) return LexWord();
    if (IsDigit(c) || (c == '.' && IsDigit(At(pos_ + 1)))) return LexNumber();
    if (c == '\'') return LexString();
    if (c == '"') return LexQuotedIdentifier();
    if (c == '$') return LexDollar();
    return LexOperator();
  }

  Status LexWord() {
    size_t start = pos_;
    std::string text;
    while (pos_ < sql_.size() && IsIdentChar(sql_[pos_])) text.push_back(ToLower(sql_[pos_++]));
    Add(TokenKind::kIdentifier, std::move(text), start);
    return Status::Ok();
  }

  Status LexNumber() {
    size_t start = pos_;
    while (IsDigit(At(pos_))) ++pos_;
    if (At(pos_) == '.' && At(pos_ + 1) != '.') {
      ++pos_;
      while (IsDigit(At(pos_))) ++pos_;
    }
    char e = At(pos_);
    if (e == 'e' || e == 'E') {
      size_t digits = pos_ + 1;
      if (At(digits) == '+' || At(digits) == '-') ++digits;
      if (IsDigit(At(digits))) {
        pos_ = digits;
        while (IsDigit(At(pos_))) ++pos_;
      }
    }
    Add(TokenKind::kNumber, std::string(sql_.substr(start, pos_ - start)), start);
    return Status::Ok();
  }

  // '...' with '' standing for one quote.
  Status LexString() {
    size_t start = pos_++;
    std::string text;
    while (true) {
      if (pos_ >= sql_.size())
        return Error("unterminated quoted string, expected a closing \"'\"", start);
      char c = sql_[pos_++];
      if (c == '\'') {
        if (At(pos_) != '\'') break;
        ++pos_;
      }
      text.push_back(c);
    }
    Add(TokenKind::kString, std::move(text), start);
    return Status::Ok();
  }

  // E'...': C-style backslash escapes, and '' as well.
  Status LexEscapeString() {
    size_t start = pos_;
    pos_ += 2;
    std::string text;
    while (true) {
      if (pos_ >= sql_.size())
        return Error("unterminated quoted string, expected a closing \"'\"", start);
      char c = sql_[pos_++];
      if (c == '\'') {
        if (At(pos_) != '\'') break;
        ++pos_;
        text.push_back('\'');
      } else if (c == '\\') {
        if (pos_ >= sql_.size())
          return Error("unterminated quoted string, expected a closing \"'\"", start);
        text.push_back(Unescape());
      } else {
        text.push_back(c);
      }
    }
    Add(TokenKind::kString, std::move(text), start);
    return Status::Ok();
  }

  // Reads the character after a backslash (and its octal or hex digits).
  char Unescape() {
    char c = sql_[pos_++];
    switch (c) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'x':
        return UnescapeHex();
      default:
        break;
    }
    if (c >= '0' && c <= '7') {
      int value = c - '0';
      for (int i = 0; i < 2 && At(pos_) >= '0' && At(pos_) <= '7'; ++i) {
        value = value * 8 + (sql_[pos_++] - '0');
      }
      return static_cast<char>(value);
    }
    return c;
  }

  char UnescapeHex() {
    int value = 0;
    int digits = 0;
    for (; digits < 2; ++digits) {
      char h = At(pos_);
      int v = IsDigit(h)               ? h - '0'
              : (h >= 'a' && h <= 'f') ? h - 'a' + 10
              : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                       : -1;
      if (v < 0) break;
      value = value * 16 + v;
      ++pos_;
    }
    return digits == 0 ? 'x' : static_cast<char>(value);
  }

  Status LexQuotedIdentifier() {
    size_t start = pos_++;
    std::string text;
    while (true) {
      if (pos_ >= sql_.size())
        return Error("unterminated quoted identifier, expected a closing '\"'", start);
      char c = sql_[pos_++];
      if (c == '"') {
        if (At(pos_) != '"') break;
        ++pos_;
      }
      text.push_back(c);
    }
    if (text.empty())
      return Error("zero-length quoted identifier, expected a name between the quotes", start);
    Add(TokenKind::kQuotedIdentifier, std::move(text), start);
    return Status::Ok();
  }

  // $1 is a parameter; $$...$$ and $tag$...$tag$ are strings taken literally.
  Status LexDollar() {
    size_t start = pos_;
    if (IsDigit(At(pos_ + 1))) {
      ++pos_;
      while (IsDigit(At(pos_))) ++pos_;
      Add(TokenKind::kParameter, std::string(sql_.substr(start + 1, pos_ - start - 1)), start);
      return Status::Ok();
    }
    size_t tag_end = pos_ + 1;
    if (IsIdentStart(At(tag_end))) {
      while (IsIdentChar(At(tag_end)) && At(tag_end) != '$') ++tag_end;
    }
    if (At(tag_end) != '$') {
      return Error("unexpected character \"$\", expected $n or $$string$$", start);
    }
    std::string_view tag = sql_.substr(pos_, tag_end + 1 - pos_);
    size_t body = tag_end + 1;
    size_t close = sql_.find(tag, body);
    if (close == std::string_view::npos) {
      return Error(
          "unterminated dollar-quoted string, expected a closing \"" + std::string(tag) + "\"",
          start);
    }
    pos_ = close + tag.size();
    Add(TokenKind::kString, std::string(sql_.substr(body, close - body)), start);
    return Status::Ok();
  }

  Status LexOperator() {
    static constexpr std::string_view kLong[] = {
        "!~*", "::", "||", "<>", "!=", "<=", ">=", "~*", "!~", "=>"};
    static constexpr std::string_view kShort = "+-*/%()[],;.=<>~:^&|";
    size_t start = pos_;
    for (std::string_view op : kLong) {
      if (sql_.substr(pos_, op.size()) == op) {
        pos_ += op.size();
        Add(TokenKind::kOperator, op == "!=" ? "<>" : std::string(op), start);
        return Status::Ok();
      }
    }
    char c = sql_[pos_];
    if (kShort.find(c) == std::string_view::npos) {
      return Error(
          std::string("unexpected character \"") + c + "\", expected a name, literal or operator",
          start);
    }
    ++pos_;
    Add(TokenKind::kOperator, std::string(1, c), start);
    return Status::Ok();
  }

  std::string_view sql_;
  size_t pos_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view sql) { return Lexer(sql).Run(); }

}  // namespace martlet::sql
