// Edit distance between names, for "did you mean" hints on unknown functions, columns and
// tables.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace martlet {

// Levenshtein distance: insertions, deletions and substitutions of single bytes.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name` (compared case-insensitively) when it is within edit
// distance 2 and close enough for its length to be a plausible typo; "" when none is. Ties
// go to the earlier candidate. `name` itself never counts as a suggestion.
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace martlet
