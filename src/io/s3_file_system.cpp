#include "io/s3_file_system.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

#include "io/s3_client.hpp"

namespace martlet {
namespace {

class S3InputFile final : public InputFile {
 public:
  S3InputFile(std::shared_ptr<S3Client> client, S3Location location, S3ObjectEntry object)
      : client_(std::move(client)), location_(std::move(location)), object_(std::move(object)) {}

  uint64_t Size() const override { return object_.size; }

  // A large read is split into ranges fetched in parallel: one S3 connection is slower than
  // several.
  Result<size_t> ReadAt(uint64_t offset, char* buffer, size_t length) override {
    if (offset >= object_.size) return size_t{0};
    length = static_cast<size_t>(std::min<uint64_t>(length, object_.size - offset));
    size_t ranges = (length + kRangeBytes - 1) / kRangeBytes;
    size_t workers = std::min(ranges, kParallelRanges);
    std::vector<Status> results(workers);
    auto fetch = [&](size_t worker) {
      for (size_t range = worker; range < ranges && results[worker].ok(); range += workers) {
        size_t start = range * kRangeBytes;
        size_t size = std::min(kRangeBytes, length - start);
        results[worker] = FetchRange(offset + start, size, buffer + start);
      }
    };
    std::vector<std::thread> threads;
    for (size_t worker = 1; worker < workers; worker++) threads.emplace_back(fetch, worker);
    fetch(0);
    for (auto& thread : threads) thread.join();
    for (const auto& status : results) RETURN_IF_ERROR(status);
    return length;
  }

 private:
  static constexpr size_t kRangeBytes = 8 << 20;
  static constexpr size_t kParallelRanges = 4;

  Status FetchRange(uint64_t offset, size_t size, char* out) {
    ASSIGN_OR_RETURN(size_t read, client_->GetObjectInto(location_.bucket, location_.key, offset,
                                                         size, object_.etag, out));
    if (read != size) {
      return Status(StatusCode::kIOError, S3Url(location_.bucket, location_.key) + ": asked for " +
                                              std::to_string(size) + " bytes at offset " +
                                              std::to_string(offset) + ", got " +
                                              std::to_string(read));
    }
    return Status::Ok();
  }

  std::shared_ptr<S3Client> client_;
  S3Location location_;
  S3ObjectEntry object_;
};

// Buffers one part; the first full part starts a multipart upload. Close() sends what is
// left (as the whole object when no upload started). Destroyed without Close(), it aborts the
// upload so that no parts are left behind to be billed.
class S3OutputFile final : public OutputFile {
 public:
  S3OutputFile(std::shared_ptr<S3Client> client, S3Location location, size_t part_size)
      : client_(std::move(client)), location_(std::move(location)), part_size_(part_size) {}
  ~S3OutputFile() override {
    if (!closed_ && !upload_id_.empty())
      (void)client_->AbortMultipartUpload(location_.bucket, location_.key, upload_id_);
  }

  Status Append(std::string_view data) override {
    if (closed_)
      return Status(StatusCode::kInternal,
                    S3Url(location_.bucket, location_.key) + ": written after Close()");
    while (!data.empty()) {
      size_t take = std::min(data.size(), part_size_ - buffer_.size());
      buffer_.append(data.substr(0, take));
      data.remove_prefix(take);
      if (buffer_.size() == part_size_) RETURN_IF_ERROR(FlushPart());
    }
    return Status::Ok();
  }

  Status Close() override {
    if (closed_) return Status::Ok();
    closed_ = true;
    Status status = FinishUpload();
    if (!status.ok() && !upload_id_.empty())
      (void)client_->AbortMultipartUpload(location_.bucket, location_.key, upload_id_);
    return status;
  }

 private:
  Status FlushPart() {
    if (upload_id_.empty()) {
      ASSIGN_OR_RETURN(upload_id_, client_->CreateMultipartUpload(location_.bucket, location_.key));
    }
    int part_number = static_cast<int>(part_etags_.size()) + 1;
    ASSIGN_OR_RETURN(std::string etag, client_->UploadPart(location_.bucket, location_.key,
                                                           upload_id_, part_number, buffer_));
    part_etags_.push_back(std::move(etag));
    buffer_.clear();
    return Status::Ok();
  }

