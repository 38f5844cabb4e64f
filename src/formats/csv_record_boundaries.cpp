#include "formats/csv_record_boundaries.hpp"

#include <iterator>

namespace martlet {

CsvRecordBoundaries::CsvRecordBoundaries(std::string_view text, char quote, char delimiter)
    : text_(text), quote_(quote), delimiter_(delimiter), malformed_at_(text.size()) {
  known_[0] = false;
}

bool CsvRecordBoundaries::Advance(size_t& pos, bool& inside, size_t to) {
  for (size_t q = text_.find(quote_, pos); q < to && q != std::string_view::npos; q = text_.find(quote_, q + 1)) {
    if (!inside) {
      // An opening quote starts a field (or continues a doubled quote inside one).
      char before = q == 0 ? '\n' : text_[q - 1];
      if (before != delimiter_ && before != '\n' && before != '\r' && before != quote_) {
        malformed_at_ = q;
        return false;
      }
    } else {
      // A closing quote ends a field, or is the first of a doubled quote.
      char after = q + 1 == text_.size() ? '\n' : text_[q + 1];
      if (after != delimiter_ && after != '\n' && after != '\r' && after != quote_) {
        malformed_at_ = q;
        return false;
      }
    }
    inside = !inside;
  }
  pos = to;
  return true;
}

size_t CsvRecordBoundaries::RecordStart(size_t from) {
  if (from >= malformed_at_) return text_.size();
  auto known = std::prev(known_.upper_bound(from));
  size_t pos = known->first;
  bool inside = known->second;
  if (!Advance(pos, inside, from)) return text_.size();
  while (true) {
    size_t newline = text_.find('\n', pos);
    if (newline == std::string_view::npos) return text_.size();
    if (!Advance(pos, inside, newline)) return text_.size();
    pos = newline + 1;
    if (!inside) {
      known_[pos] = false;
      return pos;
    }
  }
}

}  // namespace martlet
