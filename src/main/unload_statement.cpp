// UNLOAD ('select ...') TO 'prefix': runs the query and writes its rows to files named after
// the prefix, as Redshift does: <prefix><slice>_part_<part> (PARALLEL ON, one series of files
// per thread) or <prefix><part> (PARALLEL OFF), split at MAXFILESIZE, optionally compressed,
// in Hive partition folders, with a manifest. Files go through the FileSystem interface, so
// local paths and s3:// prefixes work alike. A failed UNLOAD deletes the files it wrote.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/text_escape.hpp"
#include "exec/operators.hpp"
#include "formats/cell_text.hpp"
#include "main/connection_impl.hpp"
#include "main/physical_planner.hpp"
#include "main/system_views.hpp"
#include "main/unload_options.hpp"

namespace martlet {
namespace {

// Formatted rows gather in memory up to this size before they go to the file (and through
// the compressor, which flushes at each hand-over).
constexpr size_t kFlushBytes = 1 << 20;
// With many partition folders, a thread ends the parts it has open once more than this many
// files are open or this many bytes wait in memory; the folders' next rows start new parts.
constexpr size_t kMaxOpenFiles = 64;
constexpr size_t kMaxPendingBytes = 64 << 20;

// Counts the bytes that reach the file, so that the size of a compressed file is known.
class CountingOutputFile final : public OutputFile {
 public:
  explicit CountingOutputFile(std::unique_ptr<OutputFile> file, uint64_t* bytes)
      : file_(std::move(file)), bytes_(bytes) {}
  Status Append(std::string_view data) override {
    *bytes_ += data.size();
    return file_->Append(data);
  }
  Status Close() override { return file_->Close(); }

 private:
  std::unique_ptr<OutputFile> file_;
  uint64_t* bytes_;
};

// A file UNLOAD finished: what the manifest lists.
struct WrittenFile {
  std::string url;
  uint64_t bytes = 0;
  uint64_t records = 0;  // rows, and the header line when there is one (as Redshift counts)
};

// Everything the writers of all threads share and only read.
struct UnloadPlan {
  UnloadOptions options;
  std::string prefix;               // with a '/' added for PARTITION BY
  FormattedColumns columns;         // the columns that go into the files
  std::vector<int> partition_keys;  // positions of the PARTITION BY columns
  std::vector<std::string> partition_names;
};

// One series of files: <base><slice>_part_<part> or <base><part>, each closed when the
// next row would take it past MAXFILESIZE.
class FileSeries {
 public:
  FileSeries(const UnloadPlan& plan, FileSystem& file_system, std::string base, int slice)
      : plan_(plan), file_system_(file_system), base_(std::move(base)), slice_(slice) {}

  Status AddRow(std::string_view row, const RowFormatter& formatter) {
    const UnloadOptions& options = plan_.options;
    if (rows_in_file_ > 0 &&
        written_ + CompressedSizeBound(options.compression, pending_.size() + row.size()) >
            options.max_file_bytes) {
      RETURN_IF_ERROR(FinishFile());
    }
    if (!started_) StartFile(formatter);
    pending_ += row;
    rows_in_file_++;
    if (pending_.size() >= kFlushBytes) return Flush();
    return Status::Ok();
  }

  // Ends the last file. `always` writes a file even when no row came (an empty result).
  Status Finish(const RowFormatter& formatter, bool always) {
    if (!started_ && always) StartFile(formatter);
    return EndPart();
  }

  // Ends the current part, if one has begun.
  Status EndPart() { return started_ ? FinishFile() : Status::Ok(); }

  bool file_open() const { return file_ != nullptr; }
  size_t pending_bytes() const { return pending_.size(); }
  const std::vector<WrittenFile>& files() const { return files_; }

 private:
  void StartFile(const RowFormatter& formatter) {
    started_ = true;
    if (plan_.options.header) {
      formatter.AppendHeader(pending_);
      header_lines_ = 1;
    }
  }

  std::string FileName() const {
    std::string number = plan_.options.parallel ? fmt::format("{:04d}_part_{:02d}", slice_, part_)
                                                : fmt::format("{:03d}", part_);
    return base_ + number + plan_.options.suffix;
  }

