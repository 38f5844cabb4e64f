// The S3 file system against moto_server on 127.0.0.1: listing with pagination, ranged
// reads, single and multipart writes, deletes, and the errors for a missing key or bucket.
// moto is started by the fixture; if it cannot start, the tests fail (they never skip).
#include <gtest/gtest.h>

#include <memory>

#include "io/file_system.hpp"
#include "io/s3_client.hpp"
#include "io/s3_file_system.hpp"
#include "s3_test_support.hpp"

namespace martlet {
namespace {

class S3FileSystemTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new testing::MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(moto_->Running()) << "moto_server did not start (is it on PATH?)";
    settings_.credentials = {"testing-key", "testing-secret", ""};
    settings_.region = "us-east-1";
    settings_.endpoint = moto_->Endpoint();
    tuning_.retry.max_attempts = 2;
    tuning_.retry.base_delay_ms = 1;
    // A fresh bucket per test: tests do not see each other's objects.
    bucket_ =
        "martlet-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name());
    for (char& c : bucket_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    S3Client client(settings_, tuning_.retry);
    ASSERT_TRUE(client.CreateBucket(bucket_).ok());
  }

  std::unique_ptr<FileSystem> MakeFileSystem() {
    auto file_system = MakeS3FileSystem(settings_, tuning_);
    EXPECT_TRUE(file_system.ok()) << file_system.status().message();
    return std::move(file_system).value();
  }

  void Write(FileSystem& file_system, const std::string& url, const std::string& data) {
    auto file = file_system.Create(url);
    ASSERT_TRUE(file.ok()) << file.status().message();
    ASSERT_TRUE((*file)->Append(data).ok());
    Status closed = (*file)->Close();
    ASSERT_TRUE(closed.ok()) << closed.message();
  }

  std::string Url(const std::string& key) const { return "s3://" + bucket_ + "/" + key; }

  static testing::MotoServer* moto_;
  AwsSettings settings_;
  S3Tuning tuning_;
  std::string bucket_;
};

testing::MotoServer* S3FileSystemTest::moto_ = nullptr;

TEST_F(S3FileSystemTest, WritesReadsAndStatsAnObject) {
  auto file_system = MakeFileSystem();
  Write(*file_system, Url("dir/a b+c.csv"), "1,one\n2,two\n");
  auto info = file_system->Stat(Url("dir/a b+c.csv"));
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->size, 12u);
  EXPECT_FALSE(info->etag.empty());
  auto data = ReadWholeFile(*file_system, Url("dir/a b+c.csv"));
  ASSERT_TRUE(data.ok()) << data.status().message();
  EXPECT_EQ(*data, "1,one\n2,two\n");
}

TEST_F(S3FileSystemTest, RangedReads) {
  auto file_system = MakeFileSystem();
  Write(*file_system, Url("digits"), "0123456789");
  auto file = file_system->OpenForRead(Url("digits"));
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ((*file)->Size(), 10u);
  char buffer[16] = {};
  auto read = (*file)->ReadAt(3, buffer, 4);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(std::string(buffer, *read), "3456");
  read = (*file)->ReadAt(8, buffer, 16);  // past the end: only what is there
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(std::string(buffer, *read), "89");
  read = (*file)->ReadAt(10, buffer, 4);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, 0u);
}

