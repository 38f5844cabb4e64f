#include "sql/lexer.hpp"

#include <gtest/gtest.h>

namespace martlet::sql {
namespace {

std::vector<Token> Lex(std::string_view sql) {
  Result<std::vector<Token>> tokens = Tokenize(sql);
  EXPECT_TRUE(tokens.ok()) << tokens.status().message();
  return tokens.ok() ? tokens.value() : std::vector<Token>{};
}

// Kind letter + text for each token but the final kEnd: I=identifier, Q=quoted, S=string,
// N=number, P=parameter, O=operator.
std::string Describe(std::string_view sql) {
  std::string out;
  for (const Token& token : Lex(sql)) {
    if (token.kind == TokenKind::kEnd) break;
    static constexpr char kLetters[] = "IQSNPO";
    if (!out.empty()) out += " ";
    out += kLetters[static_cast<int>(token.kind)];
    out += ":" + token.text;
  }
  return out;
}

void ExpectError(std::string_view sql, const std::string& message, int position) {
  Result<std::vector<Token>> tokens = Tokenize(sql);
  ASSERT_FALSE(tokens.ok()) << sql;
  EXPECT_EQ(tokens.status().code(), StatusCode::kSyntaxError);
  EXPECT_EQ(tokens.status().message(), message);
  EXPECT_EQ(tokens.status().position(), position);
}

TEST(LexerTest, EmptyInputHasOnlyEnd) {
  std::vector<Token> tokens = Lex("  \n\t ");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[0].position, 5);
}

TEST(LexerTest, IdentifiersAreFoldedToLowerCase) {
  EXPECT_EQ(Describe("SELECT Foo_1, bar$x"), "I:select I:foo_1 O:, I:bar$x");
}

TEST(LexerTest, QuotedIdentifiersKeepCaseAndUnescapeQuotes) {
  EXPECT_EQ(Describe("\"MiXed\" \"a\"\"b\" \"select\""), "Q:MiXed Q:a\"b Q:select");
}

TEST(LexerTest, Strings) {
  EXPECT_EQ(Describe("'it''s' ''"), "S:it's S:");
  EXPECT_EQ(Describe("E'a\\nb\\t\\\\\\'' e'\\x41\\101'"), "S:a\nb\t\\' S:AA");
  EXPECT_EQ(Describe("$$it's $x$$ $tag$a $$ b$tag$"), "S:it's $x S:a $$ b");
}

TEST(LexerTest, Numbers) {
  EXPECT_EQ(Describe("42 1.5 .5 1e10 1.5E-3 7."), "N:42 N:1.5 N:.5 N:1e10 N:1.5E-3 N:7.");
}

TEST(LexerTest, ParametersAndQualifiedNames) {
  EXPECT_EQ(Describe("$1 + $12"), "P:1 O:+ P:12");
  EXPECT_EQ(Describe("s.t.*"), "I:s O:. I:t O:. O:*");
}

TEST(LexerTest, Operators) {
  EXPECT_EQ(Describe(":: || <> != <= >= ~ !~ ~* !~* < > = + - * / % ( ) , ; ."),
            "O::: O:|| O:<> O:<> O:<= O:>= O:~ O:!~ O:~* O:!~* O:< O:> O:= O:+ O:- O:* "
            "O:/ O:% O:( O:) O:, O:; O:.");
  EXPECT_EQ(Describe("a<>b"), "I:a O:<> I:b");
  EXPECT_EQ(Describe("x::int"), "I:x O::: I:int");
}

TEST(LexerTest, CommentsAreSkippedAndBlockCommentsNest) {
  EXPECT_EQ(Describe("a -- comment\nb /* x /* y */ z */ c"), "I:a I:b I:c");
  EXPECT_EQ(Describe("a--"), "I:a");
  EXPECT_EQ(Describe("1-2"), "N:1 O:- N:2");
}

TEST(LexerTest, PositionsAreByteOffsets) {
  std::vector<Token> tokens = Lex("select  'x''y' , \"Q\"");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].position, 0);
  EXPECT_EQ(tokens[0].end, 6);
  EXPECT_EQ(tokens[1].position, 8);
  EXPECT_EQ(tokens[1].end, 14);
  EXPECT_EQ(tokens[2].position, 15);
  EXPECT_EQ(tokens[3].position, 17);
  EXPECT_EQ(tokens[3].end, 20);
  EXPECT_EQ(tokens[4].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[4].position, 20);
}

TEST(LexerTest, NonAsciiBytesArePartOfIdentifiers) {
  EXPECT_EQ(Describe("caf\xc3\xa9 x"), "I:caf\xc3\xa9 I:x");
}

TEST(LexerTest, Errors) {
  ExpectError("select 'abc", "syntax error: unterminated quoted string, expected a closing \"'\"",
              7);
  ExpectError("select E'abc\\'",
              "syntax error: unterminated quoted string, expected a closing \"'\"", 7);
  ExpectError("a /* x /* y */", "syntax error: unterminated /* comment, expected \"*/\"", 2);
  ExpectError("select \"abc",
              "syntax error: unterminated quoted identifier, expected a closing '\"'", 7);
  ExpectError("select \"\"",
              "syntax error: zero-length quoted identifier, expected a name between the quotes", 7);
  ExpectError("x $$abc",
              "syntax error: unterminated dollar-quoted string, expected a closing \"$$\"", 2);
  ExpectError("x $ y", "syntax error: unexpected character \"$\", expected $n or $$string$$", 2);
  ExpectError("a # b",
              "syntax error: unexpected character \"#\", expected a name, literal or operator", 2);
  ExpectError("a ? b",
              "syntax error: unexpected character \"?\", expected a name, literal or operator", 2);
}

}  // namespace
}  // namespace martlet::sql
