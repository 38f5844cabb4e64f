#include <cctype>

#include "common/string_distance.hpp"
#include "functions/function.hpp"
#include "functions/kernel_support.hpp"

namespace martlet {

FunctionRegistry::FunctionRegistry() {
  RegisterArithmeticFunctions(*this);
  RegisterComparisonFunctions(*this);
  RegisterMathFunctions(*this);
  RegisterStringFunctions(*this);
  RegisterPatternFunctions(*this);
  RegisterDateTimeFunctions(*this);
}

void FunctionRegistry::AddScalar(const std::string& name, ScalarResolver resolver) {
  scalars_[name].push_back(resolver);
}

bool FunctionRegistry::HasScalar(std::string_view name) const {
  return scalars_.find(name) != scalars_.end();
}

std::vector<std::string> FunctionRegistry::ScalarNames() const {
  std::vector<std::string> names;
  names.reserve(scalars_.size());
  for (const auto& entry : scalars_) names.push_back(entry.first);
  return names;
}

// Operators ("+", "~~") are never what a misspelt function name meant.
static bool IsIdentifier(const std::string& name) {
  return !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
}

// A generic "does not exist" says less than a resolver explaining why the types do not fit.
static bool IsGeneric(const Status& status) {
  return status.message().find("does not exist") != std::string::npos;
}

Result<ScalarBinding> FunctionRegistry::ResolveScalar(
    std::string_view name, const std::vector<LogicalType>& arg_types) const {
  auto it = scalars_.find(name);
  if (it == scalars_.end()) {
    Status missing = NoSuchFunction(name, arg_types);
    std::vector<std::string> candidates;
    for (const auto& entry : scalars_) {
      if (IsIdentifier(entry.first)) candidates.push_back(entry.first);
    }
    std::string hint = ClosestName(name, candidates);
    if (hint.empty()) return missing;
    return Status(StatusCode::kBindError, missing.message() + " (did you mean \"" + hint + "\"?)");
  }
  Status best;
  for (ScalarResolver resolver : it->second) {
    Result<ScalarBinding> binding = resolver(arg_types);
    if (binding.ok()) return binding;
    if (best.ok() || (IsGeneric(best) && !IsGeneric(binding.status()))) {
      best = binding.status();
    }
  }
  if (best.ok()) return NoSuchFunction(name, arg_types);
  return best;
}

}  // namespace martlet
