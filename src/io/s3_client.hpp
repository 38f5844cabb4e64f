// S3's HTTP API, the operations Martlet needs: ListObjectsV2 (every page), HeadObject,
// GetObject with a byte range, PutObject, multipart uploads, DeleteObject and CreateBucket.
// Requests are signed with SigV4 and retried by HttpClient; an error answer becomes a Status
// that names the object: "s3://bucket/key: access denied (403 AccessDenied)".
//
// Addressing: with an endpoint (an S3-compatible store such as MinIO or moto) requests go
// path-style to ENDPOINT/bucket/key; without one, virtual-hosted style to
// https://bucket.s3.REGION.amazonaws.com/key (path-style for bucket names with dots).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/aws_config.hpp"
#include "io/http_client.hpp"
#include "io/s3_xml.hpp"

namespace martlet {

struct S3Location {
  std::string bucket;
  std::string key;  // may be empty (the whole bucket) or a prefix
};

// Splits s3://bucket/key; fails (kInvalidInput) without a bucket name.
Result<S3Location> ParseS3Url(std::string_view url);
std::string S3Url(const std::string& bucket, const std::string& key);

// Where a request for `key` in `bucket` goes: path-style to the endpoint when there is one
// (or the bucket name has dots), else virtual-hosted style to AWS.
struct S3RequestTarget {
  std::string origin;  // https://my-bucket.s3.eu-west-1.amazonaws.com
  std::string host;    // the Host header
  std::string path;    // decoded: "/key", or "/bucket/key" path-style
};
S3RequestTarget TargetOf(const AwsSettings& settings, const std::string& bucket,
                         const std::string& key);

// Thread-safe.
class S3Client {
 public:
  S3Client(AwsSettings settings, RetryPolicy retry);

  // Every object whose key starts with `prefix`, in key order, following continuation tokens
  // `page_size` keys at a time (S3's maximum is 1000).
  Result<std::vector<S3ObjectEntry>> ListObjects(const std::string& bucket,
                                                 const std::string& prefix, int page_size = 1000);
  Result<S3ObjectEntry> HeadObject(const std::string& bucket, const std::string& key);
  // Bytes [offset, offset + length) of the object. A non-empty `etag` makes the read fail if
  // the object was replaced since (If-Match), so one file is never read half old, half new.
  Result<std::string> GetObject(const std::string& bucket, const std::string& key, uint64_t offset,
                                uint64_t length, const std::string& etag = "");
  // The same into `out` (room for `length` bytes); returns the number of bytes read.
  Result<size_t> GetObjectInto(const std::string& bucket, const std::string& key, uint64_t offset,
                               size_t length, const std::string& etag, char* out);
  Status PutObject(const std::string& bucket, const std::string& key, std::string_view body);
  Status DeleteObject(const std::string& bucket, const std::string& key);
  Status CreateBucket(const std::string& bucket);

  // Multipart upload: parts of at least 5 MiB (but the last), numbered from 1.
  Result<std::string> CreateMultipartUpload(const std::string& bucket, const std::string& key);
  // Returns the part's ETag, which CompleteMultipartUpload needs.
  Result<std::string> UploadPart(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id, int part_number,
                                 std::string_view body);
  Status CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id,
                                 const std::vector<std::string>& part_etags);
  Status AbortMultipartUpload(const std::string& bucket, const std::string& key,
                              const std::string& upload_id);

  const AwsSettings& settings() const { return settings_; }

 private:
  using Parameters = std::vector<std::pair<std::string, std::string>>;
  // A transport failure names s3://bucket/`named_key` (the prefix for a listing).
  Result<HttpResponse> Send(const std::string& method, const std::string& bucket,
                            const std::string& key, const Parameters& query, Parameters headers,
                            std::string_view body, const std::string& named_key,
                            char* response_buffer = nullptr, size_t response_capacity = 0);
  // The Status for an error answer, naming s3://bucket/key.
  Status ErrorFor(const HttpResponse& response, const std::string& bucket,
                  const std::string& key) const;

  AwsSettings settings_;
  HttpClient http_;
};

}  // namespace martlet
