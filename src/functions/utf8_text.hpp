// UTF-8 text as SQL string functions see it: characters, not bytes.
//
// Input is expected to be valid UTF-8 (loaders and casts check it); on malformed bytes these
// functions never read out of bounds, and treat each stray byte as one character.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace martlet {

// The byte length of the character starting with `lead` (1 for a stray continuation byte).
inline size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// The byte length of the character at `pos`, clamped to the end of `text`.
inline size_t Utf8CharBytes(std::string_view text, size_t pos) {
  size_t n = Utf8SequenceLength(static_cast<unsigned char>(text[pos]));
  return n <= text.size() - pos ? n : text.size() - pos;
}

bool IsAscii(std::string_view text);
size_t Utf8Length(std::string_view text);
// The byte offset of character number `chars` (0-based), or text.size() past the end.
size_t Utf8ByteOffset(std::string_view text, size_t chars);
// Decodes the character at `pos` and advances `pos` past it.
uint32_t DecodeUtf8(std::string_view text, size_t& pos);
void AppendUtf8(std::string& out, uint32_t code_point);

// Simple (one-to-one) case mapping for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic;
// other characters map to themselves.
uint32_t LowerCodePoint(uint32_t code_point);
uint32_t UpperCodePoint(uint32_t code_point);
bool IsAlnumCodePoint(uint32_t code_point);
std::string Utf8Lower(std::string_view text);
std::string Utf8Upper(std::string_view text);

}  // namespace martlet
