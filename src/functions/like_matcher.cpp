#include "functions/like_matcher.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "functions/utf8_text.hpp"

namespace martlet {

namespace {

constexpr size_t kNoMatch = std::string_view::npos;

// Where `needle` (two bytes or more) first starts in text[from, end), or kNoMatch. A start
// needs the needle's first and its last byte in place; sixteen starts are tested for both at
// once, and only where both agree are the bytes between compared. This beats memmem on the
// short texts LIKE sees (a comment, a name), where memmem's per-call setup dominates.
size_t FindLongNeedle(std::string_view text, std::string_view needle, size_t from) {
  const char* base = text.data();
  const size_t n = needle.size();
  const size_t last_start = text.size() - n;
  const char head = needle[0], tail = needle[n - 1];
  size_t i = from;
#if defined(__SSE2__)
  const __m128i heads = _mm_set1_epi8(head), tails = _mm_set1_epi8(tail);
  for (; i + 15 <= last_start; i += 16) {
    __m128i at_head = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + i));
    __m128i at_tail = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + i + n - 1));
    auto candidates = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(at_head, heads), _mm_cmpeq_epi8(at_tail, tails))));
    for (; candidates != 0; candidates &= candidates - 1) {
      size_t start = i + static_cast<size_t>(__builtin_ctz(candidates));
      if (std::memcmp(base + start + 1, needle.data() + 1, n - 2) == 0) return start;
    }
  }
#endif
  for (; i <= last_start; i++) {
    if (base[i] == head && base[i + n - 1] == tail &&
        std::memcmp(base + i + 1, needle.data() + 1, n - 2) == 0) {
      return i;
    }
  }
  return kNoMatch;
}

size_t FindBytes(std::string_view text, std::string_view needle, size_t from) {
  if (from > text.size()) return kNoMatch;
  if (needle.empty()) return from;
  if (needle.size() > text.size() - from) return kNoMatch;
  if (needle.size() == 1) {
    const void* hit = std::memchr(text.data() + from, needle[0], text.size() - from);
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - text.data()) : kNoMatch;
  }
  return FindLongNeedle(text, needle, from);
}

}  // namespace

Result<LikeMatcher> LikeMatcher::Compile(std::string_view pattern, std::string_view escape) {
  if (!escape.empty() && Utf8CharBytes(escape, 0) != escape.size()) {
    return Status(StatusCode::kInvalidInput,
                  "invalid escape string: \"" + std::string(escape) +
                      "\" (the escape string must be empty or one character)");
  }
  LikeMatcher m;
  m.segments_.emplace_back();
  bool only_literals = true;  // no '_' anywhere
  size_t pos = 0;
  while (pos < pattern.size()) {
    size_t n = Utf8CharBytes(pattern, pos);
    std::string_view ch = pattern.substr(pos, n);
    pos += n;
    Segment& segment = m.segments_.back();
    if (!escape.empty() && ch == escape) {
      if (pos >= pattern.size()) {
        return Status(
            StatusCode::kInvalidInput,
            "LIKE pattern must not end with escape character: \"" + std::string(pattern) + "\"");
      }
      n = Utf8CharBytes(pattern, pos);
      ch = pattern.substr(pos, n);
      pos += n;
    } else if (ch == "%") {
      if (!segment.empty() || m.segments_.size() == 1) m.segments_.emplace_back();
      continue;
    } else if (ch == "_") {
      only_literals = false;
      if (segment.empty() || !segment.back().literal.empty()) segment.emplace_back();
      segment.back().any_chars++;
      continue;
    }
    if (segment.empty() || segment.back().literal.empty()) segment.push_back(Piece{"", 0});
    segment.back().literal.append(ch);
  }
  // segments_[0] is the text before the first '%' (maybe empty); an empty last segment means
  // the pattern ends with '%'.
  m.has_percent_ = m.segments_.size() > 1;
  m.trailing_percent_ = m.segments_.size() > 1 && m.segments_.back().empty();
  if (m.trailing_percent_) m.segments_.pop_back();
  m.Simplify(only_literals);
  return m;
}

