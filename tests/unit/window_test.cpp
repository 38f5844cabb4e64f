#include "exec/window.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "common/value.hpp"

namespace martlet {
namespace {

// A child that hands out prepared chunks.
class ChunkSource final : public Operator {
 public:
  ChunkSource(std::vector<LogicalType> types, std::vector<DataChunk> chunks)
      : chunks_(std::move(chunks)) {
    types_ = std::move(types);
  }
  std::string Name() const override { return "ChunkSource"; }

 protected:
  Result<bool> NextChunk(ExecContext&, DataChunk& out) override {
    if (next_ >= chunks_.size()) return false;
    out = chunks_[next_++];
    return true;
  }

 private:
  std::vector<DataChunk> chunks_;
  size_t next_ = 0;
};

const LogicalType kInt(TypeId::kInteger);
const LogicalType kBig(TypeId::kBigInt);
constexpr std::optional<int64_t> kNull = std::nullopt;

// Columns: 0 p (partition), 1 o (order), 2 x (value), 3 k (the constant 2, BIGINT),
// 4 d (the constant -1, INTEGER: lead's default).
DataChunk Rows(const std::vector<std::vector<std::optional<int64_t>>>& rows) {
  DataChunk chunk;
  chunk.Initialize({kInt, kInt, kInt, kBig, kInt});
  chunk.SetRowCount(rows.size());
  for (size_t r = 0; r < rows.size(); r++) {
    for (size_t c = 0; c < 5; c++) {
      std::optional<int64_t> v = c < 3 ? rows[r][c] : std::optional<int64_t>(c == 3 ? 2 : -1);
      if (v) {
        chunk.columns[c].i64()[r] = *v;
      } else {
        chunk.columns[c].SetNull(r);
      }
    }
  }
  return chunk;
}

// Partition 1: o = 10, 20, 20, 30 with x = 5, NULL, 7, 1; partition 2: o = 5, 5, 6 with
// x = 2, 3, NULL. Given out of order and over two chunks; the output is in (p, o) order and
// ties keep their input order (stable), which the expected values below rely on.
std::vector<DataChunk> Input() {
  return {Rows({{2, 6, kNull}, {1, 20, kNull}, {1, 30, 1}}),
          Rows({{1, 10, 5}, {2, 5, 2}, {1, 20, 7}, {2, 5, 3}})};
}

FrameSpec Rows(FrameSpec::BoundKind start, int64_t start_offset, FrameSpec::BoundKind end,
               int64_t end_offset) {
  return FrameSpec{FrameSpec::kRows, start, end, start_offset, end_offset};
}

WindowCall Call(const std::string& function, std::vector<int> args, bool ordered = true,
                FrameSpec frame = {}) {
  WindowCall call;
  call.function = function;
  call.arg_columns = std::move(args);
  call.partition_columns = {0};
  if (ordered) call.order = {SortKey{1, false, false}};
  call.frame = frame;
  if (IsAggregateFunction(function)) {
    std::vector<LogicalType> types(call.arg_columns.size(), kInt);
    call.aggregate_info.star = call.arg_columns.empty();
    call.return_type = ResolveAggregate(function, types, call.aggregate_info)->return_type;
  } else {
    std::vector<LogicalType> types;
    for (int a : call.arg_columns) types.push_back(a == 3 ? kBig : kInt);
    call.return_type = ResolveWindowFunction(function, types).value();
  }
  return call;
}

Result<DataChunk> RunWindow(std::vector<WindowCall> calls, std::vector<DataChunk> input = Input()) {
  auto child = std::make_unique<ChunkSource>(std::vector<LogicalType>{kInt, kInt, kInt, kBig, kInt},
                                             std::move(input));
  WindowOperator window(std::move(child), std::move(calls));
  ExecContext context;
  return CollectAll(context, window);
}

std::vector<std::string> Column(const DataChunk& chunk, size_t column) {
  std::vector<std::string> texts;
  for (size_t r = 0; r < chunk.size(); r++) {
    const Vector& v = chunk.columns[column];
    texts.push_back(v.IsNull(r) ? "NULL" : v.GetValue(r).ToText());
  }
  return texts;
}

using Texts = std::vector<std::string>;

// Each call's result column, after the 5 input columns.
std::vector<Texts> Results(std::vector<WindowCall> calls) {
  size_t count = calls.size();
  Result<DataChunk> out = RunWindow(std::move(calls));
  EXPECT_TRUE(out.ok()) << out.status().message();
  std::vector<Texts> results;
  if (!out.ok()) return results;
  for (size_t c = 0; c < count; c++) results.push_back(Column(out.value(), 5 + c));
  return results;
}

TEST(Window, OutputIsSortedWithChildColumnsFirst) {
  Result<DataChunk> out = RunWindow({Call("row_number", {})});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->columns.size(), 6u);
  EXPECT_EQ(Column(out.value(), 0), (Texts{"1", "1", "1", "1", "2", "2", "2"}));
  EXPECT_EQ(Column(out.value(), 1), (Texts{"10", "20", "20", "30", "5", "5", "6"}));
  EXPECT_EQ(Column(out.value(), 2), (Texts{"5", "NULL", "7", "1", "2", "3", "NULL"}));
}

TEST(Window, RankingFunctionsWithTies) {
  auto r = Results({Call("row_number", {}), Call("rank", {}), Call("dense_rank", {}),
                    Call("percent_rank", {}), Call("cume_dist", {}), Call("ntile", {3}),
                    Call("rank", {}, false)});
  ASSERT_EQ(r.size(), 7u);
  EXPECT_EQ(r[0], (Texts{"1", "2", "3", "4", "1", "2", "3"}));
  EXPECT_EQ(r[1], (Texts{"1", "2", "2", "4", "1", "1", "3"}));
  EXPECT_EQ(r[2], (Texts{"1", "2", "2", "3", "1", "1", "2"}));
  EXPECT_EQ(r[3], (Texts{"0", "0.3333333333333333", "0.3333333333333333", "1", "0", "0", "1"}));
  EXPECT_EQ(r[4],
            (Texts{"0.25", "0.75", "0.75", "1", "0.6666666666666666", "0.6666666666666666", "1"}));
  EXPECT_EQ(r[5], (Texts{"1", "1", "2", "2", "1", "1", "2"}));  // ntile(2)
  EXPECT_EQ(r[6], (Texts{"1", "1", "1", "1", "1", "1", "1"}));  // no ORDER BY: all peers
}

TEST(Window, NtileUnevenBuckets) {
  std::vector<std::vector<std::optional<int64_t>>> rows;
  for (int i = 0; i < 7; i++) rows.push_back({1, i, i});
  WindowCall call = Call("ntile", {2});
  call.arg_columns = {2};  // ntile(x) with x = 0..6 per row would fail at 0
  Result<DataChunk> bad = RunWindow({call}, {Rows(rows)});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("ntile"), std::string::npos);
  // ntile(3) over 7 rows: buckets of 3, 2, 2.
  DataChunk chunk = Rows(rows);
  for (size_t r = 0; r < 7; r++) chunk.columns[3].i64()[r] = 3;
  Result<DataChunk> out = RunWindow({Call("ntile", {3})}, {chunk});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Column(out.value(), 5), (Texts{"1", "1", "1", "2", "2", "3", "3"}));
}

