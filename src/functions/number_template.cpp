// TO_CHAR(number, template): PostgreSQL's numeric template patterns 9 0 . , D G S MI PL SG PR
// and FM. Digits are laid out right-aligned on the integer positions; a value with more
// integer digits than the template has positions prints '#' in every digit position.
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "common/decimal.hpp"
#include "functions/date_format_functions.hpp"

namespace martlet {
namespace {

enum class Item : uint8_t {
  kNine,
  kZero,
  kPoint,
  kGroup,
  kSignS,
  kMinus,
  kPlus,
  kSignSG,
  kLiteral,
};

struct NumberTemplate {
  std::vector<Item> items;
  std::string literals;  // one character per kLiteral item, in order
  bool fill_mode = false;
  bool angle_brackets = false;  // PR
  bool explicit_sign = false;   // S, MI, PL, SG or PR
  int int_positions = 0;
  int frac_positions = 0;
  int first_int_zero = -1;  // the leftmost '0' among integer positions
  int last_frac_zero = -1;  // the rightmost '0' among fraction positions
};

NumberTemplate CompileNumberTemplate(std::string_view format) {
  NumberTemplate t;
  bool after_point = false;
  for (size_t i = 0; i < format.size(); i++) {
    std::string_view rest = format.substr(i);
    auto take = [&](std::string_view word) {
      if (rest.size() < word.size()) return false;
      for (size_t j = 0; j < word.size(); j++) {
        if (std::toupper(static_cast<unsigned char>(rest[j])) != word[j]) return false;
      }
      i += word.size() - 1;
      return true;
    };
    char c = format[i];
    if (c == '9' || c == '0') {
      if (after_point) {
        if (c == '0') t.last_frac_zero = t.frac_positions;
        t.frac_positions++;
      } else {
        if (c == '0' && t.first_int_zero < 0) t.first_int_zero = t.int_positions;
        t.int_positions++;
      }
      t.items.push_back(c == '9' ? Item::kNine : Item::kZero);
    } else if ((c == '.' || c == 'D' || c == 'd') && !after_point) {
      after_point = true;
      t.items.push_back(Item::kPoint);
    } else if (c == ',' || c == 'G' || c == 'g') {
      t.items.push_back(Item::kGroup);
    } else if (take("FM")) {
      t.fill_mode = true;
    } else if (take("PR")) {
      t.angle_brackets = t.explicit_sign = true;
    } else if (take("MI")) {
      t.items.push_back(Item::kMinus);
      t.explicit_sign = true;
    } else if (take("PL")) {
      t.items.push_back(Item::kPlus);
      t.explicit_sign = true;
    } else if (take("SG")) {
      t.items.push_back(Item::kSignSG);
      t.explicit_sign = true;
    } else if (c == 'S' || c == 's') {
      t.items.push_back(Item::kSignS);
      t.explicit_sign = true;
    } else {
      t.items.push_back(Item::kLiteral);
      t.literals += c;
    }
  }
  return t;
}

// Lays out a value given as its digits: `int_digits` without leading zeros ('' for zero) and
// `frac_digits` with exactly frac_positions digits. `overflow` prints '#' instead of digits.
std::string Layout(const NumberTemplate& t, bool negative, std::string int_digits,
                   const std::string& frac_digits, bool overflow) {
  if (int_digits.empty() && t.frac_positions == 0) int_digits = "0";
  overflow = overflow || static_cast<int>(int_digits.size()) > t.int_positions;
  int leading = t.int_positions - static_cast<int>(int_digits.size());
  // FM drops fraction '9' positions holding trailing zeros (but keeps those up to a '0').
  int frac_keep = t.frac_positions;
  if (t.fill_mode && !overflow) {
    while (frac_keep > t.last_frac_zero + 1 && frac_digits[frac_keep - 1] == '0') frac_keep--;
  }
  std::string out;
  size_t sign_at = std::string::npos;
  bool started = false;
  // S before the digits is anchored to the number, as in PostgreSQL: to_char(-12, 'S9999')
  // is '  -12' (while MI and SG stay where they are: '-  12').
  bool anchored_sign = false;
  int int_pos = 0;
  int frac_pos = 0;
  size_t literal = 0;
  auto start_number = [&] {
    if (!started && sign_at == std::string::npos) sign_at = out.size();
    started = true;
  };
  for (Item item : t.items) {
    switch (item) {
      case Item::kNine:
      case Item::kZero: {
        if (frac_pos > 0 || (int_pos >= t.int_positions)) {
          if (frac_pos < frac_keep) out += overflow ? '#' : frac_digits[frac_pos];
          frac_pos++;
          break;
        }
        int index = int_pos - leading;
        bool zero_fill = t.first_int_zero >= 0 && int_pos >= t.first_int_zero;
        if (overflow) {
          start_number();
          out += '#';
        } else if (index >= 0) {
          start_number();
          out += int_digits[index];
        } else if (zero_fill) {
          start_number();
          out += '0';
        } else if (!t.fill_mode) {
          out += ' ';
        }
        int_pos++;
        break;
      }
      case Item::kPoint:
        start_number();
        out += '.';
        int_pos = t.int_positions;  // any later digit is a fraction digit
        break;
      case Item::kGroup:
        if (started) {
          out += ',';
        } else if (!t.fill_mode) {
          out += ' ';
        }
        break;
      case Item::kSignS:
        if (started) {
          out += negative ? '-' : '+';
        } else {
          anchored_sign = true;
        }
        break;
      case Item::kSignSG:
        out += negative ? '-' : '+';
        break;
      case Item::kMinus:
        if (negative) {
          out += '-';
        } else if (!t.fill_mode) {
          out += ' ';
        }
        break;
      case Item::kPlus:
        if (!negative) {
          out += '+';
        } else if (!t.fill_mode) {
          out += ' ';
        }
        break;
      case Item::kLiteral:
        out += t.literals[literal++];
        break;
    }
  }
  if (t.angle_brackets) {
    if (negative) return "<" + out + ">";
    return t.fill_mode ? out : " " + out + " ";
  }
  if (anchored_sign) {
    out.insert(sign_at == std::string::npos ? out.size() : sign_at, 1, negative ? '-' : '+');
  }
  if (!t.explicit_sign) {
    std::string sign = negative ? "-" : (t.fill_mode ? "" : " ");
    out.insert(sign_at == std::string::npos ? out.size() : sign_at, sign);
  }
  return out;
}

}  // namespace

std::string FormatNumberTemplate(int128_t unscaled, int scale, std::string_view format) {
  NumberTemplate t = CompileNumberTemplate(format);
  Result<int128_t> rounded = Rescale(unscaled, scale, t.frac_positions, 38);
  bool overflow = !rounded.ok();
  int128_t value = overflow ? 0 : *rounded;
  bool negative = value < 0;
  std::string digits = Int128ToString(negative ? -value : value);
  if (static_cast<int>(digits.size()) <= t.frac_positions) {
    digits.insert(0, t.frac_positions + 1 - digits.size(), '0');
  }
  std::string int_digits = digits.substr(0, digits.size() - t.frac_positions);
  if (int_digits == "0") int_digits.clear();
  std::string frac_digits = digits.substr(digits.size() - t.frac_positions);
  return Layout(t, negative, int_digits, frac_digits, overflow);
}

std::string FormatDoubleTemplate(double value, std::string_view format) {
  NumberTemplate t = CompileNumberTemplate(format);
  bool finite = value == value && value - value == 0;
  bool negative = finite && value < 0;
  std::string text;
  if (finite) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.*f", t.frac_positions, negative ? -value : value);
    text = buf;
  }
  // %.*f may round -0.004 to "0.00": no minus sign for a value that prints as zero.
  if (text.find_first_not_of("0.") == std::string::npos) negative = false;
  size_t point = text.find('.');
  std::string int_digits = text.substr(0, point);
  if (int_digits == "0") int_digits.clear();
  std::string frac_digits =
      point == std::string::npos ? std::string(t.frac_positions, '0') : text.substr(point + 1);
  return Layout(t, negative, int_digits, frac_digits, !finite);
}

}  // namespace martlet
