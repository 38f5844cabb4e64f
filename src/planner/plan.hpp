// The logical plan: a tree of relational operators over bound expressions.
//
// Each node produces a list of columns (types + names). Expressions in a node refer to the
// columns of its input by index: for a join, the left child's columns come first, then the
// right child's. The optimizer rewrites this tree; the executor turns each node into one
// physical operator.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "common/sort_key.hpp"
#include "functions/window_call.hpp"
#include "functions/aggregate_function.hpp"
#include "planner/bound_expr.hpp"

namespace martlet {

enum class PlanKind {
  kScan,       // a base table
  kValues,     // constant rows (VALUES, SELECT without FROM)
  kFilter,     // predicate
  kProject,    // expressions
  kAggregate,  // group keys + aggregate calls, optionally several grouping sets
  kJoin,       // hash join on keys, with a residual predicate
  kSort,
  kLimit,
  kDistinct,
  kSetOp,      // UNION / INTERSECT / EXCEPT [ALL]
  kWindow,
  kResult,     // precomputed rows (system views, subquery results)
  kExternal,   // rows read from outside the database while the query runs (postgres_query)
  kCte,        // a reference to a WITH query the statement reads more than once (child: its plan)
};

// The rows of a WITH query that a statement reads more than once, computed once (as
// PostgreSQL materializes such a query): all its references share this, and the first to run
// fills it. A WITH query read once is planned in place instead.
struct CteRows {
  std::string name;
  int reads = 0;  // references to it in the statement's text
  std::once_flag computed;
  Status status;
  DataChunk rows;
};

// What a kExternal node reads. The binder gets it, with its columns, from an
// ExternalRelationProvider; the physical planner, which knows the concrete kinds, turns it
// into an operator.
class ExternalRelation {
 public:
  virtual ~ExternalRelation() = default;
  // Narrows the relation to the listed columns (indexes into its current columns, in
  // order), so that the source sends only those.
  virtual void KeepColumns(const std::vector<int>& columns) = 0;
};

enum class PlanJoinType { kInner, kLeft, kRight, kFull, kSemi, kAnti };

struct AggregateCall {
  std::string function;
  std::vector<BoundExprPtr> args;  // over the aggregate's input
  AggregateCallInfo info;
  AggregateBinding binding;
  LogicalType type;
};

struct PlanNode;
using PlanPtr = std::unique_ptr<PlanNode>;

struct PlanNode {
  PlanKind kind;
  std::vector<LogicalType> types;
  std::vector<std::string> names;
  std::vector<PlanPtr> children;
  double estimated_rows = 1000;

  // kScan
  std::shared_ptr<const TableEntry> table;
  std::vector<int> scan_columns;              // table column indexes read, in output order
  // The last scan_hidden of scan_columns are read only for scan_filters and not output.
  size_t scan_hidden = 0;
  std::vector<BoundExprPtr> scan_filters;     // over scan_columns (then the row id); used on zone maps too
  bool scan_row_ids = false;                  // last output column: BIGINT row id

  // kValues / kResult
  std::vector<std::vector<BoundExprPtr>> rows;  // kValues
  std::shared_ptr<DataChunk> result;             // kResult
  std::shared_ptr<ExternalRelation> external;    // kExternal
  std::shared_ptr<CteRows> cte;                  // kCte

  // kFilter / kJoin residual
  BoundExprPtr predicate;
  // kProject
  std::vector<BoundExprPtr> exprs;

  // kAggregate: output = group keys then aggregates (then GROUPING() id if grouping sets)
  std::vector<BoundExprPtr> group_keys;
  std::vector<AggregateCall> aggregates;
  std::vector<std::vector<int>> grouping_sets;  // empty: one set with every key

  // kJoin
  PlanJoinType join_type = PlanJoinType::kInner;
  std::vector<BoundExprPtr> left_keys;   // over the left child's columns
  std::vector<BoundExprPtr> right_keys;  // over the right child's columns
  bool null_aware = false;               // NOT IN: a NULL on the right means no row passes
  // kSemi / kAnti output only the left columns

  // kSort (and the order of kLimit's top-N): over the child's columns
  std::vector<SortKey> sort_keys;
  // kLimit
  int64_t limit = -1;  // -1: none
  int64_t offset = 0;

  // kSetOp
  int set_op = 0;  // 0 union, 1 intersect, 2 except
  bool set_all = false;

  // kWindow
  std::vector<WindowCall> window_calls;

  // The root of a correlated subquery's plan: predicates that join it to the enclosing
  // query. kColumn refers to this plan's output, kOuterColumn to the enclosing scope. The
  // first `visible_width` output columns are the subquery's select list; the rest were added
  // for these predicates.
  std::vector<BoundExprPtr> correlated;
  size_t visible_width = 0;
  bool correlated_grouped = false;  // one row per correlation key (a scalar aggregate)
  // For a correlated scalar aggregate: an output column that is never NULL (absent after the
  // LEFT JOIN when no row matched) and what the subquery returns over no rows (COUNT: 0).
  int correlated_marker = -1;
  BoundExprPtr correlated_empty_value;

  explicit PlanNode(PlanKind k) : kind(k) {}
  size_t width() const { return types.size(); }
};

// EXPLAIN text of a plan tree, one operator per line, children indented.
std::string PlanToString(const PlanNode& plan);

}  // namespace martlet
