// Finding and reading the files a load names: a file, a directory, a glob, or every object
// under an s3:// prefix; gzip, zstd and bzip2 files are decompressed (by option or by their
// .gz / .zst / .bz2 extension). Reading goes through io/'s FileSystem; `storage` carries the
// statement's credentials for s3:// sources and is ignored for local ones.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/file_system.hpp"
#include "martlet/status.hpp"

namespace martlet {

enum class FileCompression { kAuto, kNone, kGzip, kZstd, kBzip2 };

// The files `source` names, sorted. A directory means every file in it (not recursive);
// a pattern with * ? [ is a glob; s3://bucket/prefix means every object whose key starts
// with the prefix (as in Redshift). Fails when nothing matches, naming the source.
Result<std::vector<std::string>> ListSourceFiles(const std::string& source, const StorageOptions& storage = {});

// The whole content of `path`, decompressed. A truncated or corrupt compressed file is an
// error naming the file.
Result<std::string> ReadSourceFile(const std::string& path, FileCompression compression,
                                   const StorageOptions& storage = {});

// `data` decompressed; with kAuto the compression is chosen by `name`'s extension. Errors
// name `name`.
Result<std::string> Decompress(const std::string& name, std::string data, FileCompression compression);

// `compression`, or with kAuto the one `name`'s extension gives (kNone for none).
FileCompression CompressionOf(const std::string& name, FileCompression compression);

// Decompresses a file piece by piece, so that a large compressed file need not be held whole.
class Decompressor {
 public:
  // Null when the file is not compressed. Errors name `name`.
  static std::unique_ptr<Decompressor> For(const std::string& name, FileCompression compression);
  virtual ~Decompressor() = default;
  // Decompresses `input`, the next bytes of the file, appending the result to `out`. `end`
  // says `input` is the file's last: a stream that does not end with it is truncated.
  virtual Status Feed(std::string_view input, bool end, std::string& out) = 0;
};

}  // namespace martlet
