// Retries and error messages of the S3 client, against a scripted server on 127.0.0.1 that
// answers with canned failures (500, 503, 403, 404, hang-ups) before or instead of success.
#include <gtest/gtest.h>

#include <chrono>

#include "io/http_client.hpp"
#include "io/s3_client.hpp"
#include "s3_test_support.hpp"

namespace martlet {
namespace {

using testing::CannedResponse;
using testing::FaultServer;

std::string ErrorXml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
         message + "</Message><RequestId>1</RequestId></Error>";
}

RetryPolicy FastRetries(int attempts) {
  RetryPolicy policy;
  policy.max_attempts = attempts;
  policy.base_delay_ms = 1;
  policy.max_delay_ms = 5;
  policy.connect_timeout_ms = 2000;
  return policy;
}

S3Client ClientFor(const FaultServer& server, int attempts) {
  AwsSettings settings;
  settings.credentials = {"key", "secret", ""};
  settings.region = "us-east-1";
  settings.endpoint = server.Endpoint();
  return S3Client(settings, FastRetries(attempts));
}

TEST(S3RetryTest, ServerErrorsAreRetriedUntilSuccess) {
  FaultServer server({{500, ErrorXml("InternalError", "try again")},
                      {503, ErrorXml("SlowDown", "Please reduce your request rate.")},
                      {502, ""},
                      {200, "hello", {"ETag: \"abc\""}}});
  S3Client client = ClientFor(server, 5);
  auto data = client.GetObject("bucket", "dir/file.csv", 0, 5);
  ASSERT_TRUE(data.ok()) << data.status().message();
  EXPECT_EQ(*data, "hello");
  std::vector<std::string> requests = server.Requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& request : requests) EXPECT_EQ(request, "GET /bucket/dir/file.csv HTTP/1.1");
}

TEST(S3RetryTest, ThrottlingIsRetried) {
  FaultServer server({{429, ""}, {400, ErrorXml("SlowDown", "slow down")}, {200, "ok"}});
  S3Client client = ClientFor(server, 3);
  ASSERT_TRUE(client.PutObject("bucket", "k", "data").ok());
  EXPECT_EQ(server.Requests().size(), 3u);
}

TEST(S3RetryTest, PersistentServerErrorsGiveUpWithAClearError) {
  FaultServer server({{500, ErrorXml("InternalError", "We encountered an internal error.")}});
  S3Client client = ClientFor(server, 3);
  auto data = client.GetObject("bucket", "k.csv", 0, 5);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kIOError);
  EXPECT_EQ(data.status().message(),
            "s3://bucket/k.csv: the store failed (500 InternalError) after 3 attempts");
  EXPECT_EQ(server.Requests().size(), 3u);
}

TEST(S3RetryTest, AccessDeniedIsNotRetried) {
  FaultServer server({{403, ErrorXml("AccessDenied", "Access Denied")}, {200, "never"}});
  S3Client client = ClientFor(server, 5);
  auto data = client.GetObject("b", "k", 0, 5);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().message(), "s3://b/k: access denied (403 AccessDenied)");
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST(S3RetryTest, NotFoundIsNotRetried) {
  FaultServer server(
      {{404, ErrorXml("NoSuchKey", "The specified key does not exist.")}, {200, "never"}});
  S3Client client = ClientFor(server, 5);
  auto data = client.GetObject("b", "missing/key.csv", 0, 5);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().message(), "s3://b/missing/key.csv: no such key (404 NoSuchKey)");
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST(S3RetryTest, WrongSecretIsNamed) {
  FaultServer server({{403, ErrorXml("SignatureDoesNotMatch",
                                     "The request signature we calculated does not match")}});
  S3Client client = ClientFor(server, 5);
  auto listed = client.ListObjects("b", "p/");
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.status().message(),
            "s3://b/p/: the request signature does not match (check the secret access key) (403 "
            "SignatureDoesNotMatch)");
}

TEST(S3RetryTest, ABucketInAnotherRegionIsNamed) {
  FaultServer server({{301,
                       ErrorXml("PermanentRedirect",
                                "The bucket you are attempting to access must be addressed using "
                                "the specified endpoint."),
                       {"x-amz-bucket-region: eu-west-1"}}});
  S3Client client = ClientFor(server, 3);
  auto listed = client.ListObjects("b", "p/");
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.status().message(),
            "s3://b/p/: the bucket is in region eu-west-1, not us-east-1 (give REGION 'eu-west-1' "
            "or set AWS_REGION) (301 PermanentRedirect)");
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST(S3RetryTest, AClockTooFarOffIsNamed) {
  FaultServer server({{403, ErrorXml("RequestTimeTooSkewed",
                                     "The difference between the request "
                                     "time and the current time is too large.")}});
  S3Client client = ClientFor(server, 3);
  EXPECT_EQ(client.PutObject("b", "k", "x").message(),
            "s3://b/k: this machine's clock is too far from the store's (check the clock) (403 "
            "RequestTimeTooSkewed)");
}

TEST(S3RetryTest, DroppedConnectionsAreRetried) {
  FaultServer server({CannedResponse::HangUp(), CannedResponse::HangUp(), {200, "fine"}});
  S3Client client = ClientFor(server, 4);
  auto data = client.GetObject("b", "k", 0, 4);
  ASSERT_TRUE(data.ok()) << data.status().message();
  EXPECT_EQ(*data, "fine");
  EXPECT_EQ(server.Requests().size(), 3u);
}

