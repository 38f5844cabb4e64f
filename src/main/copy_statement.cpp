// COPY table FROM 'files' | STDIN with Redshift's options: lists and reads the sources, parses
// them (delimited text, CSV or JSON) on every core, appends the good rows in file order, and
// records the load and each rejected row in the load log (stl_load_errors, sys_load_history).
#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <future>

#include "exec/operators.hpp"
#include "formats/csv_record_boundaries.hpp"
#include "formats/delimited_parser.hpp"
#include "formats/file_source.hpp"
#include "formats/json_records.hpp"
#include "formats/load_manifest.hpp"
#include "formats/record_loader.hpp"
#include "io/file_system.hpp"
#include "main/copy_options.hpp"
#include "main/postgres_query.hpp"
#include "main/table_rows.hpp"
#include "storage/encoding.hpp"
#include "storage/row_group_file.hpp"

namespace martlet {

namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Large inputs are loaded in segments of this many bytes per thread, each split at record
// boundaries and parsed in parallel, so memory for rows stays bounded whatever the size.
constexpr size_t kSegmentBytes = 16 << 20;
// A compressed file is read in pieces of this many bytes and decompressed as it is read.
constexpr size_t kCompressedPiece = 1 << 20;
// JSON records are parsed in batches of this many per thread.
constexpr size_t kJsonBatch = 16384;

// The start of the first record at or after `from`: just past a line break that is not
// escaped (with ESCAPE a backslash before a line break makes it part of the value).
size_t RecordStart(std::string_view text, size_t from, const LoadOptions& options) {
  if (from >= text.size()) return text.size();
  size_t pos = from;
  while (true) {
    size_t newline = text.find('\n', pos);
    if (newline == std::string::npos) return text.size();
    size_t backslashes = 0;
    while (options.delimited.escape && backslashes < newline && text[newline - 1 - backslashes] == '\\') {
      backslashes++;
    }
    if (backslashes % 2 == 1) {  // an odd count escapes the break; pairs are escaped backslashes
      pos = newline + 1;
      continue;
    }
    return newline + 1;
  }
}

// Just past the last line break of `text` that ends a record (0 when there is none), by the
// rule RecordStart applies.
size_t LastRecordEnd(std::string_view text, const LoadOptions& options) {
  size_t end = text.size();
  while (end > 0) {
    size_t newline = text.rfind('\n', end - 1);
    if (newline == std::string_view::npos) return 0;
    size_t backslashes = 0;
    while (options.delimited.escape && backslashes < newline && text[newline - 1 - backslashes] == '\\') {
      backslashes++;
    }
    if (backslashes % 2 == 0) return newline + 1;
    end = newline;
  }
  return 0;
}

// Where records start in a piece of delimited input that itself starts at a record: after
// any line break that is not escaped; in CSV with quotes, only after one outside a quoted
// field (which may hold line breaks). Text with REMOVEQUOTES may quote with " or ' and is
// not cut at all when it holds either.
class RecordStarts {
 public:
  RecordStarts(std::string_view text, const LoadOptions& options)
      : text_(text),
        options_(options),
        quoted_csv_(options.delimited.csv && text.find(options.delimited.quote) != std::string_view::npos),
        splittable_(!options.delimited.remove_quotes || text.find_first_of("\"'") == std::string_view::npos),
        csv_(text, options.delimited.quote, options.delimited.delimiter) {}

  // The first record start at or after `from`, or the text's size.
  size_t At(size_t from) {
    if (!splittable_) return text_.size();
    return quoted_csv_ ? csv_.RecordStart(from) : RecordStart(text_, from, options_);
  }

