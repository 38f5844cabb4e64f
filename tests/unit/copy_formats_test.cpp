// COPY's formats, options and load bookkeeping: JSON, MANIFEST, BZIP2, the text options, date
// formats, FROM STDIN, progress, stl_load_errors / sys_load_history, and bad input of every
// kind. Each bad input leaves the table as it was, or holds exactly the good rows within
// MAXERROR.
#include <bzlib.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "martlet/martlet.hpp"

namespace martlet {
namespace {

class CopyFormatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("martlet-copy-formats-" + std::to_string(getpid()));
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    Open();
  }
  void TearDown() override {
    connection_.reset();
    database_.reset();
    std::filesystem::remove_all(directory_);
  }

  void Open() {
    connection_.reset();
    database_.reset();
    database_ = std::make_unique<Database>(directory_ + "/db");
    connection_ = std::make_unique<Connection>(database_->connect());
  }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = directory_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  QueryResult Query(const std::string& sql) { return connection_->query(sql); }

  void Ok(const std::string& sql) {
    QueryResult result = Query(sql);
    ASSERT_TRUE(result.ok()) << sql << ": " << result.error_message();
  }

  // The rows of a query as "a|b" lines joined by ",".
  std::string Rows(const std::string& sql) {
    QueryResult result = Query(sql);
    if (!result.ok()) return "ERROR: " + result.error_message();
    std::string out;
    for (size_t r = 0; r < result.row_count(); r++) {
      if (r > 0) out += ",";
      for (size_t c = 0; c < result.column_count(); c++) {
        if (c > 0) out += "|";
        out += result.is_null(r, c) ? "NULL" : result.text(r, c);
      }
    }
    return out;
  }

  std::string Error(const std::string& sql) {
    QueryResult result = Query(sql);
    return result.ok() ? "(no error)" : result.error_message();
  }

  std::string directory_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<Connection> connection_;
};

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs COPY of `file` in a forked child that has switched to the "nobody" user (uid and gid
// 65534), into a fresh database under /tmp; says how the load ended.
std::string LoadAsNobody(const std::string& file) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return "pipe failed";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe_fds[0]);
    std::string outcome;
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
      outcome = "could not become nobody";
    } else {
      std::string db = "/tmp/martlet-copy-nobody-" + std::to_string(::getpid());
      {
        Database database(db);
        Connection connection = database.connect();
        QueryResult created = connection.query("CREATE TABLE t (a INTEGER)");
        QueryResult loaded = connection.query("COPY t FROM '" + file + "'");
        QueryResult count = connection.query("SELECT count(*) FROM t");
        if (!created.ok()) {
          outcome = "CREATE TABLE failed: " + created.error_message();
        } else if (loaded.ok()) {
          outcome = "the load succeeded";
        } else if (!count.ok()) {
          outcome = count.error_message();
        } else {
          outcome = Contains(loaded.error_message(), "Permission denied") ? "Permission denied"
                                                                          : loaded.error_message();
          outcome += count.text(0, 0) == "0" ? ", table empty" : ", table not empty";
        }
      }
      std::error_code ignored;
      std::filesystem::remove_all(db, ignored);
    }
    if (::write(pipe_fds[1], outcome.data(), outcome.size()) < 0) ::_exit(2);
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string outcome;
  char buffer[512];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
    outcome.append(buffer, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return outcome;
}

