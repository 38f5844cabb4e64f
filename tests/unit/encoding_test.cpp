// Round trips of every encoding over every physical type, the automatic choice, the
// compression layer, Redshift names, bit packing, and decoding of corrupt input.
#include "storage/encoding.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <random>

#include "common/decimal.hpp"
#include "storage/bit_packing.hpp"

namespace martlet {
namespace {

constexpr Encoding kAllEncodings[] = {Encoding::kRaw, Encoding::kRunLength, Encoding::kDictionary,
                                      Encoding::kFrameOfReference, Encoding::kDelta};

// Rows equal when validity matches and valid values are bit-identical (NaN payloads, -0.0).
void ExpectSameRows(const Vector& expected, size_t expected_offset, const Vector& actual,
                    size_t actual_offset, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const size_t e = expected_offset + i, a = actual_offset + i;
    ASSERT_EQ(expected.IsNull(e), actual.IsNull(a)) << "row " << i;
    if (expected.IsNull(e)) continue;
    switch (expected.type().physical()) {
      case PhysicalType::kInt64:
        ASSERT_EQ(expected.i64()[e], actual.i64()[a]) << "row " << i;
        break;
      case PhysicalType::kInt128:
        ASSERT_TRUE(expected.i128()[e] == actual.i128()[a]) << "row " << i;
        break;
      case PhysicalType::kDouble:
        ASSERT_EQ(0, std::memcmp(&expected.f64()[e], &actual.f64()[a], sizeof(double)))
            << "row " << i;
        break;
      case PhysicalType::kString:
        ASSERT_EQ(expected.str()[e], actual.str()[a]) << "row " << i;
        break;
      case PhysicalType::kInterval:
        ASSERT_EQ(expected.interval()[e], actual.interval()[a]) << "row " << i;
        break;
    }
  }
}

// Encodes `column` with `choice`, decodes after three existing rows, and compares.
EncodedBlock RoundTrip(const Vector& column, EncodingChoice choice = {}) {
  EncodedBlock block = EncodeBlock(column, 0, column.size(), choice);
  Vector out(column.type());
  out.AppendRange(column, 0, std::min<size_t>(3, column.size()));
  const size_t prefix = out.size();
  const Status status = DecodeBlock(block.bytes, column.type(), out);
  EXPECT_TRUE(status.ok()) << status.message() << " encoding " << EncodingName(block.encoding);
  EXPECT_EQ(out.size(), prefix + column.size());
  if (status.ok() && out.size() == prefix + column.size()) {
    ExpectSameRows(column, 0, out, prefix, column.size());
  }
  return block;
}

// ---- data sets -------------------------------------------------------------------------

struct DataSet {
  std::string name;
  Vector column;
};

Vector WithNulls(Vector column, double fraction, uint32_t seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution is_null(fraction);
  for (size_t i = 0; i < column.size(); ++i) {
    if (is_null(rng)) column.SetNull(i);
  }
  return column;
}

Vector Int64Column(const std::vector<int64_t>& values,
                   LogicalType type = LogicalType(TypeId::kBigInt)) {
  Vector column(type, values.size());
  std::copy(values.begin(), values.end(), column.i64());
  return column;
}

std::vector<DataSet> Int64DataSets() {
  std::mt19937_64 rng(42);
  std::vector<DataSet> sets;
  const int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  sets.push_back({"empty", Int64Column({})});
  sets.push_back({"one row", Int64Column({-7})});
  sets.push_back({"all null", WithNulls(Int64Column(std::vector<int64_t>(100, 5)), 1.0, 1)});
  sets.push_back({"extremes", Int64Column({lo, hi, 0, lo, -1, hi, 1, lo + 1, hi - 1})});
  std::vector<int64_t> random(3001), negative(2000), sorted(5000), runs, dates;
  for (auto& x : random) x = static_cast<int64_t>(rng());
  for (auto& x : negative) x = -static_cast<int64_t>(rng() % 1000) - 1000000;
  for (size_t i = 0; i < sorted.size(); ++i) sorted[i] = 1000 + static_cast<int64_t>(i);
  for (int r = 0; r < 40; ++r)
    runs.insert(runs.end(), 1 + rng() % 200, static_cast<int64_t>(rng() % 5));
  for (int d = 0; d < 300; ++d) dates.insert(dates.end(), 1 + rng() % 20, 10957 + d);
  sets.push_back({"random", Int64Column(random)});
  sets.push_back({"random with nulls", WithNulls(Int64Column(random), 0.3, 2)});
  sets.push_back({"negative", Int64Column(negative)});
  sets.push_back({"sorted keys", Int64Column(sorted)});
  sets.push_back({"sorted with leading nulls", WithNulls(Int64Column(sorted), 0.05, 3)});
  sets.push_back({"constant runs", Int64Column(runs)});
  sets.push_back({"sorted dates", Int64Column(dates, LogicalType(TypeId::kDate))});
  sets.push_back({"booleans", Int64Column({1, 0, 0, 1, 1, 1, 0}, LogicalType(TypeId::kBoolean))});
  Vector leading = Int64Column(std::vector<int64_t>(50, 123456789));
  for (size_t i = 0; i < 10; ++i) leading.SetNull(i);
  sets.push_back({"leading nulls", leading});
  return sets;
}

std::vector<DataSet> Int128DataSets() {
  const LogicalType type = LogicalType::Decimal(38, 2);
  const int128_t max = MaxDecimalMagnitude(38);
  auto make = [&](const std::vector<int128_t>& values) {
    Vector column(type, values.size());
    std::copy(values.begin(), values.end(), column.i128());
    return column;
  };
  std::mt19937_64 rng(7);
  std::vector<int128_t> small(2500), wide(1000), sorted(3000);
  for (auto& x : small) x = static_cast<int128_t>(static_cast<int64_t>(rng() % 200000)) - 100000;
  for (auto& x : wide) x = (static_cast<int128_t>(rng()) << 64 | rng()) % max;
  for (size_t i = 0; i < sorted.size(); ++i)
    sorted[i] = max - 100000 + static_cast<int128_t>(i * 3);
  std::vector<DataSet> sets;
  sets.push_back({"empty", make({})});
  sets.push_back({"one row", make({-max})});
  sets.push_back({"extremes", make({max, -max, 0, max, -max, 1, -1})});
  sets.push_back({"all null", WithNulls(make(std::vector<int128_t>(64, max)), 1.0, 4)});
  sets.push_back({"small range", make(small)});
  sets.push_back({"small range with nulls", WithNulls(make(small), 0.2, 5)});
  sets.push_back({"wide range", make(wide)});
  sets.push_back({"sorted near max", make(sorted)});
  sets.push_back({"constant", make(std::vector<int128_t>(777, -max))});
  return sets;
}

std::vector<DataSet> DoubleDataSets() {
  const double inf = std::numeric_limits<double>::infinity();
  auto make = [](const std::vector<double>& values) {
    Vector column(LogicalType(TypeId::kDouble), values.size());
    std::copy(values.begin(), values.end(), column.f64());
    return column;
  };
  std::mt19937_64 rng(9);
  std::normal_distribution<double> normal(0, 1e6);
  std::vector<double> random(2000), prices;
  for (auto& x : random) x = normal(rng);
  for (int i = 0; i < 3000; ++i) prices.push_back(static_cast<double>(rng() % 50) + 0.99);
  std::vector<DataSet> sets;
  sets.push_back({"empty", make({})});
  sets.push_back({"one row", make({3.5})});
  sets.push_back({"specials", make({std::nan(""), inf, -inf, 0.0, -0.0, std::nan(""), 1e-310,
                                    std::numeric_limits<double>::max(), -std::nan("")})});
  sets.push_back({"random", make(random)});
  sets.push_back({"random with nulls", WithNulls(make(random), 0.4, 6)});
  sets.push_back({"low cardinality", make(prices)});
  sets.push_back({"all null", WithNulls(make(std::vector<double>(10, 1.0)), 1.0, 7)});
  return sets;
}

std::vector<DataSet> StringDataSets() {
  auto make = [](const std::vector<std::string>& values) {
    Vector column(LogicalType::Varchar(), values.size());
    std::copy(values.begin(), values.end(), column.str());
    return column;
  };
  std::mt19937 rng(11);
  const std::vector<std::string> categories = {
      "Electronics", "Garden", "Toys", "", "Books", "Grocery & Gourmet Food", "Héllo wörld ✓ 漢字"};
  std::vector<std::string> low, random, sorted;
  for (int i = 0; i < 4000; ++i) low.push_back(categories[rng() % categories.size()]);
  for (int i = 0; i < 1500; ++i) random.push_back("customer#" + std::to_string(rng()));
  for (int i = 0; i < 2000; ++i) sorted.push_back("key-" + std::to_string(100000 + i / 7));
  std::vector<DataSet> sets;
  sets.push_back({"empty", make({})});
  sets.push_back({"one row", make({"x"})});
  sets.push_back({"empty strings", make(std::vector<std::string>(300, ""))});
  sets.push_back({"long strings", make({std::string(100000, 'a'), std::string(70000, '\xff'), "b",
                                        std::string(1, '\0') + "embedded nul"})});
  sets.push_back({"unicode", make({"日本語", "émoji 🎉", "Ω", "日本語", "", "naïve café"})});
  sets.push_back({"low cardinality", make(low)});
  sets.push_back({"low cardinality with nulls", WithNulls(make(low), 0.25, 8)});
  sets.push_back({"random", make(random)});
  sets.push_back({"sorted runs", make(sorted)});
  sets.push_back({"all null", WithNulls(make(std::vector<std::string>(33, "zz")), 1.0, 9)});
  return sets;
}

std::vector<DataSet> IntervalDataSets() {
  auto make = [](const std::vector<Interval>& values) {
    Vector column(LogicalType(TypeId::kInterval), values.size());
    std::copy(values.begin(), values.end(), column.interval());
    return column;
  };
  std::mt19937 rng(13);
  std::vector<Interval> random(1000), constant(500, Interval{1, 2, 3});
  for (auto& x : random)
    x = Interval{static_cast<int32_t>(rng() % 24), static_cast<int32_t>(rng() % 3) - 1,
                 static_cast<int64_t>(rng()) * 1000};
  std::vector<DataSet> sets;
  sets.push_back({"empty", make({})});
  sets.push_back({"one row", make({Interval{-1, -2, std::numeric_limits<int64_t>::min()}})});
  sets.push_back({"random", make(random)});
  sets.push_back({"random with nulls", WithNulls(make(random), 0.3, 10)});
  sets.push_back({"constant", make(constant)});
  return sets;
}

std::vector<DataSet> AllDataSets() {
  std::vector<DataSet> all;
  for (auto* sets :
       {Int64DataSets, Int128DataSets, DoubleDataSets, StringDataSets, IntervalDataSets}) {
    for (DataSet& set : sets()) all.push_back(std::move(set));
  }
  return all;
}

// ---- round trips ---------------------------------------------------------------------------

TEST(EncodingTest, EveryForcedEncodingRoundTripsEveryDataSet) {
  for (const DataSet& set : AllDataSets()) {
    for (Encoding encoding : kAllEncodings) {
      SCOPED_TRACE(set.name + " / " + set.column.type().ToString() + " / " +
                   std::string(EncodingName(encoding)));
      const EncodedBlock block = RoundTrip(set.column, {encoding, Compression::kNone});
      // DECIMAL blocks whose range exceeds 64 bits fall back from FOR and delta.
      const bool too_wide = set.column.type().physical() == PhysicalType::kInt128 &&
                            (set.name == "wide range" || set.name == "extremes");
      if (EncodingApplies(encoding, set.column.type().physical()) && !too_wide) {
        EXPECT_EQ(block.encoding, encoding);
      }
      EXPECT_EQ(block.compression, Compression::kNone);
    }
  }
}

TEST(EncodingTest, AutomaticChoiceRoundTripsEveryDataSet) {
  for (const DataSet& set : AllDataSets()) {
    SCOPED_TRACE(set.name + " / " + set.column.type().ToString());
    RoundTrip(set.column);
  }
}

TEST(EncodingTest, CompressionLayersRoundTrip) {
  for (const DataSet& set : AllDataSets()) {
    for (Compression compression : {Compression::kZstd, Compression::kLz4}) {
      for (std::optional<Encoding> encoding :
           {std::optional<Encoding>(), std::optional(Encoding::kRaw)}) {
        SCOPED_TRACE(set.name + " / " + std::string(CompressionName(compression)));
        RoundTrip(set.column, {encoding, compression});
      }
    }
  }
}

// Decodes chosen rows of `column` encoded with `choice` into a vector of the block's size
// (filled beforehand with other values) and checks each chosen row.
void ExpectChosenRowsDecode(const Vector& column, EncodingChoice choice) {
  const EncodedBlock block = EncodeBlock(column, 0, column.size(), choice);
  const size_t n = column.size();
  std::mt19937 rng(static_cast<uint32_t>(n));
  std::vector<std::vector<uint32_t>> row_sets = {{}, {}, {}};
  for (uint32_t r = 0; r < n; ++r) {
    row_sets[0].push_back(r);                       // every row
    if (rng() % 10 == 0) row_sets[1].push_back(r);  // a few, scattered
  }
  if (n > 0) row_sets[2] = {0, static_cast<uint32_t>(n - 1)};  // the first and the last
  for (const auto& rows : row_sets) {
    Vector out(column.type());
    out.AppendRange(column, 0, n);
    for (size_t i = 0; i < n; ++i) out.SetNull(i);  // anything but the right values
    const Status status = DecodeBlockRows(block.bytes, column.type(), rows.data(), rows.size(), out);
    ASSERT_TRUE(status.ok()) << status.message();
    for (uint32_t row : rows) ExpectSameRows(column, row, out, row, 1);
  }
  Vector whole(column.type());
  whole.ResizeForOverwrite(n);
  for (size_t i = 0; i < n; ++i) whole.SetNull(i);
  ASSERT_TRUE(DecodeBlockRows(block.bytes, column.type(), nullptr, 0, whole).ok());
  ExpectSameRows(column, 0, whole, 0, n);
}

TEST(EncodingTest, ChosenRowsDecodeInPlaceWithEveryEncodingAndCompression) {
  for (const DataSet& set : AllDataSets()) {
    for (Encoding encoding : kAllEncodings) {
      for (Compression compression : {Compression::kNone, Compression::kZstd}) {
        SCOPED_TRACE(set.name + " / " + set.column.type().ToString() + " / " +
                     std::string(EncodingName(encoding)) + " / " +
                     std::string(CompressionName(compression)));
        ExpectChosenRowsDecode(set.column, {encoding, compression});
      }
    }
  }
}

TEST(EncodingTest, ChosenRowsOutsideTheBlockOrVectorAreRefused) {
  const Vector column = Int64Column({1, 2, 3, 4});
  const EncodedBlock block = EncodeBlock(column, 0, 4);
  Vector small(column.type(), 2);
  EXPECT_EQ(DecodeBlockRows(block.bytes, column.type(), nullptr, 0, small).code(), StatusCode::kInternal);
  Vector out(column.type(), 4);
  const uint32_t beyond[] = {1, 4};
  EXPECT_EQ(DecodeBlockRows(block.bytes, column.type(), beyond, 2, out).code(), StatusCode::kInternal);
}

TEST(EncodingTest, StringBlocksAreFilteredWithoutDecodingWithEveryEncoding) {
  // Keeps values holding an 'e' (some of every data set, never NULL).
  const StringTest keep = [](std::string_view text) { return text.find('e') != std::string_view::npos; };
  for (const DataSet& set : StringDataSets()) {
    const size_t n = set.column.size();
    for (Encoding encoding : {Encoding::kRaw, Encoding::kRunLength, Encoding::kDictionary}) {
      for (Compression compression : {Compression::kNone, Compression::kZstd}) {
        SCOPED_TRACE(set.name + " / " + std::string(EncodingName(encoding)) + " / " +
                     std::string(CompressionName(compression)));
        const EncodedBlock block = EncodeBlock(set.column, 0, n, {encoding, compression});
        for (uint32_t step : {1u, 3u}) {
          std::vector<uint32_t> selection, expected;
          for (uint32_t row = 0; row < n; row += step) {
            selection.push_back(row);
            if (!set.column.IsNull(row) && keep(set.column.str()[row])) expected.push_back(row);
          }
          ASSERT_TRUE(FilterBlockStrings(block.bytes, selection, keep).ok());
          EXPECT_EQ(selection, expected);
        }
      }
    }
  }
  const EncodedBlock numbers = EncodeBlock(Int64Column({1, 2}), 0, 2);
  std::vector<uint32_t> rows = {0, 1};
  EXPECT_EQ(FilterBlockStrings(numbers.bytes, rows, keep).code(), StatusCode::kCorruption);
}

// A key for the value of cell i of `v` (doubles bit for bit: a dictionary keeps NaN and -NaN
// apart).
std::string CellKey(const Vector& v, size_t i) {
  if (v.type().physical() == PhysicalType::kDouble) return std::string(reinterpret_cast<const char*>(&v.f64()[i]), 8);
  return v.GetValue(i).ToText();
}

// A test marks every other distinct value, and the NULL; the rows kept are those holding a
// marked value. A block of another encoding is left alone, and the test's error comes back
// with the selection untouched.
TEST(EncodingTest, BlocksAreFilteredOnTheirDictionary) {
  for (const DataSet& set : AllDataSets()) {
    const size_t n = set.column.size();
    for (Compression compression : {Compression::kNone, Compression::kZstd}) {
      SCOPED_TRACE(set.name + " / " + std::string(CompressionName(compression)));
      const EncodedBlock block = EncodeBlock(set.column, 0, n, {Encoding::kDictionary, compression});
      std::vector<uint32_t> selection;
      for (uint32_t row = 0; row < n; row += 2) selection.push_back(row);
      const std::vector<uint32_t> all = selection;
      Vector seen(set.column.type());
      const EntryTest test = [&](const Vector& entries, std::vector<uint8_t>& passes) {
        EXPECT_EQ(passes.size(), entries.size());
        EXPECT_TRUE(entries.IsNull(entries.size() - 1));
        for (size_t e = 0; e < entries.size(); e += 2) passes[e] = 1;
        passes.back() = 1;
        seen = entries;
        return Status::Ok();
      };
      bool applied = true;
      ASSERT_TRUE(FilterBlockByDictionary(block.bytes, set.column.type(), selection, test, &applied).ok());
      EXPECT_EQ(applied, block.encoding == Encoding::kDictionary);
      if (!applied) {
        EXPECT_EQ(selection, all);
        continue;
      }
      std::map<std::string, size_t> entry_of;
      for (size_t e = 0; e + 1 < seen.size(); e++) entry_of[CellKey(seen, e)] = e;
      std::vector<uint32_t> expected;
      for (uint32_t row : all) {
        if (set.column.IsNull(row) || entry_of.at(CellKey(set.column, row)) % 2 == 0) expected.push_back(row);
      }
      EXPECT_EQ(selection, expected);
      std::vector<uint32_t> untouched = all;
      const EntryTest failing = [](const Vector&, std::vector<uint8_t>&) {
        return Status(StatusCode::kInvalidInput, "division by zero");
      };
      EXPECT_EQ(FilterBlockByDictionary(block.bytes, set.column.type(), untouched, failing, &applied).message(),
                "division by zero");
      EXPECT_EQ(untouched, all);
    }
  }
}

TEST(EncodingTest, EncodesASliceOfAColumn) {
  const std::vector<DataSet> sets = StringDataSets();
  const Vector& column = sets[6].column;  // low cardinality with nulls
  const EncodedBlock block = EncodeBlock(column, 100, 1000);
  Vector out(column.type());
  ASSERT_TRUE(DecodeBlock(block.bytes, column.type(), out).ok());
  ASSERT_EQ(out.size(), 1000u);
  ExpectSameRows(column, 100, out, 0, 1000);
  EXPECT_EQ(block.zone_map.row_count, 1000u);
}

TEST(EncodingTest, ForcedEncodingThatDoesNotApplyFallsBack) {
  const Vector strings = StringDataSets()[5].column;
  const EncodedBlock block = RoundTrip(strings, {Encoding::kFrameOfReference, Compression::kNone});
  EXPECT_NE(block.encoding, Encoding::kFrameOfReference);
  for (const DataSet& set : Int128DataSets()) {
    if (set.name != "wide range") continue;
    EXPECT_NE(RoundTrip(set.column, {Encoding::kDelta, Compression::kNone}).encoding,
              Encoding::kDelta);
  }
}

// ---- automatic choice ----------------------------------------------------------------------

TEST(EncodingTest, AutomaticChoicePicksDictionaryForLowCardinalityStrings) {
  const Vector column = StringDataSets()[5].column;
  EXPECT_EQ(RoundTrip(column, {std::nullopt, Compression::kNone}).encoding, Encoding::kDictionary);
  const Vector with_nulls = StringDataSets()[6].column;
  EXPECT_EQ(RoundTrip(with_nulls, {std::nullopt, Compression::kNone}).encoding,
            Encoding::kDictionary);
}

TEST(EncodingTest, AutomaticChoicePicksDeltaOrFrameOfReferenceForSortedKeys) {
  std::vector<int64_t> keys(65536);
  for (size_t i = 0; i < keys.size(); ++i) keys[i] = 5000000 + static_cast<int64_t>(i);
  const EncodedBlock block = RoundTrip(Int64Column(keys), {std::nullopt, Compression::kNone});
  EXPECT_TRUE(block.encoding == Encoding::kDelta || block.encoding == Encoding::kFrameOfReference);
  EXPECT_LT(block.bytes.size(), 100u);  // consecutive keys pack into zero-bit deltas

  std::vector<int64_t> gaps(65536);
  std::mt19937 rng(5);
  int64_t key = 0;
  for (auto& x : gaps) x = key += 1 + rng() % 10;
  const EncodedBlock gapped = RoundTrip(Int64Column(gaps), {std::nullopt, Compression::kNone});
  EXPECT_EQ(gapped.encoding, Encoding::kDelta);
  EXPECT_LT(gapped.bytes.size(), gaps.size() * 8 / 10);
}

TEST(EncodingTest, AutomaticChoiceKeepsRandomDataRawAndSmallRangesPacked) {
  std::mt19937_64 rng(3);
  std::vector<int64_t> random(10000), small(10000);
  for (auto& x : random) x = static_cast<int64_t>(rng());
  for (auto& x : small) x = 1000000 + static_cast<int64_t>(rng() % 1000);
  EXPECT_EQ(RoundTrip(Int64Column(random), {std::nullopt, Compression::kNone}).encoding,
            Encoding::kRaw);
  const EncodedBlock packed = RoundTrip(Int64Column(small), {std::nullopt, Compression::kNone});
  EXPECT_EQ(packed.encoding, Encoding::kFrameOfReference);
  EXPECT_LT(packed.bytes.size(), 10000u * 10 / 8 + 64);
}

TEST(EncodingTest, AllNullBlockIsTiny) {
  const Vector column = WithNulls(Int64Column(std::vector<int64_t>(65536, 0)), 1.0, 1);
  const EncodedBlock block = RoundTrip(column);
  EXPECT_LT(block.bytes.size(), 65536u / 8 + 64);
  EXPECT_FALSE(block.zone_map.HasValues());
  EXPECT_EQ(block.zone_map.null_count, 65536u);
}

// ---- compression -----------------------------------------------------------------------------

TEST(EncodingTest, CompressionIsKeptOnlyWhenItPays) {
  std::vector<std::string> text;
  for (int i = 0; i < 5000; ++i) text.push_back("order " + std::to_string(i) + " shipped by truck");
  Vector column(LogicalType::Varchar(), text.size());
  std::copy(text.begin(), text.end(), column.str());
  EXPECT_EQ(RoundTrip(column).compression, Compression::kZstd);
  EXPECT_EQ(RoundTrip(column, {Encoding::kRaw, Compression::kLz4}).compression, Compression::kLz4);
  EXPECT_EQ(RoundTrip(column, {Encoding::kRaw, Compression::kNone}).compression,
            Compression::kNone);

  std::mt19937_64 rng(1);
  std::vector<int64_t> random(5000);
  for (auto& x : random) x = static_cast<int64_t>(rng());
  EXPECT_EQ(RoundTrip(Int64Column(random), {std::nullopt, Compression::kZstd}).compression,
            Compression::kNone);
  EXPECT_EQ(RoundTrip(Int64Column(random)).compression, Compression::kNone);
}

// ---- names -------------------------------------------------------------------------------------

TEST(EncodingTest, RedshiftNames) {
  struct Case {
    const char* name;
    std::optional<Encoding> encoding;
    std::optional<Compression> compression;
  };
  const Case cases[] = {
      {"raw", Encoding::kRaw, Compression::kNone},
      {"AZ64", Encoding::kFrameOfReference, Compression::kNone},
      {"bytedict", Encoding::kDictionary, Compression::kNone},
      {"delta", Encoding::kDelta, Compression::kNone},
      {"delta32k", Encoding::kDelta, Compression::kNone},
      {"lzo", std::nullopt, Compression::kLz4},
      {"mostly8", Encoding::kFrameOfReference, Compression::kNone},
      {"mostly16", Encoding::kFrameOfReference, Compression::kNone},
      {"Mostly32", Encoding::kFrameOfReference, Compression::kNone},
      {"runlength", Encoding::kRunLength, Compression::kNone},
      {"text255", Encoding::kDictionary, Compression::kNone},
      {"text32k", Encoding::kDictionary, Compression::kNone},
      {"ZSTD", std::nullopt, Compression::kZstd},
      {"auto", std::nullopt, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<EncodingChoice> choice = EncodingFromRedshiftName(c.name);
    ASSERT_TRUE(choice.ok());
    EXPECT_EQ(choice->encoding, c.encoding);
    EXPECT_EQ(choice->compression, c.compression);
  }
  const Result<EncodingChoice> bad = EncodingFromRedshiftName("gzip");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.status().message().find("\"gzip\""), std::string::npos);
  EXPECT_NE(bad.status().message().find("az64"), std::string::npos);
  EXPECT_NE(bad.status().message().find("text32k"), std::string::npos);
}

// ---- bit packing ---------------------------------------------------------------------------

TEST(BitPackingTest, EveryWidthRoundTrips) {
  std::mt19937_64 rng(17);
  for (int width = 0; width <= 64; ++width) {
    const uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
    for (size_t count : {0, 1, 7, 8, 9, 15, 16, 17, 63, 1000, 1003}) {
      std::vector<uint64_t> values(count);
      for (auto& v : values) v = rng() & mask;
      if (count > 0) values[0] = mask;  // the largest value must survive too
      std::string packed;
      PackBits(values.data(), count, width, packed);
      ASSERT_EQ(packed.size(), PackedSize(count, width));
      // Unpack from an exactly sized heap copy so ASan catches any over-read.
      std::vector<uint8_t> exact(packed.begin(), packed.end());
      std::vector<uint64_t> unpacked(count);
      UnpackBits(exact.data(), count, width, unpacked.data());
      ASSERT_EQ(values, unpacked) << "width " << width << " count " << count;
    }
  }
}

TEST(BitPackingTest, ChosenValuesUnpackAtEveryWidth) {
  std::mt19937_64 rng(19);
  for (int width = 0; width <= 64; ++width) {
    const uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
    for (size_t count : {1, 7, 9, 17, 1003}) {
      std::vector<uint64_t> values(count);
      for (auto& v : values) v = rng() & mask;
      std::string packed;
      PackBits(values.data(), count, width, packed);
      const std::vector<uint8_t> exact(packed.begin(), packed.end());  // ASan sees over-reads
      std::vector<uint32_t> rows;
      for (uint32_t r = 0; r < count; ++r) {
        if (r % 3 == 0 || r + 1 == count) rows.push_back(r);
      }
      std::vector<uint64_t> chosen(rows.size());
      UnpackBitsAt(exact.data(), count, width, rows.data(), rows.size(), chosen.data());
      for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(chosen[i], values[rows[i]]) << "width " << width << " row " << rows[i];
      }
    }
  }
}