  // Just past the last line break that ends a record (0 when there is none): where a piece
  // read from a file can be cut, the rest carried over to the next read.
  size_t LastEnd() {
    if (!splittable_) return 0;
    if (!quoted_csv_) return LastRecordEnd(text_, options_);
    // Quote parity is only known from the start: look for a record start ever further
    // back, then walk forward to the last one.
    for (size_t back = 1 << 20;; back *= 4) {
      size_t start = At(back >= text_.size() ? 0 : text_.size() - back);
      if (start < text_.size()) {
        for (size_t next = At(start); next < text_.size(); next = At(start)) start = next;
        return start;
      }
      if (back >= text_.size()) return 0;
    }
  }

 private:
  std::string_view text_;
  const LoadOptions& options_;
  bool quoted_csv_;
  bool splittable_;
  CsvRecordBoundaries csv_;
};

// Stops a part's parsing once it has more rejects than MAXERROR allows.
constexpr const char* kTooManyRejects = "too many rejected rows";

// FileSystem reports a missing file as kIOError saying so ("file \"x\" does not exist"; an
// object store's "not found").
bool IsMissingFile(const Status& status) {
  const std::string& message = status.message();
  return status.code() == StatusCode::kIOError &&
         (message.find("does not exist") != std::string::npos || message.find("not found") != std::string::npos);
}

struct Reject {
  size_t line = 0;
  RowError error;
  std::string raw_line;
};

// One slice of the input, parsed on its own thread.
struct Part {
  DataChunk rows;
  std::vector<Reject> rejects;  // delimited text: lines numbered from 1 within the part
  Status parse_error;
  size_t line_breaks = 0;  // delimited text: line breaks in the part
};

// One source of a load: a file or object, or the client's stdin.
struct Source {
  std::string name;  // as errors and stl_load_errors show it
  enum class Kind { kLocal, kUrl, kStdin } kind = Kind::kLocal;
};

class CopyRun {
 public:
  CopyRun(ConnectionImpl& connection, const sql::CopyStatement& statement, std::shared_ptr<const TableEntry> table,
          std::vector<int> targets, LoadOptions options, StorageOptions storage)
      : connection_(connection),
        storage_(std::move(storage)),
        statement_(statement),
        table_(std::move(table)),
        write_table_(table_),
        targets_(std::move(targets)),
        options_(std::move(options)) {
    for (int t : targets_) types_.push_back(table_->columns[t].type);
    threads_ = connection.MakeExecContext().threads;
  }

  // Loads every source. The rows of the last segment may still be being appended when
  // loading ends or fails; Run waits for them either way, so the transaction is never used
  // after it returns.
  Status Run() {
    Status loaded = LoadSources();
    Status appended = WaitForAppend();
    if (!loaded.ok()) return loaded;
    RETURN_IF_ERROR(appended);
    ReportProgress(true);
    return Status::Ok();
  }

  // Everything the load log keeps of this run: the rejected rows, in file order, up to and
  // including the one that failed the load.
  std::vector<LoadErrorRecord>& errors() { return errors_; }
  int64_t loaded_rows() const { return static_cast<int64_t>(progress_.rows_loaded); }
  int64_t loaded_bytes() const { return static_cast<int64_t>(progress_.bytes_done); }
  int64_t files_read() const { return files_read_; }
  int64_t rejected() const { return rejected_; }

  int64_t query_id = 0;
  int64_t start_micros = 0;

 private:
  Status LoadSources() {
    ASSIGN_OR_RETURN(std::vector<Source> sources, ListSources());
    fix_encodings_ = options_.comp_update != CompUpdate::kOff && TableIsEmpty();
    if (fix_encodings_ && options_.comp_update == CompUpdate::kPreset) {
      RETURN_IF_ERROR(FixEncodings(nullptr));
    }
    RETURN_IF_ERROR(PrepareJson());
    for (const Source& source : sources) {
      file_ = source.name;
      if (Streamable(source)) {
        RETURN_IF_ERROR(LoadStreamed(source));
        continue;
      }
      ASSIGN_OR_RETURN(std::string text, ReadSource(source));
      files_read_++;
      progress_.bytes_total += text.size();
      if (options_.format == LoadFormat::kJson) {
        RETURN_IF_ERROR(LoadJson(text));
      } else {
        RETURN_IF_ERROR(LoadDelimited(text));
      }
    }
    return Status::Ok();
  }