std::string Gzip(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Bzip2(const std::string& data) {
  std::string out(data.size() + data.size() / 100 + 700, '\0');
  unsigned length = static_cast<unsigned>(out.size());
  BZ2_bzBuffToBuffCompress(out.data(), &length, const_cast<char*>(data.data()),
                           static_cast<unsigned>(data.size()), 9, 0, 0);
  out.resize(length);
  return out;
}

// --- stl_load_errors and sys_load_history ---

TEST_F(CopyFormatsTest, RejectedRowsAndLoadsAreRecordedAndSurviveARestart) {
  Ok("CREATE TABLE t (a INTEGER, b VARCHAR(5))");
  std::string file = Write("rows.txt", "1|one\nx|two\n3|three\n4|toolong\n");
  QueryResult loaded = Query("COPY t FROM '" + file + "' MAXERROR 2");
  ASSERT_TRUE(loaded.ok()) << loaded.error_message();
  EXPECT_EQ(loaded.tag(), "COPY 2");
  ASSERT_EQ(loaded.notices().size(), 1u);
  EXPECT_TRUE(Contains(loaded.notices()[0],
                       "2 record(s) loaded successfully, 2 record(s) could not be loaded"));
  std::string failed = Error("COPY t FROM '" + file + "' MAXERROR 1");
  EXPECT_TRUE(Contains(failed, "check 'stl_load_errors' system table for details")) << failed;
  EXPECT_TRUE(Contains(failed, "line 4, column \"b\", value \"toolong\"")) << failed;
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "2");

  Open();  // the logs are files of the database directory
  EXPECT_EQ(Rows("SELECT query, line_number, colname, type, col_length, position, raw_line, "
                 "raw_field_value, "
                 "err_code FROM stl_load_errors ORDER BY query, line_number"),
            "1|2|a|int4|0|0|x|two|x|1207,1|4|b|varchar|5|1|4|toolong|toolong|1204,"
            "2|2|a|int4|0|0|x|two|x|1207,2|4|b|varchar|5|1|4|toolong|toolong|1204");
  EXPECT_EQ(
      Rows("SELECT query_id, status, table_name, loaded_rows, source_file_count, error_count, "
           "error_message IS NULL FROM sys_load_history ORDER BY query_id"),
      "1|completed|public.t|2|1|2|t,2|failed|public.t|0|1|2|f");
  // Query ids go on from the highest recorded one.
  Ok("COPY t FROM '" + Write("good.txt", "5|five\n") + "'");
  EXPECT_EQ(Rows("SELECT max(query_id), count(*) FROM sys_load_history"), "3|3");
}

TEST_F(CopyFormatsTest, ATornLogLineIsIgnored) {
  Ok("CREATE TABLE t (a INTEGER)");
  Ok("COPY t FROM '" + Write("a.txt", "1\n") + "'");
  connection_.reset();
  database_.reset();
  std::ofstream(directory_ + "/db/log/load_history.log", std::ios::app)
      << "99\t1\tpublic.t\tcomp";  // no newline
  Open();
  Ok("COPY t FROM '" + Write("b.txt", "2\n") + "'");
  EXPECT_EQ(Rows("SELECT query_id, status FROM sys_load_history ORDER BY query_id"),
            "1|completed,2|completed");
}

// --- JSON ---

TEST_F(CopyFormatsTest, JsonAutoMapsKeysToColumns) {
  Ok("CREATE TABLE j (id INTEGER, name VARCHAR(20), price DECIMAL(8,2), tags VARCHAR(100), ok "
     "BOOLEAN)");
  std::string file = Write(
      "a.json",
      "{\"id\": 1, \"name\": \"one\", \"price\": 1.25, \"tags\": [\"x\", \"y\"], \"ok\": true}\n"
      "{\"name\": \"two\", \"id\": 2, \"other\": {\"deep\": 1}}\n"
      "{\n  \"id\": 3,\n  \"NAME\": \"three\",\n  \"tags\": {\"k\": \"v\"}\n}\n"
      "{\"id\": 4, \"name\": null}{\"id\": 5, \"name\": \"caf\\u00e9\"}\n");
  Ok("COPY j FROM '" + file + "' JSON 'auto'");
  EXPECT_EQ(Rows("SELECT * FROM j ORDER BY id"),
            "1|one|1.25|[\"x\", \"y\"]|t,2|two|NULL|NULL|NULL,3|NULL|NULL|{\"k\": \"v\"}|NULL,"
            "4|NULL|NULL|NULL|NULL,5|caf\xC3\xA9|NULL|NULL|NULL");
  Ok("TRUNCATE j");
  Ok("COPY j FROM '" + file + "' FORMAT AS JSON 'auto ignorecase'");
  EXPECT_EQ(Rows("SELECT name FROM j WHERE id = 3"), "three");
}

