// The hash join: building the GroupTable over the build side's keys, probing it, and the join
// operator end to end.
//
// The table benchmarks call GroupTable the way the join does (FindOrCreate over the whole
// build side, Find per 2048-row probe chunk) so they isolate hashing from the operator's
// pair collection and output gathering, which the end-to-end benchmark adds back.
#include <benchmark/benchmark.h>

#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "exec/group_table.hpp"
#include "exec/operators.hpp"
#include "micro_support.hpp"
#include "planner/bound_expr.hpp"

namespace martlet::micro {
namespace {

const LogicalType kBigInt(TypeId::kBigInt);
constexpr size_t kProbeRows = size_t{1} << 20;

// `count` distinct keys in a shuffled order (dimension keys arrive in no particular order).
Vector UniqueKeys(size_t count) {
  Vector keys(kBigInt, count);
  std::iota(keys.i64(), keys.i64() + count, int64_t{1});
  Random random(5);
  for (size_t i = count; i > 1; i--) std::swap(keys.i64()[i - 1], keys.i64()[random.Next() % i]);
  return keys;
}

// Probe keys of which about half find a partner among the keys 1..build_count.
std::vector<Vector> ProbeChunks(size_t build_count) {
  std::vector<Vector> chunks;
  Random random(9);
  for (size_t offset = 0; offset < kProbeRows; offset += kChunkSize) {
    Vector chunk(kBigInt, kChunkSize);
    for (size_t i = 0; i < kChunkSize; i++) {
      chunk.i64()[i] = random.Uniform(1, 2 * static_cast<int64_t>(build_count));
    }
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

Vector StringKeys(const Vector& int_keys) {
  Vector keys(LogicalType::Varchar(), int_keys.size());
  for (size_t i = 0; i < int_keys.size(); i++) keys.str()[i] = "Customer#" + std::to_string(int_keys.i64()[i]);
  return keys;
}

// Argument: build rows. A string key exercises the table's encoded-key path instead of the
// single-integer open addressing.
void RunBuild(benchmark::State& state, const Vector& keys) {
  const size_t count = keys.size();
  std::vector<uint32_t> groups(count);
  std::vector<const Vector*> key_columns = {&keys};
  for (auto _ : state) {
    GroupTable table({keys.type()});
    table.FindOrCreate(key_columns, count, groups.data());
    benchmark::DoNotOptimize(groups.data());
    if (table.size() != count) state.SkipWithError("the build lost keys");
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * count));
}

void BM_JoinBuild(benchmark::State& state) {
  RunBuild(state, UniqueKeys(static_cast<size_t>(state.range(0))));
}
void BM_JoinBuildString(benchmark::State& state) {
  RunBuild(state, StringKeys(UniqueKeys(static_cast<size_t>(state.range(0)))));
}

// Argument: build rows; 2^20 probe rows, half of them hits.
void RunProbe(benchmark::State& state, const Vector& build_keys, const std::vector<Vector>& probe) {
  GroupTable table({build_keys.type()});
  std::vector<uint32_t> groups(build_keys.size());
  table.FindOrCreate({&build_keys}, build_keys.size(), groups.data());
  std::vector<uint32_t> found(kChunkSize);
  size_t hits = 0;
  for (auto _ : state) {
    hits = 0;
    for (const Vector& chunk : probe) {
      table.Find({&chunk}, kChunkSize, found.data());
      for (uint32_t group : found) hits += group != GroupTable::kNoGroup ? 1 : 0;
    }
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kProbeRows));
  state.counters["hit_fraction"] = static_cast<double>(hits) / kProbeRows;
}

void BM_JoinProbe(benchmark::State& state) {
  size_t build = static_cast<size_t>(state.range(0));
  RunProbe(state, UniqueKeys(build), ProbeChunks(build));
}
void BM_JoinProbeString(benchmark::State& state) {
  size_t build = static_cast<size_t>(state.range(0));
  std::vector<Vector> probe;
  for (const Vector& chunk : ProbeChunks(build)) probe.push_back(StringKeys(chunk));
  RunProbe(state, StringKeys(UniqueKeys(build)), probe);
}

BENCHMARK(BM_JoinBuild)->ArgName("build_rows")->Arg(2'000)->Arg(65'536)->Arg(1 << 20)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_JoinBuildString)->ArgName("build_rows")->Arg(2'000)->Arg(65'536)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_JoinProbe)->ArgName("build_rows")->Arg(2'000)->Arg(65'536)->Arg(1 << 20)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JoinProbeString)->ArgName("build_rows")->Arg(2'000)->Arg(65'536)
    ->Unit(benchmark::kMillisecond);

// The inner join operator over two Result operators: a fact side of 2^20 rows (key, measure)
// probing a dimension of `build_rows` rows (key, attribute), as SSB's lineorder joins
// supplier or part. Every probe key finds exactly one partner when build_rows >= the key
// range, so the output has 2^20 rows.
std::shared_ptr<DataChunk> DimensionRows(size_t count) {
  auto rows = std::make_shared<DataChunk>();
  rows->Initialize({kBigInt, kBigInt});
  rows->columns[0] = UniqueKeys(count);
  rows->columns[1] = Vector(kBigInt, count);
  for (size_t i = 0; i < count; i++) rows->columns[1].i64()[i] = static_cast<int64_t>(i % 25);
  return rows;
}

std::shared_ptr<DataChunk> FactRows(size_t key_range) {
  auto rows = std::make_shared<DataChunk>();
  rows->Initialize({kBigInt, kBigInt});
  rows->columns[0] = Vector(kBigInt, kProbeRows);
  rows->columns[1] = Vector(kBigInt, kProbeRows);
  Random random(13);
  for (size_t i = 0; i < kProbeRows; i++) {
    rows->columns[0].i64()[i] = random.Uniform(1, static_cast<int64_t>(key_range));
    rows->columns[1].i64()[i] = random.Uniform(1, 10'000'000);
  }
  return rows;
}

void BM_HashJoinOperator(benchmark::State& state) {
  const size_t build = static_cast<size_t>(state.range(0));
  std::shared_ptr<DataChunk> dimension = DimensionRows(build);
  std::shared_ptr<DataChunk> fact = FactRows(build);
  ExecContext context;
  DataChunk out;
  size_t rows_out = 0;
  for (auto _ : state) {
    HashJoinSpec spec;
    spec.left_keys.push_back(MakeColumn(0, kBigInt, "lo_key"));
    spec.right_keys.push_back(MakeColumn(0, kBigInt, "d_key"));
    OperatorPtr join = MakeHashJoinOperator(MakeResultOperator(fact), MakeResultOperator(dimension),
                                            std::move(spec));
    // Pulled chunk by chunk rather than with CollectAll, so that gluing the output into one
    // chunk (which no pipeline does above a join) stays out of the number.
    rows_out = 0;
    while (CheckOk(join->Next(context, out), "HashJoin::Next")) rows_out += out.size();
    benchmark::DoNotOptimize(rows_out);
  }
  if (rows_out != kProbeRows) state.SkipWithError("the join lost or invented rows");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * (kProbeRows + build)));
  state.counters["rows_out"] = static_cast<double>(rows_out);
}

BENCHMARK(BM_HashJoinOperator)->ArgName("build_rows")->Arg(2'000)->Arg(200'000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace martlet::micro