  Result<std::vector<Source>> ListSources() {
    std::vector<Source> sources;
    if (statement_.source == "stdin") {
      if (!connection_.copy_input()) {
        return Status(StatusCode::kNotSupported,
                      "COPY FROM STDIN needs a client that sends the data (martlet sql -f, or the "
                      "Connection's set_copy_input); use a file");
      }
      sources.push_back({"stdin", Source::Kind::kStdin});
      return sources;
    }
    if (options_.manifest) return ManifestSources();
    Result<std::vector<std::string>> files = ListSourceFiles(statement_.source, storage_);
    if (!files.ok()) {
      if (files.status().code() == StatusCode::kIOError) {
        RecordFileError(statement_.source, load_error::kFileNotFound, files.status().message());
      }
      return files.status().WithPosition(statement_.source_position);
    }
    for (auto& file : files.value()) sources.push_back({std::move(file), Source::Kind::kLocal});
    return sources;
  }

  Result<std::vector<Source>> ManifestSources() {
    std::vector<Source> sources;
    ASSIGN_OR_RETURN(std::string text, ReadUrl(statement_.source));
    Result<std::vector<ManifestEntry>> entries = ParseLoadManifest(text);
    if (!entries.ok()) {
      return Status(StatusCode::kInvalidInput, "manifest \"" + statement_.source + "\": " + entries.status().message());
    }
    for (const auto& entry : entries.value()) {
      ASSIGN_OR_RETURN(auto file_system, FileSystemFor(entry.url, storage_));
      Result<FileInfo> info = file_system->Stat(entry.url);
      if (!info.ok()) {
        // As Redshift: an optional file may be missing; any other failure fails the load.
        if (!entry.mandatory && IsMissingFile(info.status())) continue;
        std::string message = "mandatory file \"" + entry.url + "\" of manifest \"" + statement_.source +
                               "\" could not be read: " + info.status().message();
        RecordFileError(entry.url, load_error::kFileNotFound, message);
        return Status(StatusCode::kIOError, message);
      }
      sources.push_back({entry.url, Source::Kind::kUrl});
    }
    return sources;
  }

  Result<std::string> ReadUrl(const std::string& url) {
    ASSIGN_OR_RETURN(auto file_system, FileSystemFor(url, storage_));
    return ReadWholeFile(*file_system, url);
  }

  Result<std::string> ReadSource(const Source& source) {
    Result<std::string> text = Status::Ok();
    switch (source.kind) {
      case Source::Kind::kStdin:
        text = connection_.copy_input()();
        if (text.ok()) text = Decompress("stdin", std::move(text).value(), options_.compression);
        break;
      case Source::Kind::kUrl:
        text = ReadUrl(source.name);
        if (text.ok()) text = Decompress(source.name, std::move(text).value(), options_.compression);
        break;
      case Source::Kind::kLocal:
        text = ReadSourceFile(source.name, options_.compression, storage_);
        break;
    }
    if (!text.ok()) RecordFileError(source.name, load_error::kUnknown, text.status().message());
    return text;
  }

  // The jsonpaths file, when JSON names one.
  Status PrepareJson() {
    if (options_.format != LoadFormat::kJson) return Status::Ok();
    std::string spec = options_.json_spec;
    std::string lower = spec;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "auto" || lower == "auto ignorecase") {
      ignore_case_ = lower == "auto ignorecase";
      return Status::Ok();
    }
    Result<std::string> text = ReadUrl(spec);
    if (!text.ok()) return Status(StatusCode::kIOError, "jsonpaths file: " + text.status().message());
    Result<std::vector<std::string>> pointers = ParseJsonPaths(text.value());
    if (!pointers.ok()) {
      return Status(StatusCode::kInvalidInput, "jsonpaths file \"" + spec + "\": " + pointers.status().message());
    }
    if (pointers->size() != targets_.size()) {
      return Status(StatusCode::kInvalidInput, "jsonpaths file \"" + spec + "\" has " +
                                                   std::to_string(pointers->size()) + " expressions for " +
                                                   std::to_string(targets_.size()) + " columns");
    }
    json_pointers_ = std::move(pointers).value();
    by_path_ = true;
    return Status::Ok();
  }