  Status Flush() {
    if (!file_) {
      url_ = FileName();
      ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> raw, file_system_.Create(url_));
      auto counted = std::make_unique<CountingOutputFile>(std::move(raw), &written_);
      ASSIGN_OR_RETURN(file_, MakeCompressingOutput(std::move(counted), plan_.options.compression));
    }
    if (!pending_.empty()) RETURN_IF_ERROR(file_->Append(pending_));
    pending_.clear();
    return Status::Ok();
  }

  Status FinishFile() {
    RETURN_IF_ERROR(Flush());
    std::unique_ptr<OutputFile> file = std::move(file_);
    RETURN_IF_ERROR(file->Close());
    files_.push_back({url_, written_, rows_in_file_ + header_lines_});
    part_++;
    started_ = false;
    written_ = 0;
    rows_in_file_ = 0;
    header_lines_ = 0;
    return Status::Ok();
  }

  const UnloadPlan& plan_;
  FileSystem& file_system_;
  std::string base_;
  int slice_;
  int part_ = 0;
  bool started_ = false;  // the current file has begun (header or rows pending or written)
  std::unique_ptr<OutputFile> file_;
  std::string url_;
  std::string pending_;
  uint64_t written_ = 0;  // bytes that reached the current file
  uint64_t rows_in_file_ = 0;
  uint64_t header_lines_ = 0;
  std::vector<WrittenFile> files_;
};

// Hive's escaping of partition values in folder names.
void AppendPartitionValue(std::string_view text, std::string& out) {
  static const std::string_view kEscaped = "\"#%'*/:=?\\{[]^";
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || kEscaped.find(c) != std::string_view::npos) {
      out += fmt::format("%{:02X}", byte);
    } else {
      out += c;
    }
  }
}

// The rows one thread writes: a formatter and, per partition folder, a series of files.
class Slice {
 public:
  Slice(const UnloadPlan& plan, std::unique_ptr<FileSystem> file_system, int slice)
      : plan_(plan), file_system_(std::move(file_system)), slice_(slice) {
    const UnloadOptions& options = plan.options;
    switch (options.format) {
      case UnloadFormat::kJson:
        formatter_ = MakeJsonFormatter(plan.columns);
        break;
      case UnloadFormat::kFixedWidth:
        formatter_ =
            MakeFixedWidthFormatter(plan.columns, options.fixed_widths, options.delimited.null_as);
        break;
      default:
        formatter_ = MakeDelimitedFormatter(plan.columns, options.delimited);
    }
  }

  Status Write(const DataChunk& chunk) {
    for (size_t row = 0; row < chunk.size(); row++) {
      FileSeries& series = SeriesFor(chunk, row);
      row_.clear();
      RETURN_IF_ERROR(formatter_->AppendRow(chunk, row, row_));
      RETURN_IF_ERROR(series.AddRow(row_, *formatter_));
    }
    rows_ += chunk.size();
    return LimitResources();
  }

  Status Finish(bool write_empty_file) {
    if (write_empty_file && series_.empty()) SeriesAt(plan_.prefix);
    for (auto& [base, series] : series_)
      RETURN_IF_ERROR(series.Finish(*formatter_, write_empty_file));
    return Status::Ok();
  }

  // Deletes the finished files (after a failure); files still open vanish with them.
  void DeleteFiles() {
    for (auto& [base, series] : series_) {
      for (const auto& file : series.files()) (void)file_system_->Delete(file.url);
    }
    series_.clear();
  }

  uint64_t rows() const { return rows_; }
  const std::map<std::string, FileSeries>& series() const { return series_; }

 private:
  // Keeps open files and buffered rows bounded however many partition folders there are.
  Status LimitResources() {
    if (series_.size() <= 1) return Status::Ok();
    size_t open = 0, pending = 0;
    for (const auto& [base, series] : series_) {
      open += series.file_open();
      pending += series.pending_bytes();
    }
    if (open <= kMaxOpenFiles && pending <= kMaxPendingBytes) return Status::Ok();
    for (auto& [base, series] : series_) RETURN_IF_ERROR(series.EndPart());
    return Status::Ok();
  }

