#include "formats/record_loader.hpp"

#include <cstring>

#include "common/date_time.hpp"
#include "formats/datetime_format.hpp"
#include "formats/field_conversion.hpp"

namespace martlet {

namespace {

Status AppendNull(Vector& column) {
  size_t row = column.size();
  column.Resize(row + 1);
  column.SetNull(row);
  return Status::Ok();
}

// Redshift's short type names, as stl_load_errors shows them.
std::string RedshiftTypeName(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return "bool";
    case TypeId::kSmallInt:
      return "int2";
    case TypeId::kInteger:
      return "int4";
    case TypeId::kBigInt:
      return "int8";
    case TypeId::kDecimal:
      return "numeric";
    case TypeId::kReal:
      return "float4";
    case TypeId::kDouble:
      return "float8";
    case TypeId::kChar:
      return "char";
    case TypeId::kVarchar:
      return "varchar";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kTimestampTz:
      return "timestamptz";
    default:
      return type.ToString();
  }
}

std::string ColumnLength(const LogicalType& type) {
  if (type.IsString())
    return type.length() == LogicalType::kUnboundedLength ? "" : std::to_string(type.length());
  if (type.id() == TypeId::kDecimal)
    return std::to_string(type.precision()) + "," + std::to_string(type.scale());
  return "0";
}

int ErrorCodeFor(const LogicalType& type, const std::string& reason) {
  if (reason.find("UTF-8") != std::string::npos) return load_error::kBadUtf8;
  if (reason.find("out of range") != std::string::npos ||
      reason.find("too long") != std::string::npos ||
      reason.find("overflow") != std::string::npos) {
    return type.id() == TypeId::kDate ? load_error::kBadDate
           : type.id() == TypeId::kTimestamp || type.id() == TypeId::kTimestampTz
               ? load_error::kBadTimestamp
               : load_error::kOutOfRange;
  }
  switch (type.id()) {
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return load_error::kBadDigit;
    case TypeId::kDecimal:
      return load_error::kBadDecimal;
    case TypeId::kReal:
    case TypeId::kDouble:
      return load_error::kBadFloat;
    case TypeId::kBoolean:
      return load_error::kBadBoolean;
    case TypeId::kDate:
      return load_error::kBadDate;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return load_error::kBadTimestamp;
    default:
      return load_error::kUnknown;
  }
}

// Without ROUNDEC Redshift drops the digits past a DECIMAL's scale: "20.259" into
// DECIMAL(8,2) is 20.25.
std::string_view TruncateFraction(std::string_view text, int scale, std::string& scratch) {
  size_t point = text.find('.');
  if (point == std::string_view::npos || text.find_first_of("eE") != std::string_view::npos)
    return text;
  size_t end = point + 1;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) end++;
  size_t keep = point + 1 + static_cast<size_t>(scale);
  if (end <= keep) return text;
  scratch.assign(text.substr(0, keep));
  scratch.append(text.substr(end));
  return scratch;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  // ASCII, eight bytes at a time, until a byte with the high bit set.
  for (uint64_t word; i + 8 <= text.size(); i += 8) {
    std::memcpy(&word, text.data() + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t length = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; k++) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

std::string ReplaceInvalidUtf8(std::string_view text, char replacement) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (size_t k = 1; valid && k < length; k++) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += replacement;
      i++;
    }
  }
  return out;
}

RecordLoader::RecordLoader(const TableEntry& table, const std::vector<int>& targets,
                           const LoadOptions& options)
    : table_(table), targets_(targets), options_(options) {}

