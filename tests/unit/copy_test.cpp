// COPY of a file large enough to be parsed on several threads: rows keep their order, a bad
// row is reported with its line, MAXERROR skips exactly the bad rows, nothing half-loads.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "martlet/martlet.hpp"

namespace martlet {
namespace {

class CopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() / ("martlet-copy-" + std::to_string(getpid()));
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    file_ = directory_ + "/rows.tbl";
    std::ofstream out(file_);
    for (int i = 1; i <= kRows; i++) {
      if (i == kBadLine) {
        out << i << "|not a number\n";
      } else {
        out << i << "|" << i * 2 << "\n";
      }
    }
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  static constexpr int kRows = 200000;
  static constexpr int kBadLine = 150001;
  std::string directory_;
  std::string file_;
};

TEST_F(CopyTest, BadRowIsReportedWithItsLineAndNothingIsLoaded) {
  Database db(directory_ + "/db");
  auto con = db.connect();
  ASSERT_TRUE(con.query("SET threads = 2; CREATE TABLE t (a INTEGER, b INTEGER)").ok());
  auto result = con.query("COPY t FROM '" + file_ + "'");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error_message().find("line " + std::to_string(kBadLine)), std::string::npos)
      << result.error_message();
  EXPECT_NE(result.error_message().find("column \"b\""), std::string::npos);
  EXPECT_EQ(con.query("SELECT count(*) FROM t").text(0, 0), "0");
}

TEST_F(CopyTest, MaxErrorSkipsTheBadRowAndKeepsTheOrder) {
  Database db(directory_ + "/db");
  auto con = db.connect();
  ASSERT_TRUE(con.query("SET threads = 2; CREATE TABLE t (a INTEGER, b INTEGER)").ok());
  auto result = con.query("COPY t FROM '" + file_ + "' MAXERROR 1");
  ASSERT_TRUE(result.ok()) << result.error_message();
  EXPECT_EQ(result.tag(), "COPY " + std::to_string(kRows - 1));
  auto check = con.query(
      "SELECT count(*), sum(a), min(a), max(a), sum(CASE WHEN b = 2 * a THEN 1 ELSE 0 END) FROM t");
  ASSERT_TRUE(check.ok()) << check.error_message();
  int64_t expected_sum = static_cast<int64_t>(kRows) * (kRows + 1) / 2 - kBadLine;
  EXPECT_EQ(check.text(0, 0), std::to_string(kRows - 1));
  EXPECT_EQ(check.text(0, 1), std::to_string(expected_sum));
  EXPECT_EQ(check.text(0, 2), "1");
  EXPECT_EQ(check.text(0, 3), std::to_string(kRows));
  EXPECT_EQ(check.text(0, 4), std::to_string(kRows - 1));
  // Rows are stored in file order: the row ids of a scan follow a.
  auto first = con.query("SELECT a FROM t LIMIT 3");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.text(0, 0), "1");
  EXPECT_EQ(first.text(2, 0), "3");
}

// A file larger than one read (32 MB per thread) is read and parsed a segment at a time; line
// numbers and row order run on across the segments.
TEST_F(CopyTest, FileOfSeveralSegmentsKeepsLinesAndOrder) {
  const std::string big = directory_ + "/big.tbl";
  constexpr int kBigRows = 3500000;  // about 42 MB: three 16 MB segments on one thread
  constexpr int kBigBadLine = 3400001;
  {
    std::ofstream out(big);
    for (int i = 1; i <= kBigRows; i++) {
      if (i == kBigBadLine) {
        out << i << "|x\n";
      } else {
        out << i << "|" << i % 1000 << "\n";
      }
    }
  }
  Database db(directory_ + "/db");
  auto con = db.connect();
  ASSERT_TRUE(con.query("SET threads = 1; CREATE TABLE t (a INTEGER, b INTEGER)").ok());
  auto failed = con.query("COPY t FROM '" + big + "'");
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error_message().find("line " + std::to_string(kBigBadLine) + ","), std::string::npos)
      << failed.error_message();
  auto loaded = con.query("COPY t FROM '" + big + "' MAXERROR 1");
  ASSERT_TRUE(loaded.ok()) << loaded.error_message();
  EXPECT_EQ(loaded.tag(), "COPY " + std::to_string(kBigRows - 1));
  auto check = con.query("SELECT count(*), sum(a) FROM t");
  ASSERT_TRUE(check.ok()) << check.error_message();
  EXPECT_EQ(check.text(0, 1), std::to_string(static_cast<int64_t>(kBigRows) * (kBigRows + 1) / 2 - kBigBadLine));
  auto lines = con.query("SELECT line_number FROM stl_load_errors ORDER BY query DESC LIMIT 1");
  ASSERT_TRUE(lines.ok()) << lines.error_message();
  EXPECT_EQ(lines.text(0, 0), std::to_string(kBigBadLine));
}

