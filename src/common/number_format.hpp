// Floating-point text as PostgreSQL (12 and later) prints it: the shortest text that reads
// back to the same value, "Infinity", "-Infinity", "NaN".
#pragma once

#include <string>

namespace martlet {

std::string FormatDouble(double value);
std::string FormatReal(float value);

}  // namespace martlet
