// Splitting delimited text (Redshift's pipe-delimited text format and CSV) into records and
// fields, with the line number of each record for error reports.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "martlet/status.hpp"

namespace martlet {

struct DelimitedOptions {
  char delimiter = '|';
  bool csv = false;          // RFC 4180 quoting with `quote`
  char quote = '"';
  size_t ignore_header = 0;  // lines to skip at the start of each file
  // Text format only (Redshift refuses them with CSV):
  bool escape = false;         // ESCAPE: a backslash makes the next character literal
  bool remove_quotes = false;  // REMOVEQUOTES: '...' or "..." around a field are removed
  bool ignore_blank_lines = false;  // IGNOREBLANKLINES: empty lines are not records
  size_t first_line = 1;  // the line number of the text's first line (a part of a file)
};

// One field: its text (quotes and escapes removed) and whether it was quoted (a quoted empty
// CSV field is an empty string, an unquoted one may be NULL).
struct Field {
  std::string_view text;
  bool quoted = false;
  bool null = false;  // a JSON null or a missing key
};

using RecordCallback = std::function<Status(const std::vector<Field>& fields, size_t line)>;

// Parses `text` record by record. A newline inside a quoted CSV field (or after a backslash
// in text format with ESCAPE) belongs to the field. Fails on an unterminated quote, naming the
// line.
Status ParseDelimited(std::string_view text, const DelimitedOptions& options,
                      const RecordCallback& on_record);

// The same, also giving each record's text as it stands in the file (without its line break),
// for error reports.
using RecordWithTextCallback =
    std::function<Status(const std::vector<Field>& fields, size_t line, std::string_view raw)>;
Status ParseDelimitedWithText(std::string_view text, const DelimitedOptions& options,
                              const RecordWithTextCallback& on_record);

}  // namespace martlet
