#include <gtest/gtest.h>

#include "scalar_call.hpp"

namespace martlet::scalar_test {
namespace {

TEST(StringFunctions, ConcatOperatorIsNullWhenEitherSideIsNull) {
  EXPECT_EQ(Eval("||", {Text("ab"), Text("cd")}), "abcd");
  EXPECT_EQ(Eval("||", {Text("ab"), NullText()}), "NULL");
  EXPECT_EQ(Eval("||", {Null(), Text("x")}), "NULL");
  EXPECT_EQ(Eval("||", {Text(""), Text("")}), "");
}

TEST(StringFunctions, ConcatSkipsNulls) {
  EXPECT_EQ(Eval("concat", {Text("a"), NullText(), Text("b"), Text("c")}), "abc");
  EXPECT_EQ(Eval("concat", {NullText()}), "");
  EXPECT_EQ(Eval("concat", {}), "ERROR: function concat() does not exist");
}

TEST(StringFunctions, ConcatBindsNonTextArgumentsAsText) {
  auto binding = TestRegistry().ResolveScalar(
      "concat", {LogicalType(TypeId::kInteger), LogicalType(TypeId::kDate)});
  ASSERT_TRUE(binding.ok());
  EXPECT_EQ(binding->arg_types[0], LogicalType::Varchar());
  EXPECT_EQ(binding->arg_types[1], LogicalType::Varchar());
}

TEST(StringFunctions, LengthCountsCharacters) {
  for (const char* name : {"length", "len", "char_length", "character_length"}) {
    EXPECT_EQ(Eval(name, {Text("héllo")}), "5") << name;
  }
  EXPECT_EQ(Eval("length", {Text("")}), "0");
  EXPECT_EQ(Eval("length", {Text("日本語")}), "3");
  EXPECT_EQ(Eval("length", {NullText()}), "NULL");
  EXPECT_EQ(Eval("octet_length", {Text("héllo")}), "6");
  EXPECT_EQ(Eval("length", {Text("a"), Text("b")}),
            "ERROR: function length(character varying, character varying) does not exist");
}

TEST(StringFunctions, LowerUpperHandleAccentedLetters) {
  EXPECT_EQ(Eval("lower", {Text("HeLLo WÖRLD ÉÀ")}), "hello wörld éà");
  EXPECT_EQ(Eval("upper", {Text("straße ñandú ÿ")}), "STRAßE ÑANDÚ Ÿ");
  EXPECT_EQ(Eval("upper", {Text("привет αβγ")}), "ПРИВЕТ ΑΒΓ");
  EXPECT_EQ(Eval("lower", {Text("ĄĆĘŁŃ Ź")}), "ąćęłń ź");
  EXPECT_EQ(Eval("upper", {NullText()}), "NULL");
}

TEST(StringFunctions, InitCap) {
  EXPECT_EQ(Eval("initcap", {Text("hello wORLD-foo bar_baz 3rd")}), "Hello World-Foo Bar_Baz 3rd");
  EXPECT_EQ(Eval("initcap", {Text("élan vital")}), "Élan Vital");
}

TEST(StringFunctions, Trim) {
  EXPECT_EQ(Eval("btrim", {Text("  ab c  ")}), "ab c");
  EXPECT_EQ(Eval("trim", {Text("  ab c  ")}), "ab c");
  EXPECT_EQ(Eval("ltrim", {Text("  ab  ")}), "ab  ");
  EXPECT_EQ(Eval("rtrim", {Text("  ab  ")}), "  ab");
  EXPECT_EQ(Eval("btrim", {Text("xyxabcyx"), Text("xy")}), "abc");
  EXPECT_EQ(Eval("ltrim", {Text("xyxabcyx"), Text("xy")}), "abcyx");
  EXPECT_EQ(Eval("rtrim", {Text("xyxabcyx"), Text("xy")}), "xyxabc");
  EXPECT_EQ(Eval("trim", {Text("ééaéé"), Text("é")}), "a");
  EXPECT_EQ(Eval("trim", {Text("\tab\t")}), "\tab\t");  // only spaces by default
  EXPECT_EQ(Eval("trim", {Text("    ")}), "");
  EXPECT_EQ(Eval("trim", {Text("abc"), NullText()}), "NULL");
}

TEST(StringFunctions, SubstringFollowsPostgres) {
  EXPECT_EQ(Eval("substring", {Text("hello"), Int(2), Int(3)}), "ell");
  EXPECT_EQ(Eval("substr", {Text("hello"), Int(2)}), "ello");
  EXPECT_EQ(Eval("substring", {Text("hello"), Int(0), Int(2)}), "h");
  EXPECT_EQ(Eval("substring", {Text("hello"), Int(-3), Int(5)}), "h");
  EXPECT_EQ(Eval("substring", {Text("hello"), Int(-3), Int(3)}), "");
  EXPECT_EQ(Eval("substring", {Text("hello"), Int(4), Int(100)}), "lo");
  EXPECT_EQ(Eval("substring", {Text("hello"), Int(9)}), "");
  EXPECT_EQ(Eval("substring", {Text("héllo wörld"), Int(2), Int(4)}), "éllo");
  EXPECT_EQ(Eval("substring", {Text("日本語テキスト"), Int(3)}), "語テキスト");
  EXPECT_EQ(Eval("substring", {Text("hello"), Int(2), Int(INT64_MAX)}), "ello");
  EXPECT_EQ(Eval("substring", {Text("hello"), Int(1), Int(-1)}),
            "ERROR: negative substring length not allowed");
  EXPECT_EQ(Eval("substring", {Text("hello"), Null(), Int(1)}), "NULL");
  EXPECT_EQ(Eval("substring", {Text("hello"), Text("x")}),
            "ERROR: function substring(character varying, character varying) does not exist");
}

TEST(StringFunctions, PositionFunctions) {
  EXPECT_EQ(Eval("strpos", {Text("héllo"), Text("llo")}), "3");
  EXPECT_EQ(Eval("strpos", {Text("hello"), Text("z")}), "0");
  EXPECT_EQ(Eval("strpos", {Text("hello"), Text("")}), "1");
  EXPECT_EQ(Eval("position", {Text("llo"), Text("héllo")}), "3");
  EXPECT_EQ(Eval("charindex", {Text("o"), Text("dog food")}), "2");
  EXPECT_EQ(Eval("charindex", {NullText(), Text("x")}), "NULL");
  EXPECT_EQ(Eval("starts_with", {Text("alphabet"), Text("alph")}), "t");
  EXPECT_EQ(Eval("starts_with", {Text("alphabet"), Text("bet")}), "f");
}

TEST(StringFunctions, Replace) {
  EXPECT_EQ(Eval("replace", {Text("abcabc"), Text("b"), Text("XX")}), "aXXcaXXc");
  EXPECT_EQ(Eval("replace", {Text("abc"), Text(""), Text("X")}), "abc");
  EXPECT_EQ(Eval("replace", {Text("aaa"), Text("aa"), Text("b")}), "ba");
  EXPECT_EQ(Eval("replace", {Text("abc"), Text("b"), NullText()}), "NULL");
}

TEST(StringFunctions, SplitPart) {
  EXPECT_EQ(Eval("split_part", {Text("a,b,,c"), Text(","), Int(2)}), "b");
  EXPECT_EQ(Eval("split_part", {Text("a,b,,c"), Text(","), Int(3)}), "");
  EXPECT_EQ(Eval("split_part", {Text("a,b,,c"), Text(","), Int(4)}), "c");
  EXPECT_EQ(Eval("split_part", {Text("a,b,,c"), Text(","), Int(5)}), "");
  EXPECT_EQ(Eval("split_part", {Text("a::b"), Text("::"), Int(2)}), "b");
  EXPECT_EQ(Eval("split_part", {Text("abc"), Text(""), Int(1)}), "abc");
  EXPECT_EQ(Eval("split_part", {Text("abc"), Text(""), Int(2)}), "");
  EXPECT_EQ(Eval("split_part", {Text("abc"), Text(","), Int(0)}),
            "ERROR: field position must be greater than zero: 0");
  EXPECT_EQ(Eval("split_part", {Text("abc"), Text(","), Int(-1)}),
            "ERROR: field position must be greater than zero: -1");
}

TEST(StringFunctions, LeftRight) {
  EXPECT_EQ(Eval("left", {Text("héllo"), Int(2)}), "hé");
  EXPECT_EQ(Eval("left", {Text("héllo"), Int(-2)}), "hél");
  EXPECT_EQ(Eval("left", {Text("abc"), Int(10)}), "abc");
  EXPECT_EQ(Eval("left", {Text("abc"), Int(-10)}), "");
  EXPECT_EQ(Eval("right", {Text("héllo"), Int(4)}), "éllo");
  EXPECT_EQ(Eval("right", {Text("héllo"), Int(-1)}), "éllo");
  EXPECT_EQ(Eval("right", {Text("abc"), Int(0)}), "");
  EXPECT_EQ(Eval("right", {Text("abc"), Int(-5)}), "");
}

TEST(StringFunctions, Padding) {
  EXPECT_EQ(Eval("lpad", {Text("hi"), Int(5)}), "   hi");
  EXPECT_EQ(Eval("lpad", {Text("hi"), Int(5), Text("xy")}), "xyxhi");
  EXPECT_EQ(Eval("rpad", {Text("hi"), Int(5), Text("xy")}), "hixyx");
  EXPECT_EQ(Eval("lpad", {Text("hello"), Int(3)}), "hel");
  EXPECT_EQ(Eval("rpad", {Text("héllo"), Int(2)}), "hé");
  EXPECT_EQ(Eval("lpad", {Text("hi"), Int(4), Text("é")}), "ééhi");
  EXPECT_EQ(Eval("lpad", {Text("hi"), Int(5), Text("")}), "hi");
  EXPECT_EQ(Eval("lpad", {Text("hi"), Int(-1)}), "");
  EXPECT_EQ(Eval("lpad", {Text("hi"), Int(INT64_MAX)}), "ERROR: requested length too large");
}

TEST(StringFunctions, RepeatReverse) {
  EXPECT_EQ(Eval("repeat", {Text("ab"), Int(3)}), "ababab");
  EXPECT_EQ(Eval("repeat", {Text("ab"), Int(0)}), "");
  EXPECT_EQ(Eval("repeat", {Text("ab"), Int(-2)}), "");
  EXPECT_EQ(Eval("repeat", {Text("ab"), Int(1000000000)}), "ERROR: requested length too large");
  EXPECT_EQ(Eval("reverse", {Text("héllo")}), "olléh");
  EXPECT_EQ(Eval("reverse", {Text("")}), "");
}

TEST(StringFunctions, Md5) {
  EXPECT_EQ(Eval("md5", {Text("")}), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Eval("md5", {Text("abc")}), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Eval("md5", {Text("The quick brown fox jumps over the lazy dog")}),
            "9e107d9d372bb6826bd81d3542a419d6");
  // 56..64 bytes need a second padding block.
  EXPECT_EQ(Eval("md5", {Text(std::string(56, 'a'))}), "3b0c8ac703f828b04c6c197006d17218");
  EXPECT_EQ(Eval("md5", {Text(std::string(64, 'a'))}), "014842d480b571495a4a0363793f7367");
  EXPECT_EQ(Eval("md5", {NullText()}), "NULL");
}

TEST(StringFunctions, AsciiChr) {
  EXPECT_EQ(Eval("ascii", {Text("A")}), "65");
  EXPECT_EQ(Eval("ascii", {Text("é")}), "233");
  EXPECT_EQ(Eval("ascii", {Text("")}), "0");
  EXPECT_EQ(Eval("chr", {Int(65)}), "A");
  EXPECT_EQ(Eval("chr", {Int(8364)}), "€");
  EXPECT_EQ(Eval("chr", {Int(0)}), "ERROR: null character not permitted");
  EXPECT_EQ(Eval("chr", {Int(0x110000)}),
            "ERROR: requested character too large for encoding: 1114112");
  EXPECT_EQ(Eval("chr", {Int(-1)}), "ERROR: requested character too large for encoding: -1");
  EXPECT_EQ(Eval("chr", {Int(0xD800)}), "ERROR: requested character not valid for encoding: 55296");
}

TEST(StringFunctions, Translate) {
  EXPECT_EQ(Eval("translate", {Text("12345"), Text("143"), Text("ax")}), "a2x5");
  EXPECT_EQ(Eval("translate", {Text("héllo"), Text("él"), Text("eL")}), "heLLo");
}

TEST(StringFunctions, KernelHandlesManyRowsAndNulls) {
  auto out = CallRows("upper", {{Text("a")}, {NullText()}, {Text("b")}});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value()[0].ToText(), "A");
  EXPECT_TRUE(out.value()[1].is_null());
  EXPECT_EQ(out.value()[2].ToText(), "B");
}

}  // namespace
}  // namespace martlet::scalar_test