TEST(BitPackingTest, BitWidth) {
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(255), 8);
  EXPECT_EQ(BitWidth(256), 9);
  EXPECT_EQ(BitWidth(~uint64_t{0}), 64);
}

// ---- corrupt input -------------------------------------------------------------------------

std::vector<EncodedBlock> SampleBlocks() {
  std::vector<EncodedBlock> blocks;
  for (const DataSet& set : AllDataSets()) {
    if (set.column.size() > 3100 || set.name == "long strings") continue;
    const size_t n = std::min<size_t>(set.column.size(), 300);
    for (Encoding encoding : kAllEncodings) {
      blocks.push_back(EncodeBlock(set.column, 0, n, {encoding, Compression::kNone}));
    }
    blocks.push_back(EncodeBlock(set.column, 0, n, {std::nullopt, Compression::kZstd}));
    blocks.push_back(EncodeBlock(set.column, 0, n, {std::nullopt, Compression::kLz4}));
  }
  return blocks;
}

LogicalType TypeOfBlock(const EncodedBlock& block) {
  switch (static_cast<PhysicalType>(block.bytes[2])) {
    case PhysicalType::kInt64:
      return LogicalType(TypeId::kBigInt);
    case PhysicalType::kInt128:
      return LogicalType::Decimal(38, 2);
    case PhysicalType::kDouble:
      return LogicalType(TypeId::kDouble);
    case PhysicalType::kString:
      return LogicalType::Varchar();
    case PhysicalType::kInterval:
      return LogicalType(TypeId::kInterval);
  }
  return LogicalType();
}

