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
__attribute__((target("sse4.2"))) uint32_t ExtendHardware(uint32_t crc, const uint8_t* p,
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
