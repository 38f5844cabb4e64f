// Runtime filters: publishing the build side's keys (range and Bloom filter) and refining a
// probe-side selection with them.
//
// Refine runs on every scanned chunk below a join, so its cost per row must stay well under
// what a probe of the join's table costs (see BM_JoinProbe), or the filter does not pay.
#include <benchmark/benchmark.h>

#include <numeric>
#include <vector>

#include "exec/runtime_filter.hpp"
#include "micro_support.hpp"

namespace martlet::micro {
namespace {

const LogicalType kBigInt(TypeId::kBigInt);
constexpr size_t kProbeRows = size_t{1} << 20;

// `count` distinct keys spread over [1, 10 * count], so a uniform probe over that range
// finds a partner for about a tenth of its rows (a selective dimension filter).
Vector BuildKeys(size_t count) {
  Vector keys(kBigInt, count);
  for (size_t i = 0; i < count; i++) keys.i64()[i] = static_cast<int64_t>(10 * i + 1);
  return keys;
}

// Argument: build keys.
void BM_RuntimeFilterPublish(benchmark::State& state) {
  Vector keys = BuildKeys(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    RuntimeFilter filter;
    filter.Publish(keys, keys.size());
    benchmark::DoNotOptimize(filter.ready());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * keys.size()));
}

// Argument: build keys; 2^20 probe rows in 2048-row chunks, about 10% with a partner.
void BM_RuntimeFilterRefine(benchmark::State& state) {
  const size_t build = static_cast<size_t>(state.range(0));
  Vector keys = BuildKeys(build);
  RuntimeFilter filter;
  filter.Publish(keys, keys.size());
  std::vector<Vector> chunks;
  Random random(21);
  for (size_t offset = 0; offset < kProbeRows; offset += kChunkSize) {
    Vector chunk(kBigInt, kChunkSize);
    for (size_t i = 0; i < kChunkSize; i++) chunk.i64()[i] = random.Uniform(1, 10 * static_cast<int64_t>(build));
    chunks.push_back(std::move(chunk));
  }
  std::vector<uint32_t> all_rows(kChunkSize);
  std::iota(all_rows.begin(), all_rows.end(), 0u);
  std::vector<uint32_t> selection;
  selection.reserve(kChunkSize);
  size_t kept = 0;
  for (auto _ : state) {
    kept = 0;
    for (const Vector& chunk : chunks) {
      // Every chunk starts fully selected, as it leaves the scan without other filters.
      selection.assign(all_rows.begin(), all_rows.end());
      filter.Refine(chunk, selection);
      kept += selection.size();
    }
    benchmark::DoNotOptimize(kept);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kProbeRows));
  // About 0.1 plus the Bloom filter's false positives.
  state.counters["kept_fraction"] = static_cast<double>(kept) / kProbeRows;
}

BENCHMARK(BM_RuntimeFilterPublish)->ArgName("build_keys")->Arg(2'000)->Arg(200'000)->Arg(1 << 20);
BENCHMARK(BM_RuntimeFilterRefine)->ArgName("build_keys")->Arg(2'000)->Arg(200'000)->Arg(1 << 20)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace martlet::micro
