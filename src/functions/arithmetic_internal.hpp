// The kernels behind + - * / % and unary minus, grouped by the representation they work
// on; arithmetic_functions.cpp chooses among them from the operand types.
#pragma once

#include "common/types.hpp"
#include "functions/function.hpp"
#include "martlet/status.hpp"

namespace martlet {

enum class ArithOp : uint8_t { kAdd, kSubtract, kMultiply, kDivide, kModulo };

// Both operands and the result have the integer type `type` (SMALLINT, INTEGER or BIGINT).
ScalarKernel IntegerArithmeticKernel(ArithOp op, TypeId type);
// Both operands and the result are REAL (is_real) or DOUBLE PRECISION.
ScalarKernel FloatArithmeticKernel(ArithOp op, bool is_real);
// Operands of any DECIMAL(p, s); the result type comes from DecimalResultType.
ScalarKernel DecimalArithmeticKernel(ArithOp op);
// Redshift's rules for the precision and scale of a computed DECIMAL, capped at 38 digits.
LogicalType DecimalResultType(ArithOp op, const LogicalType& a, const LogicalType& b);
// Unary minus of an integer, decimal, float or interval argument.
ScalarKernel NegateKernel(const LogicalType& type);

// Date, timestamp and interval operands: date + integer, timestamp - timestamp, interval *
// number, .... Fails with a plain error when the operands are not temporal ones.
Result<ScalarBinding> ResolveTemporalArithmetic(ArithOp op, const LogicalType& a,
                                                const LogicalType& b);

}  // namespace martlet
