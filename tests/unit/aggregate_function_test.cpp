#include "functions/aggregate_function.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>

#include "common/decimal.hpp"
#include "common/value.hpp"

namespace martlet {
namespace {

const LogicalType kInt(TypeId::kInteger);
const LogicalType kBig(TypeId::kBigInt);
const LogicalType kDbl(TypeId::kDouble);
const LogicalType kBool(TypeId::kBoolean);

Vector Ints(const LogicalType& type, const std::vector<std::optional<int64_t>>& values) {
  Vector v(type, values.size());
  for (size_t i = 0; i < values.size(); i++) {
    if (values[i]) {
      v.i64()[i] = *values[i];
    } else {
      v.SetNull(i);
    }
  }
  return v;
}

Vector Doubles(const std::vector<std::optional<double>>& values) {
  Vector v(kDbl, values.size());
  for (size_t i = 0; i < values.size(); i++) {
    if (values[i]) {
      v.f64()[i] = *values[i];
    } else {
      v.SetNull(i);
    }
  }
  return v;
}

Vector Decimals(int precision, int scale, const std::vector<std::optional<std::string>>& values) {
  Vector v(LogicalType::Decimal(precision, scale), values.size());
  for (size_t i = 0; i < values.size(); i++) {
    if (values[i]) {
      v.i128()[i] = ParseDecimal(*values[i], precision, scale).value();
    } else {
      v.SetNull(i);
    }
  }
  return v;
}

Vector Strings(const std::vector<std::optional<std::string>>& values) {
  Vector v(LogicalType::Varchar(), values.size());
  for (size_t i = 0; i < values.size(); i++) {
    if (values[i]) {
      v.str()[i] = *values[i];
    } else {
      v.SetNull(i);
    }
  }
  return v;
}

struct AggRun {
  AggregateBinding binding;
  std::unique_ptr<AggregateState> state;
};

AggRun Start(const std::string& name, const std::vector<LogicalType>& types,
             AggregateCallInfo info = {}) {
  Result<AggregateBinding> binding = ResolveAggregate(name, types, info);
  EXPECT_TRUE(binding.ok()) << binding.status().message();
  AggRun run{binding.value(), nullptr};
  run.state = run.binding.make_state();
  return run;
}

Result<std::vector<std::string>> Finish(AggRun& run, size_t groups) {
  Vector out(run.binding.return_type, groups);
  RETURN_IF_ERROR(run.state->Finalize(out));
  std::vector<std::string> texts;
  for (size_t g = 0; g < groups; g++) {
    texts.push_back(out.IsNull(g) ? "NULL" : out.GetValue(g).ToText());
  }
  return texts;
}

// Runs one aggregate over `args` with row i in group groups[i].
std::vector<std::string> Aggregate(const std::string& name, const std::vector<Vector>& args,
                                   const std::vector<uint32_t>& groups, size_t group_count,
                                   AggregateCallInfo info = {}) {
  std::vector<LogicalType> types;
  std::vector<const Vector*> ptrs;
  for (const Vector& arg : args) {
    types.push_back(arg.type());
    ptrs.push_back(&arg);
  }
  AggRun run = Start(name, types, info);
  run.state->Resize(group_count);
  Status st = run.state->Update(ptrs, groups.data(), groups.size());
  EXPECT_TRUE(st.ok()) << st.message();
  auto texts = Finish(run, group_count);
  EXPECT_TRUE(texts.ok()) << texts.status().message();
  return texts.ok() ? texts.value() : std::vector<std::string>{};
}

using Texts = std::vector<std::string>;

TEST(AggregateResolve, ReturnTypes) {
  AggregateCallInfo none;
  EXPECT_EQ(ResolveAggregate("count", {}, none)->return_type, kBig);
  EXPECT_EQ(ResolveAggregate("sum", {kInt}, none)->return_type, kBig);
  EXPECT_EQ(ResolveAggregate("sum", {kBig}, none)->return_type, LogicalType::Decimal(38, 0));
  EXPECT_EQ(ResolveAggregate("sum", {LogicalType::Decimal(15, 2)}, none)->return_type,
            LogicalType::Decimal(38, 2));
  EXPECT_EQ(ResolveAggregate("avg", {kInt}, none)->return_type, LogicalType::Decimal(38, 12));
  EXPECT_EQ(ResolveAggregate("avg", {LogicalType::Decimal(15, 8)}, none)->return_type,
            LogicalType::Decimal(38, 12));
  EXPECT_EQ(ResolveAggregate("avg", {LogicalType::Decimal(20, 14)}, none)->return_type,
            LogicalType::Decimal(38, 14));
  EXPECT_EQ(ResolveAggregate("AVG", {kDbl}, none)->return_type, kDbl);
  EXPECT_EQ(ResolveAggregate("max", {LogicalType::Varchar(10)}, none)->return_type,
            LogicalType::Varchar(10));
  EXPECT_EQ(ResolveAggregate("stddev", {kInt}, none)->arg_types[0], kDbl);
  EXPECT_TRUE(IsAggregateFunction("percentile_cont"));
  EXPECT_FALSE(IsAggregateFunction("lower"));
}

TEST(AggregateResolve, Errors) {
  AggregateCallInfo none;
  auto sum_text = ResolveAggregate("sum", {LogicalType::Varchar()}, none);
  ASSERT_FALSE(sum_text.ok());
  EXPECT_EQ(sum_text.status().code(), StatusCode::kTypeError);
  EXPECT_NE(sum_text.status().message().find("sum(character varying)"), std::string::npos);
  EXPECT_EQ(ResolveAggregate("avg", {kInt, kInt}, none).status().code(), StatusCode::kBindError);
  EXPECT_EQ(ResolveAggregate("bool_and", {kInt}, none).status().code(), StatusCode::kTypeError);
  AggregateCallInfo bad_fraction;
  bad_fraction.fraction = 1.5;
  EXPECT_EQ(ResolveAggregate("percentile_cont", {kDbl}, bad_fraction).status().code(),
            StatusCode::kInvalidInput);
  AggregateCallInfo approx;
  approx.approximate = true;
  EXPECT_FALSE(ResolveAggregate("sum", {kInt}, approx).ok());
}

TEST(AggregateCount, StarAndColumn) {
  Vector x = Ints(kInt, {1, std::nullopt, 3, std::nullopt, 5});
  std::vector<uint32_t> groups = {0, 0, 1, 1, 1};
  EXPECT_EQ(Aggregate("count", {x}, groups, 3), (Texts{"1", "2", "0"}));
  AggregateCallInfo star;
  star.star = true;
  EXPECT_EQ(Aggregate("count", {}, groups, 3, star), (Texts{"2", "3", "0"}));
}

TEST(AggregateSum, IntegersAndNulls) {
  Vector x = Ints(kInt, {1, 2, std::nullopt, 10, std::nullopt});
  EXPECT_EQ(Aggregate("sum", {x}, {0, 0, 1, 2, 2}, 4), (Texts{"3", "NULL", "10", "NULL"}));
}

TEST(AggregateSum, BigintOverflowIsAnError) {
  Vector x = Ints(kInt, {INT64_MAX, 1});
  AggRun run = Start("sum", {kInt});
  run.state->Resize(1);
  std::vector<uint32_t> groups = {0, 0};
  Status st = run.state->Update({&x}, groups.data(), 2);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kOverflow);
  EXPECT_NE(st.message().find("bigint out of range"), std::string::npos);
}

TEST(AggregateSum, BigintSumsToDecimalWithoutOverflow) {
  Vector x = Ints(kBig, {INT64_MAX, INT64_MAX, 2});
  EXPECT_EQ(Aggregate("sum", {x}, {0, 0, 0}, 1), (Texts{"18446744073709551616"}));
}

TEST(AggregateSum, DecimalIsExact) {
  Vector x = Decimals(15, 2, {"0.10", "0.20", "-0.05", std::nullopt, "99999999999.99"});
  EXPECT_EQ(Aggregate("sum", {x}, {0, 0, 0, 0, 1}, 2), (Texts{"0.25", "99999999999.99"}));
}

TEST(AggregateSum, DecimalOverflowIsAnError) {
  std::string big(38, '9');
  Vector x = Decimals(38, 0, {big, "1"});
  AggRun run = Start("sum", {x.type()});
  run.state->Resize(1);
  std::vector<uint32_t> groups = {0, 0};
  ASSERT_TRUE(run.state->Update({&x}, groups.data(), 2).ok());
  auto out = Finish(run, 1);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kOverflow);
}

