#include "io/s3_client.hpp"

#include <algorithm>

#include "common/text_escape.hpp"
#include "io/sigv4_signer.hpp"

namespace martlet {
namespace {

bool IsSuccess(const HttpResponse& response) {
  return response.status >= 200 && response.status < 300;
}

// "http://127.0.0.1:5000/base" -> {"http://127.0.0.1:5000", "127.0.0.1:5000", "/base"}.
S3RequestTarget SplitEndpoint(const std::string& endpoint) {
  size_t scheme_end = endpoint.find("://");
  size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  size_t path_start = endpoint.find('/', host_start);
  if (path_start == std::string::npos) path_start = endpoint.size();
  std::string prefix = scheme_end == std::string::npos ? "https://" : "";
  return {prefix + endpoint.substr(0, path_start),
          endpoint.substr(host_start, path_start - host_start), endpoint.substr(path_start)};
}

// What an S3 error code means, for people.
std::string Describe(const std::string& code, long status) {
  if (code == "AccessDenied" || (code.empty() && status == 403)) return "access denied";
  if (code == "NoSuchKey" || (code.empty() && status == 404)) return "no such key";
  if (code == "NoSuchBucket") return "no such bucket";
  if (code == "NoSuchUpload") return "the multipart upload does not exist (aborted or completed)";
  if (code == "InvalidAccessKeyId") return "the access key id is not known to the store";
  if (code == "SignatureDoesNotMatch")
    return "the request signature does not match (check the secret access key)";
  if (code == "ExpiredToken" || code == "TokenRefreshRequired")
    return "the session token has expired";
  if (code == "InvalidToken") return "the session token is not valid";
  if (code == "RequestTimeTooSkewed")
    return "this machine's clock is too far from the store's (check the clock)";
  if (code == "PreconditionFailed" || status == 412)
    return "the object changed while it was being read";
  if (code == "SlowDown" || status == 503 || status == 429)
    return "the store is throttling requests";
  if (status >= 500 || code == "InternalError") return "the store failed";
  return "request failed";
}

std::string ReasonPhrase(long status) {
  switch (status) {
    case 301:
      return "Moved Permanently";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 412:
      return "Precondition Failed";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "HTTP error";
  }
}

}  // namespace

Result<S3Location> ParseS3Url(std::string_view url) {
  constexpr std::string_view kScheme = "s3://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return Status(StatusCode::kInvalidInput, "\"" + std::string(url) + "\" is not an s3:// URL");
  }
  std::string_view rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  S3Location location{std::string(rest.substr(0, slash)),
                      slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1))};
  if (location.bucket.empty()) {
    return Status(StatusCode::kInvalidInput,
                  "\"" + std::string(url) + "\" names no bucket (s3://bucket/key)");
  }
  return location;
}

std::string S3Url(const std::string& bucket, const std::string& key) {
  return "s3://" + bucket + "/" + key;
}

S3RequestTarget TargetOf(const AwsSettings& settings, const std::string& bucket,
                         const std::string& key) {
  bool path_style = !settings.endpoint.empty() || bucket.find('.') != std::string::npos;
  S3RequestTarget target;
  if (!settings.endpoint.empty()) {
    target = SplitEndpoint(settings.endpoint);
  } else {
    std::string host =
        (path_style ? "" : bucket + ".") + "s3." + settings.region + ".amazonaws.com";
    target = {"https://" + host, host, ""};
  }
  target.path += (path_style ? "/" + bucket : "") + (path_style && key.empty() ? "" : "/" + key);
  return target;
}

S3Client::S3Client(AwsSettings settings, RetryPolicy retry)
    : settings_(std::move(settings)), http_(retry) {}

