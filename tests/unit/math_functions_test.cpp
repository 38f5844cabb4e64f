#include <gtest/gtest.h>

#include <cmath>

#include "scalar_test_support.hpp"

namespace martlet {
namespace {

using testing::Big;
using testing::Dbl;
using testing::Dec;
using testing::Eval;
using testing::Int;
using testing::Null;
using testing::Small;

std::string ReturnType(const std::string& name, const std::vector<LogicalType>& types) {
  Result<ScalarBinding> binding = testing::Registry().ResolveScalar(name, types);
  return binding.ok() ? binding->return_type.ToString() : "ERROR: " + binding.status().message();
}

TEST(MathFunctionsTest, Abs) {
  EXPECT_EQ(Eval("abs", {Int(-5)}), "5");
  EXPECT_EQ(Eval("abs", {Dec("-1.50", 5, 2)}), "1.50");
  EXPECT_EQ(Eval("abs", {Dbl(-0.5)}), "0.5");
  EXPECT_EQ(Eval("abs", {Int(INT32_MIN)}), "ERROR: integer out of range");
  EXPECT_EQ(Eval("abs", {Big(INT64_MIN)}), "ERROR: bigint out of range");
  EXPECT_EQ(Eval("abs", {Small(-32768)}), "ERROR: smallint out of range");
  EXPECT_EQ(Eval("abs", {Null(TypeId::kInteger)}), "NULL");
  EXPECT_EQ(ReturnType("abs", {LogicalType::Decimal(7, 3)}), "numeric(7,3)");
  EXPECT_EQ(Eval("abs", {testing::Text("x")}),
            "ERROR: function abs(character varying) does not exist");
}

TEST(MathFunctionsTest, Sign) {
  EXPECT_EQ(Eval("sign", {Int(-5)}), "-1");
  EXPECT_EQ(Eval("sign", {Dec("0.00", 5, 2)}), "0");
  EXPECT_EQ(Eval("sign", {Dec("8.4", 5, 1)}), "1");
  EXPECT_EQ(Eval("sign", {Dbl(-2.5)}), "-1");
}

TEST(MathFunctionsTest, CeilFloorRoundTrunc) {
  EXPECT_EQ(Eval("ceil", {Dec("-42.8", 5, 1)}), "-42");
  EXPECT_EQ(Eval("ceiling", {Dec("42.2", 5, 1)}), "43");
  EXPECT_EQ(Eval("floor", {Dec("-42.2", 5, 1)}), "-43");
  EXPECT_EQ(Eval("floor", {Dec("42.8", 5, 1)}), "42");
  EXPECT_EQ(Eval("round", {Dec("42.5", 5, 1)}), "43");
  EXPECT_EQ(Eval("round", {Dec("-42.5", 5, 1)}), "-43");
  EXPECT_EQ(Eval("trunc", {Dec("-42.8", 5, 1)}), "-42");
  EXPECT_EQ(Eval("round", {Dec("9.5", 2, 1)}), "10");
  EXPECT_EQ(ReturnType("round", {LogicalType::Decimal(2, 1)}), "numeric(2,0)");
  EXPECT_EQ(ReturnType("ceil", {LogicalType::Decimal(38, 2)}), "numeric(37,0)");
  EXPECT_EQ(Eval("ceil", {Dbl(1.2)}), "2");
  EXPECT_EQ(Eval("floor", {Dbl(-1.2)}), "-2");
  EXPECT_EQ(Eval("round", {Dbl(2.5)}), "2");  // float rounds half to even, as PostgreSQL
  EXPECT_EQ(Eval("round", {Dbl(3.5)}), "4");
  EXPECT_EQ(Eval("trunc", {Dbl(-3.7)}), "-3");
  EXPECT_EQ(Eval("round", {Int(7)}), "7");
  EXPECT_EQ(ReturnType("floor", {LogicalType(TypeId::kSmallInt)}), "smallint");
}

TEST(MathFunctionsTest, RoundAndTruncToDigits) {
  EXPECT_EQ(Eval("round", {Dec("42.4382", 10, 4), Int(2)}), "42.4400");
  EXPECT_EQ(Eval("round", {Dec("-42.435", 10, 3), Int(2)}), "-42.440");
  EXPECT_EQ(Eval("round", {Dec("1234.5", 10, 1), Int(-2)}), "1200.0");
  EXPECT_EQ(Eval("round", {Dec("1.5", 10, 1), Int(-40)}), "0.0");
  EXPECT_EQ(Eval("round", {Dec("1.5", 10, 1), Int(5)}), "1.5");
  EXPECT_EQ(Eval("trunc", {Dec("42.4382", 10, 4), Int(2)}), "42.4300");
  EXPECT_EQ(Eval("trunc", {Dec("-42.4382", 10, 4), Int(1)}), "-42.4000");
  EXPECT_EQ(ReturnType("round", {LogicalType::Decimal(10, 4), LogicalType(TypeId::kInteger)}),
            "numeric(11,4)");
  std::string nines(38, '9');
  EXPECT_EQ(Eval("round", {Dec(nines, 38, 0), Int(-1)}),
            "ERROR: numeric field overflow: a field with precision 38, scale 0 must round to "
            "an absolute value less than 10^38");
  EXPECT_EQ(Eval("round", {Int(1250), Int(-2)}), "1300");
  EXPECT_EQ(Eval("round", {Int(-1250), Int(-2)}), "-1300");
  EXPECT_EQ(Eval("trunc", {Int(1299), Int(-2)}), "1200");
  EXPECT_EQ(Eval("round", {Small(32767), Int(-1)}), "ERROR: smallint out of range");
  EXPECT_EQ(Eval("round", {Dbl(2.345), Int(1)}), "2.3");
  EXPECT_EQ(Eval("round", {Dbl(-2.35), Int(1)}), "-2.4");
  EXPECT_EQ(Eval("trunc", {Dbl(2.99), Int(1)}), "2.9");
  EXPECT_EQ(Eval("round", {Dbl(1e300), Int(400)}), "1e+300");
  EXPECT_EQ(Eval("round", {Dec("1.5", 10, 1), Null(TypeId::kInteger)}), "NULL");
  EXPECT_EQ(Eval("ceil", {Dbl(1.5), Int(1)}),
            "ERROR: function ceil(double precision, integer) does not exist");
}

TEST(MathFunctionsTest, RootsAndExponentials) {
  EXPECT_EQ(Eval("sqrt", {Int(16)}), "4");
  EXPECT_EQ(Eval("sqrt", {Dec("2.25", 5, 2)}), "1.5");
  EXPECT_EQ(Eval("sqrt", {Dbl(-1)}), "ERROR: cannot take square root of a negative number");
  EXPECT_EQ(Eval("cbrt", {Dbl(-27)}), "-3");
  EXPECT_EQ(Eval("exp", {Int(0)}), "1");
  EXPECT_EQ(Eval("exp", {Dbl(1000)}), "ERROR: value out of range: overflow");
  EXPECT_EQ(Eval("exp", {Dbl(-1000)}), "ERROR: value out of range: underflow");
  EXPECT_EQ(Eval("ln", {Dbl(1)}), "0");
  EXPECT_EQ(Eval("ln", {Dbl(0)}), "ERROR: cannot take logarithm of zero");
  EXPECT_EQ(Eval("ln", {Int(-1)}), "ERROR: cannot take logarithm of a negative number");
  EXPECT_EQ(Eval("log", {Int(1000)}), "3");
  EXPECT_EQ(Eval("log", {Int(2), Int(64)}), "6");
  EXPECT_EQ(Eval("log", {Int(1), Int(64)}), "ERROR: division by zero");
  EXPECT_EQ(Eval("log", {Int(0), Int(64)}), "ERROR: cannot take logarithm of zero");
  EXPECT_EQ(Eval("power", {Int(2), Int(10)}), "1024");
  EXPECT_EQ(Eval("pow", {Dbl(-8), Dbl(1.0 / 3)}),
            "ERROR: a negative number raised to a non-integer power yields a complex result");
  EXPECT_EQ(Eval("power", {Int(0), Int(-1)}),
            "ERROR: zero raised to a negative power is undefined");
  EXPECT_EQ(Eval("power", {Dbl(10), Dbl(400)}), "ERROR: value out of range: overflow");
  EXPECT_EQ(Eval("power", {Dbl(10), Dbl(-400)}), "ERROR: value out of range: underflow");
  EXPECT_EQ(Eval("power", {Dbl(-2), Dbl(3)}), "-8");
  EXPECT_EQ(Eval("sqrt", {Null(TypeId::kNull)}), "NULL");
}

TEST(MathFunctionsTest, Trigonometry) {
  EXPECT_EQ(Eval("pi", {}), "3.141592653589793");
  EXPECT_EQ(Eval("degrees", {Dbl(M_PI)}), "180");
  EXPECT_EQ(Eval("radians", {Int(180)}), "3.141592653589793");
  EXPECT_EQ(Eval("sin", {Int(0)}), "0");
  EXPECT_EQ(Eval("cos", {Int(0)}), "1");
  EXPECT_EQ(Eval("tan", {Int(0)}), "0");
  EXPECT_EQ(Eval("asin", {Int(1)}), "1.5707963267948966");
  EXPECT_EQ(Eval("acos", {Int(1)}), "0");
  EXPECT_EQ(Eval("atan", {Int(1)}), "0.7853981633974483");
  EXPECT_EQ(Eval("atan2", {Int(1), Int(1)}), "0.7853981633974483");
  EXPECT_EQ(Eval("asin", {Dbl(1.5)}), "ERROR: input is out of range");
  EXPECT_EQ(Eval("acos", {Dbl(-1.5)}), "ERROR: input is out of range");
  EXPECT_EQ(Eval("sin", {Dbl(INFINITY)}), "ERROR: input is out of range");
  EXPECT_EQ(Eval("pi", {Int(1)}), "ERROR: function pi(integer) does not exist");
}

TEST(MathFunctionsTest, ModIsThePercentOperator) {
  EXPECT_EQ(Eval("mod", {Int(10), Int(3)}), "1");
  EXPECT_EQ(Eval("mod", {Dec("10.5", 5, 1), Int(3)}), "1.5");
  EXPECT_EQ(Eval("mod", {Int(10), Int(0)}), "ERROR: division by zero");
}

TEST(MathFunctionsTest, RandomIsVolatileAndInRange) {
  Result<ScalarBinding> binding = testing::Registry().ResolveScalar("random", {});
  ASSERT_TRUE(binding.ok());
  EXPECT_TRUE(binding->is_volatile);
  Vector out(binding->return_type, 1000);
  ASSERT_TRUE(binding->kernel({}, 1000, out, FunctionContext{}).ok());
  bool varied = false;
  for (size_t i = 0; i < 1000; i++) {
    ASSERT_FALSE(out.IsNull(i));
    ASSERT_GE(out.f64()[i], 0.0);
    ASSERT_LT(out.f64()[i], 1.0);
    varied |= out.f64()[i] != out.f64()[0];
  }
  EXPECT_TRUE(varied);
}

TEST(FunctionRegistryTest, UnknownFunctionsAndHints) {
  const FunctionRegistry& registry = testing::Registry();
  EXPECT_TRUE(registry.HasScalar("sqrt"));
  EXPECT_FALSE(registry.HasScalar("sqr"));
  Result<ScalarBinding> r = registry.ResolveScalar("sqr", {LogicalType(TypeId::kInteger)});
  EXPECT_EQ(r.status().code(), StatusCode::kBindError);
  EXPECT_EQ(r.status().message(), "function sqr(integer) does not exist (did you mean \"sqrt\"?)");
  r = registry.ResolveScalar("frobnicate", {LogicalType(TypeId::kInteger), LogicalType::Varchar()});
  EXPECT_EQ(r.status().message(), "function frobnicate(integer, character varying) does not exist");
  // A resolver's own explanation wins over the generic message.
  r = registry.ResolveScalar("abs", {LogicalType(TypeId::kDate)});
  EXPECT_EQ(r.status().message(), "function abs(date) does not exist");
  std::vector<std::string> names = registry.ScalarNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "round"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "="), names.end());
}

}  // namespace
}  // namespace martlet
