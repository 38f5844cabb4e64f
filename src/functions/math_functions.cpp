// Mathematical functions. ABS, SIGN, CEIL/FLOOR, ROUND and TRUNC keep integers and decimals
// exact (ROUND of a decimal is a decimal); the transcendental ones (SQRT, EXP, LN, POWER,
// trigonometry, ...) work in DOUBLE PRECISION and return it, as Redshift documents. Errors
// use PostgreSQL's words ('cannot take square root of a negative number').
#include <cmath>
#include <random>

#include "common/decimal.hpp"
#include "functions/kernel_support.hpp"
#include "functions/math_internal.hpp"
#include "functions/numeric_support.hpp"

namespace martlet {
namespace {

Status InvalidArgument(const char* message) { return Status(StatusCode::kInvalidInput, message); }

Status Sqrt(double x, double* out) {
  if (x < 0) return InvalidArgument("cannot take square root of a negative number");
  *out = std::sqrt(x);
  return Status::Ok();
}
Status Cbrt(double x, double* out) {
  *out = std::cbrt(x);
  // The C library's cbrt can miss exact cubes by an ulp (cbrt(-27) = -3.0000000000000004).
  double nearest = std::nearbyint(*out);
  if (nearest * nearest * nearest == x) *out = nearest;
  return Status::Ok();
}
Status Exp(double x, double* out) {
  *out = std::exp(x);
  if (std::isinf(*out) && std::isfinite(x)) return FloatOverflow();
  if (*out == 0 && std::isfinite(x)) return FloatUnderflow();
  return Status::Ok();
}
Status CheckLogArgument(double x) {
  if (x == 0) return InvalidArgument("cannot take logarithm of zero");
  if (x < 0) return InvalidArgument("cannot take logarithm of a negative number");
  return Status::Ok();
}
Status Ln(double x, double* out) {
  RETURN_IF_ERROR(CheckLogArgument(x));
  *out = std::log(x);
  return Status::Ok();
}
Status Log10(double x, double* out) {
  RETURN_IF_ERROR(CheckLogArgument(x));
  *out = std::log10(x);
  return Status::Ok();
}
Status Degrees(double x, double* out) {
  *out = x * (180.0 / M_PI);
  return Status::Ok();
}
Status Radians(double x, double* out) {
  *out = x * (M_PI / 180.0);
  return Status::Ok();
}
template <double (*kFn)(double)>
Status Periodic(double x, double* out) {
  if (std::isinf(x)) return InvalidArgument("input is out of range");
  *out = kFn(x);
  return Status::Ok();
}
template <double (*kFn)(double)>
Status Inverse(double x, double* out) {
  if (x < -1 || x > 1) return InvalidArgument("input is out of range");
  *out = kFn(x);
  return Status::Ok();
}
Status Atan(double x, double* out) {
  *out = std::atan(x);
  return Status::Ok();
}
Status Cot(double x, double* out) {
  if (std::isinf(x)) return InvalidArgument("input is out of range");
  *out = 1.0 / std::tan(x);
  return Status::Ok();
}

Status Power(double x, double y, double* out) {
  if (x == 0 && y < 0) return InvalidArgument("zero raised to a negative power is undefined");
  if (x < 0 && std::isfinite(y) && std::floor(y) != y) {
    return InvalidArgument(
        "a negative number raised to a non-integer power yields a complex result");
  }
  *out = std::pow(x, y);
  if (std::isinf(*out) && std::isfinite(x) && std::isfinite(y)) return FloatOverflow();
  if (*out == 0 && x != 0 && std::isfinite(x) && std::isfinite(y)) return FloatUnderflow();
  return Status::Ok();
}
Status LogBase(double base, double x, double* out) {
  RETURN_IF_ERROR(CheckLogArgument(base));
  RETURN_IF_ERROR(CheckLogArgument(x));
  double denominator = std::log(base);
  if (denominator == 0) return DivisionByZero();
  *out = std::log(x) / denominator;
  return Status::Ok();
}
Status Atan2(double y, double x, double* out) {
  *out = std::atan2(y, x);
  return Status::Ok();
}

template <UnaryMath kFn>
Status UnaryDoubleKernel(const std::vector<const Vector*>& args, size_t count, Vector& result,
                         const FunctionContext&) {
  PropagateValidity(args, count, result);
  const double* a = args[0]->f64();
  const uint8_t* valid = result.validity();
  double* out = result.f64();
  for (size_t i = 0; i < count; i++) {
    if (valid[i]) RETURN_IF_ERROR(kFn(a[i], &out[i]));
  }
  return Status::Ok();
}

template <BinaryMath kFn>
Status BinaryDoubleKernel(const std::vector<const Vector*>& args, size_t count, Vector& result,
                          const FunctionContext&) {
  PropagateValidity(args, count, result);
  const double* a = args[0]->f64();
  const double* b = args[1]->f64();
  const uint8_t* valid = result.validity();
  double* out = result.f64();
  for (size_t i = 0; i < count; i++) {
    if (valid[i]) RETURN_IF_ERROR(kFn(a[i], b[i], &out[i]));
  }
  return Status::Ok();
}

bool IsNumberOrNull(const LogicalType& t) { return t.IsNumeric() || t.id() == TypeId::kNull; }

template <const char* kName, UnaryMath kFn>
Result<ScalarBinding> ResolveUnaryDouble(const std::vector<LogicalType>& types) {
  if (types.size() != 1 || !IsNumberOrNull(types[0])) return NoSuchFunction(kName, types);
  const LogicalType number(TypeId::kDouble);
  return MakeBinding({number}, number, &UnaryDoubleKernel<kFn>);
}

template <const char* kName, BinaryMath kFn>
Result<ScalarBinding> ResolveBinaryDouble(const std::vector<LogicalType>& types) {
  if (types.size() != 2 || !IsNumberOrNull(types[0]) || !IsNumberOrNull(types[1])) {
    return NoSuchFunction(kName, types);
  }
  const LogicalType number(TypeId::kDouble);
  return MakeBinding({number, number}, number, &BinaryDoubleKernel<kFn>);
}

Result<ScalarBinding> ResolveLog(const std::vector<LogicalType>& types) {
  static constexpr char kName[] = "log";
  if (types.size() == 1) return ResolveUnaryDouble<kName, &Log10>(types);
  return ResolveBinaryDouble<kName, &LogBase>(types);
}

Status Pi(const std::vector<const Vector*>&, size_t count, Vector& result, const FunctionContext&) {
  std::fill_n(result.validity(), count, 1);
  std::fill_n(result.f64(), count, M_PI);
  return Status::Ok();
}

Result<ScalarBinding> ResolvePi(const std::vector<LogicalType>& types) {
  if (!types.empty()) return NoSuchFunction("pi", types);
  return MakeBinding({}, LogicalType(TypeId::kDouble), &Pi);
}

Status Random(const std::vector<const Vector*>&, size_t count, Vector& result,
              const FunctionContext&) {
  // One generator per thread: kernels of different queries run concurrently.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_real_distribution<double> distribution(0.0, 1.0);
  std::fill_n(result.validity(), count, 1);
  double* out = result.f64();
  for (size_t i = 0; i < count; i++) out[i] = distribution(generator);
  return Status::Ok();
}

Result<ScalarBinding> ResolveRandom(const std::vector<LogicalType>& types) {
  if (!types.empty()) return NoSuchFunction("random", types);
  return MakeBinding({}, LogicalType(TypeId::kDouble), &Random, /*is_volatile=*/true);
}

constexpr char kSqrtName[] = "sqrt";
constexpr char kCbrtName[] = "cbrt";
constexpr char kExpName[] = "exp";
constexpr char kLnName[] = "ln";
// Redshift's double-precision spellings of EXP, LN and LOG.
constexpr char kDexpName[] = "dexp";
constexpr char kDlog1Name[] = "dlog1";
constexpr char kDlog10Name[] = "dlog10";
constexpr char kDegreesName[] = "degrees";
constexpr char kRadiansName[] = "radians";
constexpr char kSinName[] = "sin";
constexpr char kCosName[] = "cos";
constexpr char kTanName[] = "tan";
constexpr char kCotName[] = "cot";
constexpr char kAsinName[] = "asin";
constexpr char kAcosName[] = "acos";
constexpr char kAtanName[] = "atan";
constexpr char kAtan2Name[] = "atan2";
constexpr char kPowerName[] = "power";
constexpr char kPowName[] = "pow";

}  // namespace

void RegisterMathFunctions(FunctionRegistry& registry) {
  registry.AddScalar("sqrt", &ResolveUnaryDouble<kSqrtName, &Sqrt>);
  registry.AddScalar("cbrt", &ResolveUnaryDouble<kCbrtName, &Cbrt>);
  registry.AddScalar("exp", &ResolveUnaryDouble<kExpName, &Exp>);
  registry.AddScalar("ln", &ResolveUnaryDouble<kLnName, &Ln>);
  registry.AddScalar("log", &ResolveLog);
  registry.AddScalar("dexp", &ResolveUnaryDouble<kDexpName, &Exp>);
  registry.AddScalar("dlog1", &ResolveUnaryDouble<kDlog1Name, &Ln>);
  registry.AddScalar("dlog10", &ResolveUnaryDouble<kDlog10Name, &Log10>);
  registry.AddScalar("degrees", &ResolveUnaryDouble<kDegreesName, &Degrees>);
  registry.AddScalar("radians", &ResolveUnaryDouble<kRadiansName, &Radians>);
  registry.AddScalar("sin", &ResolveUnaryDouble<kSinName, &Periodic<std::sin>>);
  registry.AddScalar("cos", &ResolveUnaryDouble<kCosName, &Periodic<std::cos>>);
  registry.AddScalar("tan", &ResolveUnaryDouble<kTanName, &Periodic<std::tan>>);
  registry.AddScalar("cot", &ResolveUnaryDouble<kCotName, &Cot>);
  registry.AddScalar("asin", &ResolveUnaryDouble<kAsinName, &Inverse<std::asin>>);
  registry.AddScalar("acos", &ResolveUnaryDouble<kAcosName, &Inverse<std::acos>>);
  registry.AddScalar("atan", &ResolveUnaryDouble<kAtanName, &Atan>);
  registry.AddScalar("atan2", &ResolveBinaryDouble<kAtan2Name, &Atan2>);
  registry.AddScalar("power", &ResolveBinaryDouble<kPowerName, &Power>);
  registry.AddScalar("pow", &ResolveBinaryDouble<kPowName, &Power>);
  registry.AddScalar("pi", &ResolvePi);
  registry.AddScalar("random", &ResolveRandom);
  RegisterExactMathFunctions(registry);
}

}  // namespace martlet
