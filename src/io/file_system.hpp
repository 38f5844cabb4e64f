// One interface for every place Martlet reads files from or writes files to: local paths,
// file:// URLs and s3://bucket/key URLs. Loads (COPY), unloads (UNLOAD) and pipeline sources
// go through it, so each of them works the same way on every store.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "martlet/status.hpp"

namespace martlet {

// Where and how to reach an object store. Empty fields fall back to the environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_ENDPOINT_URL,
// AWS_PROFILE) and then to ~/.aws/credentials and ~/.aws/config. Local paths ignore them.
// `profile` names the section of those files to read instead of AWS_PROFILE's, so that a
// pipeline source can name its credentials without holding them.
struct StorageOptions {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  std::string region;
  std::string endpoint;  // e.g. http://127.0.0.1:5000 for an S3-compatible store
  std::string profile;   // a profile of ~/.aws/credentials and ~/.aws/config
};

// A file or object as a listing sees it.
struct FileInfo {
  std::string url;  // the path or URL to open it by
  uint64_t size = 0;
  int64_t modified_unix_seconds = 0;
  std::string etag;  // S3's ETag; empty for local files
};

class InputFile {
 public:
  virtual ~InputFile() = default;
  virtual uint64_t Size() const = 0;
  // Reads up to `length` bytes at `offset` into `buffer`; returns how many were read
  // (fewer only at the end of the file).
  virtual Result<size_t> ReadAt(uint64_t offset, char* buffer, size_t length) = 0;
};

// A file being written. Nothing is visible under its URL until Close() succeeds; a file
// destroyed without Close() leaves nothing behind.
class OutputFile {
 public:
  virtual ~OutputFile() = default;
  virtual Status Append(std::string_view data) = 0;
  virtual Status Close() = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Every file whose URL starts with `prefix`, sorted by URL, in subdirectories too: for
  // "dir/" every file under dir, for s3://bucket/prefix every object under the prefix (as
  // Redshift's COPY reads them). An empty list is not an error here.
  virtual Result<std::vector<FileInfo>> List(const std::string& prefix) = 0;
  // A missing file is an error (kIOError) naming it.
  virtual Result<FileInfo> Stat(const std::string& url) = 0;
  virtual Result<std::unique_ptr<InputFile>> OpenForRead(const std::string& url) = 0;
  // Creates parent directories as needed (local) and replaces an existing file.
  virtual Result<std::unique_ptr<OutputFile>> Create(const std::string& url) = 0;
  virtual Status Delete(const std::string& url) = 0;
};

// True for s3:// URLs.
bool IsS3Url(std::string_view url);

// The file system that serves `url`: S3 for s3:// URLs, the local one otherwise (a file://
// prefix is accepted and removed by the local file system).
Result<std::unique_ptr<FileSystem>> FileSystemFor(std::string_view url, const StorageOptions& options);

// The whole content of `url`.
Result<std::string> ReadWholeFile(FileSystem& file_system, const std::string& url);

}  // namespace martlet
