#include "io/s3_file_system.hpp"

namespace martlet {

Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(const StorageOptions& options) {
  return Status(StatusCode::kNotSupported, "s3:// URLs are not supported yet");
}

}  // namespace martlet
