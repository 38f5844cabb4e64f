// Finding and reading the files a load names: a file, a directory, or a glob; gzip, zstd and
// bzip2 files are decompressed (by option or by their .gz / .zst / .bz2 extension).
#pragma once

#include <string>
#include <vector>

#include "martlet/status.hpp"

namespace martlet {

enum class FileCompression { kAuto, kNone, kGzip, kZstd, kBzip2 };

// The files `source` names, sorted. A directory means every file in it (not recursive);
// a pattern with * ? [ is a glob. Fails when nothing matches, naming the source.
Result<std::vector<std::string>> ListSourceFiles(const std::string& source);

// The whole content of `path`, decompressed. A truncated or corrupt compressed file is an
// error naming the file.
Result<std::string> ReadSourceFile(const std::string& path, FileCompression compression);

// `data` decompressed; with kAuto the compression is chosen by `name`'s extension. Errors
// name `name`.
Result<std::string> Decompress(const std::string& name, std::string data, FileCompression compression);

}  // namespace martlet
