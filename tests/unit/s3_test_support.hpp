// Servers for the S3 tests, on 127.0.0.1 and stopped by their destructors:
//   MotoServer  - moto_server (an S3 emulator) on a free port;
//   FaultServer - a scripted HTTP server on a thread, answering each request with the next
//                 canned answer (say 503, 503, 200), so retries and errors are deterministic.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace martlet::testing {

// A port nobody listens on right now (the kernel's choice for port 0).
inline int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

inline bool CanConnect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

class MotoServer {
 public:
  // Starts moto_server and waits (up to 30 s) until it accepts connections; check Running().
  // `environment` holds NAME=value settings for moto (say INITIAL_NO_AUTH_ACTION_COUNT=4).
  explicit MotoServer(const std::vector<std::string>& environment = {})
      : port_(FreeLoopbackPort()) {
    std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);  // its own group, so that stopping it stops whatever it started
      int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 1);
      ::dup2(null, 2);
      for (const auto& setting : environment) ::putenv(const_cast<char*>(setting.c_str()));
      ::execlp("moto_server", "moto_server", "-H", "127.0.0.1", "-p", port.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pid_ > 0) ::setpgid(pid_, pid_);
    for (int i = 0; i < 300 && pid_ > 0; i++) {
      if (CanConnect(port_)) {
        running_ = true;
        break;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;  // it exited: moto_server is missing or failed
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~MotoServer() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);
    for (int i = 0; i < 50; i++) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;

  bool Running() const { return running_; }
  std::string Endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_;
  pid_t pid_ = -1;
  bool running_ = false;
};

struct CannedResponse {
  CannedResponse(int status_code, std::string body_text = "",
                 std::vector<std::string> extra_headers = {})
      : status(status_code), body(std::move(body_text)), headers(std::move(extra_headers)) {}
  // Closes the connection without answering.
  static CannedResponse HangUp() {
    CannedResponse response(0);
    response.hang_up = true;
    return response;
  }

  int status;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
  bool hang_up = false;
  int delay_ms = 0;  // wait this long before answering
};

class FaultServer {
 public:
  // Answers request i with responses[i] (the last one once the list runs out).
  explicit FaultServer(std::vector<CannedResponse> responses) : responses_(std::move(responses)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    ::listen(listener_, 16);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FaultServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
    for (auto& connection : connections_) connection.join();
  }

  std::string Endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The request lines seen so far ("GET /bucket/key HTTP/1.1").
  std::vector<std::string> Requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  // Each connection on its own thread, so that a delayed answer does not hold up the next.
  void Serve() {
    while (!stopping_) {
      int connection = ::accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      std::lock_guard<std::mutex> lock(mutex_);
      connections_.emplace_back([this, connection] { Answer(connection); });
    }
  }

  void Answer(int connection) {
    std::string request = ReadRequest(connection);
    size_t index = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      index = std::min(requests_.size(), responses_.size() - 1);
      requests_.push_back(request.substr(0, request.find("\r\n")));
    }
    const CannedResponse& response = responses_[index];
    if (response.delay_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(response.delay_ms));
    if (!response.hang_up) {
      std::string text = "HTTP/1.1 " + std::to_string(response.status) +
                         " Canned\r\nContent-Length: " + std::to_string(response.body.size()) +
                         "\r\nConnection: close\r\n";
      for (const auto& header : response.headers) text += header + "\r\n";
      text += "\r\n" + response.body;
      // MSG_NOSIGNAL: a client that gave up (a timeout test) must not kill the test with SIGPIPE.
      (void)!::send(connection, text.data(), text.size(), MSG_NOSIGNAL);
    }
    ::close(connection);
  }

  // The head and body of one request (the body by its Content-Length).
  static std::string ReadRequest(int connection) {
    std::string data;
    char buffer[65536];
    size_t wanted = std::string::npos;
    while (data.size() < wanted) {
      ssize_t n = ::read(connection, buffer, sizeof buffer);
      if (n <= 0) break;
      data.append(buffer, static_cast<size_t>(n));
      size_t head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos && wanted == std::string::npos) {
        size_t length = 0;
        size_t at = data.find("Content-Length: ");
        if (at == std::string::npos) at = data.find("content-length: ");
        if (at != std::string::npos && at < head_end) length = std::stoul(data.substr(at + 16));
        wanted = head_end + 4 + length;
      }
    }
    return data;
  }

  std::vector<CannedResponse> responses_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
  std::vector<std::thread> connections_;
};

}  // namespace martlet::testing