void LikeMatcher::Simplify(bool only_literals) {
  if (!only_literals) return;
  size_t count = segments_.size();
  auto literal_of = [](const Segment& s) { return s.empty() ? std::string() : s[0].literal; };
  if (!has_percent_) {
    shape_ = Shape::kExact;
    literal_ = literal_of(segments_[0]);
  } else if (count == 1 && segments_[0].empty()) {
    shape_ = Shape::kAnything;  // '%', '%%'
  } else if (count == 1) {
    // 'abc%': one segment before the only '%'.
    shape_ = trailing_percent_ ? Shape::kPrefix : Shape::kGeneral;
    literal_ = literal_of(segments_[0]);
  } else if (count == 2 && segments_[0].empty()) {
    shape_ = trailing_percent_ ? Shape::kContains : Shape::kSuffix;
    literal_ = literal_of(segments_[1]);
  }
}

bool LikeMatcher::Matches(std::string_view text) const {
  switch (shape_) {
    case Shape::kExact:
      return text == literal_;
    case Shape::kPrefix:
      return text.starts_with(literal_);
    case Shape::kSuffix:
      return text.ends_with(literal_);
    case Shape::kContains:
      return FindBytes(text, literal_, 0) != kNoMatch;
    case Shape::kAnything:
      return true;
    case Shape::kGeneral:
      return MatchesGeneral(text);
  }
  return false;
}

// Where `segment` ends when it starts at `pos`, or kNoMatch.
size_t LikeMatcher::MatchSegmentAt(const Segment& segment, std::string_view text, size_t pos) {
  for (const Piece& piece : segment) {
    if (!piece.literal.empty()) {
      if (text.substr(pos, piece.literal.size()) != piece.literal) return kNoMatch;
      pos += piece.literal.size();
      continue;
    }
    for (size_t i = 0; i < piece.any_chars; i++) {
      if (pos >= text.size()) return kNoMatch;
      pos += Utf8CharBytes(text, pos);
    }
  }
  return pos;
}

// The end of the leftmost match of `segment` starting at or after `from`. Leftmost is always
// right for a segment between two '%': a later start can only leave less text for the rest.
size_t LikeMatcher::FindSegment(const Segment& segment, std::string_view text, size_t from) {
  const std::string& first_literal = segment[0].literal;
  for (size_t start = from; start <= text.size();) {
    if (!first_literal.empty()) {
      start = FindBytes(text, first_literal, start);
      if (start == kNoMatch) return kNoMatch;
    }
    size_t end = MatchSegmentAt(segment, text, start);
    if (end != kNoMatch) return end;
    if (start == text.size()) break;
    start += Utf8CharBytes(text, start);
  }
  return kNoMatch;
}

bool LikeMatcher::MatchesGeneral(std::string_view text) const {
  // The first segment is anchored at the start.
  size_t pos = MatchSegmentAt(segments_[0], text, 0);
  if (pos == kNoMatch) return false;
  if (segments_.size() == 1) return trailing_percent_ || pos == text.size();
  size_t last = segments_.size() - 1;
  for (size_t i = 1; i < last; i++) {
    pos = FindSegment(segments_[i], text, pos);
    if (pos == kNoMatch) return false;
  }
  if (trailing_percent_) {
    pos = FindSegment(segments_[last], text, pos);
    return pos != kNoMatch;
  }
  // The last segment must end exactly at the end of the text: try every start from `pos`.
  for (size_t start = pos; start <= text.size();) {
    if (MatchSegmentAt(segments_[last], text, start) == text.size()) return true;
    if (start == text.size()) break;
    start += Utf8CharBytes(text, start);
  }
  return false;
}

}  // namespace martlet
