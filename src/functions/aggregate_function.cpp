#include "functions/aggregate_function.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "functions/aggregate_internal.hpp"

namespace martlet {

namespace {

constexpr std::array<std::string_view, 19> kAggregateNames = {"count",
                                                              "sum",
                                                              "avg",
                                                              "min",
                                                              "max",
                                                              "stddev",
                                                              "stddev_samp",
                                                              "stddev_pop",
                                                              "variance",
                                                              "var_samp",
                                                              "var_pop",
                                                              "bool_and",
                                                              "bool_or",
                                                              "every",
                                                              "listagg",
                                                              "median",
                                                              "percentile_cont",
                                                              "percentile_disc",
                                                              "any_value"};

std::string Lower(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// Aggregates for which DISTINCT cannot change the result, so no wrapper is needed.
bool DistinctIsNoOp(std::string_view name) {
  return name == "min" || name == "max" || name == "bool_and" || name == "bool_or" ||
         name == "every" || name == "any_value";
}

Result<AggregateBinding> ResolvePlain(std::string_view name,
                                      const std::vector<LogicalType>& arg_types,
                                      const AggregateCallInfo& info) {
  if (name == "stddev" || name == "stddev_samp" || name == "stddev_pop" || name == "variance" ||
      name == "var_samp" || name == "var_pop") {
    return ResolveStatisticsAggregate(name, arg_types);
  }
  if (name == "listagg" || name == "median" || name == "percentile_cont" ||
      name == "percentile_disc") {
    return ResolveOrderedAggregate(name, arg_types, info);
  }
  return ResolveBasicAggregate(name, arg_types, info);
}

}  // namespace

Status NoSuchAggregate(std::string_view name, const std::vector<LogicalType>& arg_types) {
  std::string types;
  for (size_t i = 0; i < arg_types.size(); i++) {
    if (i > 0) types += ", ";
    types += arg_types[i].ToString();
  }
  return Status(StatusCode::kTypeError, "function " + std::string(name) + "(" + types +
                                            ") does not exist; no aggregate matches the "
                                            "argument types, add an explicit cast");
}

Status WrongAggregateArity(std::string_view name, size_t expected) {
  return Status(StatusCode::kBindError, "function " + std::string(name) + " takes " +
                                            std::to_string(expected) + " argument(s)");
}

bool IsAggregateFunction(std::string_view name) {
  std::string lower = Lower(name);
  return std::find(kAggregateNames.begin(), kAggregateNames.end(), lower) != kAggregateNames.end();
}

Result<AggregateBinding> ResolveAggregate(std::string_view name,
                                          const std::vector<LogicalType>& arg_types,
                                          const AggregateCallInfo& info) {
  std::string lower = Lower(name);
  if (!IsAggregateFunction(lower)) {
    return Status(StatusCode::kBindError, "aggregate function " + lower + " does not exist");
  }
  if (info.approximate) {
    if (lower != "count" || !info.distinct) {
      return Status(StatusCode::kBindError,
                    "APPROXIMATE is only supported with COUNT(DISTINCT ...), not " + lower);
    }
    return ResolveApproximateCountDistinct(arg_types);
  }
  if (info.distinct && info.star) {
    return Status(StatusCode::kBindError, "COUNT(DISTINCT *) is not valid; name a column");
  }
  ASSIGN_OR_RETURN(AggregateBinding binding, ResolvePlain(lower, arg_types, info));
  if (info.distinct && !DistinctIsNoOp(lower)) return MakeDistinctAggregate(std::move(binding));
  return binding;
}

}  // namespace martlet
