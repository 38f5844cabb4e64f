#include "storage/table_scan.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "exec/expression_executor.hpp"
#include "storage/row_group_file.hpp"
#include "storage/scan_string_filter.hpp"
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

// Adds the terms of `filter` that compare a column with a constant to `out`; returns whether
// every term of it did (the zone filters then say all there is to say about a row).
bool CollectZoneFilters(const BoundExpr& filter, std::vector<ZoneFilter>& out) {
  if (filter.kind == BoundExprKind::kAnd) {
    bool all = true;
    for (const auto& child : filter.children) all = CollectZoneFilters(*child, out) && all;
    return all;
  }
  CompareOp op;
  if (filter.kind != BoundExprKind::kFunction || filter.children.size() != 2 ||
      !ToCompareOp(filter.name, op)) {
    return false;
  }
  const BoundExpr& a = *filter.children[0];
  const BoundExpr& b = *filter.children[1];
  if (a.kind == BoundExprKind::kColumn && b.kind == BoundExprKind::kConstant && a.type == b.type) {
    out.push_back({a.column_index, op, b.value});
    return true;
  }
  if (b.kind == BoundExprKind::kColumn && a.kind == BoundExprKind::kConstant && a.type == b.type) {
    out.push_back({b.column_index, Flip(op), a.value});
    return true;
  }
  return false;
}

// A block of one row-group file, or (group == kPendingRowGroup) the buffered rows.
struct Morsel {
  size_t group = 0;
  size_t block = 0;
};

}  // namespace

class MorselSource {
 public:
  explicit MorselSource(const TableScanSpec& spec)
      : directory_(spec.directory),
        files_cache_(spec.files),
        table_(spec.table),
        data_(spec.data),
        pending_(spec.pending) {}

  // Opens every row-group file once (footers only) and lists its blocks.
  Status Prepare() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (prepared_) return prepare_status_;
    prepared_ = true;
    size_t groups = data_ ? data_->row_groups.size() : 0;
    files_.resize(groups);
    for (size_t g = 0; g < groups; g++) {
      const RowGroupInfo& info = *data_->row_groups[g];
      if (info.live_rows() == 0) continue;
      auto file = OpenFile(RowGroupPath(directory_, table_->id, info.file_id));
      if (!file.ok()) {
        prepare_status_ = file.status();
        return prepare_status_;
      }
      files_[g] = std::move(file).value();
      size_t blocks = files_[g]->column_count() == 0 ? 0 : files_[g]->blocks(0).size();
      for (size_t b = 0; b < blocks; b++) morsels_.push_back({g, b});
    }
    if (pending_ && pending_->size() > 0) morsels_.push_back({kPendingRowGroup, 0});
    return Status::Ok();
  }

  bool Next(Morsel& morsel) {
    size_t index = next_.fetch_add(1);
    if (index >= morsels_.size()) return false;
    morsel = morsels_[index];
    return true;
  }

  const RowGroupFile& file(size_t group) const { return *files_[group]; }

 private:
  Result<std::shared_ptr<const RowGroupFile>> OpenFile(const std::string& path) {
    if (files_cache_) return files_cache_->Open(path);
    ASSIGN_OR_RETURN(RowGroupFile file, RowGroupFile::Open(path));
    return std::make_shared<const RowGroupFile>(std::move(file));
  }

  std::string directory_;
  RowGroupFileCache* files_cache_;
  std::shared_ptr<const TableEntry> table_;
  std::shared_ptr<const TableData> data_;
  const DataChunk* pending_;
  std::mutex mutex_;
  bool prepared_ = false;
  Status prepare_status_;
  std::vector<std::shared_ptr<const RowGroupFile>> files_;
  std::vector<Morsel> morsels_;
  std::atomic<size_t> next_{0};
};

