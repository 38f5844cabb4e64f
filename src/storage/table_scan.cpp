#include "storage/table_scan.hpp"

#include <algorithm>

#include "exec/expression_executor.hpp"
#include "storage/row_group_file.hpp"
#include "storage/transaction.hpp"
#include "storage/zone_map.hpp"

namespace martlet {

namespace {

// A filter term of the form `column op constant` that zone maps can decide.
struct ZoneFilter {
  int column;  // output column
  CompareOp op;
  Value constant;
};

bool ToCompareOp(const std::string& name, CompareOp& op) {
  if (name == "=") op = CompareOp::kEqual;
  else if (name == "<>") op = CompareOp::kNotEqual;
  else if (name == "<") op = CompareOp::kLess;
  else if (name == "<=") op = CompareOp::kLessEqual;
  else if (name == ">") op = CompareOp::kGreater;
  else if (name == ">=") op = CompareOp::kGreaterEqual;
  else return false;
  return true;
}

CompareOp Flip(CompareOp op) {
  switch (op) {
    case CompareOp::kLess: return CompareOp::kGreater;
    case CompareOp::kLessEqual: return CompareOp::kGreaterEqual;
    case CompareOp::kGreater: return CompareOp::kLess;
    case CompareOp::kGreaterEqual: return CompareOp::kLessEqual;
    default: return op;
  }
}

void CollectZoneFilters(const BoundExpr& filter, std::vector<ZoneFilter>& out) {
  if (filter.kind == BoundExprKind::kAnd) {
    for (const auto& child : filter.children) CollectZoneFilters(*child, out);
    return;
  }
  CompareOp op;
  if (filter.kind != BoundExprKind::kFunction || filter.children.size() != 2 ||
      !ToCompareOp(filter.name, op)) {
    return;
  }
  const BoundExpr& a = *filter.children[0];
  const BoundExpr& b = *filter.children[1];
  if (a.kind == BoundExprKind::kColumn && b.kind == BoundExprKind::kConstant && a.type == b.type) {
    out.push_back({a.column_index, op, b.value});
  } else if (b.kind == BoundExprKind::kColumn && a.kind == BoundExprKind::kConstant && a.type == b.type) {
    out.push_back({b.column_index, Flip(op), a.value});
  }
}

class TableScanOperator : public Operator {
 public:
  explicit TableScanOperator(TableScanSpec spec) : spec_(std::move(spec)) {
    for (int c : spec_.columns) types_.push_back(spec_.table->columns[c].type);
    if (spec_.row_ids) types_.push_back(LogicalType(TypeId::kBigInt));
    for (const auto& filter : spec_.filters) CollectZoneFilters(*filter, zone_filters_);
    if (!spec_.filters.empty()) {
      std::vector<BoundExprPtr> copies;
      for (const auto& filter : spec_.filters) copies.push_back(filter->Copy());
      predicate_ = MakeConjunction(std::move(copies));
    }
  }

  std::string Name() const override { return "Scan " + spec_.table->name; }
  std::string Detail() const override {
    std::string out;
    for (size_t i = 0; i < spec_.columns.size(); i++) {
      out += (i ? ", " : "") + spec_.table->columns[spec_.columns[i]].name;
    }
    if (predicate_) out += "; filter " + predicate_->ToString();
    return out;
  }

 protected:
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    while (true) {
      ASSIGN_OR_RETURN(bool has_rows, ReadNext(context, out));
      if (!has_rows) return false;
      if (predicate_ && out.size() > 0) {
        RETURN_IF_ERROR(SelectRows(*predicate_, out, context.functions, selection_));
        if (selection_.size() != out.size()) out.Compact(selection_.data(), selection_.size());
      }
      if (out.size() > 0) return true;
      out.Reset();
    }
  }

 private:
  size_t RowGroupCount() const { return spec_.data ? spec_.data->row_groups.size() : 0; }

