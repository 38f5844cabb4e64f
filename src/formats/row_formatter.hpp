// Row formatters: turn rows of a DataChunk into the lines of an unloaded file. One per
// format: delimited text and CSV (delimited_writer.cpp), JSON lines (json_writer.cpp) and
// fixed-width text (fixed_width_writer.cpp). They follow Redshift's UNLOAD rules; values are
// written as the shell's CSV output writes them (formats/cell_text.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/vector.hpp"
#include "martlet/status.hpp"

namespace martlet {

// The columns a formatter writes: their positions in the chunks it is given, names and types.
struct FormattedColumns {
  std::vector<int> positions;
  std::vector<std::string> names;
  std::vector<LogicalType> types;
};

// A formatter keeps scratch space: use one per thread.
class RowFormatter {
 public:
  virtual ~RowFormatter() = default;
  // The header line (the column names, with the same quoting and escaping as values).
  virtual void AppendHeader(std::string& out) const = 0;
  // Row `row` of `chunk`, ending with a line break. Fails only for a value the format cannot
  // hold (a fixed-width value wider than its column).
  virtual Status AppendRow(const DataChunk& chunk, size_t row, std::string& out) const = 0;
};

struct DelimitedWriteOptions {
  char delimiter = '|';
  bool csv = false;  // RFC 4180 quoting: quote fields holding the delimiter, quotes or line breaks
  bool add_quotes = false;  // ADDQUOTES: every value in double quotes
  bool escape =
      false;  // ESCAPE: a backslash before line breaks, the delimiter, backslashes (text only)
  std::string null_as;  // what a NULL becomes (Redshift's default: nothing)
};

std::unique_ptr<RowFormatter> MakeDelimitedFormatter(FormattedColumns columns,
                                                     DelimitedWriteOptions options);

// One JSON object per line, keyed by column name; NULL is null, booleans true/false, numbers
// bare (NaN and infinities as strings), everything else a string.
std::unique_ptr<RowFormatter> MakeJsonFormatter(FormattedColumns columns);

// Each value left-aligned and padded with blanks to its column's width. A wider value is an
// error; NULL is `null_as` when it fits, otherwise blanks (an error for character columns).
std::unique_ptr<RowFormatter> MakeFixedWidthFormatter(FormattedColumns columns,
                                                      std::vector<size_t> widths,
                                                      std::string null_as);

}  // namespace martlet
