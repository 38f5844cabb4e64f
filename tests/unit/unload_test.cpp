// UNLOAD through the public API: the files it writes are read back (directly, or with COPY),
// for every format and option, and every error leaves no file of its own behind.
#include <bzlib.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "martlet/martlet.hpp"

namespace martlet {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Gunzip(const std::string& compressed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 16 + MAX_WBITS), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[1 << 16];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  EXPECT_EQ(result, Z_STREAM_END);
  return out;
}

std::string Bunzip2(const std::string& compressed) {
  bz_stream stream{};
  EXPECT_EQ(BZ2_bzDecompressInit(&stream, 0, 0), BZ_OK);
  stream.next_in = const_cast<char*>(compressed.data());
  stream.avail_in = static_cast<unsigned>(compressed.size());
  std::string out;
  char buffer[1 << 16];
  int result = BZ_OK;
  while (result == BZ_OK) {
    stream.next_out = buffer;
    stream.avail_out = sizeof buffer;
    result = BZ2_bzDecompress(&stream);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  BZ2_bzDecompressEnd(&stream);
  EXPECT_EQ(result, BZ_STREAM_END);
  return out;
}

class UnloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("martlet-unload-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    out_ = (root_ / "out").string() + "/";
    database_ = std::make_unique<Database>((root_ / "db").string());
    connection_ = std::make_unique<Connection>(database_->connect());
    Run("CREATE TABLE items (id INTEGER, name VARCHAR(40), price DECIMAL(10,2), sold DATE, "
        "seen TIMESTAMP, ok BOOLEAN)");
    Run("INSERT INTO items VALUES "
        "(1, 'plain', 1.50, '2024-01-31', '2024-01-31 10:20:30', true), "
        "(2, 'pipe|and,comma', NULL, NULL, NULL, false), "
        "(3, E'two\\nlines', 3.00, '2023-12-01', '2023-12-01 00:00:00.5', NULL), "
        "(4, 'quote \"double\" and ''single''', 4.25, '2022-02-02', '2022-02-02 02:02:02', true), "
        "(5, E'back\\\\slash and\\ttab', 0.00, '2021-06-30', '2021-06-30 23:59:59', false), "
        "(6, 'ünïcødé ✓ 漢字', 6.60, '2020-02-29', '2020-02-29 12:00:00', true), "
        "(7, '', 7.00, '2019-07-07', '2019-07-07 07:07:07', true), "
        "(8, NULL, 8.80, '2018-08-08', '2018-08-08 08:08:08', false)");
  }
  void TearDown() override {
    connection_.reset();
    database_.reset();
    fs::remove_all(root_);
  }

  QueryResult Run(const std::string& sql) {
    QueryResult result = connection_->query(sql);
    EXPECT_TRUE(result.ok()) << sql << "\n" << result.error_message();
    return result;
  }

  QueryResult Fail(const std::string& sql) {
    QueryResult result = connection_->query(sql);
    EXPECT_FALSE(result.ok()) << sql;
    return result;
  }

  // Every file under the output folder, relative to it, sorted.
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    if (!fs::exists(out_)) return names;
    for (const auto& entry : fs::recursive_directory_iterator(out_)) {
      if (entry.is_regular_file()) names.push_back(fs::relative(entry.path(), out_).string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  // All rows of a query as text, one line per row, values separated by '|', NULL as <null>.
  std::string Rows(const std::string& sql) {
    QueryResult result = Run(sql);
    std::string text;
    for (size_t r = 0; r < result.row_count(); r++) {
      for (size_t c = 0; c < result.column_count(); c++) {
        if (c > 0) text += '|';
        text += result.is_null(r, c) ? "<null>" : result.text(r, c);
      }
      text += '\n';
    }
    return text;
  }

  // Creates an empty copy of items, loads it with `copy_options` from `source`, and compares.
  void ExpectRoundTrip(const std::string& source, const std::string& copy_options) {
    Run("DROP TABLE IF EXISTS back; CREATE TABLE back (LIKE items)");
    Run("COPY back FROM '" + source + "' " + copy_options);
    EXPECT_EQ(Rows("SELECT * FROM back ORDER BY id"), Rows("SELECT * FROM items ORDER BY id"));
  }

  fs::path root_;
  std::string out_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(UnloadTest, DefaultTextIsPipeDelimitedWithEmptyNulls) {
  QueryResult result =
      Run("UNLOAD ('SELECT id, name, price, sold, ok FROM items WHERE id <= 2 ORDER BY id') TO '" +
          out_ + "t_' PARALLEL OFF");
  EXPECT_EQ(result.tag(), "UNLOAD 2");
  EXPECT_EQ(Files(), std::vector<std::string>{"t_000"});
  EXPECT_EQ(ReadFile(out_ + "t_000"), "1|plain|1.50|2024-01-31|t\n2|pipe|and,comma|||f\n");
}

TEST_F(UnloadTest, TextWithEscapeAndNullAsRoundTripsThroughCopy) {
  Run("UNLOAD ('SELECT * FROM items ORDER BY id') TO '" + out_ +
      "t_' ESCAPE NULL AS '\\N' PARALLEL OFF");
  std::string text = ReadFile(out_ + "t_000");
  EXPECT_NE(text.find("2|pipe\\|and,comma|\\N|"), std::string::npos) << text;
  EXPECT_NE(text.find("3|two\\\nlines|"), std::string::npos) << text;
  EXPECT_NE(text.find("5|back\\\\slash and\ttab|"), std::string::npos) << text;
  ExpectRoundTrip(out_ + "t_000", "ESCAPE");
}

TEST_F(UnloadTest, CsvQuotesWhatNeedsItAndRoundTripsThroughCopy) {
  Run("UNLOAD ('SELECT * FROM items ORDER BY id') TO '" + out_ + "c_' CSV PARALLEL OFF");
  std::string text = ReadFile(out_ + "c_000");
  EXPECT_NE(text.find("2,\"pipe|and,comma\",,,,f\n"), std::string::npos) << text;
  EXPECT_NE(text.find("4,\"quote \"\"double\"\" and 'single'\",4.25,"), std::string::npos) << text;
  EXPECT_NE(text.find("7,\"\",7.00,"), std::string::npos)
      << "an empty string is not NULL: " << text;
  EXPECT_NE(text.find("8,,8.80,2018-08-08,2018-08-08 08:08:08,f\n"), std::string::npos) << text;
  EXPECT_NE(text.find("3,\"two\nlines\",3.00,2023-12-01,2023-12-01 00:00:00.5,\n"),
            std::string::npos)
      << text;
  ExpectRoundTrip(out_ + "c_000", "CSV EMPTYASNULL");
}

TEST_F(UnloadTest, CsvHeaderDelimiterAddQuotesAndNullAs) {
  Run("UNLOAD ('SELECT id, name FROM items WHERE id IN (1, 2, 8) ORDER BY id') TO '" + out_ +
      "c_' CSV HEADER DELIMITER AS ';' NULL AS 'nil' PARALLEL OFF");
  EXPECT_EQ(ReadFile(out_ + "c_000"), "id;name\n1;plain\n2;pipe|and,comma\n8;nil\n");
  Run("UNLOAD ('SELECT id, name FROM items WHERE id IN (1, 2) ORDER BY id') TO '" + out_ +
      "q_' CSV ADDQUOTES HEADER PARALLEL OFF");
  EXPECT_EQ(ReadFile(out_ + "q_000"),
            "\"id\",\"name\"\n\"1\",\"plain\"\n\"2\",\"pipe|and,comma\"\n");
  Run("UNLOAD ('SELECT id, name FROM items WHERE id IN (1, 2) ORDER BY id') TO '" + out_ +
      "tab_' DELIMITER '\\t' HEADER PARALLEL OFF");
  EXPECT_EQ(ReadFile(out_ + "tab_000"), "id\tname\n1\tplain\n2\tpipe|and,comma\n");
}

TEST_F(UnloadTest, JsonWritesOneObjectPerLine) {
  Run("UNLOAD ('SELECT * FROM items ORDER BY id') TO '" + out_ + "j_' JSON PARALLEL OFF");
  std::string text = ReadFile(out_ + "j_000");
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "{\"id\":1,\"name\":\"plain\",\"price\":1.50,\"sold\":\"2024-01-31\",\"seen\":\"2024-"
            "01-31 10:20:30\","
            "\"ok\":true}");
  // Every line parses, and every value reads back as the table holds it.
  simdjson::ondemand::parser parser;
  QueryResult expected = Run("SELECT * FROM items ORDER BY id");
  std::istringstream lines(text);
  std::string line;
  size_t row = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(row, expected.row_count());
    simdjson::padded_string padded(line);
    simdjson::ondemand::document document = parser.iterate(padded);
    simdjson::ondemand::object object = document.get_object();
    for (size_t c = 0; c < expected.column_count(); c++) {
      simdjson::ondemand::value value = object[expected.column_name(c)];
      if (expected.is_null(row, c)) {
        EXPECT_TRUE(bool(value.is_null())) << line;
      } else if (expected.column_kind(c) == ColumnKind::kText ||
                 expected.column_kind(c) == ColumnKind::kDate ||
                 expected.column_kind(c) == ColumnKind::kTimestamp) {
        std::string_view string = value.get_string();
        EXPECT_EQ(std::string(string), expected.text(row, c)) << line;
      } else if (expected.column_kind(c) == ColumnKind::kBoolean) {
        EXPECT_EQ(bool(value.get_bool()), expected.text(row, c) == "t") << line;
      } else {
        std::string_view raw = value.raw_json_token();
        EXPECT_EQ(std::string(raw), expected.text(row, c)) << line;
      }
    }
    row++;
  }
  EXPECT_EQ(row, expected.row_count());
  // And COPY ... JSON 'auto' loads the file back to the same rows.
  ExpectRoundTrip(out_ + "j_000", "JSON 'auto'");
}

TEST_F(UnloadTest, JsonWritesNanAsAStringAndNeedsUniqueNames) {
  Run("UNLOAD ('SELECT 1.5::double precision AS x, ''NaN''::double precision AS y') TO '" + out_ +
      "j_' JSON PARALLEL OFF");
  EXPECT_EQ(ReadFile(out_ + "j_000"), "{\"x\":1.5,\"y\":\"NaN\"}\n");
  QueryResult result = Fail("UNLOAD ('SELECT 1 AS a, 2 AS a') TO '" + out_ + "dup_' JSON");
  EXPECT_NE(result.error_message().find("unique column names"), std::string::npos)
      << result.error_message();
}

TEST_F(UnloadTest, FixedWidthPadsAndRefusesWideValues) {
  Run("UNLOAD ('SELECT id, name FROM items WHERE id IN (1, 6, 8) ORDER BY id') TO '" + out_ +
      "f_' FIXEDWIDTH 'id:3,name:12' NULL AS '?' PARALLEL OFF");
  EXPECT_EQ(ReadFile(out_ + "f_000"), "1  plain       \n6  ünïcødé ✓ 漢字\n8  ?           \n");
  QueryResult result =
      Fail("UNLOAD ('SELECT id, name FROM items') TO '" + out_ + "g_' FIXEDWIDTH 'id:3,name:5'");
  EXPECT_NE(result.error_message().find("wider than its FIXEDWIDTH width 5"), std::string::npos)
      << result.error_message();
  EXPECT_FALSE(fs::exists(out_ + "g_0000_part_00"));
  result = Fail("UNLOAD ('SELECT id, name FROM items') TO '" + out_ + "g_' FIXEDWIDTH 'id:3'");
  EXPECT_NE(result.error_message().find("FIXEDWIDTH gives 1 widths for 2 columns"),
            std::string::npos);
}

TEST_F(UnloadTest, QuotedQueryMayHoldDoubledQuotes) {
  QueryResult result =
      Run("UNLOAD ('SELECT id FROM items WHERE name = ''plain'' OR name LIKE ''%double%''') TO '" +
          out_ + "q_' PARALLEL OFF");
  EXPECT_EQ(result.tag(), "UNLOAD 2");
  EXPECT_EQ(ReadFile(out_ + "q_000"), "1\n4\n");
  result = Run("UNLOAD ($$SELECT id FROM items WHERE name = 'plain'$$) TO '" + out_ +
               "d_' PARALLEL OFF");
  EXPECT_EQ(ReadFile(out_ + "d_000"), "1\n");
  result =
      Run("UNLOAD (E'SELECT id FROM items WHERE name = \\'plain\\' ORDER BY id LIMIT 1') TO '" +
          out_ + "l_' PARALLEL OFF");
  EXPECT_EQ(ReadFile(out_ + "l_000"), "1\n");
  result = Fail("UNLOAD ('SELECT 1; SELECT 2') TO '" + out_ + "x_'");
  EXPECT_NE(result.error_message().find("the end of the quoted query"), std::string::npos)
      << result.error_message();
  result = Fail("UNLOAD ('DELETE FROM items') TO '" + out_ + "x_'");
  EXPECT_NE(result.error_message().find("a SELECT query"), std::string::npos)
      << result.error_message();
  EXPECT_EQ(Rows("SELECT count(*) FROM items"), "8\n");
}

TEST_F(UnloadTest, ErrorsInTheQuotedQueryPointIntoTheStatement) {
  std::string prefix = "UNLOAD ('SELECT nmae FROM items WHERE name = ''x''') TO '" + out_ + "e_'";
  QueryResult result = Fail(prefix);
  EXPECT_NE(result.error_message().find("nmae"), std::string::npos) << result.error_message();
  EXPECT_EQ(result.error_position(), static_cast<int>(prefix.find("nmae")));
  std::string syntax =
      "UNLOAD ('SELECT id FROM items WHERE name = ''x'' AND AND') TO '" + out_ + "e_'";
  result = Fail(syntax);
  EXPECT_EQ(result.status().code(), StatusCode::kSyntaxError);
  EXPECT_EQ(result.error_position(), static_cast<int>(syntax.rfind("AND')")));
  EXPECT_TRUE(Files().empty());
}

TEST_F(UnloadTest, ParallelOnWritesOneSeriesPerThreadAndKeepsEveryRow) {
  Run("SET threads = 3");
  Run("CREATE TABLE numbers AS SELECT i FROM generate_series(1, 10000) AS g(i)");
  QueryResult result = Run("UNLOAD ('SELECT i FROM numbers') TO '" + out_ + "n_'");
  EXPECT_EQ(result.tag(), "UNLOAD 10000");
  EXPECT_EQ(Files(),
            (std::vector<std::string>{"n_0000_part_00", "n_0001_part_00", "n_0002_part_00"}));
  Run("CREATE TABLE back (i INTEGER)");
  Run("COPY back FROM '" + out_ + "n_*'");
  EXPECT_EQ(Rows("SELECT count(*), count(DISTINCT i), sum(i) FROM back"), "10000|10000|50005000\n");
}

TEST_F(UnloadTest, CompressionAddsItsSuffixAndReadsBack) {
  Run("UNLOAD ('SELECT * FROM items') TO '" + out_ + "g_' GZIP ESCAPE NULL AS '\\N' PARALLEL OFF");
  Run("UNLOAD ('SELECT * FROM items') TO '" + out_ + "z_' ZSTD ESCAPE NULL AS '\\N' PARALLEL OFF");
  Run("UNLOAD ('SELECT * FROM items') TO '" + out_ + "b_' BZIP2 ESCAPE NULL AS '\\N' PARALLEL OFF");
  Run("UNLOAD ('SELECT * FROM items') TO '" + out_ + "p_' ESCAPE NULL AS '\\N' PARALLEL OFF");
  EXPECT_EQ(Files(), (std::vector<std::string>{"b_000.bz2", "g_000.gz", "p_000", "z_000.zst"}));
  std::string plain = ReadFile(out_ + "p_000");
  EXPECT_EQ(Gunzip(ReadFile(out_ + "g_000.gz")), plain);
  EXPECT_EQ(Bunzip2(ReadFile(out_ + "b_000.bz2")), plain);
  ExpectRoundTrip(out_ + "g_000.gz", "ESCAPE");
  ExpectRoundTrip(out_ + "z_000.zst", "ESCAPE");
  ExpectRoundTrip(out_ + "b_000.bz2", "ESCAPE");
}

TEST_F(UnloadTest, ExtensionNamesTheFiles) {
  Run("UNLOAD ('SELECT id FROM items') TO '" + out_ + "x_' CSV EXTENSION 'csv' PARALLEL OFF");
  Run("UNLOAD ('SELECT id FROM items') TO '" + out_ + "y_' GZIP EXTENSION 'txt.gz'");
  EXPECT_EQ(Files(), (std::vector<std::string>{"x_000.csv", "y_0000_part_00.txt.gz"}));
  EXPECT_EQ(Gunzip(ReadFile(out_ + "y_0000_part_00.txt.gz")), ReadFile(out_ + "x_000.csv"));
}

TEST_F(UnloadTest, MaxFileSizeSplitsFilesAtRowBoundaries) {
  // About 12 MB of text: three files of at most 5 MB.
  Run("CREATE TABLE wide AS SELECT i, repeat('x', 100) || i AS pad FROM generate_series(1, 120000) "
      "AS g(i)");
  Run("UNLOAD ('SELECT * FROM wide ORDER BY i') TO '" + out_ + "w_' MAXFILESIZE 5 MB PARALLEL OFF");
  EXPECT_EQ(Files(), (std::vector<std::string>{"w_000", "w_001", "w_002"}));
  uint64_t total = 0;
  for (const auto& name : Files()) {
    uint64_t size = fs::file_size(out_ + name);
    EXPECT_LE(size, 5u << 20) << name;
    total += size;
    std::string text = ReadFile(out_ + name);
    EXPECT_EQ(text.back(), '\n') << "files end at a row boundary";
  }
  EXPECT_GT(fs::file_size(out_ + "w_000"), (5u << 20) - 200) << "a file is filled up to the limit";
  Run("CREATE TABLE back (i INTEGER, pad VARCHAR(200))");
  Run("COPY back FROM '" + out_ + "w_*'");
  EXPECT_EQ(Rows("SELECT count(*), sum(i), min(i), max(i) FROM back"),
            "120000|7200060000|1|120000\n");
}

TEST_F(UnloadTest, MaxFileSizeBoundsCompressedFiles) {
  Run("CREATE TABLE hashes AS SELECT i, md5(i::varchar) || md5((i + 1)::varchar) AS h FROM "
      "generate_series(1, 250000) AS g(i)");
  Run("UNLOAD ('SELECT * FROM hashes') TO '" + out_ + "h_' GZIP MAXFILESIZE 5 MB PARALLEL OFF");
  std::vector<std::string> files = Files();
  ASSERT_GE(files.size(), 2u);
  for (const auto& name : files) EXPECT_LE(fs::file_size(out_ + name), 5u << 20) << name;
  Run("CREATE TABLE back (i INTEGER, h VARCHAR(64))");
  Run("COPY back FROM '" + out_ + "h_*'");
  EXPECT_EQ(Rows("SELECT count(*), sum(i) FROM back"), "250000|31250125000\n");
}

TEST_F(UnloadTest, MaxFileSizeOutsideRedshiftsLimitsIsRefused) {
  QueryResult result = Fail("UNLOAD ('SELECT 1') TO '" + out_ + "m_' MAXFILESIZE 4 MB");
  EXPECT_NE(result.error_message().find("between 5 MB and 6.2 GB"), std::string::npos)
      << result.error_message();
  Fail("UNLOAD ('SELECT 1') TO '" + out_ + "m_' MAXFILESIZE 7 GB");
  Run("UNLOAD ('SELECT 1') TO '" + out_ + "m_' MAXFILESIZE AS 6.2 GB PARALLEL OFF");
  Run("UNLOAD ('SELECT 1') TO '" + out_ + "k_' MAXFILESIZE 5");
  EXPECT_EQ(Files(), (std::vector<std::string>{"k_0000_part_00", "m_000"}));
}

TEST_F(UnloadTest, PartitionByWritesHiveFolders) {
  Run("CREATE TABLE sales (region VARCHAR(20), day DATE, amount INTEGER)");
  Run("INSERT INTO sales VALUES ('north', '2024-01-01', 10), ('south', '2024-01-01', 20), "
      "('north', '2024-01-02', 30), (NULL, '2024-01-02', 40), ('a/b=c', '2024-01-03', 50), "
      "('', '2024-01-04', 60)");
  QueryResult result = Run("UNLOAD ('SELECT * FROM sales ORDER BY amount') TO '" + out_ +
                           "sales' PARTITION BY (region) PARALLEL OFF");
  EXPECT_EQ(result.tag(), "UNLOAD 6");
  EXPECT_EQ(Files(),
            (std::vector<std::string>{"sales/region=__HIVE_DEFAULT_PARTITION__/000",
                                      "sales/region=a%2Fb%3Dc/000", "sales/region=north/000",
                                      "sales/region=south/000"}));
  EXPECT_EQ(ReadFile(out_ + "sales/region=north/000"), "2024-01-01|10\n2024-01-02|30\n");
  EXPECT_EQ(ReadFile(out_ + "sales/region=__HIVE_DEFAULT_PARTITION__/000"),
            "2024-01-02|40\n2024-01-04|60\n")
      << "NULL and the empty string share Hive's default partition";
  Run("UNLOAD ('SELECT * FROM sales') TO '" + out_ +
      "inc/' PARTITION BY (day, region) INCLUDE CSV");
  EXPECT_EQ(ReadFile(out_ + "inc/day=2024-01-01/region=south/0000_part_00"),
            "south,2024-01-01,20\n");
  result = Fail("UNLOAD ('SELECT * FROM sales') TO '" + out_ + "bad/' PARTITION BY (nowhere)");
  EXPECT_NE(result.error_message().find("PARTITION BY column \"nowhere\""), std::string::npos);
  result = Fail("UNLOAD ('SELECT region FROM sales') TO '" + out_ + "bad/' PARTITION BY (region)");
  EXPECT_NE(result.error_message().find("at least one column"), std::string::npos);
}

TEST_F(UnloadTest, ManyPartitionsEndTheirPartsToBoundOpenFiles) {
  // 80 folders, each past the megabyte that opens its file: more than 64 files would be open
  // at once, so every folder's part ends early and its later rows go to a second part.
  Run("CREATE TABLE spread AS SELECT i, i % 80 AS bucket, repeat('z', 1000) AS pad "
      "FROM generate_series(1, 120000) AS g(i)");
  QueryResult result = Run("UNLOAD ('SELECT * FROM spread ORDER BY i') TO '" + out_ +
                           "s/' PARTITION BY (bucket) PARALLEL OFF");
  EXPECT_EQ(result.tag(), "UNLOAD 120000");
  std::vector<std::string> files = Files();
  EXPECT_EQ(std::count(files.begin(), files.end(), "s/bucket=7/000"), 1);
  EXPECT_EQ(std::count(files.begin(), files.end(), "s/bucket=7/001"), 1);
  Run("CREATE TABLE back (i INTEGER, pad VARCHAR(1000))");
  Run("COPY back FROM '" + out_ + "s/bucket=7/*'");
  EXPECT_EQ(Rows("SELECT count(*), min(i), max(i), sum(i % 80) FROM back"),
            "1500|7|119927|10500\n");
}

TEST_F(UnloadTest, ManifestListsTheFiles) {
  Run("UNLOAD ('SELECT id FROM items') TO '" + out_ + "m_' MANIFEST PARALLEL OFF");
  EXPECT_EQ(ReadFile(out_ + "m_manifest"),
            "{\n  \"entries\": [\n    {\"url\":\"" + out_ + "m_000\"}\n  ]\n}\n");
}

TEST_F(UnloadTest, VerboseManifestCountsBytesAndRecords) {
  Run("SET threads = 2");
  Run("CREATE TABLE numbers AS SELECT i, i * 2 AS twice FROM generate_series(1, 5000) AS g(i)");
  Run("UNLOAD ('SELECT * FROM numbers') TO '" + out_ + "v_' HEADER MANIFEST VERBOSE GZIP");
  simdjson::dom::parser parser;
  simdjson::dom::element manifest = parser.load(out_ + "v_manifest");
  uint64_t records = 0, bytes = 0;
  size_t entries = 0;
  for (simdjson::dom::element entry : manifest["entries"].get_array()) {
    std::string url{std::string_view(entry["url"])};
    uint64_t length = uint64_t(entry["meta"]["content_length"]);
    EXPECT_EQ(length, fs::file_size(url)) << url;
    std::string text = Gunzip(ReadFile(url));
    uint64_t lines = static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
    EXPECT_EQ(uint64_t(entry["meta"]["record_count"]), lines) << "the header counts as a record";
    records += lines;
    bytes += length;
    entries++;
  }
  EXPECT_EQ(entries, 2u);
  EXPECT_EQ(records, 5000u + entries);
  EXPECT_EQ(uint64_t(manifest["meta"]["record_count"]), records);
  EXPECT_EQ(uint64_t(manifest["meta"]["content_length"]), bytes);
  EXPECT_EQ(std::string_view(manifest["schema"]["elements"].at(1)["name"]), "twice");
  EXPECT_EQ(std::string_view(manifest["schema"]["elements"].at(0)["type"]["base"]), "bigint");
}

TEST_F(UnloadTest, ExistingFilesNeedAllowOverwrite) {
  Run("UNLOAD ('SELECT id FROM items') TO '" + out_ + "a_' PARALLEL OFF");
  QueryResult result =
      Fail("UNLOAD ('SELECT id FROM items WHERE id = 1') TO '" + out_ + "a_' PARALLEL OFF");
  EXPECT_NE(result.error_message().find("is not empty"), std::string::npos)
      << result.error_message();
  EXPECT_EQ(ReadFile(out_ + "a_000"), "1\n2\n3\n4\n5\n6\n7\n8\n") << "the files are untouched";
  Run("UNLOAD ('SELECT id FROM items WHERE id = 1') TO '" + out_ +
      "a_' PARALLEL OFF ALLOWOVERWRITE");
  EXPECT_EQ(ReadFile(out_ + "a_000"), "1\n");
  result = Fail("UNLOAD ('SELECT 1') TO '" + out_ + "a_' ALLOWOVERWRITE CLEANPATH");
  EXPECT_NE(result.error_message().find(
                "UNLOAD options CLEANPATH and ALLOWOVERWRITE cannot be used together"),
            std::string::npos)
      << result.error_message();
}

TEST_F(UnloadTest, APrefixNamingAFolderAlsoFindsTheFilesBesideIt) {
  fs::create_directories(out_ + "sub");
  Run("UNLOAD ('SELECT 1') TO '" + out_ + "sub' PARALLEL OFF");
  EXPECT_EQ(Files(), std::vector<std::string>{"sub000"});
  QueryResult result = Fail("UNLOAD ('SELECT 2') TO '" + out_ + "sub' PARALLEL OFF");
  EXPECT_NE(result.error_message().find("sub000 exists"), std::string::npos)
      << result.error_message();
  EXPECT_EQ(ReadFile(out_ + "sub000"), "1\n");
}

TEST_F(UnloadTest, CleanPathRemovesWhatWasUnderThePrefix) {
  fs::create_directories(out_ + "keep");
  std::ofstream(out_ + "c_0007_part_00") << "stale\n";
  std::ofstream(out_ + "c_old/inside") << "stale\n";
  std::ofstream(out_ + "keep/other") << "unrelated\n";
  Run("UNLOAD ('SELECT id FROM items WHERE id = 1') TO '" + out_ + "c_' CLEANPATH PARALLEL OFF");
  EXPECT_EQ(Files(), (std::vector<std::string>{"c_000", "keep/other"}));
}

TEST_F(UnloadTest, CleanPathWithPartitionsCleansOnlyTheFoldersWritten) {
  Run("CREATE TABLE sales (region VARCHAR(20), amount INTEGER)");
  Run("INSERT INTO sales VALUES ('north', 10)");
  fs::create_directories(out_ + "p/region=north");
  fs::create_directories(out_ + "p/region=south");
  std::ofstream(out_ + "p/region=north/old") << "stale\n";
  std::ofstream(out_ + "p/region=south/old") << "kept\n";
  Run("UNLOAD ('SELECT * FROM sales') TO '" + out_ +
      "p' PARTITION BY (region) CLEANPATH PARALLEL OFF");
  EXPECT_EQ(Files(), (std::vector<std::string>{"p/region=north/000", "p/region=south/old"}));
}

TEST_F(UnloadTest, AFailedUnloadLeavesNoFilesBehind) {
  // Rows of about 1 KB: files of 5 MB are finished before the division by zero at row 12000.
  std::string query =
      "SELECT i, repeat(''y'', 1000) AS pad, 100 / (12000 - i) AS boom FROM generate_series(1, "
      "20000) AS g(i)";
  QueryResult result =
      Fail("UNLOAD ('" + query + "') TO '" + out_ + "f_' MAXFILESIZE 5 MB PARALLEL OFF MANIFEST");
  EXPECT_NE(result.error_message().find("division by zero"), std::string::npos)
      << result.error_message();
  EXPECT_TRUE(Files().empty()) << Files().front();
  Run("SET threads = 2");
  Fail("UNLOAD ('" + query + "') TO '" + out_ + "f_' MAXFILESIZE 5 MB");
  EXPECT_TRUE(Files().empty()) << Files().front();
}

TEST_F(UnloadTest, AnUnwritablePathIsAClearError) {
  std::ofstream(root_ / "a_file") << "x";
  QueryResult result = Fail("UNLOAD ('SELECT 1') TO '" + (root_ / "a_file").string() + "/sub/x_'");
  EXPECT_NE(result.error_message().find("UNLOAD to \""), std::string::npos)
      << result.error_message();
  EXPECT_NE(result.error_message().find("could not create"), std::string::npos)
      << result.error_message();
  EXPECT_EQ(ReadFile(root_ / "a_file"), "x");
}

TEST_F(UnloadTest, AnEmptyResultLeavesOneFileWithTheHeader) {
  QueryResult result =
      Run("UNLOAD ('SELECT id, name FROM items WHERE id < 0') TO '" + out_ + "e_' CSV HEADER");
  EXPECT_EQ(result.tag(), "UNLOAD 0");
  EXPECT_EQ(Files(), std::vector<std::string>{"e_0000_part_00"});
  EXPECT_EQ(ReadFile(out_ + "e_0000_part_00"), "id,name\n");
}

TEST_F(UnloadTest, OptionsAreCheckedAsRedshiftDoes) {
  auto expect_error = [&](const std::string& options, const std::string& message) {
    QueryResult result = Fail("UNLOAD ('SELECT 1 AS a, 2 AS b') TO '" + out_ + "o_' " + options);
    EXPECT_NE(result.error_message().find(message), std::string::npos)
        << options << ": " << result.error_message();
  };
  expect_error("JSON HEADER", "UNLOAD options JSON and HEADER cannot be used together");
  expect_error("JSON DELIMITER ','", "UNLOAD options JSON and DELIMITER cannot be used together");
  expect_error("CSV FIXEDWIDTH 'a:1,b:1'",
               "UNLOAD options FIXEDWIDTH and CSV cannot be used together");
  expect_error("FIXEDWIDTH 'a:1,b:1' HEADER",
               "UNLOAD options FIXEDWIDTH and HEADER cannot be used together");
  expect_error("CSV ESCAPE", "UNLOAD options CSV and ESCAPE cannot be used together");
  expect_error("PARQUET", "PARQUET is not supported yet");
  expect_error("DELIMITER '||'", "one character");
  expect_error("GZIP ZSTD", "only one compression");
  expect_error("HEADER HEADER", "given twice");
  expect_error("SPEED 'fast'", "unknown UNLOAD option \"speed\"");
  expect_error("ACCESS_KEY_ID 'x'", "go together");
  expect_error(
      "IAM_ROLE 'arn:aws:iam::1:role/r' CREDENTIALS 'aws_access_key_id=a;aws_secret_access_key=b'",
      "UNLOAD options IAM_ROLE and CREDENTIALS cannot be used together");
  expect_error("EXTENSION ''", "expected a file extension");
  EXPECT_TRUE(Files().empty());
  Run("UNLOAD ('SELECT 1 AS a, 2 AS b') TO '" + out_ +
      "o_' IAM_ROLE 'arn:aws:iam::123456789012:role/unload' "
      "REGION 'eu-west-1' ENCRYPTED FORMAT AS CSV PARALLEL FALSE");
  EXPECT_EQ(ReadFile(out_ + "o_000"), "1,2\n");
}

TEST_F(UnloadTest, FileUrlsWork) {
  Run("UNLOAD ('SELECT id FROM items WHERE id = 1') TO 'file://" + out_ +
      "u_' PARALLEL OFF MANIFEST");
  EXPECT_EQ(ReadFile(out_ + "u_000"), "1\n");
  Run("UNLOAD ('SELECT id FROM items WHERE id = 2') TO 'file://" + out_ +
      "u_' PARALLEL OFF MANIFEST CLEANPATH");
  EXPECT_EQ(Files(), (std::vector<std::string>{"u_000", "u_manifest"}));
  EXPECT_EQ(ReadFile(out_ + "u_000"), "2\n");
}

}  // namespace
}  // namespace martlet
