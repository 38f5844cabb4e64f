#include "formats/delimited_parser.hpp"

namespace martlet {

namespace {

// Reads one record starting at `pos`; fills `fields` (whose views point into `text` or into
// `scratch`) and returns the position after the record's line break.
class RecordReader {
 public:
  RecordReader(std::string_view text, const DelimitedOptions& options)
      : text_(text), options_(options) {}

  // Returns false at the end of the text.
  Result<bool> Next(std::vector<Field>& fields, size_t& line) {
    if (pos_ >= text_.size()) return false;
    fields.clear();
    owned_.clear();
    line = line_;
    while (true) {
      ASSIGN_OR_RETURN(bool more, ReadField(fields));
      if (!more) break;
    }
    // Field views into owned_ strings are fixed up once the record is complete, since
    // owned_ may have grown while reading.
    for (auto& [index, value] : owned_) fields[index].text = value;
    return true;
  }

 private:
  // Reads one field; returns true when another field of the same record follows.
  Result<bool> ReadField(std::vector<Field>& fields) {
    size_t start = pos_;
    if (options_.csv && pos_ < text_.size() && text_[pos_] == options_.quote) {
      return ReadQuotedField(fields);
    }
    bool escaped = false;
    std::string unescaped;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (!options_.csv && c == '\\' && pos_ + 1 < text_.size()) {
        // Text format: a backslash makes the next character (delimiter, newline, backslash)
        // part of the value.
        if (!escaped) unescaped.assign(text_.substr(start, pos_ - start));
        escaped = true;
        char next = text_[pos_ + 1];
        if (next == '\n') line_++;
        if (next == 'N' && pos_ == start && (pos_ + 2 >= text_.size() || text_[pos_ + 2] == options_.delimiter ||
                                             text_[pos_ + 2] == '\n' || text_[pos_ + 2] == '\r')) {
          unescaped += "\\N";  // the NULL marker stays recognisable
        } else {
          unescaped += next;
        }
        pos_ += 2;
        continue;
      }
      if (c == options_.delimiter || c == '\n' || (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ||
          (c == '\r' && pos_ + 1 == text_.size())) {
        break;
      }
      if (escaped) unescaped += c;
      pos_++;
    }
    Field field;
    if (escaped) {
      owned_.emplace_back(fields.size(), std::move(unescaped));
    } else {
      field.text = text_.substr(start, pos_ - start);
    }
    fields.push_back(field);
    return EndOfField();
  }

  Result<bool> ReadQuotedField(std::vector<Field>& fields) {
    size_t start_line = line_;
    pos_++;  // opening quote
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) {
        return Status(StatusCode::kInvalidInput,
                      "unterminated quoted field starting on line " + std::to_string(start_line));
      }
      char c = text_[pos_];
      if (c == options_.quote) {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == options_.quote) {
          value += options_.quote;
          pos_ += 2;
          continue;
        }
        pos_++;
        break;
      }
      if (c == '\n') line_++;
      value += c;
      pos_++;
    }
    // Anything between the closing quote and the delimiter is an error in strict CSV.
    if (pos_ < text_.size() && text_[pos_] != options_.delimiter && text_[pos_] != '\n' && text_[pos_] != '\r') {
      return Status(StatusCode::kInvalidInput,
                    "unexpected character after a quoted field on line " + std::to_string(line_));
    }
    Field field;
    field.quoted = true;
    owned_.emplace_back(fields.size(), std::move(value));
    fields.push_back(field);
    return EndOfField();
  }

  bool EndOfField() {
    if (pos_ >= text_.size()) return false;
    char c = text_[pos_];
    if (c == options_.delimiter) {
      pos_++;
      return true;
    }
    if (c == '\r') pos_++;
    if (pos_ < text_.size() && text_[pos_] == '\n') pos_++;
    line_++;
    return false;
  }

  std::string_view text_;
  const DelimitedOptions& options_;
  size_t pos_ = 0;
  size_t line_ = 1;
  std::vector<std::pair<size_t, std::string>> owned_;
};

}  // namespace

Status ParseDelimited(std::string_view text, const DelimitedOptions& options,
                      const RecordCallback& on_record) {
  // A byte-order mark at the very start is not data.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  RecordReader reader(text, options);
  std::vector<Field> fields;
  size_t line = 0;
  size_t skipped = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool has_record, reader.Next(fields, line));
    if (!has_record) break;
    if (skipped < options.ignore_header) {
      skipped++;
      continue;
    }
    RETURN_IF_ERROR(on_record(fields, line));
  }
  return Status::Ok();
}

}  // namespace martlet
