// Row-group files: write and read back, block splitting, zone maps per block, checksums,
// truncation and I/O errors.
#include "storage/row_group_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <random>

#include "storage/crc32c.hpp"
#include "storage/row_group_file_cache.hpp"

namespace martlet {
namespace {

class RowGroupFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/martlet_rgf_XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/rg-000001.mrg";
  }
  void TearDown() override {
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }

  std::string ReadFile() const {
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void WriteFile(const std::string& bytes) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  std::string dir_;
  std::string path_;
};

// A fact-table-like row group: sorted keys, dates, decimals, doubles, strings, intervals.
std::vector<Vector> MakeColumns(size_t rows) {
  std::mt19937_64 rng(2024);
  std::vector<Vector> columns;
  columns.emplace_back(LogicalType(TypeId::kBigInt), rows);
  columns.emplace_back(LogicalType(TypeId::kDate), rows);
  columns.emplace_back(LogicalType::Decimal(12, 2), rows);
  columns.emplace_back(LogicalType(TypeId::kDouble), rows);
  columns.emplace_back(LogicalType::Varchar(32), rows);
  columns.emplace_back(LogicalType(TypeId::kInterval), rows);
  const char* stores[] = {"Seattle", "Portland", "Boise", "Zürich"};
  for (size_t i = 0; i < rows; ++i) {
    columns[0].i64()[i] = static_cast<int64_t>(i) + 1;
    columns[1].i64()[i] = 10957 + static_cast<int64_t>(i / 500);
    columns[2].i128()[i] = static_cast<int128_t>(rng() % 1000000) - 5000;
    columns[3].f64()[i] = static_cast<double>(rng() % 10000) / 7.0;
    columns[4].str()[i] = stores[rng() % 4];
    columns[5].interval()[i] = Interval{0, static_cast<int32_t>(i % 30), 0};
    if (rng() % 10 == 0) columns[4].SetNull(i);
    if (rng() % 50 == 0) columns[3].SetNull(i);
  }
  return columns;
}

std::vector<const Vector*> Pointers(const std::vector<Vector>& columns) {
  std::vector<const Vector*> pointers;
  for (const Vector& column : columns) pointers.push_back(&column);
  return pointers;
}

void ExpectSameColumn(const Vector& expected, size_t offset, const Vector& actual) {
  for (size_t i = 0; i < actual.size(); ++i) {
    const size_t e = offset + i;
    ASSERT_EQ(expected.IsNull(e), actual.IsNull(i)) << "row " << e;
    if (expected.IsNull(e)) continue;
    switch (expected.type().physical()) {
      case PhysicalType::kInt64:
        ASSERT_EQ(expected.i64()[e], actual.i64()[i]);
        break;
      case PhysicalType::kInt128:
        ASSERT_TRUE(expected.i128()[e] == actual.i128()[i]);
        break;
      case PhysicalType::kDouble:
        ASSERT_EQ(expected.f64()[e], actual.f64()[i]);
        break;
      case PhysicalType::kString:
        ASSERT_EQ(expected.str()[e], actual.str()[i]);
        break;
      case PhysicalType::kInterval:
        ASSERT_EQ(expected.interval()[e], actual.interval()[i]);
        break;
    }
  }
}

TEST_F(RowGroupFileTest, WriteAndReadBack) {
  const size_t rows = 140000;  // three blocks per column: 65536 + 65536 + 8928
  const std::vector<Vector> columns = MakeColumns(rows);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), rows, {}).ok());

  Result<RowGroupFile> opened = RowGroupFile::Open(path_);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  const RowGroupFile& file = *opened;
  EXPECT_EQ(file.row_count(), rows);
  ASSERT_EQ(file.column_count(), columns.size());
  uint64_t stored = 0;
  for (size_t c = 0; c < columns.size(); ++c) {
    SCOPED_TRACE("column " + std::to_string(c));
    EXPECT_EQ(file.column_type(c), columns[c].type());
    ASSERT_EQ(file.blocks(c).size(), 3u);
    EXPECT_EQ(file.blocks(c)[2].first_row, 131072u);
    EXPECT_EQ(file.blocks(c)[2].row_count, rows - 131072);
    Vector out(columns[c].type());
    const Status status = file.ReadColumn(c, columns[c].type(), out);
    ASSERT_TRUE(status.ok()) << status.message();
    ASSERT_EQ(out.size(), rows);
    ExpectSameColumn(columns[c], 0, out);
    stored += file.ColumnStoredBytes(c);
  }
  EXPECT_LT(stored, file.file_size());
  // Sorted keys pack to almost nothing; the strings become a dictionary.
  EXPECT_EQ(file.ColumnEncoding(0), Encoding::kDelta);
  EXPECT_LT(file.ColumnStoredBytes(0), 200u);
  EXPECT_EQ(file.ColumnEncoding(4), Encoding::kDictionary);
}

