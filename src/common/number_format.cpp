#include "common/number_format.hpp"

#include <charconv>
#include <cmath>

namespace martlet {

// Fixed-point notation is used for decimal exponents in [-4, max_fixed_exponent), as
// PostgreSQL's Ryu output does (printf's defaults): 15 for double, 6 for real, so that
// 1e+15::float8 and 1e+06::real print in scientific notation.
template <typename T>
static std::string FormatShortest(T value, int max_fixed_exponent) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buf[512];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string text(buf, end);
  int exponent10 = std::stoi(text.substr(text.find('e') + 1));
  if (exponent10 >= -4 && exponent10 < max_fixed_exponent) {
    auto [fixed_end, fixed_ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
    return std::string(buf, fixed_end);
  }
  // PostgreSQL writes exponents with a sign and at least two digits: 1e+20, 1e-05.
  size_t e = text.find('e');
  if (e != std::string::npos) {
    std::string mantissa = text.substr(0, e);
    std::string exponent = text.substr(e + 1);
    char sign = '+';
    if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) {
      sign = exponent[0];
      exponent = exponent.substr(1);
    }
    if (exponent.size() < 2) exponent = "0" + exponent;
    text = mantissa + "e" + sign + exponent;
  }
  return text;
}

std::string FormatDouble(double value) { return FormatShortest(value, 15); }
std::string FormatReal(float value) { return FormatShortest(value, 6); }

}  // namespace martlet
