// Scalar functions and operators: how the binder finds them and the executor runs them.
//
// A function is registered under a lower-case name (operators under their symbol: "+", "=",
// "||", "~~" for LIKE, ...) with a resolver. Given the argument types the binder found, the
// resolver either picks an implementation (a ScalarBinding: the types the arguments must be
// cast to, the result type and the kernel) or says why none fits.
//
// Kernels run on whole vectors. Every argument vector has `count` rows and exactly the type
// the binding asked for; `result` has already been resized to `count` rows with the binding's
// return type. A kernel sets NULLs itself (for most functions: NULL in -> NULL out) and
// returns an error Status for bad data (overflow, division by zero, bad format) that names
// the function and the offending value.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.hpp"
#include "common/vector.hpp"
#include "martlet/status.hpp"

namespace martlet {

// What a kernel may know about the statement it runs in.
struct FunctionContext {
  int64_t statement_start_micros = 0;  // GETDATE(), CURRENT_DATE: fixed for one statement
  int64_t transaction_start_micros = 0;  // SYSDATE, CURRENT_TIMESTAMP (Redshift semantics)
};

using ScalarKernel = Status (*)(const std::vector<const Vector*>& args, size_t count,
                                Vector& result, const FunctionContext& context);

struct ScalarBinding {
  std::vector<LogicalType> arg_types;  // the binder casts each argument to these
  LogicalType return_type;
  ScalarKernel kernel = nullptr;
  bool is_volatile = false;  // RANDOM(), GETDATE(): never constant-folded
};

using ScalarResolver = Result<ScalarBinding> (*)(const std::vector<LogicalType>& arg_types);

class FunctionRegistry {
 public:
  // Registers every built-in function and operator.
  FunctionRegistry();

  void AddScalar(const std::string& name, ScalarResolver resolver);
  bool HasScalar(std::string_view name) const;
  // Fails with kBindError: 'function foo(integer) does not exist' (with a did-you-mean when a
  // registered name is close), or the resolver's own message for wrong argument types.
  Result<ScalarBinding> ResolveScalar(std::string_view name,
                                      const std::vector<LogicalType>& arg_types) const;
  std::vector<std::string> ScalarNames() const;

 private:
  std::map<std::string, std::vector<ScalarResolver>, std::less<>> scalars_;
};

// Each group of built-ins registers itself through one of these (one .cpp file per group).
void RegisterArithmeticFunctions(FunctionRegistry& registry);
void RegisterComparisonFunctions(FunctionRegistry& registry);
void RegisterMathFunctions(FunctionRegistry& registry);
void RegisterStringFunctions(FunctionRegistry& registry);
void RegisterPatternFunctions(FunctionRegistry& registry);  // LIKE, ILIKE, ~, REGEXP_*
void RegisterDateTimeFunctions(FunctionRegistry& registry);

}  // namespace martlet