  Status LoadDelimited(std::string_view text) {
    RecordStarts starts(text, options_);
    size_t position = 0;
    size_t line_base = 1;
    while (position < text.size()) {
      size_t segment_end = starts.At(position + kSegmentBytes * threads_);
      auto segment_start = [&](size_t from) { return starts.At(position + from) - position; };
      RETURN_IF_ERROR(LoadSegment(text.substr(position, segment_end - position), position == 0, segment_start, line_base));
      progress_.bytes_done += segment_end - position;
      ReportProgress(false);
      position = segment_end;
    }
    return Status::Ok();
  }

  // Delimited text or CSV in a local file, compressed or not, is read (and decompressed) and
  // parsed a segment at a time, so that a file of any size needs memory for one segment, not
  // for the whole file.
  bool Streamable(const Source& source) const {
    return source.kind == Source::Kind::kLocal && !IsS3Url(source.name) && options_.format != LoadFormat::kJson;
  }

  Status LoadStreamed(const Source& source) {
    Result<std::unique_ptr<InputFile>> file = OpenSource(source.name);
    if (!file.ok()) {
      RecordFileError(source.name, load_error::kUnknown, file.status().message());
      return file.status();
    }
    std::unique_ptr<Decompressor> decompressor = Decompressor::For(source.name, options_.compression);
    const uint64_t size = file.value()->Size();
    files_read_++;
    progress_.bytes_total += size;
    const size_t chunk = kSegmentBytes * static_cast<size_t>(threads_);
    std::string buffer;      // the unparsed rest of the last read, then the next read
    std::string compressed;  // a piece of a compressed file
    uint64_t offset = 0;
    uint64_t parsed = 0;  // bytes of the file whose rows are loaded (compressed: read so far)
    const uint64_t done_before = progress_.bytes_done;
    size_t line_base = 1;
    bool file_start = true;
    while (true) {
      // Reads a segment's worth of text more (decompressing as it goes), or to the file's end.
      const size_t goal = buffer.size() + chunk;
      bool at_end = false;
      while (!at_end && buffer.size() < goal) {
        std::string& target = decompressor ? compressed : buffer;
        const size_t carried = target.size();
        const size_t piece = decompressor ? kCompressedPiece : goal - buffer.size();
        const size_t wanted = static_cast<size_t>(std::min<uint64_t>(piece, size - offset));
        target.resize(carried + wanted);
        Result<size_t> read = file.value()->ReadAt(offset, target.data() + carried, wanted);
        if (!read.ok()) {
          RecordFileError(source.name, load_error::kUnknown, read.status().message());
          return read.status();
        }
        target.resize(carried + read.value());
        offset += read.value();
        at_end = read.value() < wanted || offset >= size;
        if (!decompressor) continue;
        if (Status fed = decompressor->Feed(compressed, at_end, buffer); !fed.ok()) {
          RecordFileError(source.name, load_error::kUnknown, fed.message());
          return fed;
        }
        compressed.clear();
      }
      const size_t cut = at_end ? buffer.size() : RecordStarts(buffer, options_).LastEnd();
      if (cut == 0 && at_end) return Status::Ok();
      if (cut == 0) continue;  // a record longer than a read (or text that cannot be cut): read on
      std::string_view segment = std::string_view(buffer).substr(0, cut);
      RecordStarts starts(segment, options_);
      auto segment_start = [&](size_t from) { return starts.At(from); };
      RETURN_IF_ERROR(LoadSegment(segment, file_start, segment_start, line_base));
      parsed = decompressor ? offset : parsed + cut;
      progress_.bytes_done = done_before + parsed;
      ReportProgress(false);
      file_start = false;
      buffer.erase(0, cut);
      if (at_end) return Status::Ok();
    }
  }

