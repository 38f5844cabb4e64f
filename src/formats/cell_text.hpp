// The text of one value of a column, as the shell's CSV output and psql print it: ISO dates
// and timestamps, decimals with their scale, "t"/"f", the shortest float that reads back.
#pragma once

#include <string>

#include "common/vector.hpp"

namespace martlet {

// Appends the text of row `row` of `column` (which must not be NULL) to `out`.
void AppendCellText(const Vector& column, size_t row, std::string& out);

}  // namespace martlet
