// Status and Result<T>: how every fallible call in Martlet reports failure.
//
// Errors are values. A function that can fail returns Status (nothing else to return) or
// Result<T> (a value or an error). The message states what went wrong first and the runtime
// values last; `position` is the byte offset into the SQL text the error is about, or -1.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace martlet {

enum class StatusCode : uint8_t {
  kOk,
  kSyntaxError,        // the SQL text does not parse
  kBindError,          // unknown table/column/function, ambiguous name, wrong arity
  kTypeError,          // operands of incompatible types
  kInvalidInput,       // a value that cannot be converted, out of range, too long
  kDivisionByZero,
  kOverflow,
  kConstraintViolation,// NOT NULL, duplicate key
  kSerializationError, // a concurrent transaction committed a conflicting change
  kCatalogError,       // an object exists already / does not exist
  kIOError,
  kCorruption,         // a file on disk is not what Martlet wrote
  kOutOfMemory,
  kNotSupported,       // valid SQL that Martlet does not run (yet)
  kInternal,           // a bug in Martlet
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, int position = -1)
      : code_(code), message_(std::move(message)), position_(position) {}

  static Status Ok() { return {}; }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  int position() const { return position_; }

  // Attaches a position to an error that has none yet (the innermost position wins).
  Status WithPosition(int position) const {
    Status copy = *this;
    if (copy.position_ < 0) copy.position_ = position;
    return copy;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  int position_ = -1;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace martlet

#define MARTLET_CONCAT_INNER(a, b) a##b
#define MARTLET_CONCAT(a, b) MARTLET_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` (a Status) is an error.
#define RETURN_IF_ERROR(expr)                 \
  do {                                        \
    ::martlet::Status _st = (expr);           \
    if (!_st.ok()) return _st;                \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

// `ASSIGN_OR_RETURN(auto x, MakeX());` declares x from a Result or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(MARTLET_CONCAT(_result_, __LINE__), lhs, expr)
