// What a COPY's options ask of the readers and of the conversion of fields to column values.
#pragma once

#include <cstdint>
#include <string>

#include "formats/delimited_parser.hpp"
#include "formats/file_source.hpp"

namespace martlet {

enum class LoadFormat { kText, kCsv, kJson };

// COMPUPDATE: whether a load into an empty table fixes the columns' encodings.
enum class CompUpdate {
  kOff,     // OFF, or not given: each block picks its own encoding as it is written
  kSample,  // ON: the first rows loaded are sampled to choose each column's ENCODE
  kPreset,  // PRESET: each column's ENCODE follows from its type, without sampling
};

struct LoadOptions {
  LoadFormat format = LoadFormat::kText;
  DelimitedOptions delimited;
  FileCompression compression = FileCompression::kAuto;
  // JSON: 'auto', 'auto ignorecase' or the URL of a jsonpaths file.
  std::string json_spec;
  bool manifest = false;  // the source is a manifest naming the files
  std::string null_as = "\\N";
  int64_t max_errors = 0;
  bool empty_as_null = false;
  bool blanks_as_null = false;
  bool fill_record = false;
  bool trim_blanks = false;
  bool truncate_columns = false;
  bool accept_invalid_chars = false;  // ACCEPTINVCHARS: replace invalid UTF-8 bytes
  char invalid_char_replacement = '?';
  bool accept_any_date = false;  // an unreadable date or timestamp loads as NULL
  bool round_decimals = false;   // ROUNDEC: round extra decimal digits instead of failing
  // DATEFORMAT / TIMEFORMAT as given ("" when not given: the ISO forms).
  std::string date_format;
  std::string time_format;
  CompUpdate comp_update = CompUpdate::kOff;
};

}  // namespace martlet
