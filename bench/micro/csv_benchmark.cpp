// Loading delimited text: splitting 50 MB of pipe-delimited lineorder rows into fields, and
// splitting plus converting every field into a typed column, as COPY does.
//
// The text is generated in memory so that the number measures parsing, not the disk or the
// page cache. Rows follow SSB's lineorder (shared/bench/ssb/schema.sql): 17 fields, integers
// and short strings, about 100 bytes a row.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "common/vector.hpp"
#include "formats/delimited_parser.hpp"
#include "formats/field_conversion.hpp"
#include "micro_support.hpp"

namespace martlet::micro {
namespace {

constexpr size_t kTextBytes = size_t{50} << 20;

std::vector<LogicalType> LineorderTypes() {
  const LogicalType integer(TypeId::kInteger);
  return {integer, integer, integer, integer, integer, integer, LogicalType::Varchar(15),
          LogicalType::Varchar(1), integer, integer, integer, integer, integer, integer,
          integer, integer, LogicalType::Varchar(10)};
}

const std::string& LineorderText() {
  static const std::string text = [] {
    static const char* const kPriorities[] = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECI", "5-LOW"};
    static const char* const kShipModes[] = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    std::string out;
    out.reserve(kTextBytes + 256);
    Random random(1992);
    int64_t order = 1;
    while (out.size() < kTextBytes) {
      int64_t lines = random.Uniform(1, 7);
      int64_t date = 19920101 + random.Uniform(0, 6) * 10000 + random.Uniform(0, 11) * 100 + random.Uniform(1, 28);
      const char* priority = kPriorities[random.Uniform(0, 4)];
      for (int64_t line = 1; line <= lines; line++) {
        int64_t quantity = random.Uniform(1, 50);
        int64_t price = quantity * random.Uniform(90'000, 200'000) / 100;
        int64_t discount = random.Uniform(0, 10);
        out += std::to_string(order) + '|' + std::to_string(line) + '|' +
               std::to_string(random.Uniform(1, 30'000)) + '|' + std::to_string(random.Uniform(1, 200'000)) +
               '|' + std::to_string(random.Uniform(1, 2'000)) + '|' + std::to_string(date) + '|' + priority +
               "|0|" + std::to_string(quantity) + '|' + std::to_string(price) + '|' +
               std::to_string(price * lines) + '|' + std::to_string(discount) + '|' +
               std::to_string(price * (100 - discount) / 100) + '|' + std::to_string(price * 6 / 10) + '|' +
               std::to_string(random.Uniform(0, 8)) + '|' + std::to_string(date + random.Uniform(1, 27)) +
               '|' + kShipModes[random.Uniform(0, 6)] + '\n';
      }
      order++;
    }
    return out;
  }();
  return text;
}

// Argument: 0 for Redshift's text format (backslash escapes), 1 for CSV (quote handling).
void BM_DelimitedSplit(benchmark::State& state) {
  const std::string& text = LineorderText();
  DelimitedOptions options;
  options.csv = state.range(0) != 0;
  size_t fields = 0;
  for (auto _ : state) {
    fields = 0;
    CheckOk(ParseDelimited(text, options,
                           [&fields](const std::vector<Field>& record, size_t) {
                             fields += record.size();
                             return Status::Ok();
                           }),
            "ParseDelimited");
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["fields"] = static_cast<double>(fields);
}

// Splitting and converting every field into its column. The columns are emptied every 2048
// rows, as a loader hands full chunks on, so memory stays flat and the time is the parsing.
void BM_DelimitedParseAndConvert(benchmark::State& state) {
  const std::string& text = LineorderText();
  const std::vector<LogicalType> types = LineorderTypes();
  DelimitedOptions options;
  options.csv = state.range(0) != 0;
  DataChunk rows;
  rows.Initialize(types);
  for (Vector& column : rows.columns) column.Reserve(kChunkSize);
  size_t record_count = 0;
  for (auto _ : state) {
    record_count = 0;
    rows.Reset();
    CheckOk(ParseDelimited(text, options,
                           [&](const std::vector<Field>& record, size_t) -> Status {
                             if (record.size() != types.size()) {
                               return Status(StatusCode::kInvalidInput, "wrong field count");
                             }
                             if (rows.columns[0].size() == kChunkSize) rows.Reset();
                             for (size_t i = 0; i < record.size(); i++) {
                               RETURN_IF_ERROR(AppendTextField(record[i].text, rows.columns[i]));
                             }
                             record_count++;
                             return Status::Ok();
                           }),
            "ParseDelimited + AppendTextField");
    benchmark::DoNotOptimize(record_count);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * record_count));
}

BENCHMARK(BM_DelimitedSplit)->ArgName("csv")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DelimitedParseAndConvert)->ArgName("csv")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace martlet::micro
