#include "io/compression_writer.hpp"

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

namespace martlet {
namespace {

constexpr size_t kOutputBuffer = 1 << 16;

Status CompressionError(const char* codec, const std::string& detail) {
  return Status(StatusCode::kInternal, std::string(codec) + " compression failed: " + detail);
}

class GzipOutput final : public OutputFile {
 public:
  explicit GzipOutput(std::unique_ptr<OutputFile> file) : file_(std::move(file)) {}
  ~GzipOutput() override {
    if (started_) deflateEnd(&stream_);
  }

  Status Start() {
    // 15 window bits + 16: a gzip header and trailer rather than zlib's.
    if (deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      return CompressionError("gzip", "could not start");
    }
    started_ = true;
    return Status::Ok();
  }

  Status Append(std::string_view data) override { return Deflate(data, Z_SYNC_FLUSH); }

  Status Close() override {
    RETURN_IF_ERROR(Deflate({}, Z_FINISH));
    return file_->Close();
  }

 private:
  Status Deflate(std::string_view data, int flush) {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
    std::string buffer(kOutputBuffer, '\0');
    while (true) {
      stream_.next_out = reinterpret_cast<Bytef*>(buffer.data());
      stream_.avail_out = static_cast<uInt>(buffer.size());
      int result = deflate(&stream_, flush);
      if (result == Z_STREAM_ERROR)
        return CompressionError("gzip", stream_.msg ? stream_.msg : "stream error");
      size_t produced = buffer.size() - stream_.avail_out;
      if (produced > 0) RETURN_IF_ERROR(file_->Append(std::string_view(buffer.data(), produced)));
      if (flush == Z_FINISH ? result == Z_STREAM_END : stream_.avail_out != 0) return Status::Ok();
    }
  }

  std::unique_ptr<OutputFile> file_;
  z_stream stream_{};
  bool started_ = false;
};

class ZstdOutput final : public OutputFile {
 public:
  explicit ZstdOutput(std::unique_ptr<OutputFile> file)
      : file_(std::move(file)), context_(ZSTD_createCCtx()) {}
  ~ZstdOutput() override { ZSTD_freeCCtx(context_); }

  Status Append(std::string_view data) override { return Compress(data, ZSTD_e_flush); }

  Status Close() override {
    RETURN_IF_ERROR(Compress({}, ZSTD_e_end));
    return file_->Close();
  }

 private:
  Status Compress(std::string_view data, ZSTD_EndDirective mode) {
    if (context_ == nullptr) return CompressionError("zstd", "could not start");
    ZSTD_inBuffer input{data.data(), data.size(), 0};
    std::string buffer(ZSTD_CStreamOutSize(), '\0');
    while (true) {
      ZSTD_outBuffer output{buffer.data(), buffer.size(), 0};
      size_t remaining = ZSTD_compressStream2(context_, &output, &input, mode);
      if (ZSTD_isError(remaining)) return CompressionError("zstd", ZSTD_getErrorName(remaining));
      if (output.pos > 0)
        RETURN_IF_ERROR(file_->Append(std::string_view(buffer.data(), output.pos)));
      if (remaining == 0 && input.pos == input.size) return Status::Ok();
    }
  }

  std::unique_ptr<OutputFile> file_;
  ZSTD_CCtx* context_;
};

class Bzip2Output final : public OutputFile {
 public:
  explicit Bzip2Output(std::unique_ptr<OutputFile> file) : file_(std::move(file)) {}
  ~Bzip2Output() override {
    if (started_) BZ2_bzCompressEnd(&stream_);
  }

  Status Start() {
    if (BZ2_bzCompressInit(&stream_, 9, 0, 0) != BZ_OK)
      return CompressionError("bzip2", "could not start");
    started_ = true;
    return Status::Ok();
  }

  Status Append(std::string_view data) override { return Compress(data, BZ_FLUSH, BZ_RUN_OK); }

  Status Close() override {
    RETURN_IF_ERROR(Compress({}, BZ_FINISH, BZ_STREAM_END));
    return file_->Close();
  }

 private:
  // bzip2 reports BZ_FLUSH_OK / BZ_FINISH_OK while it has more to give, and `done` at the end.
  Status Compress(std::string_view data, int action, int done) {
    stream_.next_in = const_cast<char*>(data.data());
    stream_.avail_in = static_cast<unsigned>(data.size());
    std::string buffer(kOutputBuffer, '\0');
    while (true) {
      stream_.next_out = buffer.data();
      stream_.avail_out = static_cast<unsigned>(buffer.size());
      int result = BZ2_bzCompress(&stream_, action);
      if (result < 0) return CompressionError("bzip2", "error " + std::to_string(result));
      size_t produced = buffer.size() - stream_.avail_out;
      if (produced > 0) RETURN_IF_ERROR(file_->Append(std::string_view(buffer.data(), produced)));
      if (result == done && stream_.avail_in == 0) return Status::Ok();
    }
  }

  std::unique_ptr<OutputFile> file_;
  bz_stream stream_{};
  bool started_ = false;
};

}  // namespace

const char* CompressionSuffix(OutputCompression compression) {
  switch (compression) {
    case OutputCompression::kGzip:
      return ".gz";
    case OutputCompression::kZstd:
      return ".zst";
    case OutputCompression::kBzip2:
      return ".bz2";
    case OutputCompression::kNone:
      return "";
  }
  return "";
}

Result<std::unique_ptr<OutputFile>> MakeCompressingOutput(std::unique_ptr<OutputFile> file,
                                                          OutputCompression compression) {
  switch (compression) {
    case OutputCompression::kNone:
      return file;
    case OutputCompression::kGzip: {
      auto output = std::make_unique<GzipOutput>(std::move(file));
      RETURN_IF_ERROR(output->Start());
      return std::unique_ptr<OutputFile>(std::move(output));
    }
    case OutputCompression::kZstd:
      return std::unique_ptr<OutputFile>(std::make_unique<ZstdOutput>(std::move(file)));
    case OutputCompression::kBzip2: {
      auto output = std::make_unique<Bzip2Output>(std::move(file));
      RETURN_IF_ERROR(output->Start());
      return std::unique_ptr<OutputFile>(std::move(output));
    }
  }
  return file;
}

size_t CompressedSizeBound(OutputCompression compression, size_t input_bytes) {
  switch (compression) {
    case OutputCompression::kNone:
      return input_bytes;
    // Stored blocks at worst, plus the flush marker, header and trailer.
    case OutputCompression::kGzip:
      return input_bytes + input_bytes / 1000 + 64;
    case OutputCompression::kZstd:
      return ZSTD_compressBound(input_bytes) + 64;
    // bzip2's manual: at most 1% larger, plus 600 bytes.
    case OutputCompression::kBzip2:
      return input_bytes + input_bytes / 100 + 600;
  }
  return input_bytes;
}

}  // namespace martlet