  Result<std::unique_ptr<InputFile>> OpenSource(const std::string& name) {
    ASSIGN_OR_RETURN(auto file_system, FileSystemFor(name, storage_));
    return file_system->OpenForRead(name);
  }

  // Parses one segment (whole records) on every core, the parts in file order, and appends
  // its rows. `line_base` is the file's line number of the segment's first line; it moves
  // past the segment.
  // `record_start(from)` is the first place at or after `from` (in the segment) where a record
  // starts, or the segment's size.
  Status LoadSegment(std::string_view segment, bool file_start, const std::function<size_t(size_t)>& record_start,
                     size_t& line_base) {
    std::vector<size_t> cuts = {0};
    for (int t = 1; t < threads_; t++) {
      size_t cut = record_start(segment.size() * static_cast<size_t>(t) / static_cast<size_t>(threads_));
      if (cut > cuts.back() && cut < segment.size()) cuts.push_back(cut);
    }
    cuts.push_back(segment.size());
    std::vector<Part> parts(cuts.size() - 1);
    RETURN_IF_ERROR(RunInParallel(parts.size(), [&](size_t p) {
      ParseDelimitedPart(segment.substr(cuts[p], cuts[p + 1] - cuts[p]), file_start && p == 0, parts[p]);
      return Status::Ok();
    }));
    // Each part numbered its rejects' lines from 1 and counted its line breaks; the file's
    // line numbers follow from the parts before it.
    for (size_t p = 0; p < parts.size(); p++) {
      Part& part = parts[p];
      for (Reject& reject : part.rejects) reject.line += line_base - 1;
      if (!part.parse_error.ok() && line_base > 1) {
        // A malformed part (an unterminated quote) is rare: parse it again, numbering lines
        // from the file's, to name the right line.
        DelimitedOptions format = options_.delimited;
        format.first_line = line_base;
        if (!(file_start && p == 0)) format.ignore_header = 0;
        part.parse_error = ParseDelimitedWithText(segment.substr(cuts[p], cuts[p + 1] - cuts[p]), format,
                                                  [](const std::vector<Field>&, size_t, std::string_view) {
                                                    return Status::Ok();
                                                  });
      }
      line_base += part.line_breaks;
    }
    return Finish(parts);
  }

  void ParseDelimitedPart(std::string_view text, bool has_header, Part& part) {
    part.line_breaks = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    part.rows.Initialize(types_);
    // About one record a line: room for them all at once instead of growing row by row.
    for (Vector& column : part.rows.columns) column.Reserve(part.line_breaks + 1);
    RecordLoader loader(*table_, targets_, options_);
    DelimitedOptions format = options_.delimited;
    if (!has_header) format.ignore_header = 0;
    RowError error;
    part.parse_error = ParseDelimitedWithText(
        text, format, [&](const std::vector<Field>& fields, size_t line, std::string_view raw) {
          if (loader.Load(fields, part.rows, error)) return Status::Ok();
          part.rejects.push_back({line, std::move(error), std::string(raw.substr(0, 1024))});
          return TooManyRejects(part);
        });
    if (part.parse_error.message() == kTooManyRejects) part.parse_error = Status::Ok();
  }

  // Past MAXERROR the load fails anyway; there is no need to parse further.
  Status TooManyRejects(const Part& part) const {
    if (static_cast<int64_t>(part.rejects.size()) > options_.max_errors) {
      return Status(StatusCode::kInvalidInput, kTooManyRejects);
    }
    return Status::Ok();
  }

