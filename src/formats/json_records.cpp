#include "formats/json_records.hpp"

#include <simdjson.h>

#include <cctype>
#include <unordered_map>

namespace martlet {

namespace ondemand = simdjson::ondemand;

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimJson(std::string_view text) {
  while (!text.empty() && IsJsonSpace(text.back())) text.remove_suffix(1);
  return text;
}

Status JsonError(simdjson::error_code error) {
  return Status(StatusCode::kInvalidInput,
                std::string("invalid JSON: ") + simdjson::error_message(error));
}

// Appends a JSON pointer step for `key` (with ~ and / escaped).
void AppendPointerKey(std::string& pointer, std::string_view key) {
  pointer += '/';
  for (char c : key) {
    if (c == '~')
      pointer += "~0";
    else if (c == '/')
      pointer += "~1";
    else
      pointer += c;
  }
}

// "$.a.b[0]['c d']" -> "/a/b/0/c d".
Result<std::string> PathToPointer(std::string_view path) {
  auto bad = [&](const std::string& why) {
    return Status(StatusCode::kInvalidInput,
                  "invalid JSONPath \"" + std::string(path) + "\": " + why);
  };
  if (path.empty() || path[0] != '$') return bad("it must start with $");
  std::string pointer;
  size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '.') {
      size_t end = i + 1;
      while (end < path.size() && path[end] != '.' && path[end] != '[') end++;
      if (end == i + 1) return bad("an empty name after '.'");
      AppendPointerKey(pointer, path.substr(i + 1, end - i - 1));
      i = end;
    } else if (path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos) return bad("'[' without ']'");
      std::string_view inside = path.substr(i + 1, close - i - 1);
      if (inside.size() >= 2 && (inside.front() == '\'' || inside.front() == '"') &&
          inside.back() == inside.front()) {
        AppendPointerKey(pointer, inside.substr(1, inside.size() - 2));
      } else if (!inside.empty() &&
                 inside.find_first_not_of("0123456789") == std::string_view::npos) {
        pointer += "/" + std::string(inside);
      } else {
        return bad("use $.name, $['name'] or $.name[index]");
      }
      i = close + 1;
    } else {
      return bad("unexpected '" + std::string(1, path[i]) + "'");
    }
  }
  return pointer;
}

}  // namespace

size_t JsonPadding() { return simdjson::SIMDJSON_PADDING; }

Result<std::vector<JsonRecordSpan>> SplitJsonRecords(std::string_view text, size_t first_line) {
  std::vector<JsonRecordSpan> spans;
  size_t line = first_line;
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size()) {
    char c = text[i];
    if (IsJsonSpace(c)) {
      if (c == '\n') line++;
      i++;
      continue;
    }
    JsonRecordSpan span;
    span.begin = i;
    span.line = line;
    if (c != '{') {
      // Not an object: the rest of the line is one rejected record.
      size_t end = text.find('\n', i);
      span.end = end == std::string_view::npos ? text.size() : end;
      span.valid = false;
      span.error = c == '[' ? "a JSON record must be an object, not an array"
                            : "a JSON record must be an object starting with '{'";
      i = span.end;
      spans.push_back(std::move(span));
      continue;
    }
    int depth = 0;
    bool in_string = false;
    size_t start_line = line;
    for (; i < text.size(); i++) {
      char d = text[i];
      if (d == '\n') line++;
      if (in_string) {
        if (d == '\\') {
          i++;
          if (i < text.size() && text[i] == '\n') line++;
        } else if (d == '"') {
          in_string = false;
        }
      } else if (d == '"') {
        in_string = true;
      } else if (d == '{' || d == '[') {
        depth++;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) {
          i++;
          break;
        }
      }
    }
    if (depth != 0) {
      return Status(StatusCode::kInvalidInput,
                    "unterminated JSON object starting on line " + std::to_string(start_line));
    }
    span.end = i;
    spans.push_back(std::move(span));
  }
  return spans;
}

Result<std::vector<std::string>> ParseJsonPaths(std::string_view file_text) {
  simdjson::padded_string padded(file_text);
  ondemand::parser parser;
  ondemand::document doc;
  if (auto error = parser.iterate(padded).get(doc)) return JsonError(error);
  ondemand::array paths;
  if (auto error = doc["jsonpaths"].get_array().get(paths)) {
    return Status(StatusCode::kInvalidInput,
                  std::string("a jsonpaths file must be {\"jsonpaths\": [\"$.a\", ...]} (") +
                      simdjson::error_message(error) + ")");
  }
  std::vector<std::string> pointers;
  for (auto element : paths) {
    std::string_view path;
    if (element.get_string().get(path) != simdjson::SUCCESS) {
      return Status(StatusCode::kInvalidInput, "jsonpaths entries must be strings such as \"$.a\"");
    }
    ASSIGN_OR_RETURN(std::string pointer, PathToPointer(path));
    pointers.push_back(std::move(pointer));
  }
  return pointers;
}

