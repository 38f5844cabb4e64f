#include "io/http_client.hpp"

#include <curl/curl.h>

#include <strings.h>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace martlet {
namespace {

// curl_global_init is not thread-safe; a function-local static runs it exactly once.
void InitializeCurl() {
  static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialized;
}

struct UploadCursor {
  std::string_view remaining;
};

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
  auto* cursor = static_cast<UploadCursor*>(user);
  size_t n = std::min(size * count, cursor->remaining.size());
  std::memcpy(buffer, cursor->remaining.data(), n);
  cursor->remaining.remove_prefix(n);
  return n;
}

// Where the body of the answer goes: the caller's buffer for a 2xx answer when it gave one,
// else the response's string.
struct BodySink {
  HttpResponse* response;
  char* buffer;
  size_t capacity;
  bool overflowed = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  size_t n = size * count;
  HttpResponse& response = *sink->response;
  if (sink->buffer == nullptr || response.status < 200 || response.status >= 300) {
    response.body.append(data, n);
    return n;
  }
  if (response.buffer_bytes + n > sink->capacity) {
    sink->overflowed = true;
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  std::memcpy(sink->buffer + response.buffer_bytes, data, n);
  response.buffer_bytes += n;
  return n;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string_view line(data, size * count);
  // A new status line (after a 100 Continue or a redirect) starts a new set of headers.
  if (line.substr(0, 5) == "HTTP/") {
    response->headers.clear();
    size_t space = line.find(' ');
    if (space != std::string_view::npos)
      response->status = std::strtol(std::string(line.substr(space + 1, 3)).c_str(), nullptr, 10);
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() &&
           (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    response->headers.emplace_back(std::move(name), std::string(value));
  }
  return size * count;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return "";
}

bool IsRetryableStatus(long status, std::string_view body) {
  if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504)
    return true;
  // S3 sometimes throttles or times out with a 400 whose code says so.
  return status == 400 && (body.find("<Code>SlowDown</Code>") != std::string_view::npos ||
                           body.find("<Code>RequestTimeout</Code>") != std::string_view::npos);
}

HttpClient::HttpClient(RetryPolicy policy) : policy_(policy), random_(std::random_device{}()) {
  InitializeCurl();
}

HttpClient::~HttpClient() {
  for (void* handle : idle_handles_) curl_easy_cleanup(static_cast<CURL*>(handle));
}

void* HttpClient::AcquireHandle() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_handles_.empty()) {
      void* handle = idle_handles_.back();
      idle_handles_.pop_back();
      return handle;
    }
  }
  return curl_easy_init();
}

// The handle keeps its connection cache; its options are cleared for the next request.
void HttpClient::ReleaseHandle(void* handle) {
  curl_easy_reset(static_cast<CURL*>(handle));
  std::lock_guard<std::mutex> lock(mutex_);
  idle_handles_.push_back(handle);
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) {
  int attempts = std::max(1, policy_.max_attempts);
  for (int attempt = 1;; attempt++) {
    Result<HttpResponse> response = SendOnce(request);
    bool retry = response.ok() ? IsRetryableStatus(response->status, response->body)
                               : response.status().code() == StatusCode::kIOError;
    if (!retry || attempt >= attempts) {
      if (response.ok()) {
        response->attempts = attempt;
        return response;
      }
      if (!retry) return response.status();
      return Status(response.status().code(), response.status().message() + " (" +
                                                  std::to_string(attempt) +
                                                  (attempt == 1 ? " attempt)" : " attempts)"));
    }
    Backoff(attempt);
  }
}

// Full jitter: a uniform wait in [0, min(max, base * 2^(attempt-1))], so that many clients
// throttled together do not come back together.
void HttpClient::Backoff(int attempt) {
  int64_t ceiling = policy_.base_delay_ms << std::min(attempt - 1, 20);
  ceiling = std::min(ceiling, policy_.max_delay_ms);
  if (ceiling <= 0) return;
  std::uniform_int_distribution<int64_t> distribution(0, ceiling);
  int64_t wait_ms = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    wait_ms = distribution(random_);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
}

Result<HttpResponse> HttpClient::SendOnce(const HttpRequest& request) {
  CURL* curl = static_cast<CURL*>(AcquireHandle());
  if (curl == nullptr)
    return Status(StatusCode::kInternal, "could not start an HTTP request (curl_easy_init)");
  HttpResponse response;
  UploadCursor upload{request.body};
  curl_slist* headers = nullptr;
  bool has_content_type = false;
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
    has_content_type = has_content_type || strcasecmp(name.c_str(), "content-type") == 0;
  }
  // No "Expect: 100-continue" round trip, and no content type of curl's choosing.
  headers = curl_slist_append(headers, "Expect:");
  if (!has_content_type) headers = curl_slist_append(headers, "Content-Type:");
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(policy_.connect_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(std::max<int64_t>(1, policy_.stall_timeout_ms / 1000)));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  BodySink sink{&response, request.response_buffer, request.response_capacity};
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.empty() ? "" : request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  CURLcode code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  curl_slist_free_all(headers);
  ReleaseHandle(curl);
  if (sink.overflowed) {
    // Not a transport failure: trying again would get the same answer (kIOError is retried).
    return Status(StatusCode::kInvalidInput,
                  request.method + " " + request.url + " answered with more than the " +
                      std::to_string(request.response_capacity) + " bytes asked for");
  }
  if (code != CURLE_OK) {
    std::string why = error[0] != '\0' ? error : curl_easy_strerror(code);
    return Status(StatusCode::kIOError, request.method + " " + request.url + " failed: " + why);
  }
  return response;
}

}  // namespace martlet
