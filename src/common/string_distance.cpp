#include "common/string_distance.hpp"

#include <algorithm>
#include <cctype>

namespace martlet {

size_t EditDistance(std::string_view a, std::string_view b) {
  // One row of the dynamic-programming table is enough: row[j] holds the distance between
  // the prefix of `a` seen so far and b[0, j).
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++) row[j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); j++) {
      size_t above = row[j];
      size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

static std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::string lowered = Lower(name);
  // Short names are a typo of almost anything two edits away ("x" vs "pi"), so the
  // allowance grows with the length and never passes 2.
  size_t allowed = std::min<size_t>(2, std::max<size_t>(1, lowered.size() / 2));
  std::string best;
  size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    std::string other = Lower(candidate);
    if (other == lowered) continue;
    size_t distance = EditDistance(lowered, other);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace martlet
