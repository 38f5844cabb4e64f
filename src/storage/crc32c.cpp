#include "storage/crc32c.hpp"

#include <array>
#include <cstring>

namespace martlet {
namespace {

constexpr uint32_t kPolynomial = 0x82F63B78u;

using Table = std::array<std::array<uint32_t, 256>, 8>;

constexpr Table MakeTable() {
  Table table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? kPolynomial : 0u);
    table[0][i] = crc;
  }
  for (size_t k = 1; k < 8; ++k) {
    for (uint32_t i = 0; i < 256; ++i) {
      table[k][i] = (table[k - 1][i] >> 8) ^ table[0][table[k - 1][i] & 0xFFu];
    }
  }
  return table;
}

constexpr Table kTable = MakeTable();

uint32_t ExtendPortable(uint32_t crc, const uint8_t* p, size_t n) {
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    word ^= crc;
    crc = kTable[7][word & 0xFF] ^ kTable[6][(word >> 8) & 0xFF] ^ kTable[5][(word >> 16) & 0xFF] ^
          kTable[4][(word >> 24) & 0xFF] ^ kTable[3][(word >> 32) & 0xFF] ^
          kTable[2][(word >> 40) & 0xFF] ^ kTable[1][(word >> 48) & 0xFF] ^ kTable[0][word >> 56];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) crc = (crc >> 8) ^ kTable[0][(crc ^ *p++) & 0xFF];
  return crc;
}

#if defined(__x86_64__) && !defined(MARTLET_CRC32C_PORTABLE)
__attribute__((target("sse4.2"))) uint32_t ExtendOneStream(uint32_t crc, const uint8_t* p,
                                                           size_t n) {
  uint64_t wide = crc;
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    wide = __builtin_ia32_crc32di(wide, word);
    p += 8;
    n -= 8;
  }
  uint32_t narrow = static_cast<uint32_t>(wide);
  while (n-- > 0) narrow = __builtin_ia32_crc32qi(narrow, *p++);
  return narrow;
}

// The crc32 instruction takes three cycles but can start every cycle, so three independent
// streams over neighbouring stripes run about three times as fast as one. Their checksums are
// joined by linearity: crc(s, A + B) == crc(crc(s, A), B) == ShiftStripe(crc(s, A)) ^ crc(0, B)
// for |B| == kStripeBytes, where ShiftStripe(x) == crc(x, kStripeBytes zero bytes).
constexpr size_t kStripeBytes = 1024;

struct StripeShift {
  std::array<std::array<uint32_t, 256>, 4> table{};  // by byte of the state

  StripeShift() {
    static const uint8_t kZeros[kStripeBytes] = {};
    uint32_t basis[32];
    for (int bit = 0; bit < 32; ++bit) basis[bit] = ExtendOneStream(1u << bit, kZeros, kStripeBytes);
    for (int k = 0; k < 4; ++k) {
      for (uint32_t byte = 0; byte < 256; ++byte) {
        uint32_t shifted = 0;
        for (int bit = 0; bit < 8; ++bit) {
          if ((byte >> bit) & 1) shifted ^= basis[8 * k + bit];
        }
        table[k][byte] = shifted;
      }
    }
  }

  uint32_t operator()(uint32_t crc) const {
    return table[0][crc & 0xFF] ^ table[1][(crc >> 8) & 0xFF] ^ table[2][(crc >> 16) & 0xFF] ^
           table[3][crc >> 24];
  }
};

__attribute__((target("sse4.2"))) uint32_t ExtendHardware(uint32_t crc, const uint8_t* p,
                                                          size_t n) {
  static const StripeShift kShift;
  while (n >= 3 * kStripeBytes) {
    uint64_t a = crc, b = 0, c = 0;
    for (size_t i = 0; i < kStripeBytes; i += 8) {
      uint64_t word_a, word_b, word_c;
      std::memcpy(&word_a, p + i, 8);
      std::memcpy(&word_b, p + kStripeBytes + i, 8);
      std::memcpy(&word_c, p + 2 * kStripeBytes + i, 8);
      a = __builtin_ia32_crc32di(a, word_a);
      b = __builtin_ia32_crc32di(b, word_b);
      c = __builtin_ia32_crc32di(c, word_c);
    }
    crc = kShift(kShift(static_cast<uint32_t>(a)) ^ static_cast<uint32_t>(b)) ^
          static_cast<uint32_t>(c);
    p += 3 * kStripeBytes;
    n -= 3 * kStripeBytes;
  }
  return ExtendOneStream(crc, p, n);
}

bool HasHardwareCrc() {
  static const bool kHas = __builtin_cpu_supports("sse4.2");
  return kHas;
}
#endif

}  // namespace

uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t length) {
  const auto* p = static_cast<const uint8_t*>(data);
  crc = ~crc;
#if defined(__x86_64__) && !defined(MARTLET_CRC32C_PORTABLE)
  crc = HasHardwareCrc() ? ExtendHardware(crc, p, length) : ExtendPortable(crc, p, length);
#else
  crc = ExtendPortable(crc, p, length);
#endif
  return ~crc;
}

}  // namespace martlet
