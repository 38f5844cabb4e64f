#include "formats/file_source.hpp"

#include <bzlib.h>
#include <glob.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace martlet {

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

constexpr size_t kOutputPiece = 1 << 16;

// gzip; concatenated members (as `cat a.gz b.gz` makes) continue the data.
class GzipDecompressor : public Decompressor {
 public:
  explicit GzipDecompressor(std::string name) : name_(std::move(name)) {
    started_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK;
  }
  ~GzipDecompressor() override {
    if (started_) inflateEnd(&stream_);
  }

  Status Feed(std::string_view input, bool end, std::string& out) override {
    if (!started_) return Status(StatusCode::kInternal, "could not start gzip decompression");
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream_.avail_in = static_cast<uInt>(input.size());
    bool more_output = false;
    while (stream_.avail_in > 0 || more_output) {
      if (member_ended_) {
        inflateReset(&stream_);
        member_ended_ = false;
      }
      char buffer[kOutputPiece];
      stream_.next_out = reinterpret_cast<Bytef*>(buffer);
      stream_.avail_out = sizeof buffer;
      int result = inflate(&stream_, Z_NO_FLUSH);
      out.append(buffer, sizeof buffer - stream_.avail_out);
      more_output = stream_.avail_out == 0;
      if (result == Z_STREAM_END) {
        member_ended_ = true;
        more_output = false;
      } else if (result == Z_BUF_ERROR && stream_.avail_in == 0) {
        break;  // needs the next input
      } else if (result != Z_OK) {
        return Broken(stream_.msg ? stream_.msg : "corrupt data");
      }
    }
    if (end && !member_ended_) return Broken("unexpected end of data");
    return Status::Ok();
  }

 private:
  Status Broken(const std::string& why) const {
    return Status(StatusCode::kInvalidInput, "gzip file \"" + name_ + "\" is truncated or corrupt (" + why + ")");
  }

  std::string name_;
  z_stream stream_{};
  bool started_ = false;
  bool member_ended_ = false;
};

// zstd; concatenated frames continue the data.
class ZstdDecompressor : public Decompressor {
 public:
  explicit ZstdDecompressor(std::string name) : name_(std::move(name)), stream_(ZSTD_createDStream()) {}
  ~ZstdDecompressor() override { ZSTD_freeDStream(stream_); }

  Status Feed(std::string_view input, bool end, std::string& out) override {
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    std::string buffer(ZSTD_DStreamOutSize(), '\0');
    bool more_output = false;
    while (in.pos < in.size || more_output) {
      ZSTD_outBuffer output{buffer.data(), buffer.size(), 0};
      frame_left_ = ZSTD_decompressStream(stream_, &output, &in);
      if (ZSTD_isError(frame_left_)) {
        return Status(StatusCode::kInvalidInput,
                      "zstd file \"" + name_ + "\" is corrupt (" + ZSTD_getErrorName(frame_left_) + ")");
      }
      out.append(buffer.data(), output.pos);
      more_output = output.pos == output.size;
    }
    if (end && frame_left_ != 0) return Status(StatusCode::kInvalidInput, "zstd file \"" + name_ + "\" is truncated");
    return Status::Ok();
  }

 private:
  std::string name_;
  ZSTD_DStream* stream_;
  size_t frame_left_ = 0;  // 0 between frames
};

Result<std::vector<std::string>> ListObjects(const std::string& prefix, const StorageOptions& storage) {
  ASSIGN_OR_RETURN(std::unique_ptr<FileSystem> file_system, FileSystemFor(prefix, storage));
  ASSIGN_OR_RETURN(std::vector<FileInfo> objects, file_system->List(prefix));
  if (objects.empty()) return Status(StatusCode::kIOError, "no objects match the prefix \"" + prefix + "\"");
  std::vector<std::string> files;
  for (auto& object : objects) files.push_back(std::move(object.url));
  return files;
}

// bzip2; concatenated streams (as pbzip2 writes them) continue the data.
class Bzip2Decompressor : public Decompressor {
 public:
  explicit Bzip2Decompressor(std::string name) : name_(std::move(name)) {}
  ~Bzip2Decompressor() override {
    if (active_) BZ2_bzDecompressEnd(&stream_);
  }

