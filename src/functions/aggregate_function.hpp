// Aggregate functions: COUNT, SUM, AVG, MIN, MAX, statistics, LISTAGG, percentiles, ...
//
// A hash aggregate numbers its groups 0..n-1. Each aggregate call owns an AggregateState,
// which keeps the state of every group in arrays indexed by group id, so that an update of a
// whole chunk is one tight loop over (row, group) pairs. All methods are called by one
// thread at a time; parallel aggregation gives each thread its own state and Combines them.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.hpp"
#include "common/vector.hpp"
#include "martlet/status.hpp"

namespace martlet {

class AggregateState {
 public:
  virtual ~AggregateState() = default;
  // Grows the number of groups; new groups hold the empty state (COUNT 0, SUM NULL, ...).
  virtual void Resize(size_t group_count) = 0;
  // Adds `count` rows: row i belongs to group group_ids[i]. `args` have exactly the
  // binding's arg_types and `count` rows. NULL arguments are skipped as SQL says (COUNT(*)
  // has no arguments and counts every row).
  virtual Status Update(const std::vector<const Vector*>& args, const uint32_t* group_ids,
                        size_t count) = 0;
  // Folds group g of `other` (same function, same binding) into group target[g] of this.
  virtual Status Combine(AggregateState& other, const uint32_t* target, size_t count) = 0;
  // Writes one value per group into `out` (already of the return type, resized to the
  // group count). Finalize leaves the state as it was: it may run again, and Update may
  // follow it (the window operator finalizes running aggregates after every step).
  virtual Status Finalize(Vector& out) = 0;
};

// What the binder knows about a call besides its argument types.
struct AggregateCallInfo {
  bool distinct = false;        // COUNT(DISTINCT x)
  bool approximate = false;     // APPROXIMATE COUNT(DISTINCT x): HyperLogLog
  bool star = false;            // COUNT(*)
  // WITHIN GROUP (ORDER BY ...): for LISTAGG the order keys follow the regular arguments in
  // `args` (one descending flag per key); for PERCENTILE_CONT/DISC the ordered expression is
  // the only argument and `fraction` is the constant written in the call.
  std::vector<bool> order_descending;
  double fraction = 0.5;
  std::string delimiter;  // LISTAGG's constant delimiter ("" when none)
  // GROUPING(a, b): the group-key indexes of its arguments. Such a call has no state: its
  // value is fixed by the grouping set a row comes from.
  std::vector<int> grouping_keys;
};

struct AggregateBinding {
  std::vector<LogicalType> arg_types;  // the binder casts the arguments to these
  LogicalType return_type;
  std::function<std::unique_ptr<AggregateState>()> make_state;
};

// Result types (PostgreSQL-like, with exact decimals where PostgreSQL has numeric):
//   COUNT(*), COUNT(x), APPROXIMATE COUNT(DISTINCT x)  BIGINT (0 for an empty group)
//   SUM(smallint/integer) BIGINT ('bigint out of range' on overflow);
//   SUM(bigint) DECIMAL(38,0); SUM(decimal(p,s)) DECIMAL(38,s), exact ('numeric field
//   overflow' past 38 digits); SUM(real/double) the argument type; SUM(interval) INTERVAL
//   AVG(integer types) DECIMAL(38,12); AVG(decimal(p,s)) DECIMAL(38,max(s,12)), both rounded
//   half away from zero; AVG(real/double) DOUBLE PRECISION
//   MIN, MAX, ANY_VALUE: the argument type (any type); BOOL_AND/BOOL_OR/EVERY: BOOLEAN
//   STDDEV*/VAR*: DOUBLE PRECISION (arguments cast to double; NULL below 2 rows for _samp)
//   LISTAGG: VARCHAR (value cast to VARCHAR; delimiter from info.delimiter)
//   MEDIAN, PERCENTILE_CONT: DOUBLE PRECISION for numbers, the argument type for
//   DATE/TIMESTAMP; PERCENTILE_DISC: the argument type
// Every aggregate but COUNT returns NULL for a group without non-NULL input. The binding's
// arg_types may differ from the given types (e.g. STDDEV asks for DOUBLE PRECISION): the
// binder must cast the arguments to them.
bool IsAggregateFunction(std::string_view name);
// Names: count, sum, avg, min, max, stddev, stddev_samp, stddev_pop, variance, var_samp,
// var_pop, bool_and, bool_or, every, listagg, median, percentile_cont, percentile_disc,
// any_value. `arg_types` are the types of the regular arguments followed by any WITHIN
// GROUP order keys. Errors are kBindError / kTypeError with a message naming the function.
Result<AggregateBinding> ResolveAggregate(std::string_view name,
                                          const std::vector<LogicalType>& arg_types,
                                          const AggregateCallInfo& info);

// The second step of a COUNT computed in two (planner/eager_aggregation.cpp): adds up partial
// counts (BIGINT), a NULL one (a row an outer join made up) counting as 0; 0 for an empty
// group.
AggregateBinding CountTotalBinding();

}  // namespace martlet
