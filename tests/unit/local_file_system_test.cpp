// The local FileSystem: plain paths and file:// URLs, atomic writes, listing, ranged reads,
// and the errors for missing files and denied permissions.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "io/file_system.hpp"

namespace martlet {
namespace {

class LocalFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/martlet-local-fs-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    ::chmod(dir_.c_str(), 0755);
    auto file_system = FileSystemFor(dir_, {});
    ASSERT_TRUE(file_system.ok());
    fs_ = std::move(file_system).value();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void WriteFile(const std::string& path, const std::string& data) {
    auto file = fs_->Create(path);
    ASSERT_TRUE(file.ok()) << file.status().message();
    ASSERT_TRUE((*file)->Append(data).ok());
    Status closed = (*file)->Close();
    ASSERT_TRUE(closed.ok()) << closed.message();
  }

  std::string dir_;
  std::unique_ptr<FileSystem> fs_;
};

TEST_F(LocalFileSystemTest, WritesAppearWholeOnlyAfterClose) {
  std::string path = dir_ + "/out/nested/data.csv";  // parent directories are created
  auto file = fs_->Create(path);
  ASSERT_TRUE(file.ok()) << file.status().message();
  ASSERT_TRUE((*file)->Append("a,b\n").ok());
  ASSERT_TRUE((*file)->Append("c,d\n").ok());
  EXPECT_FALSE(std::filesystem::exists(path));
  ASSERT_TRUE((*file)->Close().ok());
  auto data = ReadWholeFile(*fs_, path);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, "a,b\nc,d\n");
}

TEST_F(LocalFileSystemTest, AnAbandonedWriteLeavesNothing) {
  {
    auto file = fs_->Create(dir_ + "/abandoned.csv");
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE((*file)->Append("half").ok());
  }
  auto files = fs_->List(dir_);
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
}

TEST_F(LocalFileSystemTest, CreateReplacesAnExistingFile) {
  WriteFile(dir_ + "/f.txt", "old old old");
  WriteFile(dir_ + "/f.txt", "new");
  EXPECT_EQ(ReadWholeFile(*fs_, dir_ + "/f.txt").value(), "new");
}

TEST_F(LocalFileSystemTest, ReadsRanges) {
  WriteFile(dir_ + "/digits", "0123456789");
  auto file = fs_->OpenForRead("file://" + dir_ + "/digits");
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ((*file)->Size(), 10u);
  char buffer[16];
  auto read = (*file)->ReadAt(2, buffer, 3);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(std::string(buffer, *read), "234");
  read = (*file)->ReadAt(7, buffer, 16);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(std::string(buffer, *read), "789");
  read = (*file)->ReadAt(12, buffer, 4);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, 0u);
}

TEST_F(LocalFileSystemTest, ListsADirectoryOrAPrefixSorted) {
  WriteFile(dir_ + "/sales_2.csv", "22");
  WriteFile(dir_ + "/sales_1.csv", "1");
  WriteFile(dir_ + "/stores.csv", "333");
  std::filesystem::create_directory(dir_ + "/subdir");
  auto all = fs_->List(dir_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);  // not the subdirectory
  EXPECT_EQ((*all)[0].url, dir_ + "/sales_1.csv");
  EXPECT_EQ((*all)[0].size, 1u);
  EXPECT_EQ((*all)[2].url, dir_ + "/stores.csv");
  EXPECT_GT((*all)[2].modified_unix_seconds, 0);
  auto sales = fs_->List("file://" + dir_ + "/sales_");
  ASSERT_TRUE(sales.ok());
  ASSERT_EQ(sales->size(), 2u);
  EXPECT_EQ((*sales)[1].url, dir_ + "/sales_2.csv");
  auto missing = fs_->List(dir_ + "/no/such/dir/");
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->empty());
}

TEST_F(LocalFileSystemTest, AMissingFileIsAnErrorNamingIt) {
  std::string path = dir_ + "/missing.csv";
  auto opened = fs_->OpenForRead(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kIOError);
  EXPECT_EQ(opened.status().message(), "file \"" + path + "\" does not exist");
  EXPECT_EQ(fs_->Stat(path).status().message(), "file \"" + path + "\" does not exist");
  EXPECT_EQ(fs_->Stat(dir_).status().message(), "\"" + dir_ + "\" is a directory");
}

TEST_F(LocalFileSystemTest, DeleteRemovesAFileAndIgnoresAMissingOne) {
  WriteFile(dir_ + "/gone", "x");
  ASSERT_TRUE(fs_->Delete(dir_ + "/gone").ok());
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/gone"));
  EXPECT_TRUE(fs_->Delete(dir_ + "/gone").ok());
}

// Root reads everything, so as root the check runs in a child that has become "nobody".
std::string AsUnprivilegedUser(const std::function<std::string()>& check) {
  if (::geteuid() != 0) return check();
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return "pipe failed";
  pid_t child = ::fork();
  if (child == 0) {
    ::close(pipe_fds[0]);
    std::string result =
        ::setgid(65534) == 0 && ::setuid(65534) == 0 ? check() : "could not become nobody";
    (void)!::write(pipe_fds[1], result.data(), result.size());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string result;
  char buffer[512];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0)
    result.append(buffer, static_cast<size_t>(n));
  ::close(pipe_fds[0]);
  ::waitpid(child, nullptr, 0);
  return result;
}

TEST_F(LocalFileSystemTest, PermissionDeniedIsAnErrorNamingTheFile) {
  std::string secret = dir_ + "/secret.csv";
  WriteFile(secret, "x");
  ASSERT_EQ(::chmod(secret.c_str(), 0), 0);
  std::string read_error = AsUnprivilegedUser([&] {
    auto file_system = FileSystemFor(secret, {});
    return ReadWholeFile(*file_system.value(), secret).status().message();
  });
  EXPECT_EQ(read_error, "could not open file \"" + secret + "\": Permission denied");

  std::string locked = dir_ + "/locked";
  std::filesystem::create_directory(locked);
  ASSERT_EQ(::chmod(locked.c_str(), 0555), 0);
  std::string write_error = AsUnprivilegedUser([&] {
    auto file_system = FileSystemFor(locked, {});
    auto created = file_system.value()->Create(locked + "/out.csv");
    return created.ok() ? std::string("created") : created.status().message();
  });
  EXPECT_EQ(write_error, "could not create file \"" + locked + "/out.csv\": Permission denied");
}

TEST(FileSystemForTest, ChoosesByScheme) {
  EXPECT_TRUE(IsS3Url("s3://bucket/key"));
  EXPECT_FALSE(IsS3Url("file:///tmp/x"));
  EXPECT_FALSE(IsS3Url("/tmp/s3://x"));
  StorageOptions options;
  options.access_key_id = "key";
  options.secret_access_key = "secret";
  options.endpoint = "http://127.0.0.1:1";
  EXPECT_TRUE(FileSystemFor("s3://bucket/key", options).ok());
  EXPECT_TRUE(FileSystemFor("/tmp", {}).ok());
}

}  // namespace
}  // namespace martlet
