// Exact decimal arithmetic helpers for DECIMAL(p, s), held as unscaled int128 values.
#pragma once

#include <string>
#include <string_view>

#include "common/types.hpp"
#include "martlet/status.hpp"

namespace martlet {

// 10^n for 0 <= n <= 38.
int128_t Pow10(int n);
// The largest absolute unscaled value of a DECIMAL with `precision` digits: 10^p - 1.
inline int128_t MaxDecimalMagnitude(int precision) { return Pow10(precision) - 1; }

// Parses '12.345', '-0.5', '1e3' into an unscaled value with `scale` digits after the point,
// rounding half away from zero; fails when the value needs more than `precision` digits.
Result<int128_t> ParseDecimal(std::string_view text, int precision, int scale);
// 1234 with scale 2 -> "12.34".
std::string FormatDecimal(int128_t unscaled, int scale);
std::string Int128ToString(int128_t value);

// Changes the scale of an unscaled value, rounding half away from zero when it shrinks.
// Fails with kOverflow when the result does not fit `precision` digits.
Result<int128_t> Rescale(int128_t value, int from_scale, int to_scale, int precision);

// Double to decimal (rounded) and back.
Result<int128_t> DoubleToDecimal(double value, int precision, int scale);
double DecimalToDouble(int128_t value, int scale);

}  // namespace martlet