  Status LoadJson(std::string& text) {
    // JSON is checked for UTF-8 as a whole, so ACCEPTINVCHARS repairs it before parsing.
    if (options_.accept_invalid_chars && !IsValidUtf8(text)) {
      text = ReplaceInvalidUtf8(text, options_.invalid_char_replacement);
    }
    size_t length = text.size();
    text.append(JsonPadding(), ' ');
    Result<std::vector<JsonRecordSpan>> spans = SplitJsonRecords(std::string_view(text).substr(0, length));
    if (!spans.ok()) {
      RecordFileError(file_, load_error::kBadJson, spans.status().message());
      return Status(StatusCode::kInvalidInput, spans.status().message() + " in file \"" + file_ + "\"");
    }
    const std::vector<JsonRecordSpan>& all = spans.value();
    size_t batch = kJsonBatch * static_cast<size_t>(threads_);
    for (size_t begin = 0; begin < all.size(); begin += batch) {
      size_t end = std::min(all.size(), begin + batch);
      size_t part_count = std::min<size_t>(static_cast<size_t>(threads_), end - begin);
      std::vector<Part> parts(part_count);
      RETURN_IF_ERROR(RunInParallel(parts.size(), [&](size_t p) {
        size_t from = begin + (end - begin) * p / part_count;
        size_t to = begin + (end - begin) * (p + 1) / part_count;
        ParseJsonPart(text, all, from, to, parts[p]);
        return Status::Ok();
      }));
      RETURN_IF_ERROR(Finish(parts));
      progress_.bytes_done += all[end - 1].end - all[begin].begin;
      ReportProgress(false);
    }
    return Status::Ok();
  }

  void ParseJsonPart(std::string_view text, const std::vector<JsonRecordSpan>& spans, size_t from, size_t to,
                     Part& part) {
    part.rows.Initialize(types_);
    RecordLoader loader(*table_, targets_, options_);
    std::vector<std::string> names;
    for (int t : targets_) names.push_back(table_->columns[t].name);
    std::unique_ptr<JsonRecordReader> reader = by_path_ ? std::make_unique<JsonRecordReader>(json_pointers_)
                                                        : std::make_unique<JsonRecordReader>(names, ignore_case_);
    std::vector<Field> fields;
    for (size_t i = from; i < to; i++) {
      const JsonRecordSpan& span = spans[i];
      RowError error;
      bool loaded = false;
      if (!span.valid) {
        error.error_code = load_error::kBadJson;
        error.reason = span.error;
      } else if (Status read = reader->Read(text, span, fields); !read.ok()) {
        error.reason = read.message();
        error.error_code =
            error.reason.find("UTF-8") != std::string::npos ? load_error::kBadUtf8 : load_error::kBadJson;
      } else {
        loaded = loader.Load(fields, part.rows, error);
      }
      if (loaded) continue;
      part.rejects.push_back(
          {span.line, std::move(error), std::string(text.substr(span.begin, std::min<size_t>(1024, span.end - span.begin)))});
      if (!TooManyRejects(part).ok()) return;
    }
  }

  // Takes the parts' rejects in file order (the one past MAXERROR fails the load), then
  // starts appending their rows, which goes on while the next segment is parsed. The previous
  // segment's append is waited for first, so that errors still come in file order and only
  // one segment's rows wait to be written.
  Status Finish(std::vector<Part>& parts) {
    RETURN_IF_ERROR(WaitForAppend());
    for (auto& part : parts) {
      for (auto& reject : part.rejects) {
        RecordReject(reject);
        if (++rejected_ > options_.max_errors) return RejectFailure(reject);
      }
      if (!part.parse_error.ok()) {
        RecordFileError(file_, load_error::kBadLine, part.parse_error.message());
        return Status(StatusCode::kInvalidInput, part.parse_error.message() + " in file \"" + file_ + "\"");
      }
    }
    // Counted when handed over, so that progress shows them; a failed append fails the load.
    for (const auto& part : parts) progress_.rows_loaded += part.rows.size();
    append_ = std::async(std::launch::async,
                         [this, parts = std::move(parts)]() mutable { return AppendParts(parts); });
    return Status::Ok();
  }

