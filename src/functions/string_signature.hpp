// A declarative signature for string functions: how many arguments, which are text and which
// are integers, what comes back. One resolver template serves every such function.
#pragma once

#include <cstdint>
#include <vector>

#include "functions/kernel_support.hpp"

namespace martlet {

enum class ArgKind : uint8_t { kText, kInteger };

struct StringSignature {
  const char* name;
  int min_args;
  int max_args;  // -1: variadic, the last kind repeats
  ArgKind kinds[6];
  TypeId returns;
  ScalarKernel kernel;
};

// Text arguments accept any type (the binder casts it to text, as Redshift does); integer
// arguments accept numbers and NULL.
template <const StringSignature& kSig>
Result<ScalarBinding> ResolveStringSignature(const std::vector<LogicalType>& types) {
  int n = static_cast<int>(types.size());
  if (n < kSig.min_args || (kSig.max_args >= 0 && n > kSig.max_args)) {
    return NoSuchFunction(kSig.name, types);
  }
  int last_kind = (kSig.max_args >= 0 ? kSig.max_args : kSig.min_args) - 1;
  std::vector<LogicalType> arg_types;
  arg_types.reserve(types.size());
  for (int i = 0; i < n; i++) {
    ArgKind kind = kSig.kinds[i < last_kind ? i : last_kind];
    if (kind == ArgKind::kText) {
      arg_types.push_back(LogicalType::Varchar());
    } else if (types[i].IsNumeric() || types[i].id() == TypeId::kNull) {
      arg_types.emplace_back(TypeId::kBigInt);
    } else {
      return NoSuchFunction(kSig.name, types);
    }
  }
  LogicalType returns =
      kSig.returns == TypeId::kVarchar ? LogicalType::Varchar() : LogicalType(kSig.returns);
  return MakeBinding(std::move(arg_types), returns, kSig.kernel);
}

}  // namespace martlet

namespace martlet {

// The second half of the string group (padding, repeating, character codes, md5), registered
// by RegisterStringFunctions.
void RegisterStringEditFunctions(FunctionRegistry& registry);
// The regular-expression half of the pattern group, registered by RegisterPatternFunctions.
void RegisterRegexFunctions(FunctionRegistry& registry);

}  // namespace martlet