TEST(S3RetryTest, StalledAnswersTimeOutAndAreRetried) {
  CannedResponse stalled(200, "late");
  stalled.delay_ms = 2500;
  FaultServer server({stalled, {200, "fine"}});
  AwsSettings settings;
  settings.credentials = {"key", "secret", ""};
  settings.region = "us-east-1";
  settings.endpoint = server.Endpoint();
  RetryPolicy policy = FastRetries(2);
  policy.stall_timeout_ms = 1000;
  S3Client client(settings, policy);
  auto started = std::chrono::steady_clock::now();
  auto data = client.GetObject("b", "k", 0, 4);
  ASSERT_TRUE(data.ok()) << data.status().message();
  EXPECT_EQ(*data, "fine");
  EXPECT_EQ(server.Requests().size(), 2u);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
}

TEST(S3RetryTest, NoServerAtAllFailsAfterEveryAttempt) {
  AwsSettings settings;
  settings.credentials = {"key", "secret", ""};
  settings.endpoint = "http://127.0.0.1:" + std::to_string(testing::FreeLoopbackPort());
  settings.region = "us-east-1";
  S3Client client(settings, FastRetries(3));
  auto data = client.GetObject("b", "k", 0, 4);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kIOError);
  EXPECT_EQ(
      data.status().message().rfind("s3://b/k: GET " + settings.endpoint + "/b/k failed: ", 0), 0u)
      << data.status().message();
  EXPECT_NE(data.status().message().find("(3 attempts)"), std::string::npos)
      << data.status().message();
}

TEST(S3RetryTest, RequestsAreSignedAndPathStyle) {
  FaultServer server(
      {{200, "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>"}});
  S3Client client = ClientFor(server, 1);
  auto listed = client.ListObjects("bucket", "a b/");
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  EXPECT_TRUE(listed->empty());
  ASSERT_EQ(server.Requests().size(), 1u);
  EXPECT_EQ(server.Requests()[0], "GET /bucket?list-type=2&max-keys=1000&prefix=a%20b%2F HTTP/1.1");
}

TEST(S3RetryTest, ListingFollowsContinuationTokens) {
  FaultServer server(
      {{200,
        "<ListBucketResult><Contents><Key>p/a</Key><Size>3</"
        "Size><LastModified>2024-01-02T03:04:05.000Z"
        "</LastModified><ETag>&quot;e1&quot;</ETag></Contents><IsTruncated>true</IsTruncated>"
        "<NextContinuationToken>tok+/=</NextContinuationToken></ListBucketResult>"},
       {200,
        "<ListBucketResult><Contents><Key>p/b &amp; c</Key><Size>4</Size></Contents>"
        "<IsTruncated>false</IsTruncated></ListBucketResult>"}});
  S3Client client = ClientFor(server, 1);
  auto listed = client.ListObjects("bucket", "p/", 1);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].key, "p/a");
  EXPECT_EQ((*listed)[0].etag, "\"e1\"");
  EXPECT_EQ((*listed)[0].modified_unix_seconds, 1704164645);
  EXPECT_EQ((*listed)[1].key, "p/b & c");
  EXPECT_EQ((*listed)[1].size, 4u);
  ASSERT_EQ(server.Requests().size(), 2u);
  EXPECT_EQ(
      server.Requests()[1],
      "GET /bucket?continuation-token=tok%2B%2F%3D&list-type=2&max-keys=1&prefix=p%2F HTTP/1.1");
}

TEST(S3RetryTest, AStoreIgnoringRangeIsAnErrorNotAWrongRead) {
  FaultServer server({{200, "the whole object"}});
  S3Client client = ClientFor(server, 3);
  auto data = client.GetObject("b", "k", 4, 5);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().message(), "s3://b/k: GET " + server.Endpoint() +
                                         "/b/k answered with more than the 5 bytes asked for");
  EXPECT_EQ(server.Requests().size(), 1u);  // not retried: it would answer the same
}

TEST(S3RequestTargetTest, VirtualHostedForAwsPathStyleForEndpoints) {
  AwsSettings aws;
  aws.region = "eu-west-1";
  S3RequestTarget target = TargetOf(aws, "my-bucket", "dir/a b.csv");
  EXPECT_EQ(target.origin, "https://my-bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(target.host, "my-bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(target.path, "/dir/a b.csv");
  EXPECT_EQ(TargetOf(aws, "my-bucket", "").path, "/");
  target = TargetOf(aws, "my.dotted.bucket", "k");  // the certificate covers one label only
  EXPECT_EQ(target.origin, "https://s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(target.path, "/my.dotted.bucket/k");

  AwsSettings local = aws;
  local.endpoint = "http://127.0.0.1:9000";
  target = TargetOf(local, "my-bucket", "dir/k");
  EXPECT_EQ(target.origin, "http://127.0.0.1:9000");
  EXPECT_EQ(target.host, "127.0.0.1:9000");
  EXPECT_EQ(target.path, "/my-bucket/dir/k");
  EXPECT_EQ(TargetOf(local, "my-bucket", "").path, "/my-bucket");
  local.endpoint = "https://storage.example.com/s3";  // a store under a base path
  target = TargetOf(local, "b", "k");
  EXPECT_EQ(target.origin, "https://storage.example.com");
  EXPECT_EQ(target.path, "/s3/b/k");
}

TEST(S3RetryTest, RetryableStatuses) {
  for (long status : {429L, 500L, 502L, 503L, 504L})
    EXPECT_TRUE(IsRetryableStatus(status, "")) << status;
  for (long status : {200L, 301L, 400L, 403L, 404L, 412L})
    EXPECT_FALSE(IsRetryableStatus(status, "")) << status;
  EXPECT_TRUE(IsRetryableStatus(400, ErrorXml("RequestTimeout", "x")));
}

}  // namespace
}  // namespace martlet
