#include "main/copy_options.hpp"

#include <set>

#include "formats/datetime_format.hpp"

namespace martlet {

namespace {

Status BadOption(const sql::CopyOption& option, const std::string& why) {
  return Status(StatusCode::kInvalidInput, "COPY option " + option.name + ": " + why,
                option.position);
}

bool IsCount(const std::string& text) {
  return !text.empty() && text.size() < 19 &&
         text.find_first_not_of("0123456789") == std::string::npos;
}

// CREDENTIALS 'aws_access_key_id=...;aws_secret_access_key=...;token=...'
Status ParseCredentials(const sql::CopyOption& option, StorageOptions& storage) {
  size_t start = 0;
  while (start < option.value.size()) {
    size_t end = option.value.find(';', start);
    if (end == std::string::npos) end = option.value.size();
    std::string pair = option.value.substr(start, end - start);
    start = end + 1;
    size_t equals = pair.find('=');
    if (pair.empty()) continue;
    if (equals == std::string::npos)
      return BadOption(option, "expected key=value pairs separated by ';'");
    std::string key = pair.substr(0, equals);
    std::string value = pair.substr(equals + 1);
    if (key == "aws_access_key_id")
      storage.access_key_id = value;
    else if (key == "aws_secret_access_key")
      storage.secret_access_key = value;
    else if (key == "token")
      storage.session_token = value;
    else if (key != "aws_iam_role")
      return BadOption(option, "unknown credential \"" + key + "\"");
  }
  return Status::Ok();
}

}  // namespace

Result<LoadOptions> ParseCopyOptions(const sql::CopyStatement& statement, StorageOptions& storage) {
  LoadOptions options;
  bool delimiter_given = false;
  const sql::CopyOption* escape = nullptr;
  const sql::CopyOption* remove_quotes = nullptr;
  static const std::set<std::string> kAccepted = {
      // Credentials and placement: meaningful for S3, accepted for local files.
      "iam_role", "credentials", "access_key_id", "secret_access_key", "session_token",
      "region",   "endpoint",    "profile",       "explicit_ids"};
  for (const auto& option : statement.options) {
    const std::string& name = option.name;
    const std::string& value = option.value;
    if (name == "access_key_id") {
      storage.access_key_id = value;
    } else if (name == "secret_access_key") {
      storage.secret_access_key = value;
    } else if (name == "session_token") {
      storage.session_token = value;
    } else if (name == "region") {
      storage.region = value;
    } else if (name == "endpoint") {  // Martlet's: an S3-compatible store's address
      storage.endpoint = value;
    } else if (name == "profile") {  // Martlet's: a profile of ~/.aws/credentials
      storage.profile = value;
    } else if (name == "credentials") {
      RETURN_IF_ERROR(ParseCredentials(option, storage));
    } else if (name == "delimiter") {
      if (value.size() != 1) return BadOption(option, "the delimiter must be one character");
      options.delimited.delimiter = value[0];
      delimiter_given = true;
    } else if (name == "csv") {
      options.format = LoadFormat::kCsv;
      options.delimited.csv = true;
      if (!value.empty()) return BadOption(option, "CSV takes no value (use QUOTE AS 'x')");
    } else if (name == "json") {
      options.format = LoadFormat::kJson;
      options.json_spec = value.empty() ? "auto" : value;
    } else if (name == "quote") {
      if (value.size() != 1) return BadOption(option, "the quote must be one character");
      options.delimited.quote = value[0];
    } else if (name == "ignoreheader") {
      if (!IsCount(value)) return BadOption(option, "expected a number of lines");
      options.delimited.ignore_header = static_cast<size_t>(std::stoull(value));
    } else if (name == "null") {
      options.null_as = value;
    } else if (name == "maxerror") {
      if (!IsCount(value)) return BadOption(option, "expected a number of rows");
      options.max_errors = std::stoll(value);
    } else if (name == "gzip") {
      options.compression = FileCompression::kGzip;
    } else if (name == "zstd") {
      options.compression = FileCompression::kZstd;
    } else if (name == "bzip2") {
      options.compression = FileCompression::kBzip2;
    } else if (name == "manifest") {
      options.manifest = true;
    } else if (name == "emptyasnull") {
      options.empty_as_null = true;
    } else if (name == "blanksasnull") {
      options.blanks_as_null = true;
    } else if (name == "fillrecord") {
      options.fill_record = true;
    } else if (name == "trimblanks") {
      options.trim_blanks = true;
    } else if (name == "truncatecolumns") {
      options.truncate_columns = true;
    } else if (name == "escape") {
      options.delimited.escape = true;
      escape = &option;
    } else if (name == "removequotes") {
      options.delimited.remove_quotes = true;
      remove_quotes = &option;
    } else if (name == "ignoreblanklines") {
      options.delimited.ignore_blank_lines = true;
    } else if (name == "acceptinvchars") {
      options.accept_invalid_chars = true;
      if (!value.empty()) {
        if (value.size() != 1 || static_cast<unsigned char>(value[0]) >= 0x80) {
          return BadOption(option, "the replacement must be one ASCII character");
        }
        options.invalid_char_replacement = value[0];
      }
    } else if (name == "acceptanydate") {
      options.accept_any_date = true;
    } else if (name == "roundec") {
      options.round_decimals = true;
    } else if (name == "dateformat" || name == "timeformat") {
      bool time = name == "timeformat";
      Status valid = CheckDateTimeFormat(value, time);
      if (!valid.ok()) return BadOption(option, valid.message());
      (time ? options.time_format : options.date_format) = value;
    } else if (name == "compupdate") {
      if (value.empty() || value == "on" || value == "true") {
        options.comp_update = CompUpdate::kSample;
      } else if (value == "off" || value == "false") {
        options.comp_update = CompUpdate::kOff;
      } else if (value == "preset") {
        options.comp_update = CompUpdate::kPreset;
      } else {
        return BadOption(option, "expected ON, OFF, TRUE, FALSE or PRESET");
      }
    } else if (name == "statupdate") {
      // Statistics are computed when a query needs them, so there is nothing to update.
      if (!value.empty() && value != "on" && value != "off" && value != "true" && value != "false")
        return BadOption(option, "expected ON, OFF, TRUE or FALSE");
    } else if (name == "parquet" || name == "avro" || name == "orc" || name == "fixedwidth" ||
               name == "shapefile") {
      return Status(StatusCode::kNotSupported,
                    "COPY ... " + name + " is not supported yet; use CSV, JSON or delimited text",
                    option.position);
    } else if (!kAccepted.count(name)) {
      return Status(StatusCode::kInvalidInput, "unknown COPY option \"" + name + "\"",
                    option.position);
    }
  }
  if (options.format == LoadFormat::kCsv) {
    // As Redshift: CSV has its own quoting, so these text-format options do not apply.
    if (escape)
      return BadOption(*escape,
                       "ESCAPE cannot be used with CSV (CSV escapes a quote by doubling it)");
    if (remove_quotes) return BadOption(*remove_quotes, "REMOVEQUOTES cannot be used with CSV");
    if (!delimiter_given) options.delimited.delimiter = ',';
  }
  return options;
}

}  // namespace martlet