Result<HttpResponse> S3Client::Send(const std::string& method, const std::string& bucket,
                                    const std::string& key, const Parameters& query,
                                    Parameters headers, std::string_view body,
                                    const std::string& named_key, char* response_buffer,
                                    size_t response_capacity) {
  S3RequestTarget target = TargetOf(settings_, bucket, key);
  SigningRequest signing;
  signing.method = method;
  signing.path = target.path;
  signing.query = query;
  signing.payload_sha256 = Sha256Hex(body);
  signing.headers = std::move(headers);
  signing.headers.emplace_back("Host", target.host);
  signing.headers.emplace_back("X-Amz-Content-Sha256", signing.payload_sha256);
  SignRequest(settings_.credentials, SigningScope{AmzDateNow(), settings_.region, "s3"}, signing);

  HttpRequest request;
  request.method = method;
  request.url = target.origin + UriEncode(target.path, true);
  std::string query_string = CanonicalQueryString(query);
  if (!query_string.empty()) request.url += "?" + query_string;
  request.headers = std::move(signing.headers);
  request.body = body;
  request.response_buffer = response_buffer;
  request.response_capacity = response_capacity;
  Result<HttpResponse> response = http_.Send(request);
  if (!response.ok()) {
    return Status(response.status().code(),
                  S3Url(bucket, named_key) + ": " + response.status().message());
  }
  return response;
}

Status S3Client::ErrorFor(const HttpResponse& response, const std::string& bucket,
                          const std::string& key) const {
  S3ErrorBody error = ParseS3Error(response.body);
  std::string code = !error.code.empty() ? error.code : ReasonPhrase(response.status);
  std::string what = Describe(error.code, response.status);
  // A bucket in another region answers 301 (or 400 AuthorizationHeaderMalformed) and says
  // where it is.
  std::string bucket_region = response.Header("x-amz-bucket-region");
  if (bucket_region.empty()) bucket_region = XmlElementText(response.body, "Region").value_or("");
  bool wrong_region = response.status == 301 || error.code == "AuthorizationHeaderMalformed";
  if (wrong_region && !bucket_region.empty() && bucket_region != settings_.region) {
    what = "the bucket is in region " + bucket_region + ", not " + settings_.region +
           " (give REGION '" + bucket_region + "' or set AWS_REGION)";
  }
  std::string message =
      S3Url(bucket, key) + ": " + what + " (" + std::to_string(response.status) + " " + code + ")";
  if (response.attempts > 1) message += " after " + std::to_string(response.attempts) + " attempts";
  return Status(StatusCode::kIOError, message);
}

Result<std::vector<S3ObjectEntry>> S3Client::ListObjects(const std::string& bucket,
                                                         const std::string& prefix, int page_size) {
  std::vector<S3ObjectEntry> objects;
  std::string token;
  while (true) {
    Parameters query = {
        {"list-type", "2"}, {"prefix", prefix}, {"max-keys", std::to_string(page_size)}};
    if (!token.empty()) query.emplace_back("continuation-token", token);
    ASSIGN_OR_RETURN(HttpResponse response, Send("GET", bucket, "", query, {}, {}, prefix));
    if (!IsSuccess(response)) return ErrorFor(response, bucket, prefix);
    S3ListPage page = ParseListObjectsV2(response.body);
    for (auto& object : page.objects) objects.push_back(std::move(object));
    if (!page.truncated) break;
    if (page.next_continuation_token.empty() || page.next_continuation_token == token) {
      return Status(StatusCode::kIOError,
                    S3Url(bucket, prefix) + ": the listing is truncated but has no next page");
    }
    token = page.next_continuation_token;
  }
  return objects;
}

Result<S3ObjectEntry> S3Client::HeadObject(const std::string& bucket, const std::string& key) {
  ASSIGN_OR_RETURN(HttpResponse response, Send("HEAD", bucket, key, {}, {}, {}, key));
  if (!IsSuccess(response)) return ErrorFor(response, bucket, key);
  S3ObjectEntry entry;
  entry.key = key;
  entry.size = std::strtoull(response.Header("content-length").c_str(), nullptr, 10);
  entry.etag = response.Header("etag");
  return entry;
}

Result<std::string> S3Client::GetObject(const std::string& bucket, const std::string& key,
                                        uint64_t offset, uint64_t length, const std::string& etag) {
  std::string data(length, '\0');
  ASSIGN_OR_RETURN(size_t read, GetObjectInto(bucket, key, offset, data.size(), etag, data.data()));
  data.resize(read);
  return data;
}

