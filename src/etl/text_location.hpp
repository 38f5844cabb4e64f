// Line and column of a byte offset, for errors that point into a project's files.
#pragma once

#include <string>
#include <string_view>

namespace martlet::etl {

struct TextLocation {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

TextLocation LocateOffset(std::string_view text, int offset);

// "models/x.sql:3:8"
std::string FileLocation(const std::string& file, std::string_view text, int offset);

}  // namespace martlet::etl
