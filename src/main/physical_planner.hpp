// Turns a logical plan into physical operators. Uncorrelated subqueries are run here, once,
// and replaced by their results.
#pragma once

#include "exec/operator.hpp"
#include "planner/plan.hpp"
#include "storage/transaction.hpp"

namespace martlet {

class PhysicalPlanner {
 public:
  PhysicalPlanner(Transaction& transaction, ExecContext& context)
      : transaction_(transaction), context_(context) {}

  // Prunes columns, resolves subqueries and builds the operator tree.
  Result<OperatorPtr> Build(PlanNode& plan);
  // Runs a plan to completion and returns all its rows.
  Result<DataChunk> Run(PlanNode& plan);

 private:
  Result<OperatorPtr> BuildNode(PlanNode& plan);
  Status ResolveSubqueries(BoundExprPtr& expr);
  Status ResolveAll(PlanNode& plan);

  Transaction& transaction_;
  ExecContext& context_;
};

}  // namespace martlet
