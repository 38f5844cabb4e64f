// Turns the fields of one load record (from delimited text, CSV or JSON) into a row of a
// DataChunk, applying COPY's options (NULL AS, EMPTYASNULL, TRUNCATECOLUMNS, ACCEPTINVCHARS,
// DATEFORMAT, ...). A bad field rejects the whole record and says why, with Redshift's
// stl_load_errors error code.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "common/vector.hpp"
#include "formats/delimited_parser.hpp"
#include "formats/load_options.hpp"

namespace martlet {

// Why a record was rejected: what stl_load_errors shows of it.
struct RowError {
  int error_code = 1200;
  std::string reason;
  std::string column_name;  // empty when the record as a whole is wrong
  std::string column_type;  // "int4", "varchar", ... as Redshift names them
  std::string column_length;
  int position = 0;  // the field's index in the record
  std::string value;
};

// Redshift's codes (see the "Load error reference"), the ones Martlet reports.
namespace load_error {
constexpr int kUnknown = 1200;
constexpr int kExtraColumns = 1202;
constexpr int kMissingColumns = 1203;
constexpr int kOutOfRange = 1204;
constexpr int kBadDate = 1205;
constexpr int kBadTimestamp = 1206;
constexpr int kBadDigit = 1207;
constexpr int kBadFloat = 1208;
constexpr int kBadDecimal = 1209;
constexpr int kBadBoolean = 1210;
constexpr int kFileNotFound = 1212;
constexpr int kNotNull = 1213;
constexpr int kBadLine = 1216;
constexpr int kBadUtf8 = 1220;
constexpr int kBadJson = 1224;
}  // namespace load_error

class RecordLoader {
 public:
  RecordLoader(const TableEntry& table, const std::vector<int>& targets,
               const LoadOptions& options);

  // Appends the record to `rows` (whose columns are the targets'); on failure leaves `rows`
  // as it was and fills `error`.
  bool Load(const std::vector<Field>& fields, DataChunk& rows, RowError& error);

 private:
  Status LoadField(const Field& field, const ColumnDefinition& column, Vector& out);
  Status LoadDateTime(std::string_view text, const LogicalType& type, Vector& out);

  const TableEntry& table_;
  const std::vector<int>& targets_;
  const LoadOptions& options_;
  std::string scratch_;  // a field's text after replacing invalid characters or digits
};

// Whether `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);
// `text` with each byte of an invalid UTF-8 sequence replaced by `replacement`.
std::string ReplaceInvalidUtf8(std::string_view text, char replacement);

}  // namespace martlet
