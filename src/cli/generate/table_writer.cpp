#include "cli/generate/table_writer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <zlib.h>

namespace martlet::generate {
namespace {

// Orders per chunk: about 4 MB of lineitem text, small enough to keep every core busy on
// SF 0.01 and large enough that the hand-off costs nothing.
constexpr uint64_t kUnitsPerChunk = 8192;

Status GzipMember(const std::string& text, std::string& out) {
  z_stream stream{};
  // 31 = 15 window bits + 16 for a gzip header; level 1 because generation must stay fast.
  if (deflateInit2(&stream, 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status(StatusCode::kInternal, "could not start gzip compression");
  }
  out.resize(deflateBound(&stream, text.size()));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return Status(StatusCode::kInternal, "gzip compression failed");
  return Status::Ok();
}

class ProgressBar {
 public:
  ProgressBar(bool enabled, const std::string& table, uint64_t chunks)
      : enabled_(enabled), table_(table), chunks_(chunks), start_(Clock::now()) {}

  void Update(uint64_t chunks_done, uint64_t bytes, bool final) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (!final && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double fraction = chunks_ == 0 ? 1.0 : static_cast<double>(chunks_done) / static_cast<double>(chunks_);
    int filled = static_cast<int>(fraction * 30);
    fmt::print(stderr, "\r{:<10} [{:=<{}}{:<{}}] {:3.0f}% {:8.1f} MB {:6.0f} MB/s{}", table_, "",
               filled, "", 30 - filled, fraction * 100, bytes / 1e6,
               seconds > 0 ? bytes / 1e6 / seconds : 0.0, final ? "\n" : "");
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::string table_;
  uint64_t chunks_;
  Clock::time_point start_;
  Clock::time_point last_{};
};

// The chunks of one table: workers claim chunk numbers in order, make them, and whoever
// completes the next chunk to write writes it and every finished one after it.
class TableFile {
 public:
  TableFile(const TableJob& job, const WriteOptions& options, std::FILE* file, TableOutput& output)
      : job_(job), options_(options), file_(file), output_(output),
        chunks_((job.units + kUnitsPerChunk - 1) / kUnitsPerChunk),
        progress_(options.progress, job.name, chunks_) {}

  Status Run(int threads) {
    // Bounded so that a slow disk does not make the finished chunks pile up in memory.
    window_ = static_cast<uint64_t>(threads) * 2;
    std::vector<std::thread> workers;
    for (int i = 1; i < threads; ++i) workers.emplace_back([this] { Work(); });
    Work();
    for (std::thread& worker : workers) worker.join();
    progress_.Update(next_write_, output_.text_bytes, true);
    return failure_;
  }

 private:
  void Work() {
    std::string text;
    std::string compressed;
    for (;;) {
      uint64_t chunk;
      {
        std::unique_lock lock(mutex_);
        ready_to_claim_.wait(lock, [this] {
          return !failure_.ok() || next_claim_ >= chunks_ || next_claim_ < next_write_ + window_;
        });
        if (!failure_.ok() || next_claim_ >= chunks_) return;
        chunk = next_claim_++;
      }
      uint64_t begin = chunk * kUnitsPerChunk;
      text = GenerateUnits(job_, begin, std::min(job_.units, begin + kUnitsPerChunk), options_.format);
      Status status = options_.gzip ? GzipMember(text, compressed) : Status::Ok();
      Finish(chunk, status, text, compressed);
    }
  }

  void Finish(uint64_t chunk, const Status& status, std::string& text, std::string& compressed) {
    std::lock_guard lock(mutex_);
    if (!status.ok()) failure_ = status;
    output_.rows += static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
    output_.text_bytes += text.size();
    done_.emplace(chunk, options_.gzip ? std::move(compressed) : std::move(text));
    while (failure_.ok() && !done_.empty() && done_.begin()->first == next_write_) {
      const std::string& bytes = done_.begin()->second;
      if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
        failure_ = Status(StatusCode::kIOError,
                          fmt::format("could not write \"{}\": {}", output_.path, std::strerror(errno)));
      }
      output_.file_bytes += bytes.size();
      done_.erase(done_.begin());
      ++next_write_;
    }
    progress_.Update(next_write_, output_.text_bytes, false);
    ready_to_claim_.notify_all();
  }

  const TableJob& job_;
  const WriteOptions& options_;
  std::FILE* file_;
  TableOutput& output_;
  const uint64_t chunks_;
  ProgressBar progress_;
  uint64_t window_ = 2;

  std::mutex mutex_;
  std::condition_variable ready_to_claim_;
  uint64_t next_claim_ = 0;
  uint64_t next_write_ = 0;
  std::map<uint64_t, std::string> done_;
  Status failure_;
};

Result<TableOutput> WriteTable(const TableJob& job, const WriteOptions& options, int threads) {
  TableOutput output;
  output.table = job.name;
  output.path = (std::filesystem::path(options.directory) /
                 TableFileName(job.name, options.format, options.gzip)).string();
  std::FILE* file = std::fopen(output.path.c_str(), "wb");
  if (file == nullptr) {
    return Status(StatusCode::kIOError,
                  fmt::format("could not create \"{}\": {}", output.path, std::strerror(errno)));
  }
  Status status = TableFile(job, options, file, output).Run(threads);
  if (std::fclose(file) != 0 && status.ok()) {
    status = Status(StatusCode::kIOError,
                    fmt::format("could not write \"{}\": {}", output.path, std::strerror(errno)));
  }
  if (!status.ok()) return status;
  return output;
}

}  // namespace

std::string TableFileName(const std::string& table, FileFormat format, bool gzip) {
  return table + (format == FileFormat::kCsv ? ".csv" : ".tbl") + (gzip ? ".gz" : "");
}

std::string GenerateUnits(const TableJob& job, uint64_t begin, uint64_t end, FileFormat format) {
  std::string text;
  text.reserve((end - begin) * 128);
  RowWriter writer(format, text);
  for (uint64_t unit = begin; unit < end; ++unit) job.emit_unit(unit, writer);
  return text;
}

Result<std::vector<TableOutput>> WriteTables(const std::vector<TableJob>& jobs,
                                             const WriteOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(options.directory, error);
  if (error) {
    return Status(StatusCode::kIOError, fmt::format("could not create directory \"{}\": {}",
                                                    options.directory, error.message()));
  }
  int threads = options.threads > 0 ? options.threads
                                    : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<TableOutput> outputs;
  for (const TableJob& job : jobs) {
    ASSIGN_OR_RETURN(TableOutput output, WriteTable(job, options, threads));
    outputs.push_back(std::move(output));
  }
  return outputs;
}

uint64_t ScaledCount(uint64_t base, double scale_factor) {
  return std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(static_cast<double>(base) * scale_factor)));
}

}  // namespace martlet::generate