TEST_F(CopyFormatsTest, JsonPathsMapByPosition) {
  Ok("CREATE TABLE j (id INTEGER, city VARCHAR(20), first_tag VARCHAR(10), spaced VARCHAR(10))");
  std::string paths = Write(
      "paths.json", "{\"jsonpaths\": [\"$.id\", \"$.address.city\", \"$.tags[0]\", \"$['a b']\"]}");
  std::string file = Write("a.json",
                           "{\"id\": 1, \"address\": {\"city\": \"Leith\"}, \"tags\": [\"t1\", "
                           "\"t2\"], \"a b\": \"s\"}\n"
                           "{\"id\": 2}\n");
  Ok("COPY j FROM '" + file + "' JSON '" + paths + "'");
  EXPECT_EQ(Rows("SELECT * FROM j ORDER BY id"), "1|Leith|t1|s,2|NULL|NULL|NULL");
  std::string wrong = Write("wrong.json", "{\"jsonpaths\": [\"$.id\"]}");
  EXPECT_TRUE(Contains(Error("COPY j FROM '" + file + "' JSON '" + wrong + "'"),
                       "has 1 expressions for 4 columns"));
  std::string bad = Write("bad.json", "{\"jsonpaths\": [\"id\", \"$.a\", \"$.b\", \"$.c\"]}");
  EXPECT_TRUE(
      Contains(Error("COPY j FROM '" + file + "' JSON '" + bad + "'"), "must start with $"));
}

TEST_F(CopyFormatsTest, BadJsonRecordsAreRejectedWithTheirLines) {
  Ok("CREATE TABLE j (id INTEGER, name VARCHAR(5))");
  std::string file = Write("a.json",
                           "{\"id\": 1, \"name\": \"a\"}\n"
                           "{\"id\": \"x\", \"name\": \"b\"}\n"
                           "[1, 2]\n"
                           "{\"id\": 4, \"name\": \"d\" \"oops\": 1}\n"
                           "{\"id\": 5, \"name\": \"e\"}\n");
  std::string error = Error("COPY j FROM '" + file + "' JSON 'auto'");
  EXPECT_TRUE(Contains(error, "line 2, column \"id\", value \"x\"")) << error;
  EXPECT_EQ(Rows("SELECT count(*) FROM j"), "0");
  Ok("COPY j FROM '" + file + "' JSON 'auto' MAXERROR 3");
  EXPECT_EQ(Rows("SELECT id FROM j ORDER BY id"), "1,5");
  EXPECT_EQ(
      Rows(
          "SELECT line_number, err_code FROM stl_load_errors WHERE query = 2 ORDER BY line_number"),
      "2|1207,3|1224,4|1224");
  std::string open = Write("open.json", "{\"id\": 1}\n{\"id\": 2,\n");
  EXPECT_TRUE(Contains(Error("COPY j FROM '" + open + "' JSON 'auto'"),
                       "unterminated JSON object starting on line 2"));
}

// --- MANIFEST ---

