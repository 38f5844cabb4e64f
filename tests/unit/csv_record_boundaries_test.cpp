// Record starts in CSV with quoted line breaks, as the parallel COPY cuts files.
#include "formats/csv_record_boundaries.hpp"

#include <gtest/gtest.h>

#include <string>

namespace martlet {
namespace {

TEST(CsvRecordBoundaries, LineBreaksInsideQuotesAreNotRecordStarts) {
  std::string text = "1,\"a\nb\",x\n2,\"c\"\"\n\"\"d\",y\n3,e,z\n";
  CsvRecordBoundaries boundaries(text, '"', ',');
  size_t second = text.find("2,");
  size_t third = text.find("3,");
  // The answer is just past the first record-ending line break at or after `from`.
  EXPECT_EQ(boundaries.RecordStart(0), second);  // the break after "a" is inside quotes
  EXPECT_EQ(boundaries.RecordStart(1), second);
  EXPECT_EQ(boundaries.RecordStart(second), third);  // past a doubled quote and a quoted break
  EXPECT_EQ(boundaries.RecordStart(third + 1), text.size());
  // Asked out of order, it answers the same.
  EXPECT_EQ(boundaries.RecordStart(1), second);
}

TEST(CsvRecordBoundaries, AMisplacedQuoteStopsTheCutting) {
  std::string text = "1,ok\n2,ab\"c\n3,\"x\ny\"\n4,z\n";
  CsvRecordBoundaries boundaries(text, '"', ',');
  EXPECT_EQ(boundaries.RecordStart(0), text.find("2,"));
  // Past the stray quote in "ab"c" quote counting cannot be trusted: no more cuts.
  EXPECT_EQ(boundaries.RecordStart(text.find("2,") + 1), text.size());
  EXPECT_EQ(boundaries.RecordStart(text.find("4,")), text.size());
}

TEST(CsvRecordBoundaries, OtherQuoteAndDelimiter) {
  std::string text = "'a;\n';1\n'b';2\n";
  CsvRecordBoundaries boundaries(text, '\'', ';');
  EXPECT_EQ(boundaries.RecordStart(0), text.find("'b'"));
}

}  // namespace
}  // namespace martlet
