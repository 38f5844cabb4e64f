#include "common/decimal.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <optional>

namespace martlet {

namespace {

constexpr int kPowersOf10 = 39;  // 10^0 .. 10^38, every power a DECIMAL scale or precision needs

constexpr std::array<int128_t, kPowersOf10> MakePowersOf10() {
  std::array<int128_t, kPowersOf10> powers{};
  powers[0] = 1;
  for (int i = 1; i < kPowersOf10; i++) powers[i] = powers[i - 1] * 10;
  return powers;
}

constexpr std::array<int128_t, kPowersOf10> kPowerOf10 = MakePowersOf10();

// The common form [-]digits[.digits], with at most 18 digits, no more of them after the point
// than `scale` and no more before it than the precision allows: converted with 64-bit
// arithmetic and one multiplication. Anything else (and every error) takes the general path.
std::optional<int128_t> ParsePlainDecimal(std::string_view text, int precision, int scale) {
  size_t i = !text.empty() && text[0] == '-';
  int64_t digits = 0;
  int count = 0, integer_digits = 0, fraction_digits = 0;
  bool point = false;
  for (; i < text.size(); i++) {
    if (text[i] == '.' && !point) {
      point = true;
      continue;
    }
    unsigned digit = static_cast<unsigned char>(text[i]) - '0';
    if (digit > 9 || ++count > 18) return std::nullopt;
    digits = digits * 10 + digit;
    if (point) {
      fraction_digits++;
    } else if (digits != 0) {
      integer_digits++;
    }
  }
  if (count == 0 || fraction_digits > scale || integer_digits > precision - scale) return std::nullopt;
  const int128_t value = int128_t{digits} * kPowerOf10[static_cast<size_t>(scale - fraction_digits)];
  return text[0] == '-' ? -value : value;
}

}  // namespace

int128_t Pow10(int n) {
  if (n >= 0 && n < kPowersOf10) return kPowerOf10[static_cast<size_t>(n)];
  int128_t result = 1;
  for (int i = 0; i < n; i++) result *= 10;
  return result;
}

static Status DecimalSyntax(std::string_view text) {
  return Status(StatusCode::kInvalidInput,
                "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

static Status DecimalOverflow(int precision, int scale) {
  return Status(StatusCode::kOverflow,
                "numeric field overflow: a field with precision " + std::to_string(precision) +
                    ", scale " + std::to_string(scale) + " must round to an absolute value less than 10^" +
                    std::to_string(precision - scale));
}

Result<int128_t> ParseDecimal(std::string_view text, int precision, int scale) {
  if (std::optional<int128_t> plain = ParsePlainDecimal(text, precision, scale)) return *plain;
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  int128_t digits = 0;
  int digit_count = 0;     // significant digits kept
  int fraction_digits = 0; // digits after the point that were kept
  bool any = false, point = false;
  int dropped_first = -1;  // first digit that did not fit (for rounding)
  for (; i < text.size(); i++) {
    char c = text[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    any = true;
    if (digit_count >= 38) {
      if (!point) return DecimalOverflow(precision, scale);
      if (dropped_first < 0) dropped_first = c - '0';
      continue;
    }
    digits = digits * 10 + (c - '0');
    if (digits != 0) digit_count++;
    if (point) fraction_digits++;
  }
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    i++;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return DecimalSyntax(text);
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); i++) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 100) return DecimalSyntax(text);
    }
    if (exp_negative) exponent = -exponent;
  }
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
  if (!any || i != text.size()) return DecimalSyntax(text);
  int current_scale = fraction_digits - exponent;
  if (dropped_first >= 5) digits += 1;  // rounding of digits beyond 38
  if (current_scale < 0) {
    if (-current_scale + digit_count > 38) return DecimalOverflow(precision, scale);
    digits *= Pow10(-current_scale);
    current_scale = 0;
  }
  ASSIGN_OR_RETURN(int128_t scaled, Rescale(digits, current_scale, scale, precision));
  return negative ? -scaled : scaled;
}

std::string Int128ToString(int128_t value) {
  if (value == 0) return "0";
  bool negative = value < 0;
  // Work in the negative range so that the minimum value does not overflow.
  int128_t v = negative ? value : -value;
  std::string out;
  while (v != 0) {
    out += static_cast<char>('0' - static_cast<int>(v % 10));
    v /= 10;
  }
  if (negative) out += '-';
  return std::string(out.rbegin(), out.rend());
}

std::string FormatDecimal(int128_t unscaled, int scale) {
  if (scale == 0) return Int128ToString(unscaled);
  bool negative = unscaled < 0;
  std::string digits = Int128ToString(negative ? -unscaled : unscaled);
  if (static_cast<int>(digits.size()) <= scale) {
    digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
  }
  digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
  return negative ? "-" + digits : digits;
}

Result<int128_t> Rescale(int128_t value, int from_scale, int to_scale, int precision) {
  int128_t result = value;
  if (to_scale > from_scale) {
    int128_t factor = Pow10(to_scale - from_scale);
    if (__builtin_mul_overflow(value, factor, &result)) {
      return DecimalOverflow(precision, to_scale);
    }
  } else if (to_scale < from_scale) {
    int128_t factor = Pow10(from_scale - to_scale);
    result = value / factor;
    int128_t remainder = value % factor;
    if (remainder * 2 >= factor) result += 1;
    if (remainder * 2 <= -factor) result -= 1;
  }
  int128_t limit = MaxDecimalMagnitude(precision);
  if (result > limit || result < -limit) return DecimalOverflow(precision, to_scale);
  return result;
}

Result<int128_t> DoubleToDecimal(double value, int precision, int scale) {
  if (!std::isfinite(value)) {
    return Status(StatusCode::kInvalidInput, "cannot convert infinity or NaN to numeric");
  }
  long double scaled = std::round(static_cast<long double>(value) * static_cast<long double>(Pow10(scale)));
  long double limit = static_cast<long double>(MaxDecimalMagnitude(precision));
  if (scaled > limit || scaled < -limit) return DecimalOverflow(precision, scale);
  return static_cast<int128_t>(scaled);
}

double DecimalToDouble(int128_t value, int scale) {
  return static_cast<double>(value) / static_cast<double>(Pow10(scale));
}

}  // namespace martlet