// A gzip file is decompressed as it is read, a piece at a time, across several segments: rows
// keep their lines and order, and a file cut short loads nothing.
TEST_F(CopyTest, LargeGzipFileIsDecompressedAsItIsRead) {
  const std::string text_file = directory_ + "/big.tbl";
  constexpr int kBigRows = 2000000;  // about 22 MB of text: two segments on one thread
  constexpr int kBigBadLine = 1900001;
  std::string text;
  for (int i = 1; i <= kBigRows; i++) {
    text += i == kBigBadLine ? std::to_string(i) + "|x\n" : std::to_string(i) + "|" + std::to_string(i % 1000) + "\n";
  }
  const std::string gz = directory_ + "/big.tbl.gz";
  gzFile out = gzopen(gz.c_str(), "wb1");
  ASSERT_NE(out, nullptr);
  // Two gzip members, as `cat a.gz b.gz` makes: the second continues the data.
  const size_t half = text.find('\n', text.size() / 2) + 1;
  ASSERT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(half)), static_cast<int>(half));
  ASSERT_EQ(gzclose(out), Z_OK);
  out = gzopen(gz.c_str(), "ab1");
  ASSERT_EQ(gzwrite(out, text.data() + half, static_cast<unsigned>(text.size() - half)), static_cast<int>(text.size() - half));
  ASSERT_EQ(gzclose(out), Z_OK);

  Database db(directory_ + "/db");
  auto con = db.connect();
  ASSERT_TRUE(con.query("SET threads = 1; CREATE TABLE t (a INTEGER, b INTEGER)").ok());
  auto failed = con.query("COPY t FROM '" + gz + "'");
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error_message().find("line " + std::to_string(kBigBadLine) + ","), std::string::npos)
      << failed.error_message();
  auto loaded = con.query("COPY t FROM '" + gz + "' MAXERROR 1");
  ASSERT_TRUE(loaded.ok()) << loaded.error_message();
  EXPECT_EQ(loaded.tag(), "COPY " + std::to_string(kBigRows - 1));
  auto check = con.query("SELECT count(*), sum(a) FROM t");
  EXPECT_EQ(check.text(0, 1), std::to_string(int64_t{kBigRows} * (kBigRows + 1) / 2 - kBigBadLine));

  // The same file without its last kilobytes: an error naming it, and nothing more loaded.
  std::string bytes;
  {
    std::ifstream in(gz, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const std::string cut = directory_ + "/cut.tbl.gz";
  std::ofstream(cut, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size() - 1024));
  auto truncated = con.query("COPY t FROM '" + cut + "' MAXERROR 1");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error_message().find("truncated"), std::string::npos) << truncated.error_message();
  EXPECT_NE(truncated.error_message().find("cut.tbl.gz"), std::string::npos) << truncated.error_message();
  EXPECT_EQ(con.query("SELECT count(*) FROM t").text(0, 0), std::to_string(kBigRows - 1));
}