TEST(AggregateSum, Double) {
  Vector x = Doubles({1.5, 2.25, std::nullopt});
  EXPECT_EQ(Aggregate("sum", {x}, {0, 0, 1}, 2), (Texts{"3.75", "NULL"}));
}

TEST(AggregateAvg, IntegersRoundHalfAwayFromZero) {
  Vector x = Ints(kInt, {1, 2, 2, -1, -2, -2, std::nullopt, 7});
  // 5/3 = 1.6666666..., -5/3, 7
  EXPECT_EQ(Aggregate("avg", {x}, {0, 0, 0, 1, 1, 1, 2, 3}, 4),
            (Texts{"1.666666666667", "-1.666666666667", "NULL", "7.000000000000"}));
}

TEST(AggregateAvg, DecimalKeepsLargerScale) {
  Vector x = Decimals(16, 14, {"1.00000000000001", "1.00000000000002"});
  EXPECT_EQ(Aggregate("avg", {x}, {0, 0}, 1), (Texts{"1.00000000000002"}));  // ...015 rounds up
  Vector y = Decimals(10, 2, {"0.01", "0.02"});
  EXPECT_EQ(Aggregate("avg", {y}, {0, 0}, 1), (Texts{"0.015000000000"}));
}

TEST(AggregateAvg, Double) {
  Vector x = Doubles({1.0, 2.0, std::nullopt});
  EXPECT_EQ(Aggregate("avg", {x}, {0, 0, 0}, 1), (Texts{"1.5"}));
}