TEST_F(S3FileSystemTest, ListsEveryPageUnderAPrefixInOrder) {
  tuning_.list_page_size = 7;  // 25 keys: four pages with continuation tokens
  auto file_system = MakeFileSystem();
  for (int i = 0; i < 25; i++) {
    char key[32];
    std::snprintf(key, sizeof key, "sales/part-%03d.csv", i);
    Write(*file_system, Url(key), std::to_string(i));
  }
  Write(*file_system, Url("salesman.csv"), "not under sales/");
  Write(*file_system, Url("sales/"), "");  // a folder marker is not a file
  auto files = file_system->List(Url("sales/"));
  ASSERT_TRUE(files.ok()) << files.status().message();
  ASSERT_EQ(files->size(), 25u);
  EXPECT_EQ((*files)[0].url, Url("sales/part-000.csv"));
  EXPECT_EQ((*files)[24].url, Url("sales/part-024.csv"));
  EXPECT_EQ((*files)[24].size, 2u);
  EXPECT_GT((*files)[0].modified_unix_seconds, 1600000000);

  auto all = file_system->List(Url("sales"));  // a prefix, not a folder: salesman.csv too
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 26u);
  auto none = file_system->List(Url("nothing/"));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(S3FileSystemTest, LargeWritesUseMultipartUpload) {
  tuning_.part_size = 5 << 20;  // S3's (and moto's) smallest part
  auto file_system = MakeFileSystem();
  std::string data;
  for (int i = 0; data.size() < (11u << 20); i++) data += std::to_string(i) + "\n";
  auto file = file_system->Create(Url("big.txt"));
  ASSERT_TRUE(file.ok());
  for (size_t at = 0; at < data.size(); at += 1 << 20)
    ASSERT_TRUE((*file)->Append(std::string_view(data).substr(at, 1 << 20)).ok());
  // Nothing is visible before Close().
  EXPECT_FALSE(file_system->Stat(Url("big.txt")).ok());
  Status closed = (*file)->Close();
  ASSERT_TRUE(closed.ok()) << closed.message();
  auto info = file_system->Stat(Url("big.txt"));
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->size, data.size());
  EXPECT_NE(info->etag.find("-3"), std::string::npos) << info->etag;  // a multipart ETag: 3 parts
  auto read = ReadWholeFile(*file_system, Url("big.txt"));
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(*read == data);
}

TEST_F(S3FileSystemTest, AnAbandonedWriteLeavesNothing) {
  tuning_.part_size = 5 << 20;
  auto file_system = MakeFileSystem();
  {
    auto file = file_system->Create(Url("abandoned.txt"));
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE((*file)->Append(std::string(6 << 20, 'x')).ok());  // one part uploaded
  }
  auto files = file_system->List(Url(""));
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
}

TEST_F(S3FileSystemTest, DeleteRemovesAnObject) {
  auto file_system = MakeFileSystem();
  Write(*file_system, Url("gone.csv"), "x");
  ASSERT_TRUE(file_system->Delete(Url("gone.csv")).ok());
  EXPECT_FALSE(file_system->Stat(Url("gone.csv")).ok());
  EXPECT_TRUE(file_system->Delete(Url("gone.csv")).ok());  // deleting twice is fine
}

TEST_F(S3FileSystemTest, AMissingKeyIsAnErrorNamingIt) {
  auto file_system = MakeFileSystem();
  auto opened = file_system->OpenForRead(Url("missing.csv"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kIOError);
  EXPECT_EQ(opened.status().message(), Url("missing.csv") + ": no such key (404 Not Found)");
  S3Client client(settings_, tuning_.retry);
  auto got = client.GetObject(bucket_, "missing.csv", 0, 10);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), Url("missing.csv") + ": no such key (404 NoSuchKey)");
}

TEST_F(S3FileSystemTest, AMissingBucketIsAnErrorNamingIt) {
  auto file_system = MakeFileSystem();
  auto files = file_system->List("s3://no-such-bucket-here/data/");
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().message(),
            "s3://no-such-bucket-here/data/: no such bucket (404 NoSuchBucket)");
  auto created = file_system->Create("s3://no-such-bucket-here/x.csv");
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE((*created)->Append("x").ok());
  Status closed = (*created)->Close();
  EXPECT_EQ(closed.message(), "s3://no-such-bucket-here/x.csv: no such bucket (404 NoSuchBucket)");
}

TEST_F(S3FileSystemTest, BadUrlsAreRejected) {
  auto file_system = MakeFileSystem();
  EXPECT_EQ(file_system->List("s3:///key").status().message(),
            "\"s3:///key\" names no bucket (s3://bucket/key)");
  EXPECT_EQ(file_system->OpenForRead("s3://" + bucket_).status().message(),
            "\"s3://" + bucket_ + "\" names a bucket, not an object (s3://bucket/key)");
}

}  // namespace
}  // namespace martlet
