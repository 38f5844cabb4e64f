#include "functions/md5.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace martlet {
namespace {

constexpr int kShifts[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                             5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                             4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                             6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

// The RFC defines the round constants as floor(|sin(i + 1)| * 2^32).
std::array<uint32_t, 64> MakeSineTable() {
  std::array<uint32_t, 64> table{};
  for (int i = 0; i < 64; i++) {
    table[i] = static_cast<uint32_t>(std::fabs(std::sin(i + 1.0)) * 4294967296.0);
  }
  return table;
}

uint32_t RotateLeft(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

void ProcessBlock(const unsigned char* block, uint32_t state[4]) {
  static const std::array<uint32_t, 64> kSine = MakeSineTable();
  uint32_t words[16];
  for (int i = 0; i < 16; i++) {
    words[i] = static_cast<uint32_t>(block[i * 4]) | static_cast<uint32_t>(block[i * 4 + 1]) << 8 |
               static_cast<uint32_t>(block[i * 4 + 2]) << 16 |
               static_cast<uint32_t>(block[i * 4 + 3]) << 24;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  for (int i = 0; i < 64; i++) {
    uint32_t f;
    int g;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    uint32_t next_b = b + RotateLeft(a + f + kSine[i] + words[g], kShifts[i]);
    a = d;
    d = c;
    c = b;
    b = next_b;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
}

}  // namespace

std::string Md5Hex(std::string_view data) {
  uint32_t state[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  size_t full_blocks = data.size() / 64;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  for (size_t i = 0; i < full_blocks; i++) ProcessBlock(bytes + i * 64, state);

  // The tail: remaining bytes, 0x80, zeros, then the bit length (little-endian) in 8 bytes.
  unsigned char tail[128] = {};
  size_t rest = data.size() - full_blocks * 64;
  if (rest > 0) std::memcpy(tail, bytes + full_blocks * 64, rest);
  tail[rest] = 0x80;
  size_t tail_size = rest + 1 + 8 <= 64 ? 64 : 128;
  uint64_t bit_length = static_cast<uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; i++)
    tail[tail_size - 8 + i] = static_cast<unsigned char>(bit_length >> (8 * i));
  for (size_t offset = 0; offset < tail_size; offset += 64) ProcessBlock(tail + offset, state);

  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (uint32_t word : state) {
    for (int i = 0; i < 4; i++) {
      auto byte = static_cast<unsigned char>(word >> (8 * i));
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

}  // namespace martlet