TEST_F(RowGroupFileTest, ReadsOneBlockAndItsZoneMap) {
  const size_t rows = 140000;
  const std::vector<Vector> columns = MakeColumns(rows);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), rows, {}).ok());
  Result<RowGroupFile> file = RowGroupFile::Open(path_);
  ASSERT_TRUE(file.ok());

  const std::vector<ZoneMap> key_maps = file->ZoneMaps(0);
  ASSERT_EQ(key_maps.size(), 3u);
  EXPECT_EQ(key_maps[1].min.int64(), 65537);
  EXPECT_EQ(key_maps[1].max.int64(), 131072);
  EXPECT_FALSE(ZoneMapMayMatch(key_maps[0], CompareOp::kEqual, Value::BigInt(100000)));
  EXPECT_TRUE(ZoneMapMayMatch(key_maps[1], CompareOp::kEqual, Value::BigInt(100000)));
  EXPECT_GT(file->blocks(4)[0].zone_map.null_count, 0u);

  Vector out(LogicalType::Varchar());
  ASSERT_TRUE(file->ReadBlock(4, 1, LogicalType::Varchar(32), out).ok());
  ASSERT_EQ(out.size(), 65536u);
  ExpectSameColumn(columns[4], 65536, out);
  EXPECT_EQ(file->ReadBlock(4, 3, LogicalType::Varchar(), out).code(), StatusCode::kInvalidInput);
}

TEST_F(RowGroupFileTest, HonoursEncodingChoices) {
  const size_t rows = 1000;
  const std::vector<Vector> columns = MakeColumns(rows);
  std::vector<EncodingChoice> choices(columns.size());
  choices[0] = {Encoding::kRaw, Compression::kNone};
  choices[1] = {Encoding::kRunLength, Compression::kNone};
  choices[4] = {std::nullopt, Compression::kLz4};
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), rows, choices).ok());
  Result<RowGroupFile> file = RowGroupFile::Open(path_);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->ColumnEncoding(0), Encoding::kRaw);
  EXPECT_EQ(file->ColumnEncoding(1), Encoding::kRunLength);
  EXPECT_EQ(file->ColumnStoredBytes(0), 8 + 8 * rows);
  for (size_t c = 0; c < columns.size(); ++c) {
    Vector out(columns[c].type());
    ASSERT_TRUE(file->ReadColumn(c, columns[c].type(), out).ok());
    ExpectSameColumn(columns[c], 0, out);
  }
}

TEST_F(RowGroupFileTest, EmptyRowGroupAndNoColumns) {
  const std::vector<Vector> columns = MakeColumns(0);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), 0, {}).ok());
  Result<RowGroupFile> file = RowGroupFile::Open(path_);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->row_count(), 0u);
  Vector out(LogicalType(TypeId::kBigInt));
  EXPECT_TRUE(file->ReadColumn(0, LogicalType(TypeId::kBigInt), out).ok());
  EXPECT_EQ(out.size(), 0u);

  ASSERT_TRUE(WriteRowGroupFile(path_, {}, 10, {}).ok());
  Result<RowGroupFile> no_columns = RowGroupFile::Open(path_);
  ASSERT_TRUE(no_columns.ok());
  EXPECT_EQ(no_columns->row_count(), 10u);
  EXPECT_EQ(no_columns->column_count(), 0u);
}

