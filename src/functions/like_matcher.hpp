// A compiled SQL LIKE pattern.
//
// '%' matches any run of characters, '_' exactly one character (UTF-8), and the escape
// character (backslash unless ESCAPE says otherwise; none for ESCAPE '') makes the next
// character literal. Patterns that are a literal with '%' only at the ends (the common
// 'abc%', '%abc', '%abc%', 'abc') are matched with a single compare or substring search.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "martlet/status.hpp"

namespace martlet {

class LikeMatcher {
 public:
  // `escape` is the ESCAPE text: empty disables escaping; more than one character is an error.
  static Result<LikeMatcher> Compile(std::string_view pattern, std::string_view escape);

  bool Matches(std::string_view text) const;

 private:
  enum class Shape { kExact, kPrefix, kSuffix, kContains, kAnything, kGeneral };
  // One piece of a segment: a literal, or (when literal is empty) `any_chars` times '_'.
  struct Piece {
    std::string literal;
    size_t any_chars = 0;
  };
  using Segment = std::vector<Piece>;  // the text between two '%'

  static size_t MatchSegmentAt(const Segment& segment, std::string_view text, size_t pos);
  static size_t FindSegment(const Segment& segment, std::string_view text, size_t from);
  bool MatchesGeneral(std::string_view text) const;
  // Picks a fast shape when the pattern has no '_' and '%' only at its ends.
  void Simplify(bool only_literals);

  Shape shape_ = Shape::kGeneral;
  std::string literal_;            // for the simple shapes
  std::vector<Segment> segments_;  // for kGeneral: segments between '%'
  bool has_percent_ = false;       // segments_[0] is anchored at the start either way
  bool trailing_percent_ = false;
};

}  // namespace martlet
