// Little-endian byte writing and bounds-checked reading for Martlet's on-disk formats.
//
// Every multi-byte integer Martlet writes is little-endian. Values are copied with memcpy, so
// the formats are only produced and read on little-endian hosts (x86-64, AArch64); the
// static_assert below stops a build anywhere else rather than writing files nobody can read.
//
// ByteReader never reads past the end of its input: every Read* returns false instead, and
// the caller turns that into a kCorruption error naming what it was reading.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace martlet {

static_assert(std::endian::native == std::endian::little,
              "Martlet's storage formats are little-endian and written with memcpy");

template <typename T>
inline void PutFixed(std::string& out, T value) {
  static_assert(std::is_trivially_copyable_v<T>);
  char buffer[sizeof(T)];
  std::memcpy(buffer, &value, sizeof(T));
  out.append(buffer, sizeof(T));
}

inline void PutU8(std::string& out, uint8_t value) { out.push_back(static_cast<char>(value)); }

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  size_t remaining() const { return data_.size() - position_; }
  size_t position() const { return position_; }
  const uint8_t* current() const {
    return reinterpret_cast<const uint8_t*>(data_.data()) + position_;
  }

  template <typename T>
  bool ReadFixed(T* value) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (remaining() < sizeof(T)) return false;
    std::memcpy(value, data_.data() + position_, sizeof(T));
    position_ += sizeof(T);
    return true;
  }

  bool ReadBytes(size_t length, std::string_view* bytes) {
    if (remaining() < length) return false;
    *bytes = data_.substr(position_, length);
    position_ += length;
    return true;
  }

  bool Skip(size_t length) {
    if (remaining() < length) return false;
    position_ += length;
    return true;
  }

 private:
  std::string_view data_;
  size_t position_ = 0;
};

}  // namespace martlet