TEST_F(RowGroupFileTest, FlippedBlockByteIsAChecksumMismatch) {
  const std::vector<Vector> columns = MakeColumns(5000);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), 5000, {}).ok());
  uint64_t offset;
  {
    Result<RowGroupFile> file = RowGroupFile::Open(path_);
    ASSERT_TRUE(file.ok());
    offset = file->blocks(3)[0].offset + file->blocks(3)[0].length / 2;
  }
  std::string bytes = ReadFile();
  bytes[offset] ^= 0x10;
  WriteFile(bytes);
  Result<RowGroupFile> file = RowGroupFile::Open(path_);
  ASSERT_TRUE(file.ok());
  Vector good(columns[2].type());
  EXPECT_TRUE(file->ReadColumn(2, columns[2].type(), good).ok());
  Vector out(columns[3].type());
  out.AppendRange(columns[3], 0, 5);
  const Status status = file->ReadColumn(3, columns[3].type(), out);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_NE(status.message().find("checksum mismatch"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find(path_), std::string::npos);
  EXPECT_EQ(out.size(), 5u);  // left as it was
}

TEST_F(RowGroupFileTest, ChosenRowsOfABlockDecodeInPlaceAndAreChecked) {
  const size_t rows = 70000;
  const std::vector<Vector> columns = MakeColumns(rows);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), rows, {}).ok());
  uint64_t offset;
  {
    Result<RowGroupFile> file = RowGroupFile::Open(path_);
    ASSERT_TRUE(file.ok());
    const std::vector<uint32_t> chosen = {0, 17, 4000, 65535};
    for (size_t c = 0; c < columns.size(); ++c) {
      Vector out(columns[c].type(), 65536);
      ASSERT_TRUE(file->ReadBlockRows(c, 0, columns[c].type(), chosen.data(), chosen.size(), out).ok());
      for (uint32_t row : chosen) {
        Vector one(columns[c].type());
        one.AppendRow(out, row);
        ExpectSameColumn(columns[c], row, one);
      }
    }
    Vector short_vector(columns[0].type(), 100);
    EXPECT_EQ(file->ReadBlockRows(0, 0, columns[0].type(), nullptr, 0, short_vector).code(),
              StatusCode::kInternal);
    offset = file->blocks(4)[0].offset + file->blocks(4)[0].length / 2;
  }
  std::string bytes = ReadFile();
  bytes[offset] ^= 0x10;
  WriteFile(bytes);
  Result<RowGroupFile> file = RowGroupFile::Open(path_);
  ASSERT_TRUE(file.ok());
  Vector out(columns[4].type(), 65536);
  const uint32_t row = 3;  // far from the flipped byte: the whole block is checked anyway
  const Status status = file->ReadBlockRows(4, 0, columns[4].type(), &row, 1, out);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_NE(status.message().find("checksum mismatch in column 4 block 0"), std::string::npos)
      << status.message();
}

TEST_F(RowGroupFileTest, CacheKeepsAFileOpenUntilForgotten) {
  RowGroupFileCache cache;
  Result<std::shared_ptr<const RowGroupFile>> missing = cache.Open(path_);
  EXPECT_EQ(missing.status().code(), StatusCode::kIOError);

  const std::vector<Vector> columns = MakeColumns(100);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), 100, {}).ok());
  Result<std::shared_ptr<const RowGroupFile>> first = cache.Open(path_);  // the failure was not kept
  ASSERT_TRUE(first.ok()) << first.status().message();
  Result<std::shared_ptr<const RowGroupFile>> again = cache.Open(path_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->get(), again->get());
  cache.Forget(path_);
  Result<std::shared_ptr<const RowGroupFile>> reopened = cache.Open(path_);
  ASSERT_TRUE(reopened.ok());
  EXPECT_NE(first->get(), reopened->get());
  Vector out(columns[0].type());
  ASSERT_TRUE((*first)->ReadColumn(0, columns[0].type(), out).ok());  // still readable
  EXPECT_EQ(out.size(), 100u);
}

TEST_F(RowGroupFileTest, FlippedFooterByteIsCorruption) {
  const std::vector<Vector> columns = MakeColumns(100);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), 100, {}).ok());
  std::string bytes = ReadFile();
  bytes[bytes.size() - 20] ^= 0x01;
  WriteFile(bytes);
  const Result<RowGroupFile> file = RowGroupFile::Open(path_);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kCorruption);
  EXPECT_NE(file.status().message().find("footer checksum"), std::string::npos);
}

