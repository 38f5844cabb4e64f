// The operator interface every physical operator implements.
//
// Execution pulls chunks from the root: Next() fills `out` with the next chunk of at most
// kChunkSize rows and returns true, or returns false when the operator is exhausted.
// An operator owns its children. Errors (overflow, bad cast, out of memory) are returned as
// Status and end the query.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/vector.hpp"
#include "functions/function.hpp"
#include "martlet/status.hpp"

namespace martlet {

// Per-query state every operator may read.
struct ExecContext {
  FunctionContext functions;
  int64_t memory_limit_bytes = 0;  // 0: no limit
  bool collect_stats = false;      // EXPLAIN ANALYZE
  int threads = 1;                 // worker threads for parallel pipelines
};

// Counters EXPLAIN ANALYZE prints.
struct OperatorStats {
  uint64_t rows_out = 0;
  uint64_t chunks_out = 0;
  int64_t nanos = 0;  // time inside Next, children included
  uint64_t blocks_read = 0;
  uint64_t blocks_skipped = 0;
};

class Operator {
 public:
  virtual ~Operator() = default;

  // Returns the next chunk in `out` (which the operator resets first).
  Result<bool> Next(ExecContext& context, DataChunk& out);

  // Builds the hash tables of the joins this operator streams from before any row is pulled,
  // so that their runtime filters are ready before the build side of a join above them is
  // read (see PhysicalPlanner::PlanTransitiveFilters). Operators that stream their first
  // child pass it on; the others have nothing to do.
  virtual Status PrepareBuilds(ExecContext& context) { return Status::Ok(); }

  virtual std::string Name() const = 0;
  // One line of detail for EXPLAIN (filter text, join keys, ...).
  virtual std::string Detail() const { return ""; }
  const std::vector<LogicalType>& types() const { return types_; }
  const OperatorStats& stats() const { return stats_; }
  // Adds the counters of `copy` (a parallel copy of this operator tree) to this tree's, so
  // that EXPLAIN ANALYZE shows the work of every thread. Time is summed over threads.
  void AbsorbStats(const Operator& copy);
  std::vector<std::unique_ptr<Operator>>& children() { return children_; }
  const std::vector<std::unique_ptr<Operator>>& children() const { return children_; }

 protected:
  virtual Result<bool> NextChunk(ExecContext& context, DataChunk& out) = 0;

  std::vector<LogicalType> types_;
  std::vector<std::unique_ptr<Operator>> children_;
  OperatorStats stats_;
};

using OperatorPtr = std::unique_ptr<Operator>;

// Pulls every chunk of `op` into one chunk (for blocking operators: sort, window, build
// sides). Fails with kOutOfMemory when it would pass `context.memory_limit_bytes`.
Result<DataChunk> CollectAll(ExecContext& context, Operator& op);

// The memory the rows of `chunk` take, roughly (for the memory limit).
size_t ApproximateBytes(const DataChunk& chunk);
// kOutOfMemory naming `what` when `bytes` is over the session's memory_limit.
Status CheckMemory(const ExecContext& context, size_t bytes, const std::string& what);

}  // namespace martlet