struct JsonRecordReader::State {
  ondemand::parser parser;
  bool by_key = true;
  bool ignore_case = false;
  std::unordered_map<std::string, size_t> column_index;
  size_t column_count = 0;
  std::vector<std::string> pointers;
  std::vector<std::string> values;  // the text of each field of the current record
};

JsonRecordReader::JsonRecordReader(const std::vector<std::string>& columns, bool ignore_case)
    : state_(std::make_unique<State>()) {
  state_->ignore_case = ignore_case;
  state_->column_count = columns.size();
  for (size_t i = 0; i < columns.size(); i++) {
    state_->column_index[ignore_case ? Lower(columns[i]) : columns[i]] = i;
  }
}

JsonRecordReader::JsonRecordReader(std::vector<std::string> pointers)
    : state_(std::make_unique<State>()) {
  state_->by_key = false;
  state_->column_count = pointers.size();
  state_->pointers = std::move(pointers);
}

JsonRecordReader::~JsonRecordReader() = default;

namespace {

// Reads `value` into `field`, its text in `storage`.
simdjson::error_code ReadValue(ondemand::value value, Field& field, std::string& storage) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  field = Field{};
  switch (type) {
    case ondemand::json_type::null:
      field.null = true;
      return simdjson::SUCCESS;
    case ondemand::json_type::string: {
      std::string_view text;
      if (auto error = value.get_string().get(text)) return error;
      storage.assign(text);
      field.quoted = true;
      break;
    }
    case ondemand::json_type::number:
    case ondemand::json_type::boolean: {
      std::string_view token = TrimJson(value.raw_json_token());
      if (type == ondemand::json_type::boolean) {
        bool flag = false;
        if (auto error = value.get_bool().get(flag)) return error;
        token = flag ? "true" : "false";
      }
      storage.assign(token);
      break;
    }
    case ondemand::json_type::object: {
      ondemand::object object;
      std::string_view raw;
      if (auto error = value.get_object().get(object)) return error;
      if (auto error = object.raw_json().get(raw)) return error;
      storage.assign(TrimJson(raw));
      field.quoted = true;
      break;
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      std::string_view raw;
      if (auto error = value.get_array().get(array)) return error;
      if (auto error = array.raw_json().get(raw)) return error;
      storage.assign(TrimJson(raw));
      field.quoted = true;
      break;
    }
  }
  return simdjson::SUCCESS;
}

// Validates a number, true, false or null (simdjson checks them only when they are read).
simdjson::error_code CheckScalar(ondemand::value value) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case ondemand::json_type::number:
      return value.get_number().error();
    case ondemand::json_type::boolean:
      return value.get_bool().error();
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) return error;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    default:
      return simdjson::SUCCESS;
  }
}

}  // namespace

Status JsonRecordReader::Read(std::string_view text, const JsonRecordSpan& span,
                              std::vector<Field>& fields) {
  State& s = *state_;
  fields.assign(s.column_count, Field{});
  for (auto& field : fields) field.null = true;
  s.values.assign(s.column_count, std::string());
  ondemand::document doc;
  size_t length = span.end - span.begin;
  if (auto error =
          s.parser.iterate(text.data() + span.begin, length, length + JsonPadding()).get(doc)) {
    return JsonError(error);
  }
  if (s.by_key) {
    ondemand::object object;
    if (auto error = doc.get_object().get(object)) return JsonError(error);
    for (auto entry : object) {
      std::string_view key;
      if (auto error = entry.unescaped_key().get(key)) return JsonError(error);
      auto found = s.column_index.find(s.ignore_case ? Lower(key) : std::string(key));
      ondemand::value value;
      if (auto error = entry.value().get(value)) return JsonError(error);
      if (found == s.column_index.end()) {
        // Not loaded, but a malformed scalar still makes the record bad; nested values are
        // skipped unchecked.
        if (auto error = CheckScalar(value)) return JsonError(error);
        continue;
      }
      if (auto error = ReadValue(value, fields[found->second], s.values[found->second]))
        return JsonError(error);
    }
  } else {
    for (size_t i = 0; i < s.pointers.size(); i++) {
      ondemand::value value;
      auto error = doc.at_pointer(s.pointers[i]).get(value);
      if (error == simdjson::NO_SUCH_FIELD || error == simdjson::INDEX_OUT_OF_BOUNDS ||
          error == simdjson::INCORRECT_TYPE) {
        continue;  // missing: NULL
      }
      if (error) return JsonError(error);
      if (auto read_error = ReadValue(value, fields[i], s.values[i])) return JsonError(read_error);
    }
  }
  for (size_t i = 0; i < fields.size(); i++) {
    if (!fields[i].null) fields[i].text = s.values[i];
  }
  return Status::Ok();
}

}  // namespace martlet