TEST_F(RowGroupFileTest, TruncatedFileIsCorruption) {
  const std::vector<Vector> columns = MakeColumns(3000);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), 3000, {}).ok());
  const std::string bytes = ReadFile();
  for (size_t length : {size_t{0}, size_t{5}, size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    WriteFile(bytes.substr(0, length));
    const Result<RowGroupFile> file = RowGroupFile::Open(path_);
    ASSERT_FALSE(file.ok()) << "length " << length;
    EXPECT_EQ(file.status().code(), StatusCode::kCorruption) << file.status().message();
  }
  WriteFile(bytes + "garbage");
  EXPECT_EQ(RowGroupFile::Open(path_).status().code(), StatusCode::kCorruption);
}

TEST_F(RowGroupFileTest, MissingFileNamesPathAndReason) {
  const Result<RowGroupFile> file = RowGroupFile::Open(dir_ + "/nope.mrg");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kIOError);
  EXPECT_NE(file.status().message().find(dir_ + "/nope.mrg"), std::string::npos);
  EXPECT_NE(file.status().message().find("No such file or directory"), std::string::npos)
      << file.status().message();

  const std::vector<Vector> columns = MakeColumns(10);
  const Status status = WriteRowGroupFile(dir_ + "/missing/dir.mrg", Pointers(columns), 10, {});
  EXPECT_EQ(status.code(), StatusCode::kIOError);
  EXPECT_NE(status.message().find("missing/dir.mrg"), std::string::npos);
}

TEST_F(RowGroupFileTest, RejectsBadArguments) {
  const std::vector<Vector> columns = MakeColumns(10);
  EXPECT_EQ(WriteRowGroupFile(path_, Pointers(columns), 11, {}).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(WriteRowGroupFile(path_, Pointers(columns), 10, {EncodingChoice{}}).code(),
            StatusCode::kInvalidInput);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), 10, {}).ok());
  Result<RowGroupFile> file = RowGroupFile::Open(path_);
  ASSERT_TRUE(file.ok());
  Vector out(LogicalType::Varchar());
  EXPECT_EQ(file->ReadColumn(0, LogicalType::Varchar(), out).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(file->ReadColumn(6, LogicalType::Varchar(), out).code(), StatusCode::kInvalidInput);
}

TEST_F(RowGroupFileTest, MovedFileStaysReadable) {
  const std::vector<Vector> columns = MakeColumns(100);
  ASSERT_TRUE(WriteRowGroupFile(path_, Pointers(columns), 100, {}).ok());
  Result<RowGroupFile> opened = RowGroupFile::Open(path_);
  ASSERT_TRUE(opened.ok());
  RowGroupFile file = std::move(opened).value();
  RowGroupFile other = std::move(file);
  Vector out(columns[0].type());
  ASSERT_TRUE(other.ReadColumn(0, columns[0].type(), out).ok());
  EXPECT_EQ(out.size(), 100u);
}

TEST(Crc32cTest, KnownValuesAndExtension) {
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(""), 0u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAu);
  const std::string text = "The quick brown fox jumps over the lazy dog, twice over.";
  for (size_t split = 0; split <= text.size(); ++split) {
    EXPECT_EQ(Crc32cExtend(Crc32c(text.substr(0, split)), text.data() + split, text.size() - split),
              Crc32c(text));
  }
}

// Bit by bit, straight from the definition: the reference for the fast paths.
uint32_t Crc32cBitwise(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : data) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? 0x82F63B78u : 0u);
  }
  return ~crc;
}

TEST(Crc32cTest, LongInputsMatchTheDefinitionAtEveryLength) {
  // Long inputs take the three-stream path; lengths around multiples of its 3 KB round and
  // odd offsets check how the streams are joined and where the tail starts.
  std::string data(20000, '\0');
  uint64_t state = 12345;
  for (char& c : data) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    c = static_cast<char>(state >> 56);
  }
  for (size_t length : {3071u, 3072u, 3073u, 6144u, 6151u, 9999u, 20000u}) {
    for (size_t offset : {0u, 1u, 7u}) {
      if (offset + length > data.size()) continue;
      const std::string_view piece(data.data() + offset, length);
      EXPECT_EQ(Crc32c(piece), Crc32cBitwise(piece)) << "length " << length << " offset " << offset;
      EXPECT_EQ(Crc32cExtend(Crc32c(piece.substr(0, 5)), piece.data() + 5, length - 5), Crc32c(piece));
    }
  }
}

}  // namespace
}  // namespace martlet