TEST(Window, LagLead) {
  WindowCall lag_ignore = Call("lag", {2});
  lag_ignore.ignore_nulls = true;
  WindowCall lead_ignore = Call("lead", {2});
  lead_ignore.ignore_nulls = true;
  auto r = Results(
      {Call("lag", {2}), Call("lead", {2, 3, 4}), lag_ignore, lead_ignore, Call("lag", {2, 3})});
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0], (Texts{"NULL", "5", "NULL", "7", "NULL", "2", "3"}));
  EXPECT_EQ(r[1], (Texts{"7", "1", "-1", "-1", "NULL", "-1", "-1"}));
  EXPECT_EQ(r[2], (Texts{"NULL", "5", "5", "7", "NULL", "2", "3"}));
  EXPECT_EQ(r[3], (Texts{"7", "7", "1", "NULL", "3", "NULL", "NULL"}));
  EXPECT_EQ(r[4], (Texts{"NULL", "NULL", "5", "NULL", "NULL", "NULL", "2"}));
}

TEST(Window, AggregatesOverDefaultFrames) {
  auto r = Results({Call("sum", {2}), Call("count", {}), Call("sum", {2}, false),
                    Call("max", {2}, false), Call("avg", {2})});
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0], (Texts{"5", "12", "12", "13", "5", "5", "5"}));  // peers included
  EXPECT_EQ(r[1], (Texts{"1", "3", "3", "4", "2", "2", "3"}));
  EXPECT_EQ(r[2], (Texts{"13", "13", "13", "13", "5", "5", "5"}));
  EXPECT_EQ(r[3], (Texts{"7", "7", "7", "7", "3", "3", "3"}));
  EXPECT_EQ(r[4], (Texts{"5.000000000000", "6.000000000000", "6.000000000000", "4.333333333333", "2.500000000000", "2.500000000000",
                         "2.500000000000"}));
}

