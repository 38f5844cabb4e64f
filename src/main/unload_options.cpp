#include "main/unload_options.hpp"

#include <cstdlib>
#include <map>

namespace martlet {
namespace {

Status BadOption(const sql::CopyOption& option, const std::string& why) {
  return Status(StatusCode::kInvalidInput, "UNLOAD option " + option.name + ": " + why,
                option.position);
}

std::string Upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

Status Conflict(const sql::CopyOption& option, const std::string& other) {
  return Status(
      StatusCode::kInvalidInput,
      "UNLOAD options " + Upper(option.name) + " and " + other + " cannot be used together",
      option.position);
}

// '\t' (backslash, t) is a tab, as in Redshift's examples.
Result<char> DelimiterCharacter(const sql::CopyOption& option) {
  if (option.value == "\\t") return '\t';
  if (option.value.size() != 1) return BadOption(option, "the delimiter must be one character");
  char c = option.value[0];
  if (c == '\n' || c == '\r' || c == '\\' || c == '"') {
    return BadOption(option, "the delimiter cannot be a line break, a backslash or a double quote");
  }
  return c;
}

// "100", "100 mb", "1.5 gb": the default unit is MB.
Result<uint64_t> FileSize(const sql::CopyOption& option) {
  char* end = nullptr;
  double amount = std::strtod(option.value.c_str(), &end);
  std::string unit = end ? std::string(end) : "";
  if (option.value.empty() || end == option.value.c_str() ||
      (unit != "" && unit != " mb" && unit != " gb")) {
    return BadOption(option, "expected a size such as 100 MB or 1 GB");
  }
  double bytes = amount * static_cast<double>(unit == " gb" ? 1ull << 30 : 1ull << 20);
  if (bytes < 0 || bytes > 1e15 || static_cast<uint64_t>(bytes) < kMinUnloadFileBytes ||
      static_cast<uint64_t>(bytes) > kMaxUnloadFileBytes) {
    return BadOption(option, "the size must be between 5 MB and 6.2 GB");
  }
  return static_cast<uint64_t>(bytes);
}

// 'label:width,label:width,...'; labels are free text, widths go to the columns in order.
Result<std::vector<size_t>> FixedWidths(const sql::CopyOption& option) {
  std::vector<size_t> widths;
  size_t start = 0;
  while (start <= option.value.size()) {
    size_t comma = option.value.find(',', start);
    if (comma == std::string::npos) comma = option.value.size();
    std::string item = option.value.substr(start, comma - start);
    size_t colon = item.rfind(':');
    char* end = nullptr;
    long width = colon == std::string::npos ? 0 : std::strtol(item.c_str() + colon + 1, &end, 10);
    if (colon == std::string::npos || width <= 0 || *end != '\0') {
      return BadOption(
          option,
          "expected 'label:width,label:width,...' with positive widths, found \"" + item + "\"");
    }
    widths.push_back(static_cast<size_t>(width));
    start = comma + 1;
  }
  return widths;
}

// CREDENTIALS 'aws_access_key_id=...;aws_secret_access_key=...[;token=...]' (an IAM role ARN
// there is accepted; Martlet cannot assume roles, so the usual credential chain applies).
Status ReadCredentials(const sql::CopyOption& option, StorageOptions& storage) {
  size_t start = 0;
  while (start < option.value.size()) {
    size_t semicolon = option.value.find(';', start);
    if (semicolon == std::string::npos) semicolon = option.value.size();
    std::string item = option.value.substr(start, semicolon - start);
    size_t equals = item.find('=');
    std::string key = equals == std::string::npos ? item : item.substr(0, equals);
    std::string value = equals == std::string::npos ? "" : item.substr(equals + 1);
    if (key == "aws_access_key_id") {
      storage.access_key_id = value;
    } else if (key == "aws_secret_access_key") {
      storage.secret_access_key = value;
    } else if (key == "token") {
      storage.session_token = value;
    } else if (key != "aws_iam_role" && !key.empty()) {
      return BadOption(option, "unknown credential \"" + key + "\"");
    }
    start = semicolon + 1;
  }
  return Status::Ok();
}

}  // namespace

Result<UnloadOptions> ParseUnloadOptions(const sql::UnloadStatement& statement) {
  UnloadOptions options;
  options.max_file_bytes = kMaxUnloadFileBytes;
  std::map<std::string, const sql::CopyOption*> given;
  const sql::CopyOption* format = nullptr;
  std::string extension;
  for (const auto& option : statement.options) {
    const std::string& name = option.name;
    if (given.count(name)) return BadOption(option, "given twice");
    given[name] = &option;
    if (name == "csv" || name == "json" || name == "fixedwidth" || name == "parquet") {
      if (format) return Conflict(option, Upper(format->name));
      format = &option;
    }
    if (name == "csv") {
      options.format = UnloadFormat::kCsv;
    } else if (name == "json") {
      options.format = UnloadFormat::kJson;
    } else if (name == "fixedwidth") {
      options.format = UnloadFormat::kFixedWidth;
      ASSIGN_OR_RETURN(options.fixed_widths, FixedWidths(option));
    } else if (name == "parquet" || name == "rowgroupsize") {
      return Status(StatusCode::kNotSupported,
                    "UNLOAD ... PARQUET is not supported yet (Martlet has no Parquet writer yet); "
                    "use CSV or JSON",
                    option.position);
    } else if (name == "delimiter") {
      ASSIGN_OR_RETURN(options.delimited.delimiter, DelimiterCharacter(option));
    } else if (name == "null") {
      options.delimited.null_as = option.value;
    } else if (name == "addquotes") {
      options.delimited.add_quotes = true;
    } else if (name == "escape") {
      options.delimited.escape = true;
    } else if (name == "header") {
      options.header = true;
    } else if (name == "gzip" || name == "zstd" || name == "bzip2") {
      if (options.compression != OutputCompression::kNone)
        return BadOption(option, "only one compression can be given");
      options.compression = name == "gzip"   ? OutputCompression::kGzip
                            : name == "zstd" ? OutputCompression::kZstd
                                             : OutputCompression::kBzip2;
    } else if (name == "extension") {
      extension = option.value;
      if (!extension.empty() && extension[0] == '.') extension.erase(0, 1);
      if (extension.empty())
        return BadOption(option, "expected a file extension such as 'csv' or 'txt.gz'");
    } else if (name == "parallel") {
      options.parallel = option.value != "off" && option.value != "false";
    } else if (name == "maxfilesize") {
      ASSIGN_OR_RETURN(options.max_file_bytes, FileSize(option));
    } else if (name == "manifest") {
      options.manifest = true;
      options.manifest_verbose = option.value == "verbose";
    } else if (name == "allowoverwrite") {
      options.allow_overwrite = true;
    } else if (name == "cleanpath") {
      options.clean_path = true;
    } else if (name == "access_key_id") {
      options.storage.access_key_id = option.value;
    } else if (name == "secret_access_key") {
      options.storage.secret_access_key = option.value;
    } else if (name == "session_token") {
      options.storage.session_token = option.value;
    } else if (name == "region") {
      options.storage.region = option.value;
    } else if (name == "credentials") {
      RETURN_IF_ERROR(ReadCredentials(option, options.storage));
    } else if (name == "kms_key_id" || name == "master_symmetric_key") {
      return Status(StatusCode::kNotSupported, "UNLOAD option " + name + " is not supported yet",
                    option.position);
    } else if (name != "iam_role" && name != "encrypted") {
      return Status(StatusCode::kInvalidInput, "unknown UNLOAD option \"" + name + "\"",
                    option.position);
    }
  }
  auto conflict = [&](const char* first, std::initializer_list<const char*> others) -> Status {
    if (!given.count(first)) return Status::Ok();
    for (const char* other : others) {
      if (given.count(other)) return Conflict(*given[first], Upper(other));
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(conflict("json", {"delimiter", "header", "addquotes", "escape", "null"}));
  RETURN_IF_ERROR(conflict("fixedwidth", {"delimiter", "header", "addquotes", "escape"}));
  RETURN_IF_ERROR(conflict("csv", {"escape"}));
  RETURN_IF_ERROR(conflict("cleanpath", {"allowoverwrite"}));
  RETURN_IF_ERROR(
      conflict("iam_role", {"credentials", "access_key_id", "secret_access_key", "session_token"}));
  if (given.count("access_key_id") != given.count("secret_access_key")) {
    const sql::CopyOption& option =
        given.count("access_key_id") ? *given["access_key_id"] : *given["secret_access_key"];
    return BadOption(option, "ACCESS_KEY_ID and SECRET_ACCESS_KEY go together");
  }
  if (options.format == UnloadFormat::kCsv && !given.count("delimiter"))
    options.delimited.delimiter = ',';
  options.delimited.csv = options.format == UnloadFormat::kCsv;
  options.suffix = extension.empty() ? CompressionSuffix(options.compression) : "." + extension;
  return options;
}

}  // namespace martlet