namespace {

// A scan filter's term that reads one column: run once per distinct value of a dictionary
// block.
struct EntryFilter {
  int column;
  BoundExprPtr term;        // over the read columns
  BoundExprPtr on_entries;  // the same over the dictionary's values, as column 0
};

class TableScanOperator : public Operator {
 public:
  explicit TableScanOperator(TableScanSpec spec) : spec_(std::move(spec)) {
    for (int c : spec_.columns) read_types_.push_back(spec_.table->columns[c].type);
    if (spec_.row_ids) read_types_.push_back(LogicalType(TypeId::kBigInt));
    types_.assign(read_types_.begin(), read_types_.end() - static_cast<std::ptrdiff_t>(spec_.hidden));
    zone_filters_cover_ = true;
    for (const auto& filter : spec_.filters) {
      zone_filters_cover_ = CollectZoneFilters(*filter, zone_filters_) && zone_filters_cover_;
    }
    if (!spec_.filters.empty()) {
      std::vector<BoundExprPtr> copies;
      for (const auto& filter : spec_.filters) copies.push_back(filter->Copy());
      BoundExprPtr all = MakeConjunction(std::move(copies));
      filter_text_ = all->ToString();
      // Terms that test a string column against constants run on the encoded blocks, terms
      // on one column on a dictionary block's values (else on the decoded column); the rest,
      // the predicate, on decoded columns.
      std::vector<BoundExprPtr> terms, rest;
      SplitConjunction(std::move(all), terms);
      for (auto& term : terms) {
        std::optional<ScanStringFilter> string_filter = AsScanStringFilter(*term);
        if (string_filter) {
          string_filters_.push_back(std::move(*string_filter));
        } else if (std::optional<int> column = OnlyColumn(*term)) {
          BoundExprPtr on_entries = term->Copy();
          std::vector<int> to_first(read_types_.size(), -1);
          to_first[static_cast<size_t>(*column)] = 0;
          RemapColumns(*on_entries, to_first);
          entry_filters_.push_back({*column, std::move(term), std::move(on_entries)});
        } else {
          rest.push_back(std::move(term));
        }
      }
      predicate_ = MakeConjunction(std::move(rest));
    }
    if (predicate_) {
      std::vector<bool> read(read_types_.size(), false);
      ForEachColumn(*predicate_, [&](int c) { read[static_cast<size_t>(c)] = true; });
      for (size_t c = 0; c < read.size(); c++) {
        if (read[c]) predicate_columns_.push_back(static_cast<int>(c));
      }
    }
    morsels_ = spec_.morsels;
    if (!morsels_) morsels_ = std::make_shared<MorselSource>(spec_);
  }

  std::string Name() const override { return "Scan " + spec_.table->name; }
  std::string Detail() const override {
    std::string out;
    for (size_t i = 0; i + spec_.hidden < spec_.columns.size(); i++) {
      out += (i ? ", " : "") + spec_.table->columns[spec_.columns[i]].name;
    }
    if (!filter_text_.empty()) out += "; filter " + filter_text_;
    if (!spec_.runtime_filters.empty()) {
      out += "; runtime filter on";
      for (const auto& [column, filter] : spec_.runtime_filters) {
        out += " " + spec_.table->columns[spec_.columns[column]].name;
      }
    }
    return out;
  }

 protected:
  // A block is filtered as a whole and handed on in slices of kChunkSize rows, so that the
  // operators above work on vectors that stay in the CPU cache. Columns are decoded late: a
  // filter's column just before the filter, the other columns after all filters, and each
  // only at the rows still in when that is a small part of the block. Rows keep their
  // position in the block throughout, so no column is ever moved.
  Result<bool> NextChunk(ExecContext& context, DataChunk& out) override {
    RETURN_IF_ERROR(morsels_->Prepare());
    while (true) {
      const size_t left = (block_all_pass_ ? block_rows_ : block_selection_.size()) - block_offset_;
      if (left > 0) {
        const size_t n = std::min(kChunkSize, left);
        for (size_t c = 0; c < out.columns.size(); c++) {
          if (block_all_pass_) {
            out.columns[c].TakeRange(block_.columns[c], block_offset_, n);
          } else {
            out.columns[c].TakeSelected(block_.columns[c], block_selection_.data() + block_offset_, n);
          }
        }
        out.row_count = n;
        block_offset_ += n;
        return true;
      }
      ASSIGN_OR_RETURN(bool loaded, LoadNextBlock());
      if (!loaded) return false;
      RETURN_IF_ERROR(FilterBlock(context));
      if (!block_all_pass_ && block_selection_.empty()) continue;
      for (size_t c = 0; c < out.columns.size(); c++) RETURN_IF_ERROR(Decode(c));
    }
  }