TEST(AggregateMinMax, EveryPhysicalType) {
  std::vector<uint32_t> groups = {0, 0, 0, 1};
  Vector ints = Ints(kInt, {5, std::nullopt, -3, std::nullopt});
  EXPECT_EQ(Aggregate("min", {ints}, groups, 2), (Texts{"-3", "NULL"}));
  EXPECT_EQ(Aggregate("max", {ints}, groups, 2), (Texts{"5", "NULL"}));
  Vector strs = Strings({"pear", "apple", "zebra", "x"});
  EXPECT_EQ(Aggregate("min", {strs}, groups, 2), (Texts{"apple", "x"}));
  EXPECT_EQ(Aggregate("max", {strs}, groups, 2), (Texts{"zebra", "x"}));
  Vector dbls = Doubles({1.5, NAN, -2.0, 0.0});
  EXPECT_EQ(Aggregate("max", {dbls}, groups, 2), (Texts{"NaN", "0"}));
  EXPECT_EQ(Aggregate("min", {dbls}, groups, 2), (Texts{"-2", "0"}));
  Vector decs = Decimals(10, 2, {"1.10", "-7.25", "3.00", "0.01"});
  EXPECT_EQ(Aggregate("min", {decs}, groups, 2), (Texts{"-7.25", "0.01"}));
  Vector dates = Ints(LogicalType(TypeId::kDate), {19000, 18000, 20000, 0});
  EXPECT_EQ(Aggregate("max", {dates}, groups, 2), (Texts{"2024-10-04", "1970-01-01"}));
  Vector intervals(LogicalType(TypeId::kInterval), 4);
  intervals.interval()[0] = Interval{1, 0, 0};   // 30 days
  intervals.interval()[1] = Interval{0, 31, 0};  // longer
  intervals.interval()[2] = Interval{0, 0, 5};
  intervals.interval()[3] = Interval{0, 1, 0};
  Vector out(LogicalType(TypeId::kInterval), 2);
  AggRun run = Start("max", {intervals.type()});
  run.state->Resize(2);
  ASSERT_TRUE(run.state->Update({&intervals}, groups.data(), 4).ok());
  ASSERT_TRUE(run.state->Finalize(out).ok());
  EXPECT_EQ(out.interval()[0], (Interval{0, 31, 0}));
}

TEST(AggregateAnyValueAndBool, Basics) {
  Vector x = Ints(kInt, {std::nullopt, 4, 5});
  EXPECT_EQ(Aggregate("any_value", {x}, {0, 0, 1}, 3), (Texts{"4", "5", "NULL"}));
  Vector b = Ints(kBool, {1, 0, 1, std::nullopt, 1});
  std::vector<uint32_t> groups = {0, 0, 1, 1, 1};
  EXPECT_EQ(Aggregate("bool_and", {b}, groups, 3), (Texts{"f", "t", "NULL"}));
  EXPECT_EQ(Aggregate("every", {b}, groups, 3), (Texts{"f", "t", "NULL"}));
  EXPECT_EQ(Aggregate("bool_or", {b}, groups, 3), (Texts{"t", "t", "NULL"}));
}

