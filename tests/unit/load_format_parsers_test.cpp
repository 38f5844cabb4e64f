// The parsers behind COPY's options, on their own: DATEFORMAT/TIMEFORMAT patterns, the JSON
// record splitter and jsonpaths, and the load manifest.
#include <gtest/gtest.h>

#include "common/date_time.hpp"
#include "formats/datetime_format.hpp"
#include "formats/json_records.hpp"
#include "formats/load_manifest.hpp"

namespace martlet {
namespace {

std::string Formatted(std::string_view text, std::string_view format) {
  Result<int64_t> micros = ParseWithDateTimeFormat(text, format);
  return micros.ok() ? FormatTimestamp(micros.value()) : "ERROR: " + micros.status().message();
}

TEST(DateTimeFormatTest, RedshiftPatterns) {
  EXPECT_EQ(Formatted("03/31/2003", "MM/DD/YYYY"), "2003-03-31 00:00:00");
  EXPECT_EQ(Formatted("31-mar-2003", "DD-MON-YYYY"), "2003-03-31 00:00:00");
  EXPECT_EQ(Formatted("March 31, 2003", "MON DD, YYYY"), "2003-03-31 00:00:00");
  EXPECT_EQ(Formatted("20030331", "YYYYMMDD"), "2003-03-31 00:00:00");
  EXPECT_EQ(Formatted("03-31-99", "MM-DD-YY"), "1999-03-31 00:00:00");
  EXPECT_EQ(Formatted("03-31-05", "MM-DD-YY"), "2005-03-31 00:00:00");
  // In COPY, HH is the 24-hour clock.
  EXPECT_EQ(Formatted("2003-03-31 18:45:05", "YYYY-MM-DD HH:MI:SS"), "2003-03-31 18:45:05");
  EXPECT_EQ(Formatted("2003-03-31 18:45:05.123456", "YYYY-MM-DD HH24:MI:SS"),
            "2003-03-31 18:45:05.123456");
  EXPECT_EQ(Formatted("2003-03-31 06:45:05 PM", "YYYY-MM-DD HH12:MI:SS AM"), "2003-03-31 18:45:05");
  EXPECT_EQ(Formatted("2003-03-31 12:00:00 AM", "YYYY-MM-DD HH12:MI:SS AM"), "2003-03-31 00:00:00");
  EXPECT_EQ(Formatted("1049136305", "epochsecs"), "2003-03-31 18:45:05");
  EXPECT_EQ(Formatted("1049136305250", "epochmillisecs"), "2003-03-31 18:45:05.25");
}

TEST(DateTimeFormatTest, ImpossibleAndMismatchedValues) {
  EXPECT_EQ(Formatted("02/29/2023", "MM/DD/YYYY"), "ERROR: date out of range: \"02/29/2023\"");
  EXPECT_EQ(Formatted("02/29/2024", "MM/DD/YYYY"), "2024-02-29 00:00:00");
  EXPECT_EQ(Formatted("13/01/2024", "MM/DD/YYYY"), "ERROR: date out of range: \"13/01/2024\"");
  EXPECT_EQ(Formatted("2024-01-01 24:00:00", "YYYY-MM-DD HH:MI:SS"),
            "ERROR: time out of range: \"2024-01-01 24:00:00\"");
  EXPECT_EQ(Formatted("2024/01/01", "YYYY-MM-DD"),
            "ERROR: value \"2024/01/01\" does not match the format \"YYYY-MM-DD\"");
  EXPECT_EQ(Formatted("2024-01-01x", "YYYY-MM-DD"),
            "ERROR: value \"2024-01-01x\" does not match the format \"YYYY-MM-DD\"");
  EXPECT_EQ(Formatted("12x", "epochsecs"),
            "ERROR: value \"12x\" does not match the format \"epochsecs\"");
  EXPECT_EQ(Formatted("99999999999999999", "epochsecs"),
            "ERROR: value \"99999999999999999\" does not match the format \"epochsecs\"");
}

TEST(DateTimeFormatTest, AutoAndChecks) {
  auto automatic = [](std::string_view text) {
    Result<int64_t> micros = ParseDateTimeAuto(text, false);
    return micros.ok() ? FormatTimestamp(micros.value()) : "ERROR";
  };
  EXPECT_EQ(automatic("2019-02-11T05:09:12"), "2019-02-11 05:09:12");
  EXPECT_EQ(automatic("2019-02-11 05:09:12+02"), "2019-02-11 05:09:12");
  EXPECT_EQ(automatic("02/11/2019"), "2019-02-11 00:00:00");
  EXPECT_EQ(automatic("11-Feb-2019"), "2019-02-11 00:00:00");
  EXPECT_EQ(automatic("19960108 040809"), "1996-01-08 04:08:09");
  EXPECT_EQ(automatic("2019-02-30"), "ERROR");
  EXPECT_EQ(automatic("yesterday"), "ERROR");
  EXPECT_TRUE(CheckDateTimeFormat("auto", false).ok());
  EXPECT_TRUE(CheckDateTimeFormat("DD.MM.YYYY", false).ok());
  EXPECT_TRUE(CheckDateTimeFormat("epochsecs", true).ok());
  EXPECT_FALSE(CheckDateTimeFormat("epochsecs", false).ok());
  EXPECT_FALSE(CheckDateTimeFormat("-/-", false).ok());
  EXPECT_FALSE(CheckDateTimeFormat("YYYY-QQ", false).ok());
}

TEST(JsonRecordsTest, SplitsConcatenatedAndMultiLineObjects) {
  std::string text = "{\"a\": \"}{\"}{\"b\": [1, {\"c\": 2}]}\n\n{\n \"d\": \"x\\\"}\"\n}\n  [1]\n";
  auto spans = SplitJsonRecords(text);
  ASSERT_TRUE(spans.ok()) << spans.status().message();
  ASSERT_EQ(spans->size(), 4u);
  EXPECT_EQ(text.substr((*spans)[0].begin, (*spans)[0].end - (*spans)[0].begin), "{\"a\": \"}{\"}");
  EXPECT_EQ((*spans)[1].line, 1u);
  EXPECT_EQ((*spans)[2].line, 3u);
  EXPECT_TRUE((*spans)[2].valid);
  EXPECT_EQ((*spans)[3].line, 6u);
  EXPECT_FALSE((*spans)[3].valid);
  EXPECT_EQ((*spans)[3].error, "a JSON record must be an object, not an array");
  auto open = SplitJsonRecords("{\"a\": 1}\n{\"b\": \"}\"\n");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.status().message(), "unterminated JSON object starting on line 2");
  auto empty = SplitJsonRecords(" \n\t");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(JsonRecordsTest, ReadsFieldsByKeyAndByPath) {
  std::string text =
      "{\"ID\": 7, \"name\": \"a\\tb\", \"n\": null, \"obj\": {\"x\": [1, 2]}, \"big\": "
      "12345678901234567890.5}";
  std::string padded = text + std::string(JsonPadding(), ' ');
  auto spans = SplitJsonRecords(text);
  ASSERT_TRUE(spans.ok());
  std::vector<Field> fields;
  JsonRecordReader by_key({"id", "name", "n", "obj", "big", "absent"}, true);
  ASSERT_TRUE(by_key.Read(padded, (*spans)[0], fields).ok());
  ASSERT_EQ(fields.size(), 6u);
  EXPECT_EQ(fields[0].text, "7");
  EXPECT_FALSE(fields[0].quoted);
  EXPECT_EQ(fields[1].text, "a\tb");
  EXPECT_TRUE(fields[1].quoted);
  EXPECT_TRUE(fields[2].null);
  EXPECT_EQ(fields[3].text, "{\"x\": [1, 2]}");
  EXPECT_EQ(fields[4].text, "12345678901234567890.5");  // the digits as written
  EXPECT_TRUE(fields[5].null);
  JsonRecordReader exact({"id", "name"}, false);
  ASSERT_TRUE(exact.Read(padded, (*spans)[0], fields).ok());
  EXPECT_TRUE(fields[0].null);  // "ID" is not "id"

  auto pointers = ParseJsonPaths(
      "{\"jsonpaths\": [\"$.obj.x[1]\", \"$['name']\", \"$.missing.deeper\", \"$.ID\"]}");
  ASSERT_TRUE(pointers.ok()) << pointers.status().message();
  EXPECT_EQ(pointers.value(),
            (std::vector<std::string>{"/obj/x/1", "/name", "/missing/deeper", "/ID"}));
  JsonRecordReader by_path(pointers.value());
  ASSERT_TRUE(by_path.Read(padded, (*spans)[0], fields).ok());
  EXPECT_EQ(fields[0].text, "2");
  EXPECT_EQ(fields[1].text, "a\tb");
  EXPECT_TRUE(fields[2].null);
  EXPECT_EQ(fields[3].text, "7");

  std::string broken = "{\"a\": tru}" + std::string(JsonPadding(), ' ');
  JsonRecordSpan span{0, 10, 1, true, ""};
  EXPECT_FALSE(by_key.Read(broken, span, fields).ok());
  EXPECT_FALSE(ParseJsonPaths("{\"paths\": []}").ok());
  EXPECT_FALSE(ParseJsonPaths("{\"jsonpaths\": [\"$.a[x]\"]}").ok());
}

TEST(LoadManifestTest, EntriesAndErrors) {
  auto entries = ParseLoadManifest(
      "{\"entries\": [{\"url\": \"s3://b/a.csv\", \"mandatory\": true, \"meta\": "
      "{\"content_length\": 5}},"
      " {\"url\": \"data/b.csv\"}]}");
  ASSERT_TRUE(entries.ok()) << entries.status().message();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].url, "s3://b/a.csv");
  EXPECT_TRUE((*entries)[0].mandatory);
  EXPECT_FALSE((*entries)[1].mandatory);
  EXPECT_FALSE(ParseLoadManifest("{\"entries\": [{\"mandatory\": true}]}").ok());
  EXPECT_FALSE(ParseLoadManifest("{\"entries\": [{\"url\": 3}]}").ok());
  EXPECT_FALSE(ParseLoadManifest("[]").ok());
  EXPECT_FALSE(ParseLoadManifest("{\"entries\": [").ok());
}

}  // namespace
}  // namespace martlet
