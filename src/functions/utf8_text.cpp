#include "functions/utf8_text.hpp"

namespace martlet {

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

size_t Utf8Length(std::string_view text) {
  // Every byte that is not a continuation byte starts a character.
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

size_t Utf8ByteOffset(std::string_view text, size_t chars) {
  size_t pos = 0;
  while (chars > 0 && pos < text.size()) {
    pos += Utf8CharBytes(text, pos);
    chars--;
  }
  return pos;
}

uint32_t DecodeUtf8(std::string_view text, size_t& pos) {
  auto lead = static_cast<unsigned char>(text[pos]);
  size_t n = Utf8CharBytes(text, pos);
  if (n == 1) {
    pos++;
    return lead;
  }
  static constexpr unsigned char kLeadMask[] = {0, 0, 0x1F, 0x0F, 0x07};
  uint32_t cp = lead & kLeadMask[n];
  for (size_t i = 1; i < n; i++)
    cp = (cp << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
  pos += n;
  return cp;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

uint32_t LowerCodePoint(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  // Latin Extended-A pairs capitals on even code points, except the block 0x139..0x148 and
  // 0x179..0x17E where capitals are odd; 0x130 (dotted I) and 0x178 (Y diaeresis) are special.
  if (cp == 0x130) return 'i';
  if (cp == 0x178) return 0xFF;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
    return cp % 2 == 1 ? cp + 1 : cp;
  }
  if (cp >= 0x100 && cp <= 0x17F && cp != 0x138 && cp != 0x149 && cp != 0x17F) {
    return cp % 2 == 0 ? cp + 1 : cp;
  }
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  return cp;
}

uint32_t UpperCodePoint(uint32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 32;
  if (cp == 0xFF) return 0x178;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
    return cp % 2 == 0 ? cp - 1 : cp;
  }
  if (cp >= 0x100 && cp <= 0x17F && cp != 0x131 && cp != 0x138 && cp != 0x149 && cp != 0x17F) {
    return cp % 2 == 1 ? cp - 1 : cp;
  }
  if (cp >= 0x3B1 && cp <= 0x3CB && cp != 0x3C2) return cp - 32;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 80;
  return cp;
}

bool IsAlnumCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  // Letters of the scripts the case mapping knows; anything else outside ASCII that has a
  // case is a letter too.
  return LowerCodePoint(cp) != cp || UpperCodePoint(cp) != cp || cp == 0xDF;
}

template <uint32_t (*Map)(uint32_t), char kFrom, char kTo>
static std::string MapCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    char c = text[pos];
    if (static_cast<unsigned char>(c) < 0x80) {
      out += c >= kFrom && c <= kTo ? static_cast<char>(c ^ 0x20) : c;
      pos++;
      continue;
    }
    AppendUtf8(out, Map(DecodeUtf8(text, pos)));
  }
  return out;
}

std::string Utf8Lower(std::string_view text) { return MapCase<LowerCodePoint, 'A', 'Z'>(text); }
std::string Utf8Upper(std::string_view text) { return MapCase<UpperCodePoint, 'a', 'z'>(text); }

}  // namespace martlet
