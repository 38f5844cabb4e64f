#include "etl/model_settings.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "common/string_distance.hpp"
#include "etl/text_location.hpp"

namespace martlet::etl {
namespace {

std::string Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) begin++;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) end--;
  return std::string(text.substr(begin, end - begin));
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = Trim(std::string_view(text).substr(start, comma - start));
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

bool IsWord(const std::string& text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace

const std::vector<std::string>& ModelSettingNames() {
  static const std::vector<std::string> kNames = {
      "materialized", "schema", "unique_key", "incremental_filter", "distkey",  "diststyle",
      "sortkey",      "tags",   "pre_sql",    "post_sql",           "strategy", "updated_at",
      "check_cols",   "surrogate_key", "invalidate_hard_deletes"};
  return kNames;
}

bool IsModelSetting(const std::string& name) {
  const auto& names = ModelSettingNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool IsListSetting(const std::string& name) {
  return name == "unique_key" || name == "sortkey" || name == "tags" || name == "pre_sql" ||
         name == "post_sql" || name == "check_cols";
}

Result<Materialization> ParseMaterialization(const std::string& text) {
  if (text == "table") return Materialization::kTable;
  if (text == "view") return Materialization::kView;
  if (text == "incremental") return Materialization::kIncremental;
  if (text == "ephemeral") return Materialization::kEphemeral;
  if (text == "materialized_view") return Materialization::kMaterializedView;
  return Status(StatusCode::kInvalidInput,
                "materialized must be table, view, incremental, ephemeral or materialized_view, "
                "not \"" +
                    text + "\"");
}

Status SetModelSetting(ModelSettings& settings, const std::string& name,
                       const std::vector<std::string>& values, bool append) {
  if (IsListSetting(name)) {
    std::optional<std::vector<std::string>>* target = nullptr;
    if (name == "unique_key") target = &settings.unique_key;
    if (name == "sortkey") target = &settings.sortkey;
    if (name == "tags") target = &settings.tags;
    if (name == "pre_sql") target = &settings.pre_sql;
    if (name == "post_sql") target = &settings.post_sql;
    if (name == "check_cols") target = &settings.check_cols;
    if (!append || !target->has_value()) *target = std::vector<std::string>{};
    for (const std::string& value : values) (*target)->push_back(value);
    return Status::Ok();
  }
  if (values.size() != 1) {
    return Status(StatusCode::kInvalidInput, name + " takes one value, not a list");
  }
  const std::string& value = values[0];
  if (name == "materialized") {
    ASSIGN_OR_RETURN(settings.materialized, ParseMaterialization(value));
  } else if (name == "schema") {
    settings.schema = value;
  } else if (name == "incremental_filter") {
    settings.incremental_filter = value;
  } else if (name == "strategy") {
    if (value != "timestamp" && value != "check") {
      return Status(StatusCode::kInvalidInput,
                    "strategy must be timestamp or check, not \"" + value + "\"");
    }
    settings.strategy = value;
  } else if (name == "updated_at") {
    settings.updated_at = value;
  } else if (name == "surrogate_key") {
    settings.surrogate_key = value;
  } else if (name == "invalidate_hard_deletes") {
    if (value != "true" && value != "false") {
      return Status(StatusCode::kInvalidInput,
                    "invalidate_hard_deletes must be true or false, not \"" + value + "\"");
    }
    settings.invalidate_hard_deletes = value == "true";
  } else if (name == "distkey") {
    settings.distkey = value;
  } else if (name == "diststyle") {
    std::string style = value;
    std::transform(style.begin(), style.end(), style.begin(), ::tolower);
    if (style != "auto" && style != "even" && style != "key" && style != "all") {
      return Status(StatusCode::kInvalidInput,
                    "diststyle must be auto, even, key or all, not \"" + value + "\"");
    }
    settings.diststyle = style;
  } else {
    return Status(StatusCode::kInternal, "unknown model setting " + name);
  }
  return Status::Ok();
}

Result<ModelSettings> ParseModelHeader(const std::string& sql, const std::string& file) {
  ModelSettings settings;
  size_t line_start = 0;
  while (line_start < sql.size()) {
    size_t line_end = sql.find('\n', line_start);
    if (line_end == std::string::npos) line_end = sql.size();
    std::string_view line = std::string_view(sql).substr(line_start, line_end - line_start);
    std::string trimmed = Trim(line);
    if (!trimmed.empty()) {
      if (trimmed.rfind("--", 0) != 0) break;
      std::string comment = Trim(std::string_view(trimmed).substr(2));
      size_t colon = comment.find(':');
      std::string name = colon == std::string::npos ? "" : Trim(comment.substr(0, colon));
      if (IsWord(name)) {
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        int offset = static_cast<int>(line_start + line.find("--"));
        if (IsModelSetting(name)) {
          std::string value = Trim(comment.substr(colon + 1));
          std::vector<std::string> values;
          if (name == "pre_sql" || name == "post_sql") {
            values.push_back(value);  // one statement per line; commas belong to the SQL
          } else if (IsListSetting(name)) {
            values = SplitList(value);
          } else {
            values.push_back(value);
          }
          Status status = SetModelSetting(settings, name, values, /*append=*/true);
          if (!status.ok()) {
            return Status(StatusCode::kInvalidInput,
                          FileLocation(file, sql, offset) + ": " + status.message());
          }
        } else {
          std::string suggestion = ClosestName(name, ModelSettingNames());
          if (!suggestion.empty()) {
            return Status(StatusCode::kInvalidInput,
                          FileLocation(file, sql, offset) + ": unknown model setting \"" + name +
                              "\" (did you mean \"" + suggestion + "\"?)");
          }
        }
      }
    }
    line_start = line_end + 1;
  }
  return settings;
}

}  // namespace martlet::etl
