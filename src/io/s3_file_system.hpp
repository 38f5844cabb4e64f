// The S3 side of FileSystem: s3://bucket/key URLs over S3's HTTP API, signed with SigV4.
#pragma once

#include <memory>

#include "io/file_system.hpp"

namespace martlet {

Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(const StorageOptions& options);

}  // namespace martlet
