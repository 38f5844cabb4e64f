// The hand-written extraction of S3's XML answers: elements, entities, listings, errors, dates.
#include <gtest/gtest.h>

#include "common/text_escape.hpp"
#include "io/s3_xml.hpp"

namespace martlet {
namespace {

TEST(S3XmlTest, ElementsAndText) {
  std::string xml = "<A><B>one</B><B/><B>t&amp;w&lt;o&gt;</B><C>x</C></A>";
  std::vector<std::string_view> elements = XmlElements(xml, "B");
  ASSERT_EQ(elements.size(), 3u);
  EXPECT_EQ(elements[0], "one");
  EXPECT_EQ(elements[1], "");
  EXPECT_EQ(XmlElementText(xml, "C").value_or("-"), "x");
  EXPECT_FALSE(XmlElementText(xml, "D").has_value());
  EXPECT_EQ(XmlUnescape(elements[2]), "t&w<o>");
}

TEST(S3XmlTest, Entities) {
  EXPECT_EQ(XmlUnescape("&quot;a&apos; &#65;&#x42;&#xE9; &unknown; & alone"),
            "\"a' AB\xC3\xA9 &unknown; & alone");
  EXPECT_EQ(XmlEscape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
}

TEST(S3XmlTest, ListObjectsV2) {
  S3ListPage page = ParseListObjectsV2(
      "<?xml "
      "version=\"1.0\"?><ListBucketResult><Name>b</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount>"
      "<IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/"
      "wm36Hy4vbOwM="
      "</NextContinuationToken><Contents><Key>p/a.csv</Key><LastModified>2009-10-12T17:50:30.000Z</"
      "LastModified>"
      "<ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size></Contents>"
      "<Contents><Key>p/b&amp;c.csv</Key><Size>0</Size></Contents></ListBucketResult>");
  ASSERT_EQ(page.objects.size(), 2u);
  EXPECT_EQ(page.objects[0].key, "p/a.csv");
  EXPECT_EQ(page.objects[0].size, 434234u);
  EXPECT_EQ(page.objects[0].etag, "\"fba9dede5f27731c9771645a39863328\"");
  EXPECT_EQ(page.objects[0].modified_unix_seconds, 1255369830);
  EXPECT_EQ(page.objects[1].key, "p/b&c.csv");
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(page.next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
  EXPECT_FALSE(
      ParseListObjectsV2("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>")
          .truncated);
}

TEST(S3XmlTest, ErrorBodies) {
  S3ErrorBody error = ParseS3Error(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The "
      "resource you "
      "requested does not exist</Message><Resource>/mybucket/myfoto.jpg</Resource></Error>");
  EXPECT_EQ(error.code, "NoSuchKey");
  EXPECT_EQ(error.message, "The resource you requested does not exist");
  EXPECT_EQ(ParseS3Error("").code, "");
  EXPECT_EQ(ParseS3Error("<ListBucketResult/>").code, "");
}

TEST(S3XmlTest, Iso8601) {
  EXPECT_EQ(ParseIso8601("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(ParseIso8601("2000-02-29T12:00:00Z"), 951825600);
  EXPECT_EQ(ParseIso8601("not a date"), 0);
}

}  // namespace
}  // namespace martlet
