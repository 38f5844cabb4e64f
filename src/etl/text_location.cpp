#include "etl/text_location.hpp"

#include <algorithm>

namespace martlet::etl {

TextLocation LocateOffset(std::string_view text, int offset) {
  TextLocation location;
  size_t end = std::min(text.size(), static_cast<size_t>(std::max(offset, 0)));
  for (size_t i = 0; i < end; i++) {
    if (text[i] == '\n') {
      location.line++;
      location.column = 1;
    } else {
      location.column++;
    }
  }
  return location;
}

std::string FileLocation(const std::string& file, std::string_view text, int offset) {
  TextLocation location = LocateOffset(text, offset);
  return file + ":" + std::to_string(location.line) + ":" + std::to_string(location.column);
}

}  // namespace martlet::etl