 private:
  // Leaves in block_selection_ the rows of the block that pass every filter, or sets
  // block_all_pass_ when every row does.
  Status FilterBlock(ExecContext& context) {
    // Zone maps proving that every row passes the scan's filters cover the string filters too.
    const bool test_filters = (predicate_ || !string_filters_.empty() || !entry_filters_.empty()) && !block_passes_;
    if (!test_filters && !AnyRuntimeFilterReady() && !block_has_deletes_) return Status::Ok();
    block_all_pass_ = false;
    if (!block_has_deletes_) {
      block_selection_.resize(block_rows_);
      for (size_t i = 0; i < block_rows_; i++) block_selection_[i] = static_cast<uint32_t>(i);
    }
    // String filters on encoded blocks cost less a row than a runtime filter's lookup, and
    // the scan's other filters more (they decode): they run before and after it.
    for (const ScanStringFilter& filter : string_filters_) {
      if (!test_filters || block_selection_.empty()) break;
      RETURN_IF_ERROR(ApplyStringFilter(filter));
    }
    RETURN_IF_ERROR(ApplyRuntimeFilters());
    if (!test_filters) return Status::Ok();
    for (const EntryFilter& filter : entry_filters_) {
      if (block_selection_.empty()) return Status::Ok();
      RETURN_IF_ERROR(ApplyEntryFilter(filter, context));
    }
    if (!predicate_ || block_selection_.empty()) return Status::Ok();
    for (int column : predicate_columns_) RETURN_IF_ERROR(Decode(static_cast<size_t>(column)));
    return RefineRows(*predicate_, block_, context.functions, block_selection_);
  }

  // The table column a term alone reads (not the row id), if it reads just one and always
  // gives the same answer for the same value.
  std::optional<int> OnlyColumn(const BoundExpr& term) const {
    int column = -1;
    bool one = true;
    ForEachColumn(term, [&](int c) {
      one = one && (column < 0 || column == c);
      column = c;
    });
    if (!one || column < 0 || static_cast<size_t>(column) >= spec_.columns.size()) return std::nullopt;
    if (HasVolatileCall(term) || HasSubquery(term)) return std::nullopt;
    return column;
  }

  // On a dictionary block, once per distinct value; otherwise on the decoded values. So is a
  // block where the term fails on some value (10 / x at x = 0): the rows holding it may be
  // out already (deleted, or dropped by x <> 0), and then the term must not fail.
  Status ApplyEntryFilter(const EntryFilter& filter, ExecContext& context) {
    const auto column = static_cast<size_t>(filter.column);
    bool applied = false;
    if (!decoded_[column]) {
      const RowGroupFile& file = morsels_->file(morsel_.group);
      const int table_column = spec_.columns[column];
      bool failed = false;
      auto test = [&](const Vector& entries, std::vector<uint8_t>& passes) -> Status {
        entry_chunk_.columns.assign(1, entries);
        entry_chunk_.row_count = entries.size();
        Status status = SelectRows(*filter.on_entries, entry_chunk_, context.functions, entry_rows_);
        failed = !status.ok();
        for (uint32_t entry : entry_rows_) passes[entry] = 1;
        return status;
      };
      Status status = file.FilterBlockByDictionary(table_column, morsel_.block, spec_.table->columns[table_column].type,
                                                   block_selection_, test, &applied);
      if (failed) {
        applied = false;  // the selection is untouched: the test runs before it is filtered
      } else {
        RETURN_IF_ERROR(status);
      }
    }
    if (applied) return Status::Ok();
    RETURN_IF_ERROR(Decode(column));
    return RefineRows(*filter.term, block_, context.functions, block_selection_);
  }

  // On the encoded block, or on the values when the block is the buffered rows.
  Status ApplyStringFilter(const ScanStringFilter& filter) {
    const size_t column = static_cast<size_t>(filter.column);
    if (!decoded_[column]) {
      const RowGroupFile& file = morsels_->file(morsel_.group);
      return file.FilterBlockStrings(spec_.columns[column], morsel_.block, block_selection_, filter.keep);
    }
    const Vector& values = block_.columns[column];
    size_t kept = 0;
    for (uint32_t row : block_selection_) {
      block_selection_[kept] = row;
      kept += !values.IsNull(row) && filter.keep(values.str()[row]);
    }
    block_selection_.resize(kept);
    return Status::Ok();
  }

  bool AnyRuntimeFilterReady() const {
    for (const auto& [column, filter] : spec_.runtime_filters) {
      if (filter->ready()) return true;
    }
    return false;
  }