  // Runs on the append thread, the only user of the transaction while a load runs.
  Status AppendParts(std::vector<Part>& parts) {
    for (auto& part : parts) {
      if (part.rows.size() == 0) continue;
      ASSIGN_OR_RETURN(DataChunk complete, CompleteRows(connection_, *write_table_, targets_, part.rows));
      if (fix_encodings_) RETURN_IF_ERROR(FixEncodings(&complete));
      RETURN_IF_ERROR(connection_.transaction().Append(*write_table_, std::move(complete)));
    }
    return Status::Ok();
  }

  Status WaitForAppend() {
    return append_.valid() ? append_.get() : Status::Ok();
  }

  bool TableIsEmpty() const {
    Transaction& transaction = connection_.transaction();
    auto data = transaction.TableDataFor(table_->id);
    return (!data || data->LiveRows() == 0) && transaction.PendingRows(table_->id) == nullptr;
  }

  // COMPUPDATE ON or PRESET on the first load into an empty table: sets the ENCODE of each
  // column that has none, from the first block of `sample` (ON) or from the column's type
  // (PRESET, `sample` null), so that every block of the table uses it from now on.
  Status FixEncodings(const DataChunk* sample) {
    fix_encodings_ = false;
    auto fixed = std::make_shared<TableEntry>(*write_table_);
    bool changed = false;
    for (size_t c = 0; c < fixed->columns.size(); c++) {
      ColumnDefinition& column = fixed->columns[c];
      if (!column.encode.empty()) continue;
      if (sample) {
        size_t rows = std::min(sample->size(), kRowGroupBlockRows);
        column.encode = RedshiftEncodingName(EncodeBlock(sample->columns[c], 0, rows));
      } else {
        PhysicalType physical = column.type.physical();
        column.encode = physical == PhysicalType::kInt64 || physical == PhysicalType::kInt128 ? "az64" : "zstd";
      }
      changed = true;
    }
    if (!changed) return Status::Ok();
    RETURN_IF_ERROR(connection_.transaction().MutableCatalog().PutTable(fixed));
    write_table_ = std::move(fixed);
    return Status::Ok();
  }

  Status RejectFailure(const Reject& reject) const {
    std::string where = "file \"" + file_ + "\", line " + std::to_string(reject.line);
    if (!reject.error.column_name.empty()) {
      where += ", column \"" + reject.error.column_name + "\", value \"" + reject.error.value.substr(0, 200) + "\"";
    }
    return Status(StatusCode::kInvalidInput, reject.error.reason + " (" + where + ")");
  }

  void RecordReject(const Reject& reject) {
    LoadErrorRecord record = BaseRecord(file_);
    record.line_number = static_cast<int64_t>(reject.line);
    record.column_name = reject.error.column_name;
    record.column_type = reject.error.column_type;
    record.column_length = reject.error.column_length;
    record.position = reject.error.position;
    record.raw_line = reject.raw_line;
    record.raw_field_value = reject.error.value;
    record.error_code = reject.error.error_code;
    record.reason = reject.error.reason;
    errors_.push_back(std::move(record));
  }

  // A failure of a whole file (missing, unreadable, truncated, an unterminated quote).
  void RecordFileError(const std::string& file, int code, const std::string& reason) {
    LoadErrorRecord record = BaseRecord(file);
    record.error_code = code;
    record.reason = reason;
    errors_.push_back(std::move(record));
  }

  LoadErrorRecord BaseRecord(const std::string& file) const {
    LoadErrorRecord record;
    record.query_id = query_id;
    record.table_id = static_cast<int64_t>(table_->id);
    record.start_micros = start_micros;
    record.file = file;
    return record;
  }

  void ReportProgress(bool finished) {
    if (!connection_.copy_progress()) return;
    progress_.seconds = static_cast<double>(NowMicros() - start_micros) / 1e6;
    progress_.finished = finished;
    connection_.copy_progress()(progress_);
  }