TEST(Window, AggregatesOverRowsFrames) {
  using F = FrameSpec;
  auto r = Results({
      Call("sum", {2}, true, Rows(F::kPreceding, 1, F::kFollowing, 1)),
      Call("avg", {2}, true, Rows(F::kCurrentRow, 0, F::kUnboundedFollowing, 0)),
      Call("min", {2}, true, Rows(F::kPreceding, 2, F::kPreceding, 1)),
      Call("sum", {2}, true, Rows(F::kUnboundedPreceding, 0, F::kCurrentRow, 0)),
      Call("count", {2}, true, Rows(F::kUnboundedPreceding, 0, F::kPreceding, 1)),
      Call("sum", {2}, true, Rows(F::kUnboundedPreceding, 0, F::kUnboundedFollowing, 0)),
      Call("count", {}, true, Rows(F::kFollowing, 1, F::kFollowing, 100)),
  });
  ASSERT_EQ(r.size(), 7u);
  EXPECT_EQ(r[0], (Texts{"5", "12", "8", "8", "5", "5", "3"}));
  EXPECT_EQ(r[1], (Texts{"4.333333333333", "4.000000000000", "4.000000000000", "1.000000000000", "2.500000000000", "3.000000000000",
                         "NULL"}));
  EXPECT_EQ(r[2], (Texts{"NULL", "5", "5", "7", "NULL", "2", "2"}));
  EXPECT_EQ(r[3], (Texts{"5", "5", "12", "13", "2", "5", "5"}));
  EXPECT_EQ(r[4], (Texts{"0", "1", "1", "2", "0", "1", "2"}));
  EXPECT_EQ(r[5], (Texts{"13", "13", "13", "13", "5", "5", "5"}));
  EXPECT_EQ(r[6], (Texts{"3", "2", "1", "0", "2", "1", "0"}));
}

TEST(Window, RangeFrames) {
  using F = FrameSpec;
  FrameSpec peers{F::kRange, F::kCurrentRow, F::kCurrentRow, 0, 0};
  FrameSpec rest{F::kRange, F::kCurrentRow, F::kUnboundedFollowing, 0, 0};
  auto r = Results({Call("max", {2}, true, peers), Call("sum", {2}, true, rest)});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (Texts{"5", "7", "7", "1", "3", "3", "NULL"}));
  EXPECT_EQ(r[1], (Texts{"13", "8", "8", "1", "5", "5", "NULL"}));
}

