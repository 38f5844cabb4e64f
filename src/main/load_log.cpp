#include "main/load_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace martlet {

namespace {

constexpr const char* kHistoryFile = "/log/load_history.log";
constexpr const char* kErrorsFile = "/log/load_errors.log";
constexpr size_t kHistoryFields = 13;
constexpr size_t kErrorFields = 13;

void AppendField(std::string& line, const std::string& value) {
  if (!line.empty()) line += '\t';
  for (char c : value) {
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\t':
        line += "\\t";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      default:
        line += c;
    }
  }
}

void AppendField(std::string& line, int64_t value) { AppendField(line, std::to_string(value)); }

std::vector<std::string> SplitFields(const std::string& line) {
  std::vector<std::string> fields(1);
  for (size_t i = 0; i < line.size(); i++) {
    char c = line[i];
    if (c == '\t') {
      fields.emplace_back();
    } else if (c == '\\' && i + 1 < line.size()) {
      char next = line[++i];
      fields.back() += next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next;
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

int64_t ToInt(const std::string& text) { return std::strtoll(text.c_str(), nullptr, 10); }

// Every complete line of `path` split into fields; lines with another field count (a line
// torn by a crash) are skipped.
Result<std::vector<std::vector<std::string>>> ReadLines(const std::string& path,
                                                        size_t field_count) {
  std::vector<std::vector<std::string>> lines;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return lines;
    return Status(StatusCode::kIOError, "could not read \"" + path + "\": " + std::strerror(errno));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  size_t start = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    std::vector<std::string> fields = SplitFields(text.substr(start, end - start));
    if (fields.size() == field_count) lines.push_back(std::move(fields));
    start = end + 1;
  }
  return lines;
}

Status AppendToFile(const std::string& path, std::string text) {
  if (text.empty()) return Status::Ok();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return Status(StatusCode::kIOError, "could not open \"" + path + "\": " + std::strerror(errno));
  // A line torn by a crash has no '\n': end it, so that it stays a (skipped) line of its own.
  struct stat info;
  char last = '\n';
  if (::fstat(fd, &info) == 0 && info.st_size > 0 && ::pread(fd, &last, 1, info.st_size - 1) == 1 &&
      last != '\n') {
    text.insert(text.begin(), '\n');
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status error(StatusCode::kIOError,
                   "could not write \"" + path + "\": " + std::strerror(errno));
      ::close(fd);
      return error;
    }
    done += static_cast<size_t>(n);
  }
  int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0)
    return Status(StatusCode::kIOError, "could not sync \"" + path + "\": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

int64_t LoadLog::NextQueryId() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (next_query_id_ == 0) {
    int64_t highest = 0;
    if (auto history = ReadLoadHistory(directory_); history.ok()) {
      for (const auto& record : history.value()) highest = std::max(highest, record.query_id);
    }
    if (auto errors = ReadLoadErrors(directory_); errors.ok()) {
      for (const auto& record : errors.value()) highest = std::max(highest, record.query_id);
    }
    next_query_id_ = highest + 1;
  }
  return next_query_id_++;
}

Status LoadLog::Append(const std::vector<LoadErrorRecord>& errors,
                       const LoadHistoryRecord& history) {
  std::string error_lines;
  for (const auto& e : errors) {
    std::string line;
    AppendField(line, e.query_id);
    AppendField(line, e.table_id);
    AppendField(line, e.start_micros);
    AppendField(line, e.file);
    AppendField(line, e.line_number);
    AppendField(line, e.column_name);
    AppendField(line, e.column_type);
    AppendField(line, e.column_length);
    AppendField(line, e.position);
    AppendField(line, e.raw_line);
    AppendField(line, e.raw_field_value);
    AppendField(line, e.error_code);
    AppendField(line, e.reason);
    error_lines += line + '\n';
  }
  std::string line;
  const LoadHistoryRecord& h = history;
  AppendField(line, h.query_id);
  AppendField(line, h.table_id);
  AppendField(line, h.table_name);
  AppendField(line, h.status);
  AppendField(line, h.start_micros);
  AppendField(line, h.end_micros);
  AppendField(line, h.source);
  AppendField(line, h.file_format);
  AppendField(line, h.loaded_rows);
  AppendField(line, h.loaded_bytes);
  AppendField(line, h.file_count);
  AppendField(line, h.error_count);
  AppendField(line, h.error_message);
  line += '\n';

  std::lock_guard<std::mutex> lock(mutex_);
  std::string log_directory = directory_ + "/log";
  if (::mkdir(log_directory.c_str(), 0755) != 0 && errno != EEXIST) {
    return Status(StatusCode::kIOError,
                  "could not create \"" + log_directory + "\": " + std::strerror(errno));
  }
  RETURN_IF_ERROR(AppendToFile(directory_ + kErrorsFile, error_lines));
  return AppendToFile(directory_ + kHistoryFile, line);
}

Result<std::vector<LoadErrorRecord>> ReadLoadErrors(const std::string& directory) {
  ASSIGN_OR_RETURN(auto lines, ReadLines(directory + kErrorsFile, kErrorFields));
  std::vector<LoadErrorRecord> records;
  for (auto& f : lines) {
    LoadErrorRecord e;
    e.query_id = ToInt(f[0]);
    e.table_id = ToInt(f[1]);
    e.start_micros = ToInt(f[2]);
    e.file = std::move(f[3]);
    e.line_number = ToInt(f[4]);
    e.column_name = std::move(f[5]);
    e.column_type = std::move(f[6]);
    e.column_length = std::move(f[7]);
    e.position = ToInt(f[8]);
    e.raw_line = std::move(f[9]);
    e.raw_field_value = std::move(f[10]);
    e.error_code = ToInt(f[11]);
    e.reason = std::move(f[12]);
    records.push_back(std::move(e));
  }
  return records;
}

Result<std::vector<LoadHistoryRecord>> ReadLoadHistory(const std::string& directory) {
  ASSIGN_OR_RETURN(auto lines, ReadLines(directory + kHistoryFile, kHistoryFields));
  std::vector<LoadHistoryRecord> records;
  for (auto& f : lines) {
    LoadHistoryRecord h;
    h.query_id = ToInt(f[0]);
    h.table_id = ToInt(f[1]);
    h.table_name = std::move(f[2]);
    h.status = std::move(f[3]);
    h.start_micros = ToInt(f[4]);
    h.end_micros = ToInt(f[5]);
    h.source = std::move(f[6]);
    h.file_format = std::move(f[7]);
    h.loaded_rows = ToInt(f[8]);
    h.loaded_bytes = ToInt(f[9]);
    h.file_count = ToInt(f[10]);
    h.error_count = ToInt(f[11]);
    h.error_message = std::move(f[12]);
    records.push_back(std::move(h));
  }
  return records;
}

}  // namespace martlet