  ConnectionImpl& connection_;
  StorageOptions storage_;  // credentials for s3:// sources, manifests and jsonpaths files
  const sql::CopyStatement& statement_;
  std::shared_ptr<const TableEntry> table_;  // as the load began: for parsing and the load log
  std::shared_ptr<const TableEntry> write_table_;  // with the encodings COMPUPDATE chose
  std::vector<int> targets_;
  std::vector<LogicalType> types_;
  LoadOptions options_;
  int threads_ = 1;
  bool fix_encodings_ = false;  // COMPUPDATE: the next rows appended choose the encodings
  bool by_path_ = false;
  bool ignore_case_ = false;
  std::vector<std::string> json_pointers_;
  std::string file_;  // the source being loaded
  int64_t files_read_ = 0;
  int64_t rejected_ = 0;
  CopyProgress progress_;
  std::vector<LoadErrorRecord> errors_;
  std::future<Status> append_;  // the last segment's append, while the next is parsed
};

const char* FormatName(LoadFormat format) {
  switch (format) {
    case LoadFormat::kCsv: return "csv";
    case LoadFormat::kJson: return "json";
    default: return "text";
  }
}

}  // namespace

Result<StatementOutcome> ExecuteCopy(ConnectionImpl& connection, const sql::CopyStatement& statement) {
  if (IsPostgresSource(statement.source)) return CopyFromPostgres(connection, statement);
  Transaction& transaction = connection.transaction();
  auto [schema, name] = Binder::QualifiedName(statement.table);
  auto table = transaction.catalog().FindTable(schema, name);
  if (!table) {
    return Status(StatusCode::kCatalogError, "relation \"" + name + "\" does not exist", statement.position);
  }
  if (table->materialized_view) return CannotChangeMaterializedView(*table, statement.position);
  StorageOptions storage;
  ASSIGN_OR_RETURN(LoadOptions options, ParseCopyOptions(statement, storage));
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
  LoadFormat format = options.format;
  CopyRun run(connection, statement, table, targets, std::move(options), storage);
  LoadLog& log = *connection.database().load_log;
  run.query_id = log.NextQueryId();
  run.start_micros = NowMicros();
  Status status = run.Run();

  LoadHistoryRecord history;
  history.query_id = run.query_id;
  history.table_id = static_cast<int64_t>(table->id);
  history.table_name = table->schema + "." + table->name;
  history.status = status.ok() ? "completed" : "failed";
  history.start_micros = run.start_micros;
  history.end_micros = NowMicros();
  history.source = statement.source;
  history.file_format = FormatName(format);
  history.loaded_rows = status.ok() ? run.loaded_rows() : 0;
  history.loaded_bytes = run.loaded_bytes();
  history.file_count = run.files_read();
  history.error_count = run.rejected();
  history.error_message = status.ok() ? "" : status.message();
  Status logged = log.Append(run.errors(), history);

  if (!status.ok()) {
    int position = status.position() >= 0 ? status.position() : statement.position;
    if (run.errors().empty()) return status.WithPosition(position);  // nothing about rows or files to look up
    return Status(status.code(),
                  "Load into table \"" + name + "\" failed: " + status.message() +
                      "; nothing was loaded; check 'stl_load_errors' system table for details",
                  position);
  }
  StatementOutcome outcome;
  outcome.tag = "COPY " + std::to_string(run.loaded_rows());
  if (run.rejected() > 0) {
    outcome.notices.push_back("Load into table '" + name + "' completed, " + std::to_string(run.loaded_rows()) +
                              " record(s) loaded successfully, " + std::to_string(run.rejected()) +
                              " record(s) could not be loaded; check 'stl_load_errors' system table for details");
  }
  if (!logged.ok()) outcome.notices.push_back("the load could not be recorded in sys_load_history: " + logged.message());
  return outcome;
}

}  // namespace martlet