  FileSeries& SeriesFor(const DataChunk& chunk, size_t row) {
    if (plan_.partition_keys.empty()) return SeriesAt(plan_.prefix);
    key_ = plan_.prefix;
    for (size_t i = 0; i < plan_.partition_keys.size(); i++) {
      const Vector& column = chunk.columns[plan_.partition_keys[i]];
      AppendPartitionValue(plan_.partition_names[i], key_);
      key_ += '=';
      value_.clear();
      if (!column.IsNull(row)) AppendCellText(column, row, value_);
      // Hive's folder for NULL, and for the empty string, which a folder name cannot hold.
      if (value_.empty()) value_ = "__HIVE_DEFAULT_PARTITION__";
      AppendPartitionValue(value_, key_);
      key_ += '/';
    }
    return SeriesAt(key_);
  }

  FileSeries& SeriesAt(const std::string& base) {
    auto found = series_.find(base);
    if (found == series_.end())
      found = series_.try_emplace(base, plan_, *file_system_, base, slice_).first;
    return found->second;
  }

  const UnloadPlan& plan_;
  std::unique_ptr<FileSystem> file_system_;
  int slice_;
  std::unique_ptr<RowFormatter> formatter_;
  std::map<std::string, FileSeries> series_;  // by folder (the prefix without PARTITION BY)
  std::string row_, key_, value_;             // scratch
  uint64_t rows_ = 0;
};

// The type of a column as the VERBOSE manifest describes it.
std::string ManifestType(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kDecimal:
      return fmt::format("{{ \"base\": \"numeric\", \"precision\": {}, \"scale\": {} }}",
                         type.precision(), type.scale());
    case TypeId::kChar:
      return fmt::format("{{ \"base\": \"character\", \"max_length\": {} }}", type.length());
    case TypeId::kVarchar:
      if (type.length() == LogicalType::kUnboundedLength)
        return "{ \"base\": \"character varying\" }";
      return fmt::format("{{ \"base\": \"character varying\", \"max_length\": {} }}",
                         type.length());
    default:
      return "{ \"base\": " + JsonString(type.ToString()) + " }";
  }
}

// The manifest, as Redshift writes it: the URL of every file and, with VERBOSE, their sizes
// and record counts, the columns, the totals and the author.
std::string ManifestText(const UnloadPlan& plan, const std::vector<WrittenFile>& files) {
  bool verbose = plan.options.manifest_verbose;
  std::string out = "{\n  \"entries\": [\n";
  uint64_t bytes = 0, records = 0;
  for (size_t i = 0; i < files.size(); i++) {
    out += "    {\"url\":" + JsonString(files[i].url);
    if (verbose) {
      out += fmt::format(", \"meta\": {{ \"content_length\": {}, \"record_count\": {} }}",
                         files[i].bytes, files[i].records);
    }
    out += i + 1 < files.size() ? "},\n" : "}\n";
    bytes += files[i].bytes;
    records += files[i].records;
  }
  out += "  ]";
  if (verbose) {
    out += ",\n  \"schema\": {\n    \"elements\": [\n";
    for (size_t i = 0; i < plan.columns.names.size(); i++) {
      out += "      {\"name\": " + JsonString(plan.columns.names[i]) +
             ", \"type\": " + ManifestType(plan.columns.types[i]) +
             (i + 1 < plan.columns.names.size() ? "},\n" : "}\n");
    }
    out += "    ]\n  },\n";
    out += fmt::format(
        "  \"meta\": {{\n    \"content_length\": {},\n    \"record_count\": {}\n  }},\n", bytes,
        records);
    out += "  \"author\": {\n    \"name\": \"Martlet\",\n    \"version\": \"1.0.0\"\n  }";
  }
  return out + "\n}\n";
}

