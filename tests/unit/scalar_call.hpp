// Test support: runs a registered scalar function on literal values, the way the executor
// would (resolve by argument types, fill vectors of the bound types, call the kernel).
#pragma once

#include <string>
#include <vector>

#include "common/date_time.hpp"
#include "common/value.hpp"
#include "common/vector.hpp"
#include "functions/function.hpp"

namespace martlet::scalar_test {

inline const FunctionRegistry& TestRegistry() {
  static const FunctionRegistry registry;
  return registry;
}

// Runs `name` on rows of arguments (rows[r][a]); all rows must have the same argument types.
inline Result<std::vector<Value>> CallRows(const std::string& name,
                                           const std::vector<std::vector<Value>>& rows,
                                           const FunctionContext& context = {}) {
  std::vector<LogicalType> types;
  for (const Value& v : rows.at(0)) types.push_back(v.type());
  ASSIGN_OR_RETURN(ScalarBinding binding, TestRegistry().ResolveScalar(name, types));
  size_t count = rows.size();
  std::vector<Vector> vectors;
  for (size_t a = 0; a < types.size(); a++) {
    Vector v(binding.arg_types[a], count);
    for (size_t r = 0; r < count; r++) {
      const Value& value = rows[r][a];
      if (!value.is_null() && value.type().physical() != binding.arg_types[a].physical()) {
        return Status(StatusCode::kInternal, "test passes " + value.type().ToString() +
                                                 " where the binding wants " +
                                                 binding.arg_types[a].ToString());
      }
      v.SetValue(r, value);
    }
    vectors.push_back(std::move(v));
  }
  std::vector<const Vector*> args;
  for (const Vector& v : vectors) args.push_back(&v);
  Vector result(binding.return_type, count);
  RETURN_IF_ERROR(binding.kernel(args, count, result, context));
  std::vector<Value> out;
  for (size_t r = 0; r < count; r++) out.push_back(result.GetValue(r));
  return out;
}

inline Result<Value> Call(const std::string& name, const std::vector<Value>& args,
                          const FunctionContext& context = {}) {
  ASSIGN_OR_RETURN(std::vector<Value> values, CallRows(name, {args}, context));
  return values[0];
}

// The result as psql prints it, "NULL" for NULL, or "ERROR: message".
inline std::string Show(const Result<Value>& result) {
  if (!result.ok()) return "ERROR: " + result.status().message();
  if (result.value().is_null()) return "NULL";
  return result.value().ToText();
}

inline std::string Eval(const std::string& name, const std::vector<Value>& args,
                        const FunctionContext& context = {}) {
  return Show(Call(name, args, context));
}

inline Value Text(std::string s) { return Value::Text(std::move(s)); }
inline Value Int(int64_t x) { return Value::BigInt(x); }
inline Value Null() { return Value::Null(); }
inline Value NullText() { return Value::Null(LogicalType::Varchar()); }
inline Value Dbl(double x) { return Value::Double(x); }
inline Value Date(std::string_view text) {
  return Value::FromInt64(LogicalType(TypeId::kDate), ParseDate(text).value());
}
inline Value Timestamp(std::string_view text) {
  return Value::FromInt64(LogicalType(TypeId::kTimestamp), ParseTimestamp(text).value());
}
inline Value TimestampTz(std::string_view text) {
  return Value::FromInt64(LogicalType(TypeId::kTimestampTz), ParseTimestamp(text).value());
}

}  // namespace martlet::scalar_test
