// COPY table FROM 'files' with Redshift's options: the delimited-text part of loading.
#include <algorithm>
#include <set>

#include "formats/delimited_parser.hpp"
#include "formats/field_conversion.hpp"
#include "formats/file_source.hpp"
#include "exec/operators.hpp"
#include "main/table_rows.hpp"

namespace martlet {

namespace {

struct CopyOptions {
  DelimitedOptions format;
  FileCompression compression = FileCompression::kAuto;
  std::string null_as = "\\N";
  int64_t max_errors = 0;
  bool empty_as_null = false;
  bool blanks_as_null = false;
  bool fill_record = false;
  bool trim_blanks = false;
  bool truncate_columns = false;
};

Status BadOption(const sql::CopyOption& option, const std::string& why) {
  return Status(StatusCode::kInvalidInput, "COPY option " + option.name + ": " + why, option.position);
}

Result<CopyOptions> ParseOptions(const sql::CopyStatement& statement) {
  CopyOptions options;
  bool delimiter_given = false;
  static const std::set<std::string> kAccepted = {
      // Credentials and placement: meaningful for S3, accepted for local files.
      "iam_role", "credentials", "access_key_id", "secret_access_key", "session_token", "region",
      "compupdate", "statupdate", "acceptinvchars", "explicit_ids", "removequotes", "escape",
      "acceptanydate", "roundec"};
  for (const auto& option : statement.options) {
    const std::string& name = option.name;
    if (name == "delimiter") {
      if (option.value.size() != 1) return BadOption(option, "the delimiter must be one character");
      options.format.delimiter = option.value[0];
      delimiter_given = true;
    } else if (name == "csv") {
      options.format.csv = true;
      if (!option.value.empty()) return BadOption(option, "CSV takes no value (use QUOTE AS 'x')");
    } else if (name == "quote") {
      if (option.value.size() != 1) return BadOption(option, "the quote must be one character");
      options.format.quote = option.value[0];
    } else if (name == "ignoreheader") {
      options.format.ignore_header = static_cast<size_t>(std::strtoull(option.value.c_str(), nullptr, 10));
    } else if (name == "null") {
      options.null_as = option.value;
    } else if (name == "maxerror") {
      options.max_errors = std::strtoll(option.value.c_str(), nullptr, 10);
    } else if (name == "gzip") {
      options.compression = FileCompression::kGzip;
    } else if (name == "zstd") {
      options.compression = FileCompression::kZstd;
    } else if (name == "bzip2") {
      options.compression = FileCompression::kBzip2;
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
    } else if (name == "dateformat" || name == "timeformat") {
      if (option.value != "auto" && option.value != "YYYY-MM-DD" && option.value != "YYYY-MM-DD HH:MI:SS") {
        return BadOption(option, "only 'auto' and the ISO format are supported yet");
      }
    } else if (name == "json" || name == "parquet" || name == "avro" || name == "orc" || name == "manifest") {
      return Status(StatusCode::kNotSupported, "COPY ... " + name + " is not supported yet; use CSV or delimited text",
                    option.position);
    } else if (!kAccepted.count(name)) {
      return Status(StatusCode::kInvalidInput, "unknown COPY option \"" + name + "\"", option.position);
    }
  }
  if (options.format.csv && !delimiter_given) options.format.delimiter = ',';
  return options;
}

// Loads the fields of one record into `rows`; a bad field fails the whole record.
class RecordLoader {
 public:
  RecordLoader(const TableEntry& table, const std::vector<int>& targets, const CopyOptions& options)
      : table_(table), targets_(targets), options_(options) {}

  Status Load(const std::vector<Field>& fields, DataChunk& rows, std::string& bad_column,
              std::string& bad_value) {
    if (fields.size() > targets_.size() || (fields.size() < targets_.size() && !options_.fill_record)) {
      return Status(StatusCode::kInvalidInput,
                    fields.size() > targets_.size()
                        ? "extra column(s) found: " + std::to_string(fields.size()) + " fields, " +
                              std::to_string(targets_.size()) + " expected"
                        : "delimiter not found: " + std::to_string(fields.size()) + " fields, " +
                              std::to_string(targets_.size()) + " expected (FILLRECORD allows this)");
    }
    size_t row = rows.size();
    for (size_t i = 0; i < targets_.size(); i++) {
      Vector& column = rows.columns[i];
      const ColumnDefinition& definition = table_.columns[targets_[i]];
      Status status = i < fields.size() ? LoadField(fields[i], definition, column)
                                        : AppendNull(column);
      if (!status.ok()) {
        bad_column = definition.name;
        bad_value = i < fields.size() ? std::string(fields[i].text.substr(0, 200)) : "";
        for (size_t j = 0; j <= i; j++) rows.columns[j].Resize(row);
        return status;
      }
    }
    rows.row_count = row + 1;
    return Status::Ok();
  }