// Checks the query's columns against PARTITION BY and picks the columns the files hold.
Result<UnloadPlan> MakeUnloadPlan(const sql::UnloadStatement& statement, UnloadOptions options,
                                  const PlanNode& query) {
  UnloadPlan plan;
  plan.options = std::move(options);
  plan.prefix = statement.target;
  std::set<int> keys;
  for (const auto& name : statement.partition_by) {
    auto found = std::find(query.names.begin(), query.names.end(), name);
    if (found == query.names.end()) {
      return Status(StatusCode::kBindError,
                    "PARTITION BY column \"" + name + "\" is not a column of the query",
                    statement.partition_position);
    }
    int position = static_cast<int>(found - query.names.begin());
    if (!keys.insert(position).second) {
      return Status(StatusCode::kBindError, "PARTITION BY names column \"" + name + "\" twice",
                    statement.partition_position);
    }
    plan.partition_keys.push_back(position);
    plan.partition_names.push_back(name);
  }
  for (size_t i = 0; i < query.names.size(); i++) {
    if (keys.count(static_cast<int>(i)) && !statement.partition_include) continue;
    plan.columns.positions.push_back(static_cast<int>(i));
    plan.columns.names.push_back(query.names[i]);
    plan.columns.types.push_back(query.types[i]);
  }
  if (plan.columns.positions.empty()) {
    return Status(StatusCode::kInvalidInput,
                  "UNLOAD needs at least one column that is not a PARTITION BY column",
                  statement.partition_position);
  }
  if (!plan.partition_keys.empty() && !plan.prefix.empty() && plan.prefix.back() != '/')
    plan.prefix += '/';
  const UnloadOptions& o = plan.options;
  if (o.format == UnloadFormat::kFixedWidth &&
      o.fixed_widths.size() != plan.columns.positions.size()) {
    return Status(StatusCode::kInvalidInput,
                  fmt::format("FIXEDWIDTH gives {} widths for {} columns", o.fixed_widths.size(),
                              plan.columns.positions.size()),
                  statement.position);
  }
  if (o.format == UnloadFormat::kJson) {
    std::set<std::string> seen;
    for (const auto& name : plan.columns.names) {
      if (!seen.insert(name).second) {
        return Status(StatusCode::kInvalidInput,
                      "UNLOAD ... JSON needs unique column names; \"" + name +
                          "\" appears twice (name the columns with AS)",
                      statement.position);
      }
    }
  }
  return plan;
}

// A local file's URL with or without file://, as listings name it.
std::string Place(const std::string& url) {
  return url.rfind("file://", 0) == 0 ? url.substr(7) : url;
}

// Runs the query and hands its chunks to the slices: chunk k goes to slice k mod n, and the
// slices format and write their chunks on their own threads.
Status WriteRows(ExecContext& context, Operator& root,
                 std::vector<std::unique_ptr<Slice>>& slices) {
  std::vector<DataChunk> batch(slices.size());
  while (true) {
    size_t filled = 0;
    while (filled < batch.size()) {
      ASSIGN_OR_RETURN(bool has_rows, root.Next(context, batch[filled]));
      if (!has_rows) break;
      if (batch[filled].size() > 0) filled++;
    }
    if (filled == 0) return Status::Ok();
    RETURN_IF_ERROR(RunInParallel(filled, [&](size_t i) { return slices[i]->Write(batch[i]); }));
    if (filled < batch.size()) return Status::Ok();
  }
}

}  // namespace

