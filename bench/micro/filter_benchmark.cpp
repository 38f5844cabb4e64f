// Filtering: the comparison kernel over a decoded block, turning its result into selected rows,
// and skipping whole blocks by their zone maps.
//
// The block is cut into 2048-row chunks before timing, as the scan hands them to the filter,
// so the kernel benchmark measures the comparison alone. The kernel comes from the function
// registry (what a bound `lo_discount < 5` calls), not from a copy of the loop.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "exec/expression_executor.hpp"
#include "functions/function.hpp"
#include "micro_support.hpp"
#include "planner/bound_expr.hpp"
#include "storage/encoding.hpp"
#include "storage/zone_map.hpp"

namespace martlet::micro {
namespace {

const LogicalType kBigInt(TypeId::kBigInt);
constexpr int64_t kValueRange = 10'000;

// One decoded block of uniform values in [0, kValueRange), as 2048-row chunks.
std::vector<DataChunk> DecodedBlockChunks() {
  Vector column(kBigInt, kBlockRows);
  Random random(3);
  for (size_t i = 0; i < kBlockRows; i++) column.i64()[i] = random.Uniform(0, kValueRange - 1);
  EncodedBlock block = EncodeBlock(column, 0, kBlockRows, {Encoding::kFrameOfReference, {}});
  Vector decoded(kBigInt);
  CheckOk(DecodeBlock(block.bytes, kBigInt, decoded), "DecodeBlock");
  std::vector<DataChunk> chunks;
  for (size_t offset = 0; offset < kBlockRows; offset += kChunkSize) {
    DataChunk chunk;
    chunk.Initialize({kBigInt});
    chunk.columns[0].AppendRange(decoded, offset, kChunkSize);
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

// The constant that makes `value < constant` true for about `percent` % of the rows.
int64_t ThresholdFor(int64_t percent) { return kValueRange * percent / 100; }

ScalarBinding LessThanBinding() {
  static const FunctionRegistry registry;
  return CheckOk(registry.ResolveScalar("<", {kBigInt, kBigInt}), "ResolveScalar(<)");
}

// Argument: the percentage of rows that pass.
void BM_FilterCompareKernel(benchmark::State& state) {
  std::vector<DataChunk> chunks = DecodedBlockChunks();
  ScalarBinding binding = LessThanBinding();
  Vector constant(kBigInt, kChunkSize);
  for (size_t i = 0; i < kChunkSize; i++) constant.i64()[i] = ThresholdFor(state.range(0));
  Vector result(binding.return_type, kChunkSize);
  FunctionContext context;
  for (auto _ : state) {
    for (const DataChunk& chunk : chunks) {
      CheckOk(binding.kernel({&chunk.columns[0], &constant}, kChunkSize, result, context), "<");
      benchmark::DoNotOptimize(result.i64());
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlockRows));
}

// The whole filter step: evaluate `column < constant` (the bound expression, constant and
// all), list the passing rows and copy them out, as the filter operator does.
void BM_FilterSelectRows(benchmark::State& state) {
  std::vector<DataChunk> chunks = DecodedBlockChunks();
  auto predicate = std::make_unique<BoundExpr>();
  predicate->kind = BoundExprKind::kFunction;
  predicate->function = LessThanBinding();
  predicate->type = predicate->function.return_type;
  predicate->name = "<";
  predicate->children.push_back(MakeColumn(0, kBigInt, "value"));
  predicate->children.push_back(MakeConstant(Value::BigInt(ThresholdFor(state.range(0)))));
  FunctionContext context;
  std::vector<uint32_t> selection;
  Vector out(kBigInt);
  out.Reserve(kChunkSize);
  size_t selected = 0;
  for (auto _ : state) {
    selected = 0;
    for (const DataChunk& chunk : chunks) {
      CheckOk(SelectRows(*predicate, chunk, context, selection), "SelectRows");
      out.Clear();
      out.AppendSelected(chunk.columns[0], selection.data(), selection.size());
      selected += out.size();
    }
    benchmark::DoNotOptimize(selected);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlockRows));
  state.counters["selected_fraction"] = static_cast<double>(selected) / kBlockRows;
}

BENCHMARK(BM_FilterCompareKernel)->ArgName("percent_passing")->Arg(1)->Arg(50)->Arg(99);
BENCHMARK(BM_FilterSelectRows)->ArgName("percent_passing")->Arg(1)->Arg(50)->Arg(99);

// A scan of `value < constant` over 64 blocks of a clustered column (an order date), with or
// without consulting the zone maps first. The constant falls in the 7th block, so with zone
// maps 57 of the 64 blocks are skipped without decoding. The benchmark checks both that the
// blocks are skipped and that skipping loses no rows.
constexpr size_t kScanBlocks = 64;

struct StoredBlock {
  std::string bytes;
  ZoneMap zone_map;
};

std::vector<StoredBlock> ClusteredBlocks() {
  Vector column(kBigInt, kScanBlocks * kBlockRows);
  Random random(11);
  int64_t current = 0;
  for (size_t i = 0; i < column.size(); i++) {
    current += random.Uniform(0, 2);
    column.i64()[i] = current;
  }
  std::vector<StoredBlock> blocks;
  for (size_t b = 0; b < kScanBlocks; b++) {
    EncodedBlock block = EncodeBlock(column, b * kBlockRows, kBlockRows, {Encoding::kDelta, {}});
    blocks.push_back({std::move(block.bytes), std::move(block.zone_map)});
  }
  return blocks;
}

void BM_ScanFilterZoneMaps(benchmark::State& state) {
  const bool use_zone_maps = state.range(0) != 0;
  std::vector<StoredBlock> blocks = ClusteredBlocks();
  const Value constant = blocks[6].zone_map.max;
  auto predicate = std::make_unique<BoundExpr>();
  predicate->kind = BoundExprKind::kFunction;
  predicate->function = LessThanBinding();
  predicate->type = predicate->function.return_type;
  predicate->name = "<";
  predicate->children.push_back(MakeColumn(0, kBigInt, "value"));
  predicate->children.push_back(MakeConstant(constant));
  FunctionContext context;
  DataChunk block_rows;
  block_rows.Initialize({kBigInt});
  DataChunk chunk;
  chunk.Initialize({kBigInt});
  std::vector<uint32_t> selection;
  size_t matched = 0;
  size_t skipped = 0;
  for (auto _ : state) {
    matched = 0;
    skipped = 0;
    for (const StoredBlock& block : blocks) {
      if (use_zone_maps && !ZoneMapMayMatch(block.zone_map, CompareOp::kLess, constant)) {
        skipped++;
        continue;
      }
      block_rows.Reset();
      CheckOk(DecodeBlock(block.bytes, kBigInt, block_rows.columns[0]), "DecodeBlock");
      for (size_t offset = 0; offset < kBlockRows; offset += kChunkSize) {
        chunk.Reset();
        chunk.columns[0].AppendRange(block_rows.columns[0], offset, kChunkSize);
        CheckOk(SelectRows(*predicate, chunk, context, selection), "SelectRows");
        matched += selection.size();
      }
    }
    benchmark::DoNotOptimize(matched);
  }
  // The reference answer, row by row over the decoded blocks.
  size_t expected = 0;
  for (const StoredBlock& block : blocks) {
    Vector values(kBigInt);
    CheckOk(DecodeBlock(block.bytes, kBigInt, values), "DecodeBlock");
    for (size_t i = 0; i < values.size(); i++) expected += values.i64()[i] < constant.int64() ? 1 : 0;
  }
  if (matched != expected) state.SkipWithError("zone-map skipping changed the answer");
  if (use_zone_maps && skipped != kScanBlocks - 7) state.SkipWithError("zone maps skipped too few blocks");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kScanBlocks * kBlockRows));
  state.counters["blocks_skipped"] = static_cast<double>(skipped);
  state.counters["rows_matched"] = static_cast<double>(matched);
}

BENCHMARK(BM_ScanFilterZoneMaps)->ArgName("zone_maps")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The check itself: how fast ZoneMapMayMatch rules blocks in or out.
void BM_ZoneMapMayMatch(benchmark::State& state) {
  std::vector<StoredBlock> blocks = ClusteredBlocks();
  const Value constant = blocks[6].zone_map.max;
  size_t may_match = 0;
  for (auto _ : state) {
    may_match = 0;
    for (const StoredBlock& block : blocks) {
      may_match += ZoneMapMayMatch(block.zone_map, CompareOp::kLess, constant) ? 1 : 0;
    }
    benchmark::DoNotOptimize(may_match);
  }
  if (may_match != 7) state.SkipWithError("zone maps let the wrong blocks through");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kScanBlocks));
}

BENCHMARK(BM_ZoneMapMayMatch);

}  // namespace
}  // namespace martlet::micro