// Splits the rows over two states, combines them and compares with one state over all rows.
void CheckCombine(const std::string& name, const Vector& x, AggregateCallInfo info = {}) {
  size_t n = x.size();
  std::vector<uint32_t> groups(n);
  for (size_t i = 0; i < n; i++) groups[i] = static_cast<uint32_t>(i % 3);
  std::vector<std::string> expected = Aggregate(name, {x}, groups, 3, info);
  AggRun a = Start(name, {x.type()}, info), b = Start(name, {x.type()}, info);
  a.state->Resize(3);
  b.state->Resize(2);  // b only knows groups 0 and 1, which map to a's 0 and 1
  Vector first(x.type()), second(x.type());
  first.AppendRange(x, 0, n / 2);
  second.AppendRange(x, n / 2, n - n / 2);
  std::vector<uint32_t> second_groups(groups.begin() + static_cast<long>(n / 2), groups.end());
  std::vector<uint32_t> b_rows, b_groups;
  Vector second_b(x.type()), second_a(x.type());
  std::vector<uint32_t> a_rows, a_groups;
  for (size_t i = 0; i < second.size(); i++) {
    if (second_groups[i] < 2) {
      b_rows.push_back(static_cast<uint32_t>(i));
      b_groups.push_back(second_groups[i]);
    } else {
      a_rows.push_back(static_cast<uint32_t>(i));
      a_groups.push_back(2);
    }
  }
  second_b.AppendSelected(second, b_rows.data(), b_rows.size());
  second_a.AppendSelected(second, a_rows.data(), a_rows.size());
  ASSERT_TRUE(a.state->Update({&first}, groups.data(), first.size()).ok());
  ASSERT_TRUE(a.state->Update({&second_a}, a_groups.data(), second_a.size()).ok());
  ASSERT_TRUE(b.state->Update({&second_b}, b_groups.data(), second_b.size()).ok());
  std::vector<uint32_t> target = {0, 1};
  ASSERT_TRUE(a.state->Combine(*b.state, target.data(), 2).ok());
  auto combined = Finish(a, 3);
  ASSERT_TRUE(combined.ok());
  EXPECT_EQ(combined.value(), expected) << name;
}

TEST(AggregateCombine, MatchesSinglePass) {
  std::vector<std::optional<int64_t>> ints;
  std::vector<std::optional<double>> dbls;
  std::vector<std::optional<std::string>> strs;
  for (int i = 0; i < 40; i++) {
    ints.push_back(i % 7 == 0 ? std::nullopt : std::optional<int64_t>((i * 37) % 11));
    dbls.push_back(i % 5 == 0 ? std::nullopt : std::optional<double>(i * 0.5));
    strs.push_back(std::to_string((i * 13) % 17));
  }
  Vector x = Ints(kInt, ints), d = Doubles(dbls), s = Strings(strs);
  for (const char* name : {"count", "sum", "avg", "min", "max", "any_value"}) CheckCombine(name, x);
  for (const char* name : {"sum", "avg", "stddev", "var_pop", "median"}) CheckCombine(name, d);
  CheckCombine("min", s);
  AggregateCallInfo distinct;
  distinct.distinct = true;
  CheckCombine("count", x, distinct);
  CheckCombine("sum", x, distinct);
  AggregateCallInfo approx;
  approx.distinct = approx.approximate = true;
  CheckCombine("count", s, approx);
  CheckCombine("percentile_disc", x);
}

