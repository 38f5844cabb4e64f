// Decoding one column block of 65,536 rows in each encoding; decoding just every 50th row of
// it, as a scan does once its filters keep 2 % of a block; and testing a string block's
// values against a LIKE pattern without decoding it.
//
// Scans spend most of their time here, so each encoding is measured on data it suits (runs for
// run-length, a small value set for dictionary, a narrow range for frame of reference, a
// sorted column for delta). The encoding is forced so that a change in the automatic choice
// does not silently change what a benchmark measures; a benchmark whose forced encoding was
// not used reports an error instead of a number.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "micro_support.hpp"
#include "storage/encoding.hpp"

namespace martlet::micro {
namespace {

Vector MakeIntColumn(const std::string& shape) {
  Vector column(LogicalType(TypeId::kBigInt), kBlockRows);
  int64_t* values = column.i64();
  Random random(42);
  int64_t current = 0;
  for (size_t i = 0; i < kBlockRows; i++) {
    if (shape == "random") {
      values[i] = static_cast<int64_t>(random.Next());
    } else if (shape == "runs") {
      // Runs of 64 rows: a sorted or clustered column, such as an order date.
      if (i % 64 == 0) current = random.Uniform(0, 1'000'000);
      values[i] = current;
    } else if (shape == "few_distinct") {
      values[i] = random.Uniform(0, 49) * 1'000'003;  // 50 values spread over a wide range
    } else if (shape == "narrow_range") {
      values[i] = 19'920'101 + random.Uniform(0, 65'535);  // 16-bit offsets from the minimum
    } else {  // "sorted": small steps, as a surrogate key or a timestamp column
      current += random.Uniform(1, 16);
      values[i] = current;
    }
  }
  return column;
}

Vector MakeStringColumn(size_t distinct) {
  Vector column(LogicalType::Varchar(), kBlockRows);
  std::string* values = column.str();
  Random random(7);
  for (size_t i = 0; i < kBlockRows; i++) {
    // Values in the style of SSB's part brands and cities: short, few distinct.
    values[i] = "MFGR#" + std::to_string(1000 + random.Uniform(0, static_cast<int64_t>(distinct) - 1));
  }
  return column;
}

void RunDecode(benchmark::State& state, const Vector& column, Encoding encoding) {
  EncodedBlock block = EncodeBlock(column, 0, kBlockRows, {encoding, Compression::kNone});
  if (block.encoding != encoding) {
    state.SkipWithError("the forced encoding was not applied to this data");
    return;
  }
  Vector out(column.type());
  out.Reserve(kBlockRows);
  for (auto _ : state) {
    out.Clear();
    CheckOk(DecodeBlock(block.bytes, column.type(), out), "DecodeBlock");
    benchmark::DoNotOptimize(out.validity());
    benchmark::ClobberMemory();
  }
  if (out.size() != kBlockRows) state.SkipWithError("the block decoded to the wrong row count");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlockRows));
  state.counters["encoded_bytes_per_row"] =
      static_cast<double>(block.bytes.size()) / static_cast<double>(kBlockRows);
}

void BM_DecodeRaw(benchmark::State& state) {
  RunDecode(state, MakeIntColumn("random"), Encoding::kRaw);
}
void BM_DecodeRunLength(benchmark::State& state) {
  RunDecode(state, MakeIntColumn("runs"), Encoding::kRunLength);
}
void BM_DecodeDictionaryInt(benchmark::State& state) {
  RunDecode(state, MakeIntColumn("few_distinct"), Encoding::kDictionary);
}
void BM_DecodeDictionaryString(benchmark::State& state) {
  RunDecode(state, MakeStringColumn(25), Encoding::kDictionary);
}
void BM_DecodeRawString(benchmark::State& state) {
  // The baseline for the dictionary case: the same strings without a dictionary.
  RunDecode(state, MakeStringColumn(25), Encoding::kRaw);
}
void BM_DecodeFrameOfReference(benchmark::State& state) {
  RunDecode(state, MakeIntColumn("narrow_range"), Encoding::kFrameOfReference);
}
void BM_DecodeDelta(benchmark::State& state) {
  RunDecode(state, MakeIntColumn("sorted"), Encoding::kDelta);
}

// Every 50th row: what a scan decodes of a column the filters have left 2 % of.
void RunDecodeChosenRows(benchmark::State& state, const Vector& column, Encoding encoding) {
  EncodedBlock block = EncodeBlock(column, 0, kBlockRows, {encoding, Compression::kNone});
  if (block.encoding != encoding) {
    state.SkipWithError("the forced encoding was not applied to this data");
    return;
  }
  std::vector<uint32_t> rows;
  for (uint32_t r = 0; r < kBlockRows; r += 50) rows.push_back(r);
  Vector out(column.type(), kBlockRows);
  for (auto _ : state) {
    CheckOk(DecodeBlockRows(block.bytes, column.type(), rows.data(), rows.size(), out), "DecodeBlockRows");
    benchmark::DoNotOptimize(out.validity());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows.size()));
}

void BM_DecodeChosenRowsFrameOfReference(benchmark::State& state) {
  RunDecodeChosenRows(state, MakeIntColumn("narrow_range"), Encoding::kFrameOfReference);
}
void BM_DecodeChosenRowsDictionaryString(benchmark::State& state) {
  RunDecodeChosenRows(state, MakeStringColumn(25), Encoding::kDictionary);
}

// `LIKE '%#10%'` over every row of a string block, on the encoded bytes.
void RunFilterStrings(benchmark::State& state, Encoding encoding) {
  const Vector column = MakeStringColumn(25);
  EncodedBlock block = EncodeBlock(column, 0, kBlockRows, {encoding, Compression::kNone});
  if (block.encoding != encoding) {
    state.SkipWithError("the forced encoding was not applied to this data");
    return;
  }
  const StringTest keep = [](std::string_view text) { return text.find("#10") != std::string_view::npos; };
  std::vector<uint32_t> selection(kBlockRows);
  for (auto _ : state) {
    for (uint32_t r = 0; r < kBlockRows; r++) selection[r] = r;
    CheckOk(FilterBlockStrings(block.bytes, selection, keep), "FilterBlockStrings");
    benchmark::DoNotOptimize(selection.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlockRows));
}

void BM_FilterStringsRaw(benchmark::State& state) { RunFilterStrings(state, Encoding::kRaw); }
void BM_FilterStringsDictionary(benchmark::State& state) { RunFilterStrings(state, Encoding::kDictionary); }

BENCHMARK(BM_DecodeRaw);
BENCHMARK(BM_DecodeRunLength);
BENCHMARK(BM_DecodeDictionaryInt);
BENCHMARK(BM_DecodeDictionaryString);
BENCHMARK(BM_DecodeRawString);
BENCHMARK(BM_DecodeFrameOfReference);
BENCHMARK(BM_DecodeDelta);
BENCHMARK(BM_DecodeChosenRowsFrameOfReference);
BENCHMARK(BM_DecodeChosenRowsDictionaryString);
BENCHMARK(BM_FilterStringsRaw);
BENCHMARK(BM_FilterStringsDictionary);

}  // namespace
}  // namespace martlet::micro