Result<size_t> S3Client::GetObjectInto(const std::string& bucket, const std::string& key,
                                       uint64_t offset, size_t length, const std::string& etag,
                                       char* out) {
  if (length == 0) return size_t{0};
  Parameters headers = {
      {"Range", "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1)}};
  if (!etag.empty()) headers.emplace_back("If-Match", etag);
  // A store that ignores Range answers 200 with the whole object, which overflows `out`: an
  // error, not a silent wrong read.
  ASSIGN_OR_RETURN(HttpResponse response,
                   Send("GET", bucket, key, {}, std::move(headers), {}, key, out, length));
  if (!IsSuccess(response)) return ErrorFor(response, bucket, key);
  return response.buffer_bytes;
}

Status S3Client::PutObject(const std::string& bucket, const std::string& key,
                           std::string_view body) {
  ASSIGN_OR_RETURN(HttpResponse response, Send("PUT", bucket, key, {}, {}, body, key));
  if (!IsSuccess(response)) return ErrorFor(response, bucket, key);
  return Status::Ok();
}

Status S3Client::DeleteObject(const std::string& bucket, const std::string& key) {
  ASSIGN_OR_RETURN(HttpResponse response, Send("DELETE", bucket, key, {}, {}, {}, key));
  if (!IsSuccess(response) && response.status != 404) return ErrorFor(response, bucket, key);
  return Status::Ok();
}

Status S3Client::CreateBucket(const std::string& bucket) {
  std::string body;
  if (settings_.region != "us-east-1") {
    body =
        "<CreateBucketConfiguration "
        "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>" +
        XmlEscape(settings_.region) + "</LocationConstraint></CreateBucketConfiguration>";
  }
  // The bucket is the "key" of the request: the URL is ENDPOINT/bucket.
  ASSIGN_OR_RETURN(HttpResponse response, Send("PUT", bucket, "", {}, {}, body, ""));
  if (!IsSuccess(response)) return ErrorFor(response, bucket, "");
  return Status::Ok();
}

Result<std::string> S3Client::CreateMultipartUpload(const std::string& bucket,
                                                    const std::string& key) {
  ASSIGN_OR_RETURN(HttpResponse response,
                   Send("POST", bucket, key, {{"uploads", ""}}, {}, {}, key));
  if (!IsSuccess(response)) return ErrorFor(response, bucket, key);
  std::optional<std::string> upload_id = XmlElementText(response.body, "UploadId");
  if (!upload_id || upload_id->empty()) {
    return Status(StatusCode::kIOError,
                  S3Url(bucket, key) + ": the store started no multipart upload (no UploadId)");
  }
  return *upload_id;
}

Result<std::string> S3Client::UploadPart(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id, int part_number,
                                         std::string_view body) {
  Parameters query = {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id}};
  ASSIGN_OR_RETURN(HttpResponse response, Send("PUT", bucket, key, query, {}, body, key));
  if (!IsSuccess(response)) return ErrorFor(response, bucket, key);
  std::string etag = response.Header("etag");
  if (etag.empty()) {
    return Status(StatusCode::kIOError, S3Url(bucket, key) +
                                            ": the store returned no ETag for part " +
                                            std::to_string(part_number));
  }
  return etag;
}

Status S3Client::CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id,
                                         const std::vector<std::string>& part_etags) {
  std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (size_t i = 0; i < part_etags.size(); i++) {
    body += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
            XmlEscape(part_etags[i]) + "</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  ASSIGN_OR_RETURN(HttpResponse response,
                   Send("POST", bucket, key, {{"uploadId", upload_id}}, {}, body, key));
  // S3 may answer 200 and still fail: the error is then in the body.
  if (!IsSuccess(response) || !ParseS3Error(response.body).code.empty())
    return ErrorFor(response, bucket, key);
  return Status::Ok();
}

Status S3Client::AbortMultipartUpload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id) {
  ASSIGN_OR_RETURN(HttpResponse response,
                   Send("DELETE", bucket, key, {{"uploadId", upload_id}}, {}, {}, key));
  if (!IsSuccess(response) && response.status != 404) return ErrorFor(response, bucket, key);
  return Status::Ok();
}

}  // namespace martlet
