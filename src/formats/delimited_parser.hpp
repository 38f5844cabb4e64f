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
  bool csv = false;        // RFC 4180 quoting with `quote`; otherwise backslash escapes
  char quote = '"';
  size_t ignore_header = 0;  // lines to skip at the start of each file
};

// One field: its text (quotes and escapes removed) and whether it was quoted (a quoted empty
// CSV field is an empty string, an unquoted one may be NULL).
struct Field {
  std::string_view text;
  bool quoted = false;
};

using RecordCallback = std::function<Status(const std::vector<Field>& fields, size_t line)>;

// Parses `text` record by record. A newline inside a quoted CSV field (or after a backslash
// in text format) belongs to the field. Fails on an unterminated quote, naming the line.
Status ParseDelimited(std::string_view text, const DelimitedOptions& options,
                      const RecordCallback& on_record);

}  // namespace martlet