TEST(EncodingTest, EveryTruncationIsCorruption) {
  for (const EncodedBlock& block : SampleBlocks()) {
    const LogicalType type = TypeOfBlock(block);
    for (size_t length = 0; length < block.bytes.size(); ++length) {
      // An exactly sized heap copy, so that ASan flags any read past the end.
      const std::vector<char> prefix(block.bytes.begin(), block.bytes.begin() + length);
      Vector out(type);
      const Status status = DecodeBlock(std::string_view(prefix.data(), length), type, out);
      ASSERT_EQ(status.code(), StatusCode::kCorruption)
          << EncodingName(block.encoding) << " " << CompressionName(block.compression)
          << " truncated to " << length << " of " << block.bytes.size();
      ASSERT_EQ(out.size(), 0u);
    }
  }
}

TEST(EncodingTest, RandomByteFlipsNeverCrash) {
  std::mt19937 rng(99);
  size_t corrupt = 0, decoded = 0;
  for (const EncodedBlock& block : SampleBlocks()) {
    const LogicalType type = TypeOfBlock(block);
    for (int trial = 0; trial < 40; ++trial) {
      std::vector<char> bytes(block.bytes.begin(), block.bytes.end());
      const int flips = 1 + static_cast<int>(rng() % 3);
      for (int f = 0; f < flips; ++f)
        bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
      Vector out(type);
      const Status status = DecodeBlock(std::string_view(bytes.data(), bytes.size()), type, out);
      if (status.ok()) {
        ++decoded;
      } else {
        ASSERT_EQ(status.code(), StatusCode::kCorruption) << status.message();
        ASSERT_EQ(out.size(), 0u);
        ++corrupt;
      }
    }
  }
  EXPECT_GT(corrupt, 0u);
  (void)decoded;  // a flip inside a value decodes to another value; checksums catch that
}