TEST_F(CopyFormatsTest, ManifestLoadsItsEntriesAndHonoursMandatory) {
  Ok("CREATE TABLE t (a INTEGER)");
  std::string a = Write("a.txt", "1\n2\n");
  std::string b = Write("b.txt.gz", Gzip("3\n"));
  std::string missing = directory_ + "/missing.txt";
  std::string manifest =
      Write("m.json", "{\"entries\": [{\"url\": \"" + a + "\", \"mandatory\": true}, {\"url\": \"" +
                          b + "\"}, {\"url\": \"" + missing + "\", \"mandatory\": false}]}");
  QueryResult loaded = Query("COPY t FROM '" + manifest + "' MANIFEST");
  ASSERT_TRUE(loaded.ok()) << loaded.error_message();
  EXPECT_EQ(loaded.tag(), "COPY 3");
  std::string strict =
      Write("strict.json", "{\"entries\": [{\"url\": \"" + a + "\"}, {\"url\": \"" + missing +
                               "\", \"mandatory\": true}]}");
  std::string error = Error("COPY t FROM '" + strict + "' MANIFEST");
  EXPECT_TRUE(Contains(error, "mandatory file \"" + missing + "\"")) << error;
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "3");
  EXPECT_TRUE(Contains(Error("COPY t FROM '" + Write("x.json", "{\"files\": []}") + "' MANIFEST"),
                       "invalid manifest"));
}

// --- compression ---

TEST_F(CopyFormatsTest, Bzip2ByExtensionAndOption) {
  Ok("CREATE TABLE t (a INTEGER)");
  Ok("COPY t FROM '" + Write("a.txt.bz2", Bzip2("1\n2\n")) + "'");
  Ok("COPY t FROM '" + Write("b.data", Bzip2("3\n")) + "' BZIP2");
  EXPECT_EQ(Rows("SELECT sum(a) FROM t"), "6");
}

TEST_F(CopyFormatsTest, TruncatedCompressedFilesLoadNothing) {
  Ok("CREATE TABLE t (a INTEGER)");
  std::string rows;
  for (int i = 0; i < 20000; i++) rows += std::to_string(i) + "\n";
  std::string gz = Gzip(rows);
  std::string bz = Bzip2(rows);
  std::string good = Write("0.txt", "1\n");
  Write("1.txt.gz", gz.substr(0, gz.size() / 2));
  std::string error = Error("COPY t FROM '" + directory_ + "/*.txt*'");
  EXPECT_TRUE(Contains(error, "is truncated or corrupt")) << error;
  std::filesystem::remove(directory_ + "/1.txt.gz");
  Write("1.txt.bz2", bz.substr(0, bz.size() / 2));
  error = Error("COPY t FROM '" + directory_ + "/*.txt*'");
  EXPECT_TRUE(Contains(error, "bzip2 file") && Contains(error, "truncated")) << error;
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "0");
  (void)good;
}

// --- text options ---

TEST_F(CopyFormatsTest, EscapeOnlyWithTheOption) {
  Ok("CREATE TABLE t (a VARCHAR(20), b VARCHAR(20))");
  std::string file = Write("a.txt", "x\\|y|c:\\\\dir\nline\\\nbreak|z\n");
  Ok("COPY t FROM '" + file + "' ESCAPE");
  EXPECT_EQ(Rows("SELECT * FROM t"), "x|y|c:\\dir,line\nbreak|z");
  Ok("TRUNCATE t");
  Ok("COPY t FROM '" + Write("b.txt", "c:\\dir|\\N\n") + "'");
  EXPECT_EQ(Rows("SELECT * FROM t"), "c:\\dir|NULL");
  EXPECT_TRUE(
      Contains(Error("COPY t FROM '" + file + "' CSV ESCAPE"), "ESCAPE cannot be used with CSV"));
  EXPECT_TRUE(Contains(Error("COPY t FROM '" + file + "' CSV REMOVEQUOTES"),
                       "REMOVEQUOTES cannot be used with CSV"));
}

