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

Result<std::string> Gunzip(const std::string& path, const std::string& compressed) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    return Status(StatusCode::kInternal, "could not start gzip decompression");
  }
  std::string out;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  char buffer[1 << 16];
  int result = Z_OK;
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (result == Z_STREAM_END) {
      // Concatenated gzip members (as `cat a.gz b.gz` makes) continue the stream.
      if (stream.avail_in == 0) break;
      inflateReset(&stream);
      continue;
    }
    if (result != Z_OK || (stream.avail_in == 0 && stream.avail_out != 0)) break;
  }
  inflateEnd(&stream);
  if (result != Z_STREAM_END) {
    return Status(StatusCode::kInvalidInput,
                  "gzip file \"" + path + "\" is truncated or corrupt (" +
                      (stream.msg ? stream.msg : "unexpected end of data") + ")");
  }
  return out;
}

Result<std::string> Unzstd(const std::string& path, const std::string& compressed) {
  ZSTD_DStream* stream = ZSTD_createDStream();
  std::string out;
  ZSTD_inBuffer input{compressed.data(), compressed.size(), 0};
  std::string buffer(ZSTD_DStreamOutSize(), '\0');
  size_t last = 0;
  while (input.pos < input.size) {
    ZSTD_outBuffer output{buffer.data(), buffer.size(), 0};
    last = ZSTD_decompressStream(stream, &output, &input);
    if (ZSTD_isError(last)) {
      ZSTD_freeDStream(stream);
      return Status(StatusCode::kInvalidInput,
                    "zstd file \"" + path + "\" is corrupt (" + ZSTD_getErrorName(last) + ")");
    }
    out.append(buffer.data(), output.pos);
  }
  ZSTD_freeDStream(stream);
  if (last != 0) {
    return Status(StatusCode::kInvalidInput, "zstd file \"" + path + "\" is truncated");
  }
  return out;
}

Result<std::vector<std::string>> ListObjects(const std::string& prefix, const StorageOptions& storage) {
  ASSIGN_OR_RETURN(std::unique_ptr<FileSystem> file_system, FileSystemFor(prefix, storage));
  ASSIGN_OR_RETURN(std::vector<FileInfo> objects, file_system->List(prefix));
  if (objects.empty()) return Status(StatusCode::kIOError, "no objects match the prefix \"" + prefix + "\"");
  std::vector<std::string> files;
  for (auto& object : objects) files.push_back(std::move(object.url));
  return files;
}

Result<std::string> Bunzip2(const std::string& path, const std::string& compressed) {
  std::string out;
  size_t offset = 0;
  // Concatenated streams (as pbzip2 writes them) continue the data.
  while (offset < compressed.size()) {
    bz_stream stream{};
    if (BZ2_bzDecompressInit(&stream, 0, 0) != BZ_OK) {
      return Status(StatusCode::kInternal, "could not start bzip2 decompression");
    }
    stream.next_in = const_cast<char*>(compressed.data() + offset);
    stream.avail_in = static_cast<unsigned>(compressed.size() - offset);
    char buffer[1 << 16];
    int result = BZ_OK;
    while (result == BZ_OK) {
      stream.next_out = buffer;
      stream.avail_out = sizeof buffer;
      result = BZ2_bzDecompress(&stream);
      out.append(buffer, sizeof buffer - stream.avail_out);
      if (result == BZ_OK && stream.avail_in == 0 && stream.avail_out != 0) break;
    }
    offset = compressed.size() - stream.avail_in;
    BZ2_bzDecompressEnd(&stream);
    if (result != BZ_STREAM_END) {
      return Status(StatusCode::kInvalidInput,
                    "bzip2 file \"" + path + "\" is " + (result == BZ_OK ? "truncated" : "corrupt"));
    }
  }
  return out;
}

}  // namespace

Result<std::string> Decompress(const std::string& name, std::string data, FileCompression compression) {
  if (compression == FileCompression::kAuto) {
    compression = EndsWith(name, ".gz")    ? FileCompression::kGzip
                  : EndsWith(name, ".zst") ? FileCompression::kZstd
                  : EndsWith(name, ".bz2") ? FileCompression::kBzip2
                                           : FileCompression::kNone;
  }
  switch (compression) {
    case FileCompression::kGzip: return Gunzip(name, data);
    case FileCompression::kZstd: return Unzstd(name, data);
    case FileCompression::kBzip2: return Bunzip2(name, data);
    default: return data;
  }
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