TEST(EncodingTest, HeaderProblemsAreCorruption) {
  const Vector column = Int64Column({1, 2, 3});
  const EncodedBlock block = EncodeBlock(column, 0, 3);
  Vector strings(LogicalType::Varchar());
  Status status = DecodeBlock(block.bytes, LogicalType::Varchar(), strings);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_NE(status.message().find("int64"), std::string::npos);

  std::string huge = block.bytes;
  const uint32_t rows = 0xFFFFFFFF;
  std::memcpy(huge.data() + 4, &rows, 4);
  Vector out(LogicalType(TypeId::kBigInt));
  EXPECT_EQ(DecodeBlock(huge, LogicalType(TypeId::kBigInt), out).code(), StatusCode::kCorruption);

  std::string bad_encoding = block.bytes;
  bad_encoding[0] = 9;
  EXPECT_EQ(DecodeBlock(bad_encoding, LogicalType(TypeId::kBigInt), out).code(),
            StatusCode::kCorruption);

  std::string trailing = block.bytes + "x";
  EXPECT_EQ(DecodeBlock(trailing, LogicalType(TypeId::kBigInt), out).code(),
            StatusCode::kCorruption);
  EXPECT_EQ(out.size(), 0u);
}

TEST(EncodingTest, ReadBlockHeader) {
  const Vector column = WithNulls(Int64Column(std::vector<int64_t>(100, 4)), 0.5, 3);
  const EncodedBlock block =
      EncodeBlock(column, 0, 100, {Encoding::kRunLength, Compression::kNone});
  const Result<BlockHeader> header = ReadBlockHeader(block.bytes);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->row_count, 100u);
  EXPECT_EQ(header->encoding, Encoding::kRunLength);
  EXPECT_EQ(header->physical, PhysicalType::kInt64);
  EXPECT_TRUE(header->has_null_bitmap);
}

}  // namespace
}  // namespace martlet