TEST_F(CopyFormatsTest, EscapedLineBreaksSurviveParallelSplitting) {
  Ok("SET threads = 4; CREATE TABLE t (a INTEGER, b VARCHAR(10))");
  std::string rows;
  constexpr int kRows = 30000;
  for (int i = 0; i < kRows; i++) {
    // Every third value ends in an escaped backslash, every fifth holds an escaped line break.
    rows +=
        std::to_string(i) + "|" + (i % 5 == 0 ? "x\\\ny" : "v") + (i % 3 == 0 ? "\\\\" : "") + "\n";
  }
  QueryResult result = Query("COPY t FROM '" + Write("escaped.txt", rows) + "' ESCAPE");
  ASSERT_TRUE(result.ok()) << result.error_message();
  EXPECT_EQ(result.tag(), "COPY " + std::to_string(kRows));
  EXPECT_EQ(Rows("SELECT count(*) FROM t WHERE b = 'x' || chr(10) || 'y\\'"),
            std::to_string(kRows / 15));
  EXPECT_EQ(Rows("SELECT count(*) FROM t WHERE b = 'v\\'"), std::to_string(kRows / 3 - kRows / 15));
  EXPECT_EQ(Rows("SELECT sum(a) FROM t"),
            std::to_string(static_cast<int64_t>(kRows) * (kRows - 1) / 2));
}

TEST_F(CopyFormatsTest, RemoveQuotesAndIgnoreBlankLines) {
  Ok("CREATE TABLE t (a VARCHAR(20), b INTEGER)");
  Ok("COPY t FROM '" + Write("a.txt", "\"x|y\"|1\n\n'z'|2\n\n") +
     "' REMOVEQUOTES IGNOREBLANKLINES");
  EXPECT_EQ(Rows("SELECT * FROM t ORDER BY b"), "x|y|1,z|2");
  EXPECT_TRUE(Contains(Error("COPY t FROM '" + Write("b.txt", "a|1\n\nb|2\n") + "'"), "line 2"));
}

TEST_F(CopyFormatsTest, InvalidUtf8IsRejectedOrReplaced) {
  Ok("CREATE TABLE t (a INTEGER, b VARCHAR(10))");
  std::string file = Write("a.txt", "1|ok\n2|bad\xFF\xFE!\n");
  std::string error = Error("COPY t FROM '" + file + "'");
  EXPECT_TRUE(Contains(error, "invalid UTF-8") && Contains(error, "line 2")) << error;
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "0");
  Ok("COPY t FROM '" + file + "' ACCEPTINVCHARS");
  Ok("COPY t FROM '" + file + "' ACCEPTINVCHARS AS '^'");
  EXPECT_EQ(Rows("SELECT b FROM t WHERE a = 2"),
            "bad?"
            "?!,bad^^!");
}

TEST_F(CopyFormatsTest, InvalidUtf8InJsonIsRejectedOrReplaced) {
  Ok("CREATE TABLE u (id INTEGER, name VARCHAR(10))");
  std::string file =
      Write("u.json", "{\"id\": 1, \"name\": \"ok\"}\n{\"id\": 2, \"name\": \"bad\xFF\"}\n");
  std::string error = Error("COPY u FROM '" + file + "' JSON 'auto'");
  EXPECT_TRUE(Contains(error, "not valid UTF-8") && Contains(error, "line 2")) << error;
  EXPECT_EQ(Rows("SELECT err_code FROM stl_load_errors"), "1220");
  EXPECT_EQ(Rows("SELECT count(*) FROM u"), "0");
  Ok("COPY u FROM '" + file + "' JSON 'auto' ACCEPTINVCHARS AS '*'");
  EXPECT_EQ(Rows("SELECT name FROM u ORDER BY id"), "ok,bad*");
}