Result<StatementOutcome> ExecuteUnload(ConnectionImpl& connection,
                                       const sql::UnloadStatement& statement) {
  ASSIGN_OR_RETURN(UnloadOptions options, ParseUnloadOptions(statement));
  if (statement.target.empty()) {
    return Status(StatusCode::kInvalidInput, "UNLOAD needs a path or s3:// prefix after TO",
                  statement.target_position);
  }
  SystemViews views(connection.transaction());
  Binder binder = connection.MakeBinder(&views);
  ASSIGN_OR_RETURN(PlanPtr query, binder.BindQuery(*statement.query));
  ASSIGN_OR_RETURN(UnloadPlan plan, MakeUnloadPlan(statement, std::move(options), *query));
  auto at_target = [&](const Status& status) {
    return Status(status.code(),
                  "UNLOAD to \"" + statement.target + "\" failed: " + status.message(),
                  statement.target_position);
  };
  Result<std::unique_ptr<FileSystem>> file_system =
      FileSystemFor(plan.prefix, plan.options.storage);
  if (!file_system.ok()) return at_target(file_system.status());

  // Redshift refuses to write where files exist unless told to overwrite them or clean up.
  Result<std::vector<FileInfo>> existing = file_system.value()->List(plan.prefix);
  if (!existing.ok()) return at_target(existing.status());
  if (!existing->empty() && !plan.options.allow_overwrite && !plan.options.clean_path) {
    return Status(StatusCode::kInvalidInput,
                  "UNLOAD destination \"" + plan.prefix + "\" is not empty (" +
                      existing->front().url +
                      " exists); use ALLOWOVERWRITE or CLEANPATH, or another prefix",
                  statement.target_position);
  }

  ExecContext context = connection.MakeExecContext();
  PhysicalPlanner planner(connection.transaction(), context);
  ASSIGN_OR_RETURN(OperatorPtr root, planner.Build(*query));
  size_t slice_count =
      plan.options.parallel ? static_cast<size_t>(std::max(context.threads, 1)) : 1;
  std::vector<std::unique_ptr<Slice>> slices;
  for (size_t i = 0; i < slice_count; i++) {
    Result<std::unique_ptr<FileSystem>> slice_files =
        FileSystemFor(plan.prefix, plan.options.storage);
    if (!slice_files.ok()) return at_target(slice_files.status());
    slices.push_back(
        std::make_unique<Slice>(plan, std::move(slice_files).value(), static_cast<int>(i)));
  }
  auto fail = [&](const Status& status) {
    for (auto& slice : slices) slice->DeleteFiles();
    bool about_files = status.code() == StatusCode::kIOError;
    return about_files ? at_target(status) : status.WithPosition(statement.position);
  };
  Status written = WriteRows(context, *root, slices);
  if (!written.ok()) return fail(written);
  uint64_t rows = 0;
  for (auto& slice : slices) rows += slice->rows();
  // An empty result still leaves a file (with the header, if asked for), as in Redshift.
  for (size_t i = 0; i < slices.size(); i++) {
    Status finished = slices[i]->Finish(i == 0 && rows == 0 && plan.partition_keys.empty());
    if (!finished.ok()) return fail(finished);
  }

  std::vector<WrittenFile> files;
  std::set<std::string> folders;
  for (auto& slice : slices) {
    for (const auto& [base, series] : slice->series()) {
      folders.insert(base);
      files.insert(files.end(), series.files().begin(), series.files().end());
    }
  }
  std::sort(files.begin(), files.end(),
            [](const WrittenFile& a, const WrittenFile& b) { return a.url < b.url; });
  FileSystem& destination = *file_system.value();
  std::string manifest_url = plan.prefix + "manifest";
  if (plan.options.manifest) {
    Result<std::unique_ptr<OutputFile>> manifest = destination.Create(manifest_url);
    Status status =
        manifest.ok() ? manifest.value()->Append(ManifestText(plan, files)) : manifest.status();
    if (status.ok()) status = manifest.value()->Close();
    if (!status.ok()) return fail(status);
  }
  // CLEANPATH removes what was there before, once the new files are in place: everything
  // under the prefix, or with PARTITION BY everything in the folders that received files.
  if (plan.options.clean_path) {
    std::set<std::string> kept;
    for (const auto& file : files) kept.insert(Place(file.url));
    if (plan.options.manifest) kept.insert(Place(manifest_url));
    for (const auto& old : existing.value()) {
      if (kept.count(Place(old.url))) continue;
      bool in_written_folder =
          plan.partition_keys.empty() ||
          std::any_of(folders.begin(), folders.end(), [&](const std::string& folder) {
            return Place(old.url).compare(0, Place(folder).size(), Place(folder)) == 0;
          });
      if (!in_written_folder) continue;
      Status deleted = destination.Delete(old.url);
      if (!deleted.ok()) return at_target(deleted);
    }
  }
  StatementOutcome outcome;
  outcome.tag = "UNLOAD " + std::to_string(rows);
  return outcome;
}

}  // namespace martlet
