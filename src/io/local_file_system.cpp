// The local file system behind FileSystem: plain paths and file:// URLs. Writes go to a
// temporary name in the same directory and are renamed into place by Close(), so a reader
// never sees half a file.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "io/file_system.hpp"
#include "io/s3_file_system.hpp"

namespace martlet {
namespace {

std::string StripFileScheme(std::string_view url) {
  constexpr std::string_view kScheme = "file://";
  if (url.substr(0, kScheme.size()) == kScheme) url.remove_prefix(kScheme.size());
  return std::string(url);
}

Status ErrnoError(const std::string& what, const std::string& path) {
  return Status(StatusCode::kIOError, what + " \"" + path + "\": " + std::strerror(errno));
}

class LocalInputFile final : public InputFile {
 public:
  LocalInputFile(int fd, uint64_t size, std::string path) : fd_(fd), size_(size), path_(std::move(path)) {}
  ~LocalInputFile() override { ::close(fd_); }

  uint64_t Size() const override { return size_; }

  Result<size_t> ReadAt(uint64_t offset, char* buffer, size_t length) override {
    size_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd_, buffer + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoError("could not read file", path_);
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    return done;
  }

 private:
  int fd_;
  uint64_t size_;
  std::string path_;
};

class LocalOutputFile final : public OutputFile {
 public:
  LocalOutputFile(int fd, std::string temp_path, std::string path)
      : fd_(fd), temp_path_(std::move(temp_path)), path_(std::move(path)) {}
  ~LocalOutputFile() override {
    if (fd_ >= 0) {
      ::close(fd_);
      ::unlink(temp_path_.c_str());
    }
  }

  Status Append(std::string_view data) override {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoError("could not write file", path_);
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  Status Close() override {
    int fd = fd_;
    fd_ = -1;
    bool synced = ::fsync(fd) == 0;
    bool closed = ::close(fd) == 0;
    if (!synced || !closed || ::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      Status error = ErrnoError("could not write file", path_);
      ::unlink(temp_path_.c_str());
      return error;
    }
    return Status::Ok();
  }

 private:
  int fd_;
  std::string temp_path_;
  std::string path_;
};

Result<FileInfo> StatPath(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return Status(StatusCode::kIOError, "file \"" + path + "\" does not exist");
    return ErrnoError("could not read file", path);
  }
  if (S_ISDIR(info.st_mode)) return Status(StatusCode::kIOError, "\"" + path + "\" is a directory");
  return FileInfo{path, static_cast<uint64_t>(info.st_size), static_cast<int64_t>(info.st_mtime), ""};
}

// Adds the files under `directory` whose path starts with `prefix` ("" for all of them).
Status ListUnder(const std::string& directory, const std::string& prefix, std::vector<FileInfo>& files) {
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::Ok();
    return ErrnoError("could not list directory", directory);
  }
  std::vector<std::string> subdirectories;
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    std::string path = (std::filesystem::path(directory) / name).string();
    if (path.compare(0, prefix.size(), prefix) != 0) continue;
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) continue;  // removed meanwhile
    if (S_ISDIR(info.st_mode)) {
      subdirectories.push_back(path);
    } else if (S_ISREG(info.st_mode)) {
      files.push_back(FileInfo{path, static_cast<uint64_t>(info.st_size), static_cast<int64_t>(info.st_mtime), ""});
    }
  }
  ::closedir(dir);
  for (const auto& subdirectory : subdirectories) RETURN_IF_ERROR(ListUnder(subdirectory, "", files));
  return Status::Ok();
}

class LocalFileSystem final : public FileSystem {
 public:
  // Every regular file whose path starts with the prefix, in subdirectories too, as S3 lists
  // every key under a prefix: "out/" lists all the files under out, "out/sales_" those named
  // sales_... in out (and under folders so named), "out" also out0000_part_00 beside it.
  Result<std::vector<FileInfo>> List(const std::string& prefix_url) override {
    std::string prefix = StripFileScheme(prefix_url);
    bool whole_directory = !prefix.empty() && prefix.back() == '/';
    std::string directory = whole_directory ? prefix : std::filesystem::path(prefix).parent_path().string();
    // A bare name prefix lists the working directory; its files keep names without "./".
    bool bare = directory.empty();
    if (bare) directory = ".";
    std::string wanted = whole_directory ? "" : bare ? "./" + prefix : prefix;
    std::vector<FileInfo> files;
    RETURN_IF_ERROR(ListUnder(directory, wanted, files));
    if (bare) {
      for (auto& file : files) file.url.erase(0, 2);
    }
    std::sort(files.begin(), files.end(), [](const FileInfo& a, const FileInfo& b) { return a.url < b.url; });
    return files;
  }

  Result<FileInfo> Stat(const std::string& url) override { return StatPath(StripFileScheme(url)); }

  Result<std::unique_ptr<InputFile>> OpenForRead(const std::string& url) override {
    std::string path = StripFileScheme(url);
    ASSIGN_OR_RETURN(FileInfo info, StatPath(path));
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoError("could not open file", path);
    return std::unique_ptr<InputFile>(std::make_unique<LocalInputFile>(fd, info.size, path));
  }

  Result<std::unique_ptr<OutputFile>> Create(const std::string& url) override {
    std::string path = StripFileScheme(url);
    std::error_code error;
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, error);
    if (error) return Status(StatusCode::kIOError, "could not create directory \"" + parent.string() + "\": " + error.message());
    std::string temp_path = path + ".martlet-tmp";
    int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoError("could not create file", path);
    return std::unique_ptr<OutputFile>(std::make_unique<LocalOutputFile>(fd, temp_path, path));
  }

  Status Delete(const std::string& url) override {
    std::string path = StripFileScheme(url);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoError("could not delete file", path);
    return Status::Ok();
  }
};

}  // namespace

bool IsS3Url(std::string_view url) { return url.substr(0, 5) == "s3://"; }

Result<std::unique_ptr<FileSystem>> FileSystemFor(std::string_view url, const StorageOptions& options) {
  if (IsS3Url(url)) return MakeS3FileSystem(options);
  return std::unique_ptr<FileSystem>(std::make_unique<LocalFileSystem>());
}

Result<std::string> ReadWholeFile(FileSystem& file_system, const std::string& url) {
  ASSIGN_OR_RETURN(std::unique_ptr<InputFile> file, file_system.OpenForRead(url));
  std::string data(file->Size(), '\0');
  ASSIGN_OR_RETURN(size_t read, file->ReadAt(0, data.data(), data.size()));
  data.resize(read);
  return data;
}

}  // namespace martlet
