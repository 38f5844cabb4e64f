// Converting one text field of a load file to a column value, without going through Value.
#pragma once

#include <string_view>

#include "common/vector.hpp"
#include "martlet/status.hpp"

namespace martlet {

// Appends the value `text` spells to `out` (of any type). Errors say why the text is not a
// value of the type ("invalid input syntax for type integer: \"12x\"", "value too long for
// type character varying(5)"); they carry no position, the caller adds file and line.
Status AppendTextField(std::string_view text, Vector& out);

}  // namespace martlet