  Status Feed(std::string_view input, bool end, std::string& out) override {
    char* next = const_cast<char*>(input.data());
    unsigned left = static_cast<unsigned>(input.size());
    bool more_output = false;
    while (left > 0 || more_output) {
      if (!active_) {
        stream_ = bz_stream{};
        if (BZ2_bzDecompressInit(&stream_, 0, 0) != BZ_OK) {
          return Status(StatusCode::kInternal, "could not start bzip2 decompression");
        }
        active_ = true;
      }
      char buffer[kOutputPiece];
      stream_.next_in = next;
      stream_.avail_in = left;
      stream_.next_out = buffer;
      stream_.avail_out = sizeof buffer;
      int result = BZ2_bzDecompress(&stream_);
      out.append(buffer, sizeof buffer - stream_.avail_out);
      next = stream_.next_in;
      left = stream_.avail_in;
      more_output = stream_.avail_out == 0;
      if (result == BZ_STREAM_END) {
        BZ2_bzDecompressEnd(&stream_);
        active_ = false;
        more_output = false;
      } else if (result != BZ_OK) {
        return Status(StatusCode::kInvalidInput, "bzip2 file \"" + name_ + "\" is corrupt");
      }
    }
    if (end && active_) return Status(StatusCode::kInvalidInput, "bzip2 file \"" + name_ + "\" is truncated");
    return Status::Ok();
  }

 private:
  std::string name_;
  bz_stream stream_{};
  bool active_ = false;  // inside a stream
};

}  // namespace

FileCompression CompressionOf(const std::string& name, FileCompression compression) {
  if (compression != FileCompression::kAuto) return compression;
  return EndsWith(name, ".gz")    ? FileCompression::kGzip
         : EndsWith(name, ".zst") ? FileCompression::kZstd
         : EndsWith(name, ".bz2") ? FileCompression::kBzip2
                                  : FileCompression::kNone;
}

std::unique_ptr<Decompressor> Decompressor::For(const std::string& name, FileCompression compression) {
  switch (CompressionOf(name, compression)) {
    case FileCompression::kGzip: return std::make_unique<GzipDecompressor>(name);
    case FileCompression::kZstd: return std::make_unique<ZstdDecompressor>(name);
    case FileCompression::kBzip2: return std::make_unique<Bzip2Decompressor>(name);
    default: return nullptr;
  }
}

Result<std::string> Decompress(const std::string& name, std::string data, FileCompression compression) {
  std::unique_ptr<Decompressor> decompressor = Decompressor::For(name, compression);
  if (!decompressor) return data;
  std::string out;
  RETURN_IF_ERROR(decompressor->Feed(data, true, out));
  return out;
}

Result<std::vector<std::string>> ListSourceFiles(const std::string& source, const StorageOptions& storage) {
  if (IsS3Url(source)) return ListObjects(source, storage);
  std::string path = source.rfind("file://", 0) == 0 ? source.substr(7) : source;
  std::vector<std::string> files;
  std::error_code error;
  if (path.find_first_of("*?[") != std::string::npos) {
    glob_t matches;
    if (::glob(path.c_str(), 0, nullptr, &matches) == 0) {
      for (size_t i = 0; i < matches.gl_pathc; i++) {
        if (std::filesystem::is_regular_file(matches.gl_pathv[i], error)) files.push_back(matches.gl_pathv[i]);
      }
    }
    ::globfree(&matches);
  } else if (std::filesystem::is_directory(path, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      if (entry.is_regular_file(error)) files.push_back(entry.path().string());
    }
  } else if (std::filesystem::exists(path, error)) {
    files.push_back(path);
  } else {
    return Status(StatusCode::kIOError, "file \"" + path + "\" does not exist");
  }
  if (files.empty()) {
    return Status(StatusCode::kIOError, "no files match \"" + source + "\"");
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::string> ReadSourceFile(const std::string& path, FileCompression compression,
                                   const StorageOptions& storage) {
  ASSIGN_OR_RETURN(std::unique_ptr<FileSystem> file_system, FileSystemFor(path, storage));
  ASSIGN_OR_RETURN(std::string data, ReadWholeFile(*file_system, path));
  return Decompress(path, std::move(data), compression);
}

}  // namespace martlet
