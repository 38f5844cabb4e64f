// Small pieces shared by the scalar kernels of the string, pattern and date/time groups:
// the row loop that turns NULL arguments into NULL results, and binding/arity helpers.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/types.hpp"
#include "common/vector.hpp"
#include "functions/function.hpp"
#include "martlet/status.hpp"

namespace martlet {

inline ScalarBinding MakeBinding(std::vector<LogicalType> arg_types, LogicalType return_type,
                                 ScalarKernel kernel, bool is_volatile = false) {
  ScalarBinding binding;
  binding.arg_types = std::move(arg_types);
  binding.return_type = return_type;
  binding.kernel = kernel;
  binding.is_volatile = is_volatile;
  return binding;
}

// 'function name(type, type) does not exist', as PostgreSQL words a call no overload fits.
inline Status NoSuchFunction(std::string_view name, const std::vector<LogicalType>& arg_types) {
  std::string text = "function " + std::string(name) + "(";
  for (size_t i = 0; i < arg_types.size(); i++) {
    if (i > 0) text += ", ";
    text += arg_types[i].ToString();
  }
  text += ") does not exist";
  return Status(StatusCode::kBindError, text);
}

inline bool IsTextOrUnknown(const LogicalType& type) {
  return type.IsString() || type.id() == TypeId::kNull;
}

// Runs `body(row)` for each row whose arguments are all non-NULL; the other rows become NULL.
// `body` returns void or Status, and may itself set the result row NULL.
template <typename Body>
Status ForEachValidRow(const std::vector<const Vector*>& args, size_t count, Vector& result,
                       Body&& body) {
  for (size_t row = 0; row < count; row++) {
    bool any_null = false;
    for (const Vector* arg : args) {
      if (arg->IsNull(row)) {
        any_null = true;
        break;
      }
    }
    if (any_null) {
      result.SetNull(row);
      continue;
    }
    result.SetValid(row);
    if constexpr (std::is_same_v<decltype(body(row)), void>) {
      body(row);
    } else {
      RETURN_IF_ERROR(body(row));
    }
  }
  return Status::Ok();
}

// Remembers the last text key it was given and what was derived from it, so that a kernel
// whose pattern/format/unit argument is the same on every row (the usual case) prepares it
// once per call instead of once per row.
template <typename T>
class LastKeyCache {
 public:
  // Returns the cached value for `key`, or nullptr when `key` differs from the last one.
  const T* Find(std::string_view key) const {
    return has_value_ && key == key_ ? &value_ : nullptr;
  }
  const T& Store(std::string_view key, T value) {
    key_.assign(key);
    value_ = std::move(value);
    has_value_ = true;
    return value_;
  }

 private:
  std::string key_;
  T value_{};
  bool has_value_ = false;
};

}  // namespace martlet
