// Turns a logical plan into physical operators. Uncorrelated subqueries are run here, once,
// and replaced by their results.
#pragma once

#include <map>
#include <set>

#include "exec/operator.hpp"
#include "planner/plan.hpp"
#include "storage/transaction.hpp"

namespace martlet {

class MorselSource;
class RuntimeFilter;
struct JoinBuildState;

class PhysicalPlanner {
 public:
  PhysicalPlanner(Transaction& transaction, ExecContext& context)
      : transaction_(transaction), context_(context) {}

  // Prunes columns, resolves subqueries and builds the operator tree.
  Result<OperatorPtr> Build(PlanNode& plan);
  // Runs a plan to completion and returns all its rows.
  Result<DataChunk> Run(PlanNode& plan);

 private:
  // What the parallel copies of one pipeline share: the morsels of its scan and the hash
  // tables of its joins' build sides.
  struct PipelineShare {
    std::map<const PlanNode*, std::shared_ptr<MorselSource>> scans;
    std::map<const PlanNode*, std::shared_ptr<JoinBuildState>> joins;
  };

  Result<OperatorPtr> BuildNode(PlanNode& plan, PipelineShare* share = nullptr);
  // Extra copies of `plan`'s pipeline for the other worker threads (none when it cannot
  // run in parallel or there is one thread).
  Result<std::vector<OperatorPtr>> ParallelCopies(PlanNode& plan, PipelineShare& share);
  Status ResolveSubqueries(BoundExprPtr& expr);
  Status ResolveAll(PlanNode& plan);

  // Finds the scan a probe-side join key comes from and gives both ends a shared filter.
  void PlanRuntimeFiltersBottomUp(PlanNode& node);
  void PlanProbeSideFiltersBottomUp(PlanNode& node);
  void PlanBuildSideFiltersBottomUp(PlanNode& node);
  void PlanRuntimeFilters(PlanNode& join);
  void PlanTransitiveFilters(PlanNode& join);
  void PlanProbeSideFilters(PlanNode& join);
  void PlanBuildSideFilters(PlanNode& join);
  // A new runtime filter on the scan that column `column` of `side` comes from; no filter
  // when it comes from none.
  struct ScanFilter {
    std::shared_ptr<RuntimeFilter> filter;
    PlanNode* scan = nullptr;
    int column = -1;
  };
  ScanFilter AddScanFilter(PlanNode& side, int column);
  bool ReadsProbeSideFirst(const PlanNode& join) const;
  bool IsWholeTable(const PlanNode& plan) const;

  Transaction& transaction_;
  ExecContext& context_;
  // Runtime filters by the join (and key) that publishes them, and by the scan that reads them.
  std::map<std::pair<const PlanNode*, size_t>, std::shared_ptr<RuntimeFilter>> join_filters_;
  // The filters joins publish for each scan column (the probe-side filters above, by where
  // they apply), and the join keys already given them transitively.
  std::map<std::pair<const PlanNode*, int>, std::vector<std::shared_ptr<RuntimeFilter>>> column_filters_;
  std::set<std::pair<const PlanNode*, size_t>> transitive_planned_;
  std::map<const RuntimeFilter*, const PlanNode*> filter_sources_;  // the join publishing each
  std::set<const PlanNode*> builds_after_probe_side_;  // joins given transitive filters
  // Semi and anti joins' filters on their build sides, from the probe side's keys.
  std::map<std::pair<const PlanNode*, size_t>, std::shared_ptr<RuntimeFilter>> build_filters_;
  std::map<const PlanNode*, std::vector<std::pair<int, std::shared_ptr<RuntimeFilter>>>> scan_filters_;
};

}  // namespace martlet