bool RecordLoader::Load(const std::vector<Field>& fields, DataChunk& rows, RowError& error) {
  bool json = options_.format == LoadFormat::kJson;
  if (!json && (fields.size() > targets_.size() ||
                (fields.size() < targets_.size() && !options_.fill_record))) {
    bool extra = fields.size() > targets_.size();
    error = RowError{};
    error.error_code = extra ? load_error::kExtraColumns : load_error::kMissingColumns;
    error.reason = extra
                       ? "extra column(s) found: " + std::to_string(fields.size()) + " fields, " +
                             std::to_string(targets_.size()) + " expected"
                       : "delimiter not found: " + std::to_string(fields.size()) + " fields, " +
                             std::to_string(targets_.size()) + " expected (FILLRECORD allows this)";
    return false;
  }
  size_t row = rows.size();
  for (size_t i = 0; i < targets_.size(); i++) {
    Vector& column = rows.columns[i];
    const ColumnDefinition& definition = table_.columns[targets_[i]];
    Status status =
        i < fields.size() ? LoadField(fields[i], definition, column) : AppendNull(column);
    bool null_violation = status.ok() && definition.not_null && column.IsNull(row);
    if (null_violation) {
      status =
          Status(StatusCode::kConstraintViolation,
                 "null value in column \"" + definition.name + "\" violates not-null constraint");
    }
    if (!status.ok()) {
      error = RowError{};
      error.reason = status.message();
      error.error_code =
          null_violation ? load_error::kNotNull : ErrorCodeFor(definition.type, error.reason);
      error.column_name = definition.name;
      error.column_type = RedshiftTypeName(definition.type);
      error.column_length = ColumnLength(definition.type);
      error.position = static_cast<int>(i);
      if (i < fields.size()) error.value = std::string(fields[i].text.substr(0, 1024));
      for (size_t j = 0; j <= i; j++) rows.columns[j].Resize(row);
      return false;
    }
  }
  rows.row_count = row + 1;
  return true;
}

Status RecordLoader::LoadField(const Field& field, const ColumnDefinition& column, Vector& out) {
  if (field.null) return AppendNull(out);
  std::string_view text = field.text;
  bool is_string = column.type.IsString();
  if (!field.quoted) {
    if (text == options_.null_as) return AppendNull(out);
    if (text.empty() && (!is_string || options_.empty_as_null)) return AppendNull(out);
    if (options_.blanks_as_null && text.find_first_not_of(" \t") == std::string_view::npos) {
      return AppendNull(out);
    }
  } else if (options_.empty_as_null && text.empty() && options_.format == LoadFormat::kJson) {
    return AppendNull(out);
  }
  // Other types reject invalid bytes in their own conversion.
  if (is_string && !IsValidUtf8(text)) {
    if (!options_.accept_invalid_chars)
      return Status(StatusCode::kInvalidInput, "invalid UTF-8 byte sequence");
    scratch_ = ReplaceInvalidUtf8(text, options_.invalid_char_replacement);
    text = scratch_;
  }
  if (is_string && options_.trim_blanks) {
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  }
  if (is_string && options_.truncate_columns && column.type.length() != 0 &&
      text.size() > column.type.length()) {
    size_t cut = column.type.length();
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      cut--;  // whole characters
    text = text.substr(0, cut);
  }
  TypeId id = column.type.id();
  if (id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz) {
    return LoadDateTime(text, column.type, out);
  }
  if (id == TypeId::kDecimal && !options_.round_decimals) {
    std::string truncated;
    return AppendTextField(TruncateFraction(text, column.type.scale(), truncated), out);
  }
  return AppendTextField(text, out);
}

Status RecordLoader::LoadDateTime(std::string_view text, const LogicalType& type, Vector& out) {
  const std::string& format =
      type.id() == TypeId::kDate ? options_.date_format : options_.time_format;
  Status status;
  if (format.empty()) {
    status = AppendTextField(text, out);
  } else {
    Result<int64_t> micros = format == "auto"
                                 ? ParseDateTimeAuto(text, type.id() == TypeId::kTimestampTz)
                                 : ParseWithDateTimeFormat(text, format);
    status = micros.status();
    if (micros.ok()) {
      size_t row = out.size();
      out.Resize(row + 1);
      out.i64()[row] = type.id() == TypeId::kDate ? TimestampDay(micros.value()) : micros.value();
    }
  }
  if (!status.ok() && options_.accept_any_date) return AppendNull(out);
  return status;
}

}  // namespace martlet