TEST(Window, FirstLastNthValue) {
  using F = FrameSpec;
  FrameSpec all = Rows(F::kUnboundedPreceding, 0, F::kUnboundedFollowing, 0);
  WindowCall last_ignore = Call("last_value", {2}, true, all);
  last_ignore.ignore_nulls = true;
  WindowCall nth_ignore = Call("nth_value", {2, 3}, true, all);
  nth_ignore.ignore_nulls = true;
  WindowCall first_ignore =
      Call("first_value", {2}, true, Rows(F::kFollowing, 1, F::kUnboundedFollowing, 0));
  first_ignore.ignore_nulls = true;
  auto r = Results({Call("first_value", {2}), Call("last_value", {2}), last_ignore,
                    Call("nth_value", {2, 3}, true, all), nth_ignore, first_ignore});
  ASSERT_EQ(r.size(), 6u);
  EXPECT_EQ(r[0], (Texts{"5", "5", "5", "5", "2", "2", "2"}));
  EXPECT_EQ(r[1], (Texts{"5", "7", "7", "1", "3", "3", "NULL"}));
  EXPECT_EQ(r[2], (Texts{"1", "1", "1", "1", "3", "3", "3"}));
  EXPECT_EQ(r[3], (Texts{"NULL", "NULL", "NULL", "NULL", "3", "3", "3"}));
  EXPECT_EQ(r[4], (Texts{"7", "7", "7", "7", "3", "3", "3"}));
  EXPECT_EQ(r[5], (Texts{"7", "7", "1", "NULL", "3", "NULL", "NULL"}));
}

TEST(Window, OtherAggregatesAndDifferentOrders) {
  WindowCall desc = Call("row_number", {});
  desc.order = {SortKey{2, true, true}};  // ORDER BY x DESC NULLS FIRST
  auto r = Results({Call("row_number", {}), desc, Call("count", {2}, false)});
  ASSERT_EQ(r.size(), 3u);
  // Partition 1 by x desc nulls first: NULL(o=20), 7, 5, 1; partition 2: NULL, 3, 2.
  EXPECT_EQ(r[1], (Texts{"3", "1", "2", "4", "3", "2", "1"}));
  EXPECT_EQ(r[2], (Texts{"3", "3", "3", "3", "2", "2", "2"}));
}

TEST(Window, Errors) {
  using F = FrameSpec;
  FrameSpec negative_rows{F::kRows, F::kPreceding, F::kCurrentRow, -1, 0};
  EXPECT_EQ(RunWindow({Call("sum", {2}, true, negative_rows)}).status().code(), StatusCode::kInvalidInput);
  WindowCall distinct = Call("count", {2});
  distinct.aggregate_info.distinct = true;
  EXPECT_EQ(RunWindow({distinct}).status().code(), StatusCode::kNotSupported);
  WindowCall unknown = Call("row_number", {});
  unknown.function = "no_such_function";
  EXPECT_EQ(RunWindow({unknown}).status().code(), StatusCode::kBindError);
  FrameSpec backwards = Rows(F::kUnboundedFollowing, 0, F::kCurrentRow, 0);
  EXPECT_EQ(RunWindow({Call("sum", {2}, true, backwards)}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_FALSE(ResolveWindowFunction("lag", {}).ok());
}

TEST(Window, EmptyInputAndLargeRunningSum) {
  Result<DataChunk> empty = RunWindow({Call("row_number", {})}, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 0u);
  std::vector<std::vector<std::optional<int64_t>>> rows;
  const int64_t n = 5000;
  for (int64_t i = n - 1; i >= 0; i--) rows.push_back({i % 2, i, i});
  WindowCall running =
      Call("sum", {2}, true, Rows(FrameSpec::kUnboundedPreceding, 0, FrameSpec::kCurrentRow, 0));
  WindowCall sliding =
      Call("sum", {2}, true, Rows(FrameSpec::kPreceding, 2, FrameSpec::kCurrentRow, 0));
  Result<DataChunk> out = RunWindow({running, sliding, Call("row_number", {})}, {Rows(rows)});
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), static_cast<size_t>(n));
  int64_t expected = 0;
  for (size_t r = 0; r < out->size(); r++) {
    int64_t x = out->columns[2].i64()[r];
    int64_t number = out->columns[7].i64()[r];
    if (number == 1) expected = 0;
    expected += x;
    ASSERT_EQ(out->columns[5].i64()[r], expected) << r;
    int64_t window = x + (number > 1 ? x - 2 : 0) + (number > 2 ? x - 4 : 0);
    ASSERT_EQ(out->columns[6].i64()[r], window) << r;
  }
}

}  // namespace
}  // namespace martlet