  // Makes the rows of the block still in hold their values in read column `column`: every
  // row while most are still in, otherwise just those.
  Status Decode(size_t column) {
    if (decoded_[column]) return Status::Ok();
    decoded_[column] = true;
    Vector& vector = block_.columns[column];
    if (column == spec_.columns.size()) {  // the row id
      for (size_t r = 0; r < block_rows_; r++) {
        vector.i64()[r] = static_cast<int64_t>((uint64_t{static_cast<uint32_t>(morsel_.group)} << 32) |
                                               (block_first_row_ + r));
      }
      return Status::Ok();
    }
    const RowGroupFile& file = morsels_->file(morsel_.group);
    const int table_column = spec_.columns[column];
    const LogicalType& type = spec_.table->columns[table_column].type;
    const size_t selected = block_all_pass_ ? block_rows_ : block_selection_.size();
    // Strings are worth picking out even when many rows are in: each costs an allocation.
    const size_t limit = type.physical() == PhysicalType::kString ? block_rows_ * 3 / 4 : block_rows_ / 4;
    if (selected > limit) return file.ReadBlockRows(table_column, morsel_.block, type, nullptr, 0, vector);
    return file.ReadBlockRows(table_column, morsel_.block, type, block_selection_.data(), selected, vector);
  }

  // Moves to the next block that may hold matching rows: sizes the columns for it (decoding
  // none) and lists its live rows when some are deleted.
  Result<bool> LoadNextBlock() {
    if (block_.columns.size() != read_types_.size()) block_.Initialize(read_types_);
    block_offset_ = 0;
    block_passes_ = false;
    block_all_pass_ = true;
    block_has_deletes_ = false;
    block_selection_.clear();
    while (morsels_->Next(morsel_)) {
      if (morsel_.group == kPendingRowGroup) {
        ReadPending();
        return true;
      }
      const RowGroupFile& file = morsels_->file(morsel_.group);
      if (!BlockMayMatch(file, morsel_.block)) {
        stats_.blocks_skipped++;
        continue;
      }
      block_passes_ = zone_filters_cover_ && BlockAllMatch(file, morsel_.block);
      stats_.blocks_read++;
      StartBlock(file);
      return true;
    }
    return false;
  }

  void StartBlock(const RowGroupFile& file) {
    const BlockInfo& first = file.blocks(0)[morsel_.block];
    block_rows_ = first.row_count;
    block_first_row_ = first.first_row;
    for (Vector& column : block_.columns) column.ResizeForOverwrite(block_rows_);
    block_.row_count = block_rows_;
    decoded_.assign(read_types_.size(), false);
    const RowGroupInfo& info = *spec_.data->row_groups[morsel_.group];
    if (info.deleted.empty()) return;
    auto begin = std::lower_bound(info.deleted.begin(), info.deleted.end(), block_first_row_);
    auto end = std::lower_bound(info.deleted.begin(), info.deleted.end(), block_first_row_ + block_rows_);
    if (begin == end) return;
    block_has_deletes_ = true;
    auto next = begin;
    for (size_t r = 0; r < block_rows_; r++) {
      if (next != end && *next == block_first_row_ + r) {
        ++next;
      } else {
        block_selection_.push_back(static_cast<uint32_t>(r));
      }
    }
  }

  // Runtime filters that let through nearly every row cost more than they save; each is
  // watched for its first rows and dropped if it filters less than a tenth of them. Once
  // every filter has been watched, they run most selective first.
  Status ApplyRuntimeFilters() {
    std::vector<uint32_t>& selection = block_selection_;
    const size_t count = spec_.runtime_filters.size();
    if (filter_rows_in_.size() != count) {
      filter_rows_in_.assign(count, 0);
      filter_rows_out_.assign(count, 0);
      filter_order_.resize(count);
      for (size_t f = 0; f < count; f++) filter_order_[f] = f;
    }
    bool all_watched = true;
    for (size_t f : filter_order_) {
      const auto& [column, filter] = spec_.runtime_filters[f];
      bool watched = filter_rows_in_[f] >= kFilterTrialRows;
      all_watched = all_watched && watched;
      bool useless = watched && filter_rows_out_[f] * 10 > filter_rows_in_[f] * 9;
      if (!filter->ready() || useless || selection.empty()) continue;
      size_t before = selection.size();
      RETURN_IF_ERROR(Decode(static_cast<size_t>(column)));
      filter->Refine(block_.columns[column], selection);
      if (!watched) {
        filter_rows_in_[f] += before;
        filter_rows_out_[f] += selection.size();
      }
    }
    if (all_watched && !filter_order_settled_) {
      filter_order_settled_ = true;
      std::sort(filter_order_.begin(), filter_order_.end(), [&](size_t a, size_t b) {
        // out_a / in_a < out_b / in_b, without dividing
        return filter_rows_out_[a] * filter_rows_in_[b] < filter_rows_out_[b] * filter_rows_in_[a];
      });
    }
    return Status::Ok();
  }