  Status FinishUpload() {
    if (upload_id_.empty()) return client_->PutObject(location_.bucket, location_.key, buffer_);
    if (!buffer_.empty()) RETURN_IF_ERROR(FlushPart());
    return client_->CompleteMultipartUpload(location_.bucket, location_.key, upload_id_,
                                            part_etags_);
  }

  std::shared_ptr<S3Client> client_;
  S3Location location_;
  size_t part_size_;
  std::string buffer_;
  std::string upload_id_;
  std::vector<std::string> part_etags_;
  bool closed_ = false;
};

class S3FileSystem final : public FileSystem {
 public:
  S3FileSystem(std::shared_ptr<S3Client> client, S3Tuning tuning)
      : client_(std::move(client)), tuning_(tuning) {}

  // Keys ending in '/' are the folder markers consoles create, not files.
  Result<std::vector<FileInfo>> List(const std::string& prefix) override {
    ASSIGN_OR_RETURN(S3Location location, ParseS3Url(prefix));
    ASSIGN_OR_RETURN(std::vector<S3ObjectEntry> objects,
                     client_->ListObjects(location.bucket, location.key, tuning_.list_page_size));
    std::vector<FileInfo> files;
    for (auto& object : objects) {
      if (!object.key.empty() && object.key.back() == '/') continue;
      files.push_back({S3Url(location.bucket, object.key), object.size,
                       object.modified_unix_seconds, object.etag});
    }
    std::sort(files.begin(), files.end(),
              [](const FileInfo& a, const FileInfo& b) { return a.url < b.url; });
    return files;
  }

  Result<FileInfo> Stat(const std::string& url) override {
    ASSIGN_OR_RETURN(S3Location location, ParseObjectUrl(url));
    ASSIGN_OR_RETURN(S3ObjectEntry object, client_->HeadObject(location.bucket, location.key));
    return FileInfo{url, object.size, object.modified_unix_seconds, object.etag};
  }

  Result<std::unique_ptr<InputFile>> OpenForRead(const std::string& url) override {
    ASSIGN_OR_RETURN(S3Location location, ParseObjectUrl(url));
    ASSIGN_OR_RETURN(S3ObjectEntry object, client_->HeadObject(location.bucket, location.key));
    return std::unique_ptr<InputFile>(
        std::make_unique<S3InputFile>(client_, std::move(location), std::move(object)));
  }

  Result<std::unique_ptr<OutputFile>> Create(const std::string& url) override {
    ASSIGN_OR_RETURN(S3Location location, ParseObjectUrl(url));
    return std::unique_ptr<OutputFile>(std::make_unique<S3OutputFile>(
        client_, std::move(location), std::max<size_t>(tuning_.part_size, 1)));
  }

  Status Delete(const std::string& url) override {
    ASSIGN_OR_RETURN(S3Location location, ParseObjectUrl(url));
    return client_->DeleteObject(location.bucket, location.key);
  }

 private:
  static Result<S3Location> ParseObjectUrl(const std::string& url) {
    ASSIGN_OR_RETURN(S3Location location, ParseS3Url(url));
    if (location.key.empty()) {
      return Status(StatusCode::kInvalidInput,
                    "\"" + url + "\" names a bucket, not an object (s3://bucket/key)");
    }
    return location;
  }

  std::shared_ptr<S3Client> client_;
  S3Tuning tuning_;
};

}  // namespace

Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(const AwsSettings& settings,
                                                     const S3Tuning& tuning) {
  auto client = std::make_shared<S3Client>(settings, tuning.retry);
  return std::unique_ptr<FileSystem>(std::make_unique<S3FileSystem>(std::move(client), tuning));
}

Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(const StorageOptions& options) {
  ASSIGN_OR_RETURN(AwsSettings settings, ResolveAwsSettings(options, ProcessEnvironment()));
  return MakeS3FileSystem(settings, S3Tuning{});
}

}  // namespace martlet
