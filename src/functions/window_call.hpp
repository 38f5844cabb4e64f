// What the window operator computes for one window function call: the function, its
// argument, partition and order columns, and its frame.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/sort_key.hpp"
#include "functions/aggregate_function.hpp"

namespace martlet {

struct FrameSpec {
  // kDefault is SQL's default frame: with ORDER BY, RANGE BETWEEN UNBOUNDED PRECEDING AND
  // CURRENT ROW (the current row's peers included); without ORDER BY, the whole partition.
  enum Unit { kDefault, kRows, kRange };
  enum BoundKind { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Unit unit = kDefault;
  BoundKind start = kUnboundedPreceding;
  BoundKind end = kCurrentRow;
  int64_t start_offset = 0;  // for kPreceding / kFollowing
  int64_t end_offset = 0;
};

struct WindowCall {
  std::string function;  // lower case: row_number, rank, ..., or an aggregate name
  std::vector<int> arg_columns;
  LogicalType return_type;
  std::vector<int> partition_columns;
  std::vector<SortKey> order;  // nulls_first already resolved
  FrameSpec frame;
  bool ignore_nulls = false;  // lag, lead, first_value, last_value, nth_value
  // For aggregates; when absent the operator resolves `function` over the argument columns.
  std::optional<AggregateBinding> aggregate;
  AggregateCallInfo aggregate_info;
};

// row_number, rank, dense_rank, percent_rank, cume_dist, ntile, lag, lead, first_value,
// last_value, nth_value (aggregates are not listed here; see IsAggregateFunction).
}  // namespace martlet