TEST(AggregateDistinct, CountSumAvgListagg) {
  Vector x = Ints(kInt, {1, 1, 2, std::nullopt, 2, 3, 3, 3});
  std::vector<uint32_t> groups = {0, 0, 0, 0, 1, 1, 1, 1};
  AggregateCallInfo distinct;
  distinct.distinct = true;
  EXPECT_EQ(Aggregate("count", {x}, groups, 3, distinct), (Texts{"2", "2", "0"}));
  EXPECT_EQ(Aggregate("sum", {x}, groups, 3, distinct), (Texts{"3", "5", "NULL"}));
  EXPECT_EQ(Aggregate("avg", {x}, groups, 3, distinct), (Texts{"1.500000000000", "2.500000000000", "NULL"}));
  Vector s = Strings({"b", "a", "b", std::nullopt, "c", "c", "c", "a"});
  AggregateCallInfo list;
  list.distinct = true;
  list.delimiter = "|";
  list.order_descending = {false};
  EXPECT_EQ(Aggregate("listagg", {s, s}, groups, 2, list), (Texts{"a|b", "a|c"}));
  Vector d = Doubles({0.0, -0.0, NAN, NAN});
  EXPECT_EQ(Aggregate("count", {d}, {0, 0, 0, 0}, 1, distinct), (Texts{"2"}));
}

TEST(AggregateStatistics, KnownValues) {
  Vector x = Doubles({2, 4, 4, 4, 5, 5, 7, 9, std::nullopt, 3});
  std::vector<uint32_t> groups = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
  EXPECT_EQ(Aggregate("stddev_pop", {x}, groups, 3), (Texts{"2", "0", "NULL"}));
  EXPECT_EQ(Aggregate("var_pop", {x}, groups, 3), (Texts{"4", "0", "NULL"}));
  EXPECT_EQ(Aggregate("var_samp", {x}, groups, 3)[1], "NULL");  // one value
  EXPECT_EQ(Aggregate("variance", {x}, groups, 1 + 1)[0], Aggregate("var_samp", {x}, groups, 2)[0]);
  Vector one = Doubles({32.0 / 7.0});
  auto samp = Aggregate("var_samp", {x}, groups, 2);
  EXPECT_NEAR(std::stod(samp[0]), 32.0 / 7.0, 1e-12);
  EXPECT_NEAR(std::stod(Aggregate("stddev", {x}, groups, 2)[0]), std::sqrt(32.0 / 7.0), 1e-12);
}

TEST(AggregateStatistics, StableForLargeOffsets) {
  std::vector<std::optional<double>> values;
  for (int i = 0; i < 1000; i++) values.push_back(1e9 + (i % 2));
  Vector x = Doubles(values);
  std::vector<uint32_t> groups(1000, 0);
  EXPECT_NEAR(std::stod(Aggregate("var_pop", {x}, groups, 1)[0]), 0.25, 1e-9);
}

TEST(AggregateOrdered, ListaggOrdersAndDelimits) {
  Vector s = Strings({"b", "a", std::nullopt, "c", "d"});
  Vector key = Ints(kInt, {2, 3, 1, 1, 5});
  AggregateCallInfo info;
  info.delimiter = ", ";
  info.order_descending = {true};
  std::vector<uint32_t> groups = {0, 0, 0, 0, 1};
  EXPECT_EQ(Aggregate("listagg", {s, key}, groups, 3, info), (Texts{"a, b, c", "d", "NULL"}));
  AggregateCallInfo plain;
  EXPECT_EQ(Aggregate("listagg", {s}, groups, 2, plain), (Texts{"bac", "d"}));
}

TEST(AggregateOrdered, Percentiles) {
  Vector x = Doubles({5, 1, 3, 2, std::nullopt, 4, 10, 20});
  std::vector<uint32_t> groups = {0, 0, 0, 0, 0, 0, 1, 1};
  EXPECT_EQ(Aggregate("median", {x}, groups, 3), (Texts{"3", "15", "NULL"}));
  AggregateCallInfo info;
  info.fraction = 0.25;
  info.order_descending = {false};
  EXPECT_EQ(Aggregate("percentile_cont", {x}, groups, 2, info), (Texts{"2", "12.5"}));
  EXPECT_EQ(Aggregate("percentile_disc", {x}, groups, 2, info), (Texts{"2", "10"}));
  info.order_descending = {true};
  EXPECT_EQ(Aggregate("percentile_cont", {x}, groups, 2, info), (Texts{"4", "17.5"}));
  info.fraction = 0.0;
  info.order_descending = {false};
  EXPECT_EQ(Aggregate("percentile_disc", {x}, groups, 2, info), (Texts{"1", "10"}));
  Vector dates = Ints(LogicalType(TypeId::kDate), {0, 3});
  EXPECT_EQ(Aggregate("median", {dates}, {0, 0}, 1), (Texts{"1970-01-03"}));
  Vector strs = Strings({"b", "a", "c"});
  info.fraction = 0.5;
  EXPECT_EQ(Aggregate("percentile_disc", {strs}, {0, 0, 0}, 1, info), (Texts{"b"}));
}

