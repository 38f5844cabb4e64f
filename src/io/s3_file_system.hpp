// The S3 side of FileSystem: s3://bucket/key URLs over S3's HTTP API, signed with SigV4.
// Reads are ranged GETs; a file written is one PutObject, or a multipart upload once it
// grows past one part, and becomes visible only when Close() completes it.
#pragma once

#include <cstddef>
#include <memory>

#include "io/aws_config.hpp"
#include "io/file_system.hpp"
#include "io/http_client.hpp"

namespace martlet {

// Knobs with production defaults; the tests turn them down.
struct S3Tuning {
  RetryPolicy retry;
  int list_page_size = 1000;
  size_t part_size = 8 << 20;  // multipart part size; S3 needs at least 5 MiB
};

// Resolves credentials, region and endpoint (aws_config.hpp) from `options` and the process
// environment.
Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(const StorageOptions& options);
Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(const AwsSettings& settings,
                                                     const S3Tuning& tuning);

}  // namespace martlet
