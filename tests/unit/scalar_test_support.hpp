// Helpers for the scalar function tests: build values, resolve a function through the
// registry, cast arguments as the binding asks (as the binder would) and run the kernel.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/decimal.hpp"
#include "common/value.hpp"
#include "common/vector.hpp"
#include "functions/cast.hpp"
#include "functions/function.hpp"

namespace martlet::testing {

inline const FunctionRegistry& Registry() {
  static const FunctionRegistry registry;
  return registry;
}

inline Value Int(int64_t x) { return Value::FromInt64(LogicalType(TypeId::kInteger), x); }
inline Value Small(int64_t x) { return Value::FromInt64(LogicalType(TypeId::kSmallInt), x); }
inline Value Big(int64_t x) { return Value::FromInt64(LogicalType(TypeId::kBigInt), x); }
inline Value Dbl(double x) { return Value::Double(x); }
inline Value Real(double x) { return Value::FromDouble(LogicalType(TypeId::kReal), x); }
inline Value Bool(bool b) { return Value::Boolean(b); }
inline Value Text(std::string s) { return Value::Text(std::move(s)); }
inline Value Dec(const std::string& text, int precision, int scale) {
  return Value::FromInt128(LogicalType::Decimal(precision, scale),
                           ParseDecimal(text, precision, scale).value());
}
inline Value Null(TypeId id) { return Value::Null(LogicalType(id)); }

// Runs `name` over whole columns (all of one length) and returns the result column.
inline Result<Vector> CallColumns(const std::string& name, const std::vector<Vector>& columns,
                                  size_t count) {
  std::vector<LogicalType> types;
  for (const Vector& column : columns) types.push_back(column.type());
  ASSIGN_OR_RETURN(ScalarBinding binding, Registry().ResolveScalar(name, types));
  std::vector<Vector> cast;
  for (size_t i = 0; i < columns.size(); i++) {
    Vector converted(binding.arg_types[i], count);
    RETURN_IF_ERROR(CastVector(columns[i], converted, count));
    cast.push_back(std::move(converted));
  }
  std::vector<const Vector*> args;
  for (const Vector& v : cast) args.push_back(&v);
  Vector result(binding.return_type, count);
  RETURN_IF_ERROR(binding.kernel(args, count, result, FunctionContext{}));
  return result;
}

// Runs `name` on one row of argument values.
inline Result<Value> Call(const std::string& name, const std::vector<Value>& values) {
  std::vector<Vector> columns;
  for (const Value& v : values) {
    Vector column(v.type(), 1);
    column.SetValue(0, v);
    columns.push_back(std::move(column));
  }
  ASSIGN_OR_RETURN(Vector result, CallColumns(name, columns, 1));
  return result.GetValue(0);
}

// The result as psql would print it ("NULL" for NULL), or "ERROR: message".
inline std::string Show(const Result<Value>& result) {
  if (!result.ok()) return "ERROR: " + result.status().message();
  if (result.value().is_null()) return "NULL";
  return result.value().ToText();
}

inline std::string Eval(const std::string& name, const std::vector<Value>& values) {
  return Show(Call(name, values));
}

inline std::string CastText(const Value& value, const LogicalType& target) {
  return Show(CastValue(value, target));
}

}  // namespace martlet::testing
