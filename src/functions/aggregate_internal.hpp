// What the aggregate source files share; not for use outside src/functions/aggregate_*.cpp
// and hyperloglog.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "functions/aggregate_function.hpp"

namespace martlet {

// "function sum(text) does not exist", as PostgreSQL words a call with no matching types.
Status NoSuchAggregate(std::string_view name, const std::vector<LogicalType>& arg_types);
// "function avg() requires 1 argument(s)".
Status WrongAggregateArity(std::string_view name, size_t expected);

// Each resolver handles the names listed next to it and returns a binding without DISTINCT.
// count, sum, avg, min, max, any_value, bool_and, bool_or, every
Result<AggregateBinding> ResolveBasicAggregate(std::string_view name,
                                               const std::vector<LogicalType>& arg_types,
                                               const AggregateCallInfo& info);
// stddev, stddev_samp, stddev_pop, variance, var_samp, var_pop
Result<AggregateBinding> ResolveStatisticsAggregate(std::string_view name,
                                                    const std::vector<LogicalType>& arg_types);
// listagg, median, percentile_cont, percentile_disc
Result<AggregateBinding> ResolveOrderedAggregate(std::string_view name,
                                                 const std::vector<LogicalType>& arg_types,
                                                 const AggregateCallInfo& info);
// APPROXIMATE COUNT(DISTINCT x)
Result<AggregateBinding> ResolveApproximateCountDistinct(const std::vector<LogicalType>& arg_types);

// Wraps `inner` so that each group sees every distinct argument tuple once (rows whose first
// argument is NULL are dropped, as every aggregate skips them anyway).
AggregateBinding MakeDistinctAggregate(AggregateBinding inner);

}  // namespace martlet
