// The arithmetic operators + - * / % (and unary - and +) and MOD(): choosing the operand
// types and the kernel. Mixed numeric operands are brought to one type first, following
// Redshift's table of computation types: integers widen to the wider integer, an integer
// meeting a decimal becomes a decimal wide enough for every value of its type, REAL with
// REAL stays REAL and any other mix with a float is DOUBLE PRECISION.
#include <algorithm>

#include "common/types.hpp"
#include "functions/arithmetic_internal.hpp"
#include "functions/kernel_support.hpp"
#include "functions/numeric_support.hpp"

namespace martlet {
namespace {

const char* Symbol(ArithOp op) {
  switch (op) {
    case ArithOp::kAdd:
      return "+";
    case ArithOp::kSubtract:
      return "-";
    case ArithOp::kMultiply:
      return "*";
    case ArithOp::kDivide:
      return "/";
    case ArithOp::kModulo:
      return "%";
  }
  return "?";
}

Status NoOperator(std::string_view symbol, const std::vector<LogicalType>& types) {
  std::string text = "operator does not exist: ";
  if (types.size() == 1) {
    text += std::string(symbol) + " " + types[0].ToString();
  } else {
    text += types[0].ToString() + " " + std::string(symbol) + " " + types[1].ToString();
  }
  return Status(StatusCode::kBindError, text);
}

int IntegerRank(TypeId id) { return id == TypeId::kSmallInt ? 1 : id == TypeId::kInteger ? 2 : 3; }

// An untyped NULL, or a string (an untyped literal, read the way PostgreSQL reads
// '2' + 1), takes the type of the other operand.
LogicalType Settle(const LogicalType& type, const LogicalType& other) {
  if (type.id() == TypeId::kNull) {
    return other.id() == TypeId::kNull ? LogicalType(TypeId::kInteger) : other;
  }
  if (type.IsString() && other.IsNumeric()) return other;
  return type;
}

Result<ScalarBinding> ResolveNumeric(ArithOp op, const LogicalType& a, const LogicalType& b) {
  if (a.IsFloat() || b.IsFloat()) {
    bool is_real = a.id() == TypeId::kReal && b.id() == TypeId::kReal;
    LogicalType type(is_real ? TypeId::kReal : TypeId::kDouble);
    return MakeBinding({type, type}, type, FloatArithmeticKernel(op, is_real));
  }
  if (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal) {
    LogicalType x = a.IsInteger() ? DecimalForInteger(a.id()) : a;
    LogicalType y = b.IsInteger() ? DecimalForInteger(b.id()) : b;
    return MakeBinding({x, y}, DecimalResultType(op, x, y), DecimalArithmeticKernel(op));
  }
  LogicalType wider = IntegerRank(a.id()) >= IntegerRank(b.id()) ? a : b;
  return MakeBinding({wider, wider}, wider, IntegerArithmeticKernel(op, wider.id()));
}

Result<ScalarBinding> ResolveBinary(ArithOp op, const std::vector<LogicalType>& types) {
  LogicalType a = Settle(types[0], types[1]);
  LogicalType b = Settle(types[1], types[0]);
  if (a.IsNumeric() && b.IsNumeric()) return ResolveNumeric(op, a, b);
  Result<ScalarBinding> temporal = ResolveTemporalArithmetic(op, a, b);
  if (temporal.ok()) return temporal;
  return NoOperator(Symbol(op), types);
}

Status UnaryPlus(const std::vector<const Vector*>& args, size_t count, Vector& result,
                 const FunctionContext&) {
  PropagateValidity(args, count, result);
  const Vector& in = *args[0];
  switch (result.type().physical()) {
    case PhysicalType::kInt64:
      std::copy_n(in.i64(), count, result.i64());
      break;
    case PhysicalType::kInt128:
      std::copy_n(in.i128(), count, result.i128());
      break;
    case PhysicalType::kDouble:
      std::copy_n(in.f64(), count, result.f64());
      break;
    case PhysicalType::kInterval:
      std::copy_n(in.interval(), count, result.interval());
      break;
    case PhysicalType::kString:
      std::copy_n(in.str(), count, result.str());
      break;
  }
  return Status::Ok();
}

Result<ScalarBinding> ResolveUnary(std::string_view symbol, const LogicalType& type) {
  LogicalType arg = type.id() == TypeId::kNull ? LogicalType(TypeId::kInteger) : type;
  bool fits = arg.IsNumeric() || arg.id() == TypeId::kInterval;
  if (!fits) return NoOperator(symbol, {type});
  if (symbol == "-") return MakeBinding({arg}, arg, NegateKernel(arg));
  return MakeBinding({arg}, arg, &UnaryPlus);
}

template <ArithOp kOp>
Result<ScalarBinding> ResolveOperator(const std::vector<LogicalType>& types) {
  if (types.size() == 2) return ResolveBinary(kOp, types);
  if (types.size() == 1 && (kOp == ArithOp::kAdd || kOp == ArithOp::kSubtract)) {
    return ResolveUnary(Symbol(kOp), types[0]);
  }
  return NoSuchFunction(Symbol(kOp), types);
}

Result<ScalarBinding> ResolveMod(const std::vector<LogicalType>& types) {
  if (types.size() == 2) {
    LogicalType a = Settle(types[0], types[1]);
    LogicalType b = Settle(types[1], types[0]);
    if (a.IsNumeric() && b.IsNumeric()) return ResolveNumeric(ArithOp::kModulo, a, b);
  }
  return NoSuchFunction("mod", types);
}

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry& registry) {
  registry.AddScalar("+", &ResolveOperator<ArithOp::kAdd>);
  registry.AddScalar("-", &ResolveOperator<ArithOp::kSubtract>);
  registry.AddScalar("*", &ResolveOperator<ArithOp::kMultiply>);
  registry.AddScalar("/", &ResolveOperator<ArithOp::kDivide>);
  registry.AddScalar("%", &ResolveOperator<ArithOp::kModulo>);
  registry.AddScalar("mod", &ResolveMod);
}

}  // namespace martlet