  // Reads the next block (or the buffered rows) into `out`, unfiltered.
  Result<bool> ReadNext(ExecContext& context, DataChunk& out) {
    while (group_ < RowGroupCount()) {
      if (!file_) {
        const RowGroupInfo& info = *spec_.data->row_groups[group_];
        if (info.live_rows() == 0) {
          group_++;
          continue;
        }
        ASSIGN_OR_RETURN(RowGroupFile file, RowGroupFile::Open(RowGroupPath(
                                                spec_.directory, spec_.table->id, info.file_id)));
        file_ = std::make_unique<RowGroupFile>(std::move(file));
        block_ = 0;
      }
      size_t block_count = file_->column_count() == 0 ? 0 : file_->blocks(0).size();
      if (block_ >= block_count) {
        file_.reset();
        group_++;
        continue;
      }
      size_t block = block_++;
      if (!BlockMayMatch(block)) {
        stats_.blocks_skipped++;
        continue;
      }
      stats_.blocks_read++;
      RETURN_IF_ERROR(ReadBlock(block, out));
      if (out.size() > 0 || spec_.columns.empty()) return true;
    }
    if (!pending_done_) {
      pending_done_ = true;
      if (spec_.pending && spec_.pending->size() > 0) {
        const DataChunk& pending = *spec_.pending;
        for (size_t i = 0; i < spec_.columns.size(); i++) {
          out.columns[i].AppendRange(pending.columns[spec_.columns[i]], 0, pending.size());
        }
        if (spec_.row_ids) {
          Vector& ids = out.columns.back();
          ids.Resize(pending.size());
          for (size_t r = 0; r < pending.size(); r++) {
            ids.i64()[r] = static_cast<int64_t>((uint64_t{kPendingRowGroup} << 32) | r);
          }
        }
        out.row_count = pending.size();
        return true;
      }
    }
    (void)context;
    return false;
  }

  bool BlockMayMatch(size_t block) const {
    for (const auto& filter : zone_filters_) {
      int table_column = spec_.columns[filter.column];
      if (static_cast<size_t>(table_column) >= file_->column_count()) continue;
      const ZoneMap& zone = file_->blocks(table_column)[block].zone_map;
      if (!ZoneMapMayMatch(zone, filter.op, filter.constant)) return false;
    }
    return true;
  }

  Status ReadBlock(size_t block, DataChunk& out) {
    const RowGroupInfo& info = *spec_.data->row_groups[group_];
    const BlockInfo& first = file_->blocks(0)[block];
    size_t rows = first.row_count;
    for (size_t i = 0; i < spec_.columns.size(); i++) {
      int table_column = spec_.columns[i];
      RETURN_IF_ERROR(file_->ReadBlock(table_column, block, spec_.table->columns[table_column].type,
                                       out.columns[i]));
    }
    if (spec_.row_ids) {
      Vector& ids = out.columns.back();
      ids.Resize(rows);
      for (size_t r = 0; r < rows; r++) {
        ids.i64()[r] = static_cast<int64_t>((uint64_t{static_cast<uint32_t>(group_)} << 32) |
                                            (first.first_row + r));
      }
    }
    out.row_count = rows;
    if (!info.deleted.empty()) {
      // Drop the rows of this block that are marked deleted.
      auto begin = std::lower_bound(info.deleted.begin(), info.deleted.end(), first.first_row);
      auto end = std::lower_bound(info.deleted.begin(), info.deleted.end(), first.first_row + rows);
      if (begin != end) {
        selection_.clear();
        auto next = begin;
        for (size_t r = 0; r < rows; r++) {
          if (next != end && *next == first.first_row + r) {
            ++next;
          } else {
            selection_.push_back(static_cast<uint32_t>(r));
          }
        }
        out.Compact(selection_.data(), selection_.size());
      }
    }
    return Status::Ok();
  }

  TableScanSpec spec_;
  BoundExprPtr predicate_;
  std::vector<ZoneFilter> zone_filters_;
  std::vector<uint32_t> selection_;
  size_t group_ = 0;
  size_t block_ = 0;
  std::unique_ptr<RowGroupFile> file_;
  bool pending_done_ = false;
};

}  // namespace

OperatorPtr MakeTableScan(TableScanSpec spec) {
  return std::make_unique<TableScanOperator>(std::move(spec));
}

}  // namespace martlet