// A CSV file larger than a read is cut between reads only outside quoted fields, though
// every record's quoted field holds line breaks and the file is read in 16 MB pieces.
TEST_F(CopyTest, LargeCsvIsReadInPiecesCutOutsideQuotes) {
  const std::string file = directory_ + "/notes.csv";
  constexpr int kRows = 400000;  // about 40 MB
  constexpr int kBadRow = 390000;
  int bad_line = 0;
  {
    std::ofstream out(file);
    // Six line breaks inside the quotes to one outside: a cut at the last line break of a
    // piece would nearly always fall inside a field.
    std::string lines;
    for (int k = 0; k < 6; k++) lines += std::string(9, 'n') + "\n";
    int line = 1;
    for (int i = 1; i <= kRows; i++) {
      if (i == kBadRow) bad_line = line;
      out << (i == kBadRow ? std::string("x") : std::to_string(i)) << ",\"" << lines << i << "\"\"\"\n";
      line += 7;
    }
  }
  Database db(directory_ + "/db");
  auto con = db.connect();
  ASSERT_TRUE(con.query("SET threads = 1; CREATE TABLE t (id INTEGER, note VARCHAR(100))").ok());
  auto result = con.query("COPY t FROM '" + file + "' CSV MAXERROR 1");
  ASSERT_TRUE(result.ok()) << result.error_message();
  EXPECT_EQ(result.tag(), "COPY " + std::to_string(kRows - 1));
  auto check = con.query("SELECT count(*), sum(CASE WHEN note = repeat(repeat('n', 9) || chr(10), 6) || id || '\"' THEN 1 ELSE 0 END) FROM t");
  ASSERT_TRUE(check.ok()) << check.error_message();
  EXPECT_EQ(check.text(0, 0), std::to_string(kRows - 1));
  EXPECT_EQ(check.text(0, 1), std::to_string(kRows - 1));
  auto error = con.query("SELECT line_number FROM stl_load_errors");
  ASSERT_TRUE(error.ok()) << error.error_message();
  ASSERT_EQ(error.row_count(), 1u);
  EXPECT_EQ(error.text(0, 0), std::to_string(bad_line));
}

}  // namespace
}  // namespace martlet

namespace martlet {
namespace {

// CSV whose quoted fields hold line breaks, commas and doubled quotes is cut only between
// records and parsed on several threads: the same rows, in file order, as on one thread, and
// a bad row keeps its physical line number.
TEST(CopyCsvTest, QuotedLineBreaksAreParsedInParallel) {
  std::string directory = std::filesystem::temp_directory_path() / ("martlet-copy-csv-" + std::to_string(getpid()));
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  std::string file = directory + "/notes.csv";
  constexpr int kRows = 60000;
  constexpr int kBadRow = 45000;
  int bad_line = 0;
  {
    std::ofstream out(file);
    int line = 1;
    for (int i = 1; i <= kRows; i++) {
      if (i == kBadRow) bad_line = line;
      out << (i == kBadRow ? std::string("x") : std::to_string(i)) << ",\"note " << i << ",\nsecond \"\"line\"\"\"\n";
      line += 2;
    }
  }
  std::string sums[2];
  for (int threads : {1, 4}) {
    Database db(directory + "/db" + std::to_string(threads));
    auto con = db.connect();
    ASSERT_TRUE(con.query("SET threads = " + std::to_string(threads) + "; CREATE TABLE t (id INTEGER, note VARCHAR(40))").ok());
    auto result = con.query("COPY t FROM '" + file + "' CSV MAXERROR 1");
    ASSERT_TRUE(result.ok()) << result.error_message();
    EXPECT_EQ(result.tag(), "COPY " + std::to_string(kRows - 1));
    auto check = con.query(
        "SELECT count(*), sum(id), sum(CASE WHEN note = 'note ' || id || ',' || chr(10) || 'second \"line\"' THEN 1 ELSE 0 END) FROM t");
    ASSERT_TRUE(check.ok()) << check.error_message();
    EXPECT_EQ(check.text(0, 0), std::to_string(kRows - 1));
    EXPECT_EQ(check.text(0, 2), std::to_string(kRows - 1));
    sums[threads == 1 ? 0 : 1] = check.text(0, 1);
    auto error = con.query("SELECT line_number FROM stl_load_errors");
    ASSERT_TRUE(error.ok()) << error.error_message();
    ASSERT_EQ(error.row_count(), 1u);
    EXPECT_EQ(error.text(0, 0), std::to_string(bad_line));
    auto first = con.query("SELECT id FROM t LIMIT 2");
    EXPECT_EQ(first.text(0, 0), "1");
    EXPECT_EQ(first.text(1, 0), "2");
  }
  EXPECT_EQ(sums[0], sums[1]);
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace martlet