TEST(AggregateOrdered, FinalizeTwiceAndUpdateAfter) {
  AggRun run = Start("median", {kDbl});
  run.state->Resize(1);
  Vector a = Doubles({1, 2, 3});
  std::vector<uint32_t> groups = {0, 0, 0};
  ASSERT_TRUE(run.state->Update({&a}, groups.data(), 3).ok());
  EXPECT_EQ(Finish(run, 1).value(), (Texts{"2"}));
  Vector b = Doubles({10});
  ASSERT_TRUE(run.state->Update({&b}, groups.data(), 1).ok());
  EXPECT_EQ(Finish(run, 1).value(), (Texts{"2.5"}));
}

TEST(AggregateApproximate, HyperLogLogWithinTwoPercent) {
  AggregateCallInfo approx;
  approx.distinct = approx.approximate = true;
  AggRun run = Start("count", {kBig}, approx);
  run.state->Resize(2);
  const size_t kDistinct = 1000000;
  Vector chunk(kBig, kChunkSize);
  std::vector<uint32_t> groups(kChunkSize, 0);
  for (size_t start = 0; start < kDistinct; start += kChunkSize) {
    size_t count = std::min(kChunkSize, kDistinct - start);
    for (size_t i = 0; i < count; i++) chunk.i64()[i] = static_cast<int64_t>((start + i) * 7919);
    ASSERT_TRUE(run.state->Update({&chunk}, groups.data(), count).ok());
    ASSERT_TRUE(run.state->Update({&chunk}, groups.data(), count).ok());  // duplicates
  }
  Vector small = Ints(kBig, {1, 2, 3, 3, std::nullopt});
  std::vector<uint32_t> ones(5, 1);
  ASSERT_TRUE(run.state->Update({&small}, ones.data(), 5).ok());
  auto out = Finish(run, 2).value();
  double estimate = std::stod(out[0]);
  EXPECT_NEAR(estimate, kDistinct, kDistinct * 0.02);
  EXPECT_EQ(out[1], "3");
}

TEST(AggregateApproximate, MidRangeAndStrings) {
  AggregateCallInfo approx;
  approx.distinct = approx.approximate = true;
  for (size_t distinct : {2000, 20000, 60000}) {
    AggRun run = Start("count", {LogicalType::Varchar()}, approx);
    run.state->Resize(1);
    Vector s(LogicalType::Varchar(), distinct);
    for (size_t i = 0; i < distinct; i++) s.str()[i] = "customer#" + std::to_string(i);
    std::vector<uint32_t> groups(distinct, 0);
    ASSERT_TRUE(run.state->Update({&s}, groups.data(), distinct).ok());
    double estimate = std::stod(Finish(run, 1).value()[0]);
    EXPECT_NEAR(estimate, static_cast<double>(distinct), distinct * 0.03) << distinct;
  }
}

TEST(AggregateMany, ManyGroupsRandomAgreesWithReference) {
  std::mt19937 rng(7);
  const size_t n = 10000, g = 97;
  std::vector<std::optional<int64_t>> values(n);
  std::vector<uint32_t> groups(n);
  std::vector<int64_t> sums(g, 0), counts(g, 0);
  for (size_t i = 0; i < n; i++) {
    groups[i] = rng() % g;
    if (rng() % 10 == 0) continue;
    values[i] = static_cast<int64_t>(rng() % 1000) - 500;
    sums[groups[i]] += *values[i];
    counts[groups[i]]++;
  }
  Vector x = Ints(kInt, values);
  auto sum = Aggregate("sum", {x}, groups, g);
  auto count = Aggregate("count", {x}, groups, g);
  for (size_t k = 0; k < g; k++) {
    EXPECT_EQ(count[k], std::to_string(counts[k]));
    EXPECT_EQ(sum[k], counts[k] ? std::to_string(sums[k]) : "NULL");
  }
}

}  // namespace
}  // namespace martlet