TEST_F(CopyFormatsTest, DateAndTimeFormats) {
  Ok("CREATE TABLE d (x DATE, y TIMESTAMP)");
  Ok("COPY d FROM '" + Write("a.txt", "03/31/2003|03.31.2003 18:45:05.5\n") +
     "' DATEFORMAT 'MM/DD/YYYY' TIMEFORMAT 'MM.DD.YYYY HH:MI:SS'");
  Ok("COPY d FROM '" + Write("b.txt", "31-Mar-2003|1049136305\n") +
     "' DATEFORMAT 'DD-MON-YYYY' TIMEFORMAT 'epochsecs'");
  Ok("COPY d FROM '" + Write("c.txt", "20030331|1049136305123\n") +
     "' DATEFORMAT 'YYYYMMDD' TIMEFORMAT 'epochmillisecs'");
  Ok("COPY d FROM '" + Write("e.txt", "March 31 2003|2003-03-31T18:45:05\n") +
     "' DATEFORMAT 'auto' TIMEFORMAT 'auto'");
  EXPECT_EQ(Rows("SELECT x, y FROM d"),
            "2003-03-31|2003-03-31 18:45:05.5,2003-03-31|2003-03-31 18:45:05,2003-03-31|2003-03-31 "
            "18:45:05.123,"
            "2003-03-31|2003-03-31 18:45:05");
  std::string impossible = Write("f.txt", "02/30/2003|\n");
  std::string error = Error("COPY d FROM '" + impossible + "' DATEFORMAT 'MM/DD/YYYY'");
  EXPECT_TRUE(Contains(error, "date out of range")) << error;
  EXPECT_TRUE(
      Contains(Error("COPY d FROM '" + Write("g.txt", "2003-02-30|\n") + "'"), "2003-02-30"))
      << error;
  Ok("COPY d FROM '" + impossible + "' DATEFORMAT 'MM/DD/YYYY' ACCEPTANYDATE");
  EXPECT_EQ(Rows("SELECT count(*), count(x) FROM d"), "5|4");
  EXPECT_TRUE(Contains(Error("COPY d FROM '" + impossible + "' DATEFORMAT 'epochsecs'"),
                       "is a TIMEFORMAT"));
  EXPECT_TRUE(
      Contains(Error("COPY d FROM '" + impossible + "' DATEFORMAT 'QQ'"), "invalid format"));
}

TEST_F(CopyFormatsTest, DecimalsAreTruncatedUnlessRoundec) {
  Ok("CREATE TABLE n (x DECIMAL(8,2))");
  std::string file = Write("a.txt", "20.259\n");
  Ok("COPY n FROM '" + file + "'");
  Ok("COPY n FROM '" + file + "' ROUNDEC");
  EXPECT_EQ(Rows("SELECT x FROM n"), "20.25,20.26");
}

// --- bad input ---

TEST_F(CopyFormatsTest, ColumnCountsQuotesRangesAndEmptyFiles) {
  Ok("CREATE TABLE t (a SMALLINT, b VARCHAR(10))");
  Ok("INSERT INTO t VALUES (0, 'before')");
  EXPECT_TRUE(
      Contains(Error("COPY t FROM '" + Write("few.txt", "1\n") + "'"), "delimiter not found"));
  EXPECT_TRUE(Contains(Error("COPY t FROM '" + Write("many.txt", "1|a|b\n") + "'"),
                       "extra column(s) found"));
  EXPECT_TRUE(Contains(Error("COPY t FROM '" + Write("quote.csv", "1,\"open\n2,b\n") + "' CSV"),
                       "unterminated quoted field"));
  EXPECT_TRUE(Contains(Error("COPY t FROM '" + Write("range.txt", "1|a\n70000|b\n") + "'"),
                       "out of range"));
  EXPECT_EQ(Rows("SELECT a, b FROM t"), "0|before");
  QueryResult empty = Query("COPY t FROM '" + Write("empty.txt", "") + "'");
  ASSERT_TRUE(empty.ok()) << empty.error_message();
  EXPECT_EQ(empty.tag(), "COPY 0");
  EXPECT_EQ(Rows("SELECT err_code FROM stl_load_errors ORDER BY query"), "1203,1202,1216,1204");
}

