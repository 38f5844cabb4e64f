// Hash aggregation: numbering groups with GroupTable::FindOrCreate, and the hash aggregate
// operator with SUM and COUNT(*) end to end.
//
// The group count is the argument because it decides where the time goes: with few groups
// the table stays in cache and the aggregate states dominate; with many, every row is a cache
// miss in the table.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "exec/group_table.hpp"
#include "exec/operators.hpp"
#include "functions/aggregate_function.hpp"
#include "micro_support.hpp"
#include "planner/bound_expr.hpp"

namespace martlet::micro {
namespace {

const LogicalType kBigInt(TypeId::kBigInt);
constexpr size_t kInputRows = size_t{1} << 20;

// kInputRows rows of (group key in [0, groups), measure), in 2048-row chunks.
std::vector<DataChunk> InputChunks(size_t groups) {
  std::vector<DataChunk> chunks;
  Random random(17);
  for (size_t offset = 0; offset < kInputRows; offset += kChunkSize) {
    DataChunk chunk;
    chunk.Initialize({kBigInt, kBigInt});
    chunk.columns[0].Resize(kChunkSize);
    chunk.columns[1].Resize(kChunkSize);
    for (size_t i = 0; i < kChunkSize; i++) {
      chunk.columns[0].i64()[i] = random.Uniform(0, static_cast<int64_t>(groups) - 1);
      chunk.columns[1].i64()[i] = random.Uniform(1, 100'000);
    }
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

void BM_GroupTableFindOrCreate(benchmark::State& state) {
  const size_t groups = static_cast<size_t>(state.range(0));
  std::vector<DataChunk> chunks = InputChunks(groups);
  std::vector<uint32_t> group_ids(kChunkSize);
  size_t found_groups = 0;
  for (auto _ : state) {
    GroupTable table({kBigInt});
    for (const DataChunk& chunk : chunks) {
      table.FindOrCreate({&chunk.columns[0]}, kChunkSize, group_ids.data());
    }
    found_groups = table.size();
    benchmark::DoNotOptimize(found_groups);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kInputRows));
  state.counters["groups"] = static_cast<double>(found_groups);
}

// The same with a VARCHAR key (SSB groups by nation, city and brand names).
void BM_GroupTableFindOrCreateString(benchmark::State& state) {
  const size_t groups = static_cast<size_t>(state.range(0));
  std::vector<DataChunk> chunks = InputChunks(groups);
  std::vector<Vector> keys;
  for (const DataChunk& chunk : chunks) {
    Vector names(LogicalType::Varchar(), kChunkSize);
    for (size_t i = 0; i < kChunkSize; i++) names.str()[i] = "MFGR#" + std::to_string(chunk.columns[0].i64()[i]);
    keys.push_back(std::move(names));
  }
  std::vector<uint32_t> group_ids(kChunkSize);
  for (auto _ : state) {
    GroupTable table({LogicalType::Varchar()});
    for (const Vector& names : keys) table.FindOrCreate({&names}, kChunkSize, group_ids.data());
    benchmark::DoNotOptimize(table.size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kInputRows));
}

BENCHMARK(BM_GroupTableFindOrCreate)->ArgName("groups")->Arg(16)->Arg(1'024)->Arg(65'536)->Arg(1 << 20)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GroupTableFindOrCreateString)->ArgName("groups")->Arg(16)->Arg(1'024)->Arg(65'536)
    ->Unit(benchmark::kMillisecond);

AggregateCall MakeCall(const std::string& function, std::vector<BoundExprPtr> args, bool star) {
  AggregateCall call;
  call.function = function;
  call.info.star = star;
  std::vector<LogicalType> arg_types;
  for (const auto& arg : args) arg_types.push_back(arg->type);
  call.args = std::move(args);
  call.binding = CheckOk(ResolveAggregate(function, arg_types, call.info), "ResolveAggregate");
  call.type = call.binding.return_type;
  return call;
}

// SELECT key, SUM(measure), COUNT(*) FROM input GROUP BY key, over a Result operator.
void BM_HashAggregateOperator(benchmark::State& state) {
  const size_t groups = static_cast<size_t>(state.range(0));
  auto input = std::make_shared<DataChunk>();
  input->Initialize({kBigInt, kBigInt});
  for (const DataChunk& chunk : InputChunks(groups)) input->AppendRange(chunk, 0, chunk.size());
  ExecContext context;
  DataChunk out;
  size_t groups_out = 0;
  for (auto _ : state) {
    AggregateSpec spec;
    spec.group_keys.push_back(MakeColumn(0, kBigInt, "key"));
    std::vector<BoundExprPtr> sum_args;
    sum_args.push_back(MakeColumn(1, kBigInt, "measure"));
    spec.aggregates.push_back(MakeCall("sum", std::move(sum_args), false));
    spec.aggregates.push_back(MakeCall("count", {}, true));
    std::vector<LogicalType> types = {kBigInt, spec.aggregates[0].type, spec.aggregates[1].type};
    OperatorPtr aggregate = MakeHashAggregateOperator(MakeResultOperator(input), std::move(spec), types);
    groups_out = 0;
    while (CheckOk(aggregate->Next(context, out), "HashAggregate::Next")) groups_out += out.size();
    benchmark::DoNotOptimize(groups_out);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kInputRows));
  state.counters["groups"] = static_cast<double>(groups_out);
}

BENCHMARK(BM_HashAggregateOperator)->ArgName("groups")->Arg(16)->Arg(1'024)->Arg(65'536)->Arg(1 << 20)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace martlet::micro