  // The transaction's buffered rows, as one block with every column decoded.
  void ReadPending() {
    const DataChunk& pending = *spec_.pending;
    block_rows_ = pending.size();
    for (size_t i = 0; i < spec_.columns.size(); i++) {
      block_.columns[i].Resize(0);
      block_.columns[i].AppendRange(pending.columns[spec_.columns[i]], 0, block_rows_);
    }
    if (spec_.row_ids) {
      Vector& ids = block_.columns.back();
      ids.ResizeForOverwrite(block_rows_);
      for (size_t r = 0; r < block_rows_; r++) {
        ids.i64()[r] = static_cast<int64_t>((uint64_t{kPendingRowGroup} << 32) | r);
      }
    }
    block_.row_count = block_rows_;
    decoded_.assign(read_types_.size(), true);
  }

  bool BlockMayMatch(const RowGroupFile& file, size_t block) const {
    for (const auto& [column, filter] : spec_.runtime_filters) {
      int table_column = spec_.columns[column];
      if (!filter->ready() || static_cast<size_t>(table_column) >= file.column_count()) continue;
      const ZoneMap& zone = file.blocks(table_column)[block].zone_map;
      if (zone.HasBounds() && zone.min.type().physical() == PhysicalType::kInt64 &&
          !filter->RangeMayMatch(zone.min.int64(), zone.max.int64())) {
        return false;
      }
    }
    for (const auto& filter : zone_filters_) {
      int table_column = spec_.columns[filter.column];
      if (static_cast<size_t>(table_column) >= file.column_count()) continue;
      const ZoneMap& zone = file.blocks(table_column)[block].zone_map;
      if (!ZoneMapMayMatch(zone, filter.op, filter.constant)) return false;
    }
    return true;
  }

  // Whether every row of the block passes every zone filter, by the zone maps alone.
  bool BlockAllMatch(const RowGroupFile& file, size_t block) const {
    for (const auto& filter : zone_filters_) {
      int table_column = spec_.columns[filter.column];
      if (static_cast<size_t>(table_column) >= file.column_count()) return false;
      if (!ZoneMapAllMatch(file.blocks(table_column)[block].zone_map, filter.op, filter.constant)) return false;
    }
    return true;
  }

  TableScanSpec spec_;
  std::string filter_text_;                      // the scan's filters, for EXPLAIN
  std::vector<ScanStringFilter> string_filters_;  // terms run on encoded string blocks
  std::vector<EntryFilter> entry_filters_;  // terms on one column
  DataChunk entry_chunk_;             // a dictionary's values
  std::vector<uint32_t> entry_rows_;  // those that pass
  BoundExprPtr predicate_;            // the other terms
  std::vector<ZoneFilter> zone_filters_;
  bool zone_filters_cover_ = false;  // the zone filters are the whole predicate
  bool block_passes_ = false;        // every row of block_ passes the predicate (zone maps)
  std::vector<int> predicate_columns_;  // read columns the predicate reads
  std::shared_ptr<MorselSource> morsels_;
  static constexpr uint64_t kFilterTrialRows = 65536;
  std::vector<uint64_t> filter_rows_in_, filter_rows_out_;
  std::vector<size_t> filter_order_;  // the order runtime filters run in
  bool filter_order_settled_ = false;
  std::vector<LogicalType> read_types_;  // of every column read: the output's, then the hidden
  // The block being filtered and handed out: each column sized to the block's rows, holding
  // values at the rows still in once decoded_ says so.
  Morsel morsel_;
  DataChunk block_;
  size_t block_rows_ = 0;
  uint64_t block_first_row_ = 0;  // in its row group
  std::vector<bool> decoded_;     // by read column
  bool block_has_deletes_ = false;
  size_t block_offset_ = 0;  // rows of the block (or of block_selection_) already handed out
  bool block_all_pass_ = true;             // every row of the block passes
  std::vector<uint32_t> block_selection_;  // otherwise: the rows that pass, ascending
};

}  // namespace

std::shared_ptr<MorselSource> MakeMorselSource(const TableScanSpec& spec) {
  return std::make_shared<MorselSource>(spec);
}

OperatorPtr MakeTableScan(TableScanSpec spec) {
  return std::make_unique<TableScanOperator>(std::move(spec));
}

}  // namespace martlet
