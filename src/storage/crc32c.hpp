// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of row-group files.
// Uses the SSE4.2 crc32 instruction (three streams at once) when the CPU has it and a
// slicing-by-8 table otherwise;
// both give the same value (build with -DMARTLET_CRC32C_PORTABLE to force the table).
// Crc32c("123456789") == 0xE3069283.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace martlet {

// Continues a checksum: Crc32c(a + b) == Crc32cExtend(Crc32c(a), b).
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t length);

inline uint32_t Crc32c(std::string_view data) { return Crc32cExtend(0, data.data(), data.size()); }

}  // namespace martlet