 private:
  static Status AppendNull(Vector& column) {
    size_t row = column.size();
    column.Resize(row + 1);
    column.SetNull(row);
    return Status::Ok();
  }

  Status LoadField(const Field& field, const ColumnDefinition& column, Vector& out) {
    std::string_view text = field.text;
    bool is_string = column.type.IsString();
    if (!field.quoted) {
      if (text == options_.null_as) return AppendNull(out);
      if (text.empty() && (!is_string || options_.empty_as_null)) return AppendNull(out);
      if (options_.blanks_as_null && text.find_first_not_of(" \t") == std::string_view::npos) {
        return AppendNull(out);
      }
    }
    if (is_string && options_.trim_blanks) {
      while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    }
    if (is_string && options_.truncate_columns && column.type.length() != 0 && text.size() > column.type.length()) {
      size_t cut = column.type.length();
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) cut--;  // whole characters
      text = text.substr(0, cut);
    }
    if (is_string && !IsValidUtf8(text)) {
      return Status(StatusCode::kInvalidInput, "invalid UTF-8 byte sequence");
    }
    return AppendTextField(text, out);
  }

  static bool IsValidUtf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
      if (length == 0 || i + length > text.size()) return false;
      for (size_t k = 1; k < length; k++) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
      }
      i += length;
    }
    return true;
  }

  const TableEntry& table_;
  const std::vector<int>& targets_;
  const CopyOptions& options_;
};

// Large files are loaded in segments of this many bytes per thread, each split at record
// boundaries and parsed in parallel, so memory stays bounded whatever the file's size.
constexpr size_t kSegmentBytes = 32 << 20;

// The start of the first record at or after `from`: just past a line break that is not
// escaped (in the text format a backslash before a line break makes it part of the value).
size_t RecordStart(const std::string& text, size_t from, const CopyOptions& options) {
  if (from >= text.size()) return text.size();
  size_t pos = from;
  while (true) {
    size_t newline = text.find('\n', pos);
    if (newline == std::string::npos) return text.size();
    if (!options.format.csv && newline > 0 && text[newline - 1] == '\\') {
      pos = newline + 1;
      continue;
    }
    return newline + 1;
  }
}

struct Reject {
  size_t line;
  std::string reason;
  std::string where;  // ", column ..., value ..."
};

// One slice of a file, parsed on its own thread.
struct RangeLoad {
  std::string_view text;
  size_t first_line = 1;
  bool skip_header = false;
  DataChunk rows;
  std::vector<Reject> rejects;
  Status parse_error;
};

void LoadRange(const TableEntry& table, const std::vector<int>& targets, const std::vector<LogicalType>& types,
               const CopyOptions& options, RangeLoad& range) {
  range.rows.Initialize(types);
  RecordLoader loader(table, targets, options);
  DelimitedOptions format = options.format;
  if (!range.skip_header) format.ignore_header = 0;
  std::string bad_column, bad_value;
  range.parse_error = ParseDelimited(range.text, format, [&](const std::vector<Field>& fields, size_t line) {
    Status status = loader.Load(fields, range.rows, bad_column, bad_value);
    if (!status.ok()) {
      std::string where;
      if (!bad_column.empty()) where = ", column \"" + bad_column + "\", value \"" + bad_value + "\"";
      range.rejects.push_back({range.first_line + line - 1, status.message(), where});
      bad_column.clear();
      // Past MAXERROR the load fails anyway; there is no need to parse further.
      if (static_cast<int64_t>(range.rejects.size()) > options.max_errors) {
        return Status(StatusCode::kInvalidInput, "too many rejected rows");
      }
    }
    return Status::Ok();
  });
  if (!range.parse_error.ok() && range.parse_error.message() == "too many rejected rows") {
    range.parse_error = Status::Ok();
  }
}

}  // namespace

