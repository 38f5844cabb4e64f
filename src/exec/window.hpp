// WindowOperator: window functions (OVER (PARTITION BY ... ORDER BY ... frame)).
//
// The operator is blocking: it collects its whole input, orders it by each call's partition
// and order keys, computes every call and then emits the child's columns followed by one
// column per call. Rows come out in the order of the first call's (partition, order) sort.
//
// The binder projects every argument, partition key and order key into a column of the
// child first, so the operator never evaluates expressions. Constant arguments are columns
// too: ntile(n): arg_columns = {n}; lag/lead(x [, offset [, default]]): {x, offset, default}
// with offset BIGINT and default of x's type; nth_value(x, n): {x, n} with n BIGINT.
//
// Aggregates over a frame (sum, avg, count, min, max, ... from aggregate_function.hpp) are
// computed incrementally when the frame starts at UNBOUNDED PRECEDING (running totals) or ends
// at UNBOUNDED FOLLOWING, in one pass per partition when the frame is the whole partition,
// and otherwise by feeding each row's frame to its own group (cost: sum of frame sizes).
// RANGE frames support UNBOUNDED and CURRENT ROW bounds only; DISTINCT is rejected, as
// PostgreSQL does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exec/operator.hpp"
#include "exec/sort_keys.hpp"
#include "functions/aggregate_function.hpp"
#include "functions/window_call.hpp"

namespace martlet {

bool IsWindowFunction(std::string_view name);
// The result type of a non-aggregate window function, or kBindError for a wrong arity.
// row_number, rank, dense_rank -> BIGINT; ntile -> INTEGER; percent_rank, cume_dist ->
// DOUBLE PRECISION; the value functions -> the type of their first argument.
Result<LogicalType> ResolveWindowFunction(std::string_view name,
                                          const std::vector<LogicalType>& arg_types);

class WindowOperator final : public Operator {
 public:
  WindowOperator(OperatorPtr child, std::vector<WindowCall> calls);

  std::string Name() const override { return "Window"; }
  std::string Detail() const override;

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override;

 private:
  Status Compute(ExecContext& context);

  std::vector<WindowCall> calls_;
  bool computed_ = false;
  DataChunk input_;
  std::vector<uint32_t> emit_rows_;  // input rows in output order
  std::vector<Vector> results_;      // one per call, in output order
  size_t next_row_ = 0;
};

}  // namespace martlet