TEST_F(CopyFormatsTest, MissingAndUnreadableFiles) {
  Ok("CREATE TABLE t (a INTEGER)");
  std::string missing = directory_ + "/nothing.txt";
  std::string error = Error("COPY t FROM '" + missing + "'");
  EXPECT_TRUE(Contains(error, "\"" + missing + "\" does not exist")) << error;
  EXPECT_EQ(Rows("SELECT filename, err_code FROM stl_load_errors"), missing + "|1212");
  std::string locked = Write("locked.txt", "1\n");
  ::chmod(locked.c_str(), 0);
  if (::geteuid() != 0) {
    std::string error = Error("COPY t FROM '" + locked + "'");
    EXPECT_TRUE(Contains(error, "Permission denied")) << error;
    EXPECT_EQ(Rows("SELECT count(*) FROM t"), "0");
  } else {
    // root reads a mode-000 file anyway (as in CI), so the load runs in a child process
    // that has given up root for the "nobody" user, on a database of its own.
    EXPECT_EQ(LoadAsNobody(locked), "Permission denied, table empty");
  }
  // A directory where a file is expected cannot be read by anyone, root included.
  std::filesystem::create_directories(directory_ + "/dir.txt");
  std::string manifest = Write(
      "m.json", "{\"entries\": [{\"url\": \"" + directory_ + "/dir.txt\", \"mandatory\": true}]}");
  EXPECT_FALSE(Query("COPY t FROM '" + manifest + "' MANIFEST").ok());
}

TEST_F(CopyFormatsTest, FullDiskFailsTheLoadAndKeepsTheTable) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
  std::string mount_point = directory_ + "/small";
  std::filesystem::create_directories(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=1m") != 0) {
    GTEST_SKIP() << "could not mount a 1 MB tmpfs: " << std::strerror(errno);
  }
  {
    Database db(mount_point + "/db");
    Connection con = db.connect();
    ASSERT_TRUE(con.query("CREATE TABLE t (a INTEGER, b VARCHAR(100))").ok());
    ASSERT_TRUE(con.query("INSERT INTO t VALUES (1, 'kept')").ok());
    std::string rows;
    uint64_t state = 12345;
    for (int i = 0; i < 60000; i++) {
      std::string noise;
      for (int k = 0; k < 40; k++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        noise += static_cast<char>('a' + (state >> 60));
      }
      rows += std::to_string(i) + "|" + noise + "\n";
    }
    std::string file = Write("big.txt", rows);
    QueryResult result = con.query("COPY t FROM '" + file + "'");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(Contains(result.error_message(), "No space left on device"))
        << result.error_message();
    QueryResult count = con.query("SELECT count(*), min(b) FROM t");
    ASSERT_TRUE(count.ok()) << count.error_message();
    EXPECT_EQ(count.text(0, 0), "1");
    EXPECT_EQ(count.text(0, 1), "kept");
  }
  ::umount(mount_point.c_str());
}

// --- STDIN and progress ---

TEST_F(CopyFormatsTest, FromStdinReadsTheCallersData) {
  Ok("CREATE TABLE t (a INTEGER, b VARCHAR(5))");
  EXPECT_TRUE(Contains(Error("COPY t FROM STDIN"), "COPY FROM STDIN needs a client"));
  connection_->set_copy_input([]() -> Result<std::string> { return std::string("1,a\n2,b\n"); });
  std::vector<CopyProgress> reports;
  connection_->set_copy_progress(
      [&](const CopyProgress& progress) { reports.push_back(progress); });
  QueryResult result = Query("COPY t FROM STDIN CSV");
  ASSERT_TRUE(result.ok()) << result.error_message();
  EXPECT_EQ(result.tag(), "COPY 2");
  ASSERT_FALSE(reports.empty());
  EXPECT_TRUE(reports.back().finished);
  EXPECT_EQ(reports.back().rows_loaded, 2u);
  EXPECT_EQ(reports.back().bytes_done, 8u);
  connection_->set_copy_input(
      []() -> Result<std::string> { return Status(StatusCode::kIOError, "stream broke"); });
  EXPECT_TRUE(Contains(Error("COPY t FROM STDIN CSV"), "stream broke"));
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "2");
}

}  // namespace
}  // namespace martlet
