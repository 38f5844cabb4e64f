// Where records start in CSV text whose quoted fields may hold line breaks, so that a large
// file can be cut into parts parsed in parallel. A line break ends a record when an even
// number of quote characters comes before it (a doubled quote inside a field counts twice).
#pragma once

#include <cstddef>
#include <map>
#include <string_view>

namespace martlet {

class CsvRecordBoundaries {
 public:
  CsvRecordBoundaries(std::string_view text, char quote, char delimiter);

  // Just past the first record-ending line break at or after `from`: where the next record
  // starts (text.size() when there is none). Once a
  // quote is found where well-formed CSV cannot have one (inside an unquoted field), quote
  // counting cannot be trusted past it, and every later answer is text.size(): the rest is
  // parsed as one part.
  size_t RecordStart(size_t from);

 private:
  // Moves the scan state from (pos, inside) to `to`, toggling at each quote; false when a
  // quote is misplaced.
  bool Advance(size_t& pos, bool& inside, size_t to);

  std::string_view text_;
  char quote_;
  char delimiter_;
  std::map<size_t, bool> known_;  // scanned positions -> inside a quoted field there
  size_t malformed_at_;           // the first misplaced quote seen, or text.size()
};

}  // namespace martlet
