#include "formats/delimited_parser.hpp"

#include <array>

namespace martlet {

namespace {

// Reads one record starting at `pos`; fills `fields` (whose views point into `text` or into
// `scratch`) and returns the position after the record's line break.
class RecordReader {
 public:
  RecordReader(std::string_view text, const DelimitedOptions& options)
      : text_(text), options_(options), line_(options.first_line) {
    for (char c : {options.delimiter, '\n', '\r'}) stops_[static_cast<unsigned char>(c)] = true;
    if (options.escape) stops_['\\'] = true;
  }

  size_t position() const { return pos_; }

  // Returns false at the end of the text.
  Result<bool> Next(std::vector<Field>& fields, size_t& line) {
    if (options_.ignore_blank_lines) SkipBlankLines();
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
  void SkipBlankLines() {
    while (pos_ < text_.size()) {
      if (text_[pos_] == '\n') {
        pos_++;
      } else if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
        pos_ += 2;
      } else {
        return;
      }
      line_++;
    }
  }

  // Reads one field; returns true when another field of the same record follows.
  Result<bool> ReadField(std::vector<Field>& fields) {
    size_t start = pos_;
    if (options_.csv && pos_ < text_.size() && text_[pos_] == options_.quote) {
      return ReadQuotedField(fields, options_.quote, true);
    }
    if (options_.remove_quotes && pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
      return ReadQuotedField(fields, text_[pos_], false);
    }
    bool escaped = false;
    std::string unescaped;
    while (pos_ < text_.size()) {
      // Most bytes end nothing: skip them without looking at the options.
      while (!escaped && pos_ < text_.size() && !stops_[static_cast<unsigned char>(text_[pos_])]) pos_++;
      if (pos_ >= text_.size()) break;
      char c = text_[pos_];
      if (options_.escape && c == '\\' && pos_ + 1 < text_.size()) {
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

  // A field between `quote`s; with `doubling` (CSV) two quotes stand for one.
  Result<bool> ReadQuotedField(std::vector<Field>& fields, char quote, bool doubling) {
    size_t start_line = line_;
    pos_++;  // opening quote
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) {
        return Status(StatusCode::kInvalidInput,
                      "unterminated quoted field starting on line " + std::to_string(start_line));
      }
      char c = text_[pos_];
      if (c == quote) {
        if (doubling && pos_ + 1 < text_.size() && text_[pos_ + 1] == quote) {
          value += quote;
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
    // Anything between the closing quote and the delimiter is an error.
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
  size_t line_;
  std::vector<std::pair<size_t, std::string>> owned_;
  std::array<bool, 256> stops_{};  // bytes that may end an unquoted field or start an escape
};

}  // namespace

Status ParseDelimited(std::string_view text, const DelimitedOptions& options,
                      const RecordCallback& on_record) {
  return ParseDelimitedWithText(text, options,
                                [&](const std::vector<Field>& fields, size_t line, std::string_view) {
                                  return on_record(fields, line);
                                });
}

Status ParseDelimitedWithText(std::string_view text, const DelimitedOptions& options,
                              const RecordWithTextCallback& on_record) {
  // A byte-order mark at the very start is not data.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  RecordReader reader(text, options);
  std::vector<Field> fields;
  size_t line = 0;
  size_t skipped = 0;
  while (true) {
    size_t begin = reader.position();
    ASSIGN_OR_RETURN(bool has_record, reader.Next(fields, line));
    if (!has_record) break;
    if (skipped < options.ignore_header) {
      skipped++;
      continue;
    }
    std::string_view raw = text.substr(begin, reader.position() - begin);
    while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
    if (options.ignore_blank_lines) {
      while (!raw.empty() && (raw.front() == '\n' || raw.front() == '\r')) raw.remove_prefix(1);
    }
    RETURN_IF_ERROR(on_record(fields, line, raw));
  }
  return Status::Ok();
}

}  // namespace martlet