Result<StatementOutcome> ExecuteCopy(ConnectionImpl& connection, const sql::CopyStatement& statement) {
  Transaction& transaction = connection.transaction();
  auto [schema, name] = Binder::QualifiedName(statement.table);
  auto table = transaction.catalog().FindTable(schema, name);
  if (!table) {
    return Status(StatusCode::kCatalogError, "relation \"" + name + "\" does not exist", statement.position);
  }
  if (table->materialized_view) return CannotChangeMaterializedView(*table, statement.position);
  if (statement.source == "stdin") {
    return Status(StatusCode::kNotSupported, "COPY FROM STDIN needs a client connection (the server); use a file",
                  statement.position);
  }
  ASSIGN_OR_RETURN(CopyOptions options, ParseOptions(statement));
  std::vector<int> targets;
  for (const auto& column : statement.columns) {
    int index = table->FindColumn(column);
    if (index < 0) {
      return Status(StatusCode::kBindError,
                    "column \"" + column + "\" of relation \"" + name + "\" does not exist", statement.position);
    }
    targets.push_back(index);
  }
  if (targets.empty()) {
    for (size_t i = 0; i < table->columns.size(); i++) targets.push_back(static_cast<int>(i));
  }
  Result<std::vector<std::string>> files = ListSourceFiles(statement.source);
  if (!files.ok()) return files.status().WithPosition(statement.source_position);
  std::vector<LogicalType> types;
  for (int t : targets) types.push_back(table->columns[t].type);
  int64_t rejected = 0;
  size_t loaded = 0;
  int threads = connection.MakeExecContext().threads;
  for (const auto& file : files.value()) {
    ASSIGN_OR_RETURN(std::string text, ReadSourceFile(file, options.compression));
    // A CSV file with quotes may hold line breaks inside fields, so it cannot be cut at line
    // breaks: it is parsed on one thread.
    bool splittable = !options.format.csv || text.find(options.format.quote) == std::string::npos;
    size_t position = 0;
    size_t line_base = 1;
    while (position < text.size()) {
      size_t segment_end = splittable ? RecordStart(text, position + kSegmentBytes * threads, options)
                                      : text.size();
      std::vector<size_t> cuts = {position};
      for (int t = 1; t < threads && splittable; t++) {
        size_t cut = RecordStart(text, position + (segment_end - position) * t / threads, options);
        if (cut > cuts.back() && cut < segment_end) cuts.push_back(cut);
      }
      cuts.push_back(segment_end);
      std::vector<RangeLoad> parts(cuts.size() - 1);
      for (size_t p = 0; p < parts.size(); p++) {
        parts[p].text = std::string_view(text).substr(cuts[p], cuts[p + 1] - cuts[p]);
        parts[p].first_line = line_base + static_cast<size_t>(
            std::count(text.begin() + static_cast<long>(position), text.begin() + static_cast<long>(cuts[p]), '\n'));
        parts[p].skip_header = position == 0 && p == 0;
      }
      RETURN_IF_ERROR(RunInParallel(parts.size(), [&](size_t p) {
        LoadRange(*table, targets, types, options, parts[p]);
        return Status::Ok();
      }));
      // Rejected rows in file order: the one past MAXERROR fails the load.
      for (auto& part : parts) {
        if (!part.parse_error.ok()) {
          return Status(StatusCode::kInvalidInput,
                        "Load into table \"" + name + "\" failed: " + part.parse_error.message() +
                            " in file \"" + file + "\"; nothing was loaded",
                        statement.position);
        }
        for (const auto& reject : part.rejects) {
          if (++rejected > options.max_errors) {
            return Status(StatusCode::kInvalidInput,
                          "Load into table \"" + name + "\" failed: " + reject.reason + " (file \"" + file +
                              "\", line " + std::to_string(reject.line) + reject.where + "); nothing was loaded",
                          statement.position);
          }
        }
      }
      for (auto& part : parts) {
        if (part.rows.size() == 0) continue;
        ASSIGN_OR_RETURN(DataChunk complete, CompleteRows(connection, *table, targets, part.rows));
        RETURN_IF_ERROR(transaction.Append(*table, complete));
        loaded += complete.size();
      }
      line_base += static_cast<size_t>(std::count(text.begin() + static_cast<long>(position),
                                                  text.begin() + static_cast<long>(segment_end), '\n'));
      position = segment_end;
    }
  }
  StatementOutcome outcome;
  outcome.tag = "COPY " + std::to_string(loaded);
  (void)rejected;
  return outcome;
}

}  // namespace martlet
