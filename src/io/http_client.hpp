// HTTP requests through libcurl, retried with exponential backoff and full jitter when the
// server is throttling or failing (429, 500, 502, 503, 504, S3's SlowDown) and when the
// connection fails or times out. Bounded: after `max_attempts` the last answer (or the
// transport error) is returned.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "martlet/status.hpp"

namespace martlet {

struct HttpRequest {
  std::string method;  // GET, HEAD, PUT, POST, DELETE
  std::string url;     // already percent-encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;  // PUT and POST; must outlive Send()
  // Where a successful (2xx) answer's body goes instead of HttpResponse::body, so that large
  // reads land in the caller's memory without a copy. More than `response_capacity` bytes is
  // an error. Other answers (errors) still go to HttpResponse::body.
  char* response_buffer = nullptr;
  size_t response_capacity = 0;
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string body;
  size_t buffer_bytes = 0;  // bytes written to HttpRequest::response_buffer
  int attempts = 0;         // how many tries it took

  // The value of header `name` (lower case), or "".
  std::string Header(std::string_view name) const;
};

struct RetryPolicy {
  int max_attempts = 5;
  int64_t base_delay_ms = 100;   // the first retry waits up to this long
  int64_t max_delay_ms = 10000;  // no wait is longer than this
  int64_t connect_timeout_ms = 10000;
  // A request that moves fewer than 1 byte per second for this long is abandoned (and retried).
  int64_t stall_timeout_ms = 60000;
};

// True for answers that a later attempt may not get: throttling and server-side failures.
bool IsRetryableStatus(long status, std::string_view body);

// Thread-safe: each Send takes a curl handle of its own from a pool. Handles go back to the
// pool after use, so their open connections (and TLS sessions) serve the next requests.
class HttpClient {
 public:
  explicit HttpClient(RetryPolicy policy);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // The final answer, which may be an error status (the caller maps it). Fails only when no
  // answer came at all (connection refused, DNS, timeout) after every attempt.
  Result<HttpResponse> Send(const HttpRequest& request);

  const RetryPolicy& policy() const { return policy_; }

 private:
  Result<HttpResponse> SendOnce(const HttpRequest& request);
  void Backoff(int attempt);

  RetryPolicy policy_;
  void* AcquireHandle();  // a CURL*; nullptr if curl cannot make one
  void ReleaseHandle(void* handle);

  std::mutex mutex_;  // guards random_ and idle_handles_
  std::mt19937_64 random_;
  std::vector<void*> idle_handles_;
};

}  // namespace martlet
