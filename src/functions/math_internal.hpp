// Shared between the two halves of the math functions: the double-precision ones
// (math_functions.cpp) and the exact ones on integers and decimals (exact_math_functions.cpp).
#pragma once

#include "functions/function.hpp"
#include "martlet/status.hpp"

namespace martlet {

// A per-row math function on doubles; returns an error for an argument outside its domain.
using UnaryMath = Status (*)(double x, double* out);
using BinaryMath = Status (*)(double x, double y, double* out);

// ABS, SIGN, CEIL/CEILING, FLOOR, ROUND and TRUNC.
void RegisterExactMathFunctions(FunctionRegistry& registry);

}  // namespace martlet
