// COPY ... JSON: records are JSON objects, one after another (one per line, or spread over
// lines and concatenated as Redshift accepts), mapped to columns by key ('auto', 'auto
// ignorecase') or by a jsonpaths file ({"jsonpaths": ["$.a", "$['b']", "$.c.d", "$.e[0]"]}).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "formats/delimited_parser.hpp"
#include "martlet/status.hpp"

namespace martlet {

// Bytes of readable memory the reader needs after the end of the text it is given (simdjson
// reads ahead). Callers append this many spaces to a file's text before splitting it.
size_t JsonPadding();

// Where one record lies in the text. `valid` is false for text that is not an object (stray
// characters, a top-level array or scalar): that record is rejected with `error`.
struct JsonRecordSpan {
  size_t begin = 0;
  size_t end = 0;
  size_t line = 1;  // of the record's first character
  bool valid = true;
  std::string error;
};

// Splits `text` into top-level values. Fails on an object left open at the end of the text,
// naming the line it starts on.
Result<std::vector<JsonRecordSpan>> SplitJsonRecords(std::string_view text, size_t first_line = 1);

// The JSON pointers ("/c/d", "/arr/0") of a jsonpaths file's expressions, in order.
Result<std::vector<std::string>> ParseJsonPaths(std::string_view file_text);

// Reads records into one Field per column. Not thread-safe: one reader per thread.
class JsonRecordReader {
 public:
  // By key: `columns` are the target column names.
  JsonRecordReader(const std::vector<std::string>& columns, bool ignore_case);
  // By position: one JSON pointer per target column.
  explicit JsonRecordReader(std::vector<std::string> pointers);
  ~JsonRecordReader();

  // Fills `fields` from the record at text[span.begin, span.end), where `text` has
  // JsonPadding() readable bytes after its end. Missing keys are NULL; nested objects and
  // arrays become their JSON text. Fails when the record is not valid JSON.
  Status Read(std::string_view text, const JsonRecordSpan& span, std::vector<Field>& fields);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace martlet
