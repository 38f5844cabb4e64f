// The fixed vocabularies of TPC-H (clause 4.2 of its specification), which SSB reuses:
// nations and regions, part colors, types and containers, and the text pool that comments
// are cut from, grown from the specification's sentence grammar and word lists.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "cli/generate/random.hpp"

namespace martlet::generate {

struct Nation {
  std::string_view name;
  int region;
};

inline constexpr std::array<Nation, 25> kNations = {{
    {"ALGERIA", 0},      {"ARGENTINA", 1}, {"BRAZIL", 1},  {"CANADA", 1},
    {"EGYPT", 4},        {"ETHIOPIA", 0},  {"FRANCE", 3},  {"GERMANY", 3},
    {"INDIA", 2},        {"INDONESIA", 2}, {"IRAN", 4},    {"IRAQ", 4},
    {"JAPAN", 2},        {"JORDAN", 4},    {"KENYA", 0},   {"MOROCCO", 0},
    {"MOZAMBIQUE", 0},   {"PERU", 1},      {"CHINA", 2},   {"ROMANIA", 3},
    {"SAUDI ARABIA", 4}, {"VIETNAM", 2},   {"RUSSIA", 3},  {"UNITED KINGDOM", 3},
    {"UNITED STATES", 1},
}};

inline constexpr std::array<std::string_view, 5> kRegions = {"AFRICA", "AMERICA", "ASIA",
                                                             "EUROPE", "MIDDLE EAST"};

inline constexpr std::array<std::string_view, 92> kColors = {
    "almond",    "antique",   "aquamarine", "azure",     "beige",     "bisque",    "black",
    "blanched",  "blue",      "blush",      "brown",     "burlywood", "burnished", "chartreuse",
    "chiffon",   "chocolate", "coral",      "cornflower", "cornsilk", "cream",     "cyan",
    "dark",      "deep",      "dim",        "dodger",    "drab",      "firebrick", "floral",
    "forest",    "frosted",   "gainsboro",  "ghost",     "goldenrod", "green",     "grey",
    "honeydew",  "hot",       "indian",     "ivory",     "khaki",     "lace",      "lavender",
    "lawn",      "lemon",     "light",      "lime",      "linen",     "magenta",   "maroon",
    "medium",    "metallic",  "midnight",   "mint",      "misty",     "moccasin",  "navajo",
    "navy",      "olive",     "orange",     "orchid",    "pale",      "papaya",    "peach",
    "peru",      "pink",      "plum",       "powder",    "puff",      "purple",    "red",
    "rose",      "rosy",      "royal",      "saddle",    "salmon",    "sandy",     "seashell",
    "sienna",    "sky",       "slate",      "smoke",     "snow",      "spring",    "steel",
    "tan",       "thistle",   "tomato",     "turquoise", "violet",    "wheat",     "white",
    "yellow",
};

inline constexpr std::array<std::string_view, 6> kTypeSizes = {"STANDARD", "SMALL", "MEDIUM",
                                                               "LARGE", "ECONOMY", "PROMO"};
inline constexpr std::array<std::string_view, 5> kTypeFinishes = {"ANODIZED", "BURNISHED", "PLATED",
                                                                  "POLISHED", "BRUSHED"};
inline constexpr std::array<std::string_view, 5> kTypeMaterials = {"TIN", "NICKEL", "BRASS",
                                                                   "STEEL", "COPPER"};
inline constexpr std::array<std::string_view, 5> kContainerSizes = {"SM", "LG", "MED", "JUMBO", "WRAP"};
inline constexpr std::array<std::string_view, 8> kContainerKinds = {"CASE", "BOX",  "BAG", "JAR",
                                                                    "PKG",  "PACK", "CAN", "DRUM"};
inline constexpr std::array<std::string_view, 5> kSegments = {"AUTOMOBILE", "BUILDING", "FURNITURE",
                                                              "MACHINERY", "HOUSEHOLD"};
inline constexpr std::array<std::string_view, 5> kPriorities = {"1-URGENT", "2-HIGH", "3-MEDIUM",
                                                                "4-NOT SPECIFIED", "5-LOW"};
inline constexpr std::array<std::string_view, 4> kShipInstructions = {
    "DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
inline constexpr std::array<std::string_view, 7> kShipModes = {"REG AIR", "AIR",  "RAIL", "SHIP",
                                                               "TRUCK",   "MAIL", "FOB"};

template <size_t N>
std::string_view Pick(RowRandom& random, const std::array<std::string_view, N>& words) {
  return words[random.Index(static_cast<uint32_t>(N))];
}

// "Brand#13"-style names use a number; this appends "SS-LLL-LLL-LLLL" for a nation: the
// country code is the nation key + 10 (clause 4.2.2.9).
void AppendPhone(RowRandom& random, int nation, std::string& out);
// A random string of letters, digits, ',' and '.' (the specification's v-string).
void AppendRandomString(RowRandom& random, int min_length, int max_length, std::string& out);
// "Customer#000000042": a prefix and a zero-padded 9-digit number.
void AppendKeyName(std::string_view prefix, uint64_t key, std::string& out);

// The text pool: sentences from the grammar of clause 4.2.2.14, generated once from a fixed
// seed. Comments are slices of it, as the specification prescribes.
class TextPool {
 public:
  explicit TextPool(size_t size = size_t{4} << 20);
  // A slice of random length in [min_length, max_length] at a random offset.
  std::string_view Comment(RowRandom& random, int min_length, int max_length) const;

 private:
  std::string text_;
};

}  // namespace martlet::generate
