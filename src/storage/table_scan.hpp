// The scan of a stored table: reads the needed columns block by block, skips blocks whose
// zone maps rule out the pushed-down filters, drops deleted rows, applies the filters, and
// appends the transaction's buffered rows at the end.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/operator.hpp"
#include "exec/runtime_filter.hpp"
#include "planner/bound_expr.hpp"
#include "storage/database_state.hpp"
#include "storage/row_group_file_cache.hpp"

namespace martlet {

// The blocks of a table scan, handed out one at a time so that several copies of a scan
// (one per worker thread) read disjoint parts of the table. Thread-safe.
class MorselSource;

struct TableScanSpec {
  std::string directory;
  RowGroupFileCache* files = nullptr;      // the database's open files; null: open them here
  std::shared_ptr<const TableEntry> table;
  std::shared_ptr<const TableData> data;  // may be null (a table with no rows yet)
  const DataChunk* pending = nullptr;      // buffered rows of the reading transaction
  std::vector<int> columns;                // table column indexes read, in output order
  size_t hidden = 0;                       // the last `hidden` columns are read for `filters` only
  std::vector<BoundExprPtr> filters;       // over `columns` (then the row id)
  bool row_ids = false;                    // append a BIGINT row-id column
  std::shared_ptr<MorselSource> morsels;   // shared by parallel copies; made when null
  // Filters from hash joins above: rows whose value in `column` can find no join partner
  // are dropped here (and whole blocks, by their zone maps).
  std::vector<std::pair<int, std::shared_ptr<RuntimeFilter>>> runtime_filters;
};

OperatorPtr MakeTableScan(TableScanSpec spec);
// A morsel source for parallel copies of one scan (of the table `spec` names).
std::shared_ptr<MorselSource> MakeMorselSource(const TableScanSpec& spec);

}  // namespace martlet
