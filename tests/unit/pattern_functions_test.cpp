#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "functions/like_matcher.hpp"
#include "scalar_call.hpp"

namespace martlet::scalar_test {
namespace {

std::string Like(const std::string& text, const std::string& pattern) {
  return Eval("~~", {Text(text), Text(pattern)});
}

TEST(LikeOperator, SimpleShapes) {
  EXPECT_EQ(Like("abc", "abc"), "t");
  EXPECT_EQ(Like("abc", "ab"), "f");
  EXPECT_EQ(Like("abcdef", "abc%"), "t");
  EXPECT_EQ(Like("xabcdef", "abc%"), "f");
  EXPECT_EQ(Like("xyzabc", "%abc"), "t");
  EXPECT_EQ(Like("xyzabcd", "%abc"), "f");
  EXPECT_EQ(Like("xyzabcd", "%abc%"), "t");
  EXPECT_EQ(Like("xyzabd", "%abc%"), "f");
  EXPECT_EQ(Like("", "%"), "t");
  EXPECT_EQ(Like("anything", "%%"), "t");
  EXPECT_EQ(Like("", ""), "t");
  EXPECT_EQ(Like("a", ""), "f");
}

TEST(LikeOperator, GeneralPatterns) {
  EXPECT_EQ(Like("abc", "a_c"), "t");
  EXPECT_EQ(Like("abbc", "a_c"), "f");
  EXPECT_EQ(Like("héllo", "h_llo"), "t");  // '_' is one character, not one byte
  EXPECT_EQ(Like("héllo", "h__llo"), "f");
  EXPECT_EQ(Like("abcXdefYghi", "abc%def%ghi"), "t");
  EXPECT_EQ(Like("abcdefghi", "abc%def%ghi"), "t");
  EXPECT_EQ(Like("abcdefgh", "abc%def%ghi"), "f");
  EXPECT_EQ(Like("abab", "%ab"), "t");
  EXPECT_EQ(Like("aXbXc", "a%b%c"), "t");
  EXPECT_EQ(Like("ac", "a%_c"), "f");
  EXPECT_EQ(Like("abc", "a%_c"), "t");
  EXPECT_EQ(Like("abc", "_%"), "t");
  EXPECT_EQ(Like("", "_%"), "f");
  EXPECT_EQ(Like("xaay", "%a_y"), "t");
  // TPC-H q13/q14/q16 style patterns
  EXPECT_EQ(Like("foo special bar requests baz", "%special%requests%"), "t");
  EXPECT_EQ(Like("foo requests special", "%special%requests%"), "f");
  EXPECT_EQ(Like("PROMO BRUSHED TIN", "PROMO%"), "t");
  EXPECT_EQ(Like("MEDIUM POLISHED BRASS", "MEDIUM POLISHED%"), "t");
}

// '%needle%' and '%x%y%' search texts sixteen starts at a time; every length and position
// (around the 16-byte steps, at the very end of the text) must agree with a plain search.
// Each text is its own exact-size allocation, so that AddressSanitizer sees any read past it.
TEST(LikeMatcher, SubstringSearchAgreesWithPlainSearch) {
  std::mt19937 random(7);
  auto random_text = [&](size_t length) {
    std::string text(length, 'a');
    for (char& c : text) c = static_cast<char>('a' + random() % 3);  // few letters: many near-hits
    return text;
  };
  for (size_t length = 0; length <= 70; length++) {
    for (int round = 0; round < 20; round++) {
      const std::string text = random_text(length);
      auto exact = std::make_unique<char[]>(length);
      std::copy(text.begin(), text.end(), exact.get());
      const std::string_view view(exact.get(), length);
      const std::string needle = random_text(1 + random() % 20);
      const std::string second = random_text(1 + random() % 4);
      auto contains = LikeMatcher::Compile("%" + needle + "%", "\\");
      auto both = LikeMatcher::Compile("%" + needle + "%" + second + "%", "\\");
      ASSERT_TRUE(contains.ok() && both.ok());
      const size_t at = text.find(needle);
      EXPECT_EQ(contains->Matches(view), at != std::string::npos) << text << " / " << needle;
      const bool expected_both = at != std::string::npos && text.find(second, at + needle.size()) != std::string::npos;
      EXPECT_EQ(both->Matches(view), expected_both) << text << " / " << needle << " / " << second;
    }
  }
}

TEST(LikeOperator, Escapes) {
  EXPECT_EQ(Like("50%", "50\\%"), "t");
  EXPECT_EQ(Like("500", "50\\%"), "f");
  EXPECT_EQ(Like("a_b", "a\\_b"), "t");
  EXPECT_EQ(Like("axb", "a\\_b"), "f");
  EXPECT_EQ(Eval("~~", {Text("50%"), Text("50#%"), Text("#")}), "t");
  EXPECT_EQ(Eval("~~", {Text("a\\b"), Text("a\\b"), Text("")}), "t");  // ESCAPE '' disables
  EXPECT_EQ(Like("abc", "abc\\"),
            "ERROR: LIKE pattern must not end with escape character: \"abc\\\"");
  EXPECT_EQ(Eval("~~", {Text("a"), Text("a"), Text("##")}),
            "ERROR: invalid escape string: \"##\" (the escape string must be empty or one "
            "character)");
}

TEST(LikeOperator, NegationCaseInsensitivityAndNulls) {
  EXPECT_EQ(Eval("!~~", {Text("abc"), Text("a%")}), "f");
  EXPECT_EQ(Eval("!~~", {Text("abc"), Text("b%")}), "t");
  EXPECT_EQ(Eval("~~*", {Text("ABC"), Text("a%")}), "t");
  EXPECT_EQ(Eval("~~*", {Text("ÉCOLE"), Text("%école")}), "t");
  EXPECT_EQ(Eval("!~~*", {Text("ABC"), Text("%b%")}), "f");
  EXPECT_EQ(Eval("~~", {NullText(), Text("%")}), "NULL");
  EXPECT_EQ(Eval("~~", {Text("a"), NullText()}), "NULL");
}

TEST(LikeOperator, PatternMayChangeFromRowToRow) {
  auto out = CallRows("~~", {{Text("abc"), Text("a%")},
                             {Text("abc"), Text("a%")},
                             {Text("abc"), Text("%c")},
                             {Text("abc"), Text("x%")},
                             {NullText(), Text("x%")},
                             {Text("abc"), Text("a%")}});
  ASSERT_TRUE(out.ok());
  std::string got;
  for (const Value& v : out.value()) got += v.is_null() ? "N" : v.ToText();
  EXPECT_EQ(got, "tttfNt");
}

TEST(RegexOperators, Match) {
  EXPECT_EQ(Eval("~", {Text("foobar"), Text("o+b")}), "t");
  EXPECT_EQ(Eval("~", {Text("foobar"), Text("^bar")}), "f");
  EXPECT_EQ(Eval("!~", {Text("foobar"), Text("^bar")}), "t");
  EXPECT_EQ(Eval("~*", {Text("FOOBAR"), Text("foo")}), "t");
  EXPECT_EQ(Eval("!~*", {Text("FOOBAR"), Text("foo")}), "f");
  EXPECT_EQ(Eval("~", {Text("abc123"), Text("\\d+$")}), "t");
  EXPECT_EQ(Eval("~", {Text("abc"), Text("\\d")}), "f");
  EXPECT_EQ(Eval("~", {Text("a b"), Text("a\\sb")}), "t");
  EXPECT_EQ(Eval("~", {Text("héllo"), Text("^h.llo$")}), "t");  // '.' is one character
  EXPECT_EQ(Eval("~", {Text("x"), Text("(")}).rfind("ERROR: invalid regular expression: ", 0), 0u);
  EXPECT_EQ(Eval("~", {NullText(), Text("a")}), "NULL");
}

TEST(RegexFunctions, Substr) {
  EXPECT_EQ(Eval("regexp_substr", {Text("Order 123 and 456"), Text("[0-9]+")}), "123");
  EXPECT_EQ(Eval("regexp_substr", {Text("Order 123 and 456"), Text("[0-9]+"), Int(1), Int(2)}),
            "456");
  EXPECT_EQ(Eval("regexp_substr", {Text("Order 123 and 456"), Text("[0-9]+"), Int(10)}), "456");
  EXPECT_EQ(Eval("regexp_substr", {Text("Order 123"), Text("[0-9]+"), Int(1), Int(2)}), "");
  EXPECT_EQ(Eval("regexp_substr", {Text("no digits"), Text("\\d+")}), "");
  EXPECT_EQ(Eval("regexp_substr", {Text("ABC def"), Text("abc"), Int(1), Int(1), Text("i")}),
            "ABC");
  EXPECT_EQ(
      Eval("regexp_substr", {Text("key=value"), Text("key=([a-z]+)"), Int(1), Int(1), Text("e")}),
      "value");
  EXPECT_EQ(Eval("regexp_substr", {Text("héllo wörld"), Text("w.r")}), "wör");
  EXPECT_EQ(Eval("regexp_substr", {Text("abc"), Text("b"), Int(0)}),
            "ERROR: invalid value for parameter \"start\": 0");
  EXPECT_EQ(Eval("regexp_substr", {Text("abc"), Text("b"), Int(1), Int(0)}),
            "ERROR: invalid value for parameter \"occurrence\": 0");
  EXPECT_EQ(Eval("regexp_substr", {Text("abc"), Text("b"), Int(1), Int(1), Text("z")}),
            "ERROR: invalid regular expression option: \"z\"");
}

TEST(RegexFunctions, Count) {
  EXPECT_EQ(Eval("regexp_count", {Text("abcabcabc"), Text("bc")}), "3");
  EXPECT_EQ(Eval("regexp_count", {Text("abcabcabc"), Text("bc"), Int(4)}), "2");
  EXPECT_EQ(Eval("regexp_count", {Text("ABCabc"), Text("abc"), Int(1), Text("i")}), "2");
  EXPECT_EQ(Eval("regexp_count", {Text("abc"), Text("x*")}), "4");  // empty matches
  EXPECT_EQ(Eval("regexp_count", {Text(""), Text("a")}), "0");
}

TEST(RegexFunctions, Instr) {
  EXPECT_EQ(Eval("regexp_instr", {Text("héllo world"), Text("o")}), "5");
  EXPECT_EQ(Eval("regexp_instr", {Text("héllo world"), Text("o"), Int(1), Int(2)}), "8");
  EXPECT_EQ(Eval("regexp_instr", {Text("héllo world"), Text("wor"), Int(1), Int(1), Int(1)}), "10");
  EXPECT_EQ(Eval("regexp_instr", {Text("abc"), Text("z")}), "0");
  EXPECT_EQ(Eval("regexp_instr", {Text("abc"), Text("b"), Int(1), Int(1), Int(2)}),
            "ERROR: invalid value for parameter \"endoption\": 2");
}

TEST(RegexFunctions, Replace) {
  // Redshift: every match is replaced.
  EXPECT_EQ(Eval("regexp_replace", {Text("a1b22c333"), Text("[0-9]+"), Text("#")}), "a#b#c#");
  EXPECT_EQ(Eval("regexp_replace", {Text("a1b22c333"), Text("[0-9]+")}), "abc");
  EXPECT_EQ(Eval("regexp_replace", {Text("a1b22c333"), Text("[0-9]+"), Text("#"), Int(4)}),
            "a1b#c#");
  EXPECT_EQ(Eval("regexp_replace", {Text("John Smith"), Text("([a-z]+) ([a-z]+)"), Text("\\2, \\1"),
                                    Int(1), Text("i")}),
            "Smith, John");
  // PostgreSQL's flags form: first match only unless 'g'.
  EXPECT_EQ(Eval("regexp_replace", {Text("aaa"), Text("a"), Text("b"), Text("")}), "baa");
  EXPECT_EQ(Eval("regexp_replace", {Text("aAa"), Text("a"), Text("b"), Text("gi")}), "bbb");
  EXPECT_EQ(Eval("regexp_replace", {Text("abc"), Text("b"), Text("[\\&]"), Text("g")}), "a[b]c");
  EXPECT_EQ(Eval("regexp_replace", {Text("abc"), Text("x*"), Text("-")}), "-a-b-c-");
  EXPECT_EQ(Eval("regexp_replace", {Text("abc"), Text("b"), Text("x"), Text("q")}),
            "ERROR: invalid regular expression option: \"q\"");
  EXPECT_EQ(Eval("regexp_replace", {Text("abc"), Text("[")})
                .rfind("ERROR: invalid regular expression", 0),
            0u);
  EXPECT_EQ(Eval("regexp_replace", {Text("abc"), NullText(), Text("x")}), "NULL");
}

}  // namespace
}  // namespace martlet::scalar_test
