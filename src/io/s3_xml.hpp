// The few S3 XML answers Martlet reads (ListObjectsV2, InitiateMultipartUpload, errors),
// taken apart by tag name. S3's answers are flat and regular, so a full XML parser is not
// needed: an element is found by its tag and its text is unescaped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace martlet {

// The text of the first <tag>...</tag> in `xml` (entities decoded), if any.
std::optional<std::string> XmlElementText(std::string_view xml, std::string_view tag);
// The raw inner XML of every <tag>...</tag> in `xml`, in order.
std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag);
// Decodes &amp; &lt; &gt; &quot; &apos; and numeric character references.
std::string XmlUnescape(std::string_view text);
// (Escaping for element text is common/text_escape.hpp's XmlEscape.)

struct S3ObjectEntry {
  std::string key;
  uint64_t size = 0;
  int64_t modified_unix_seconds = 0;
  std::string etag;
};

struct S3ListPage {
  std::vector<S3ObjectEntry> objects;
  bool truncated = false;
  std::string next_continuation_token;
};

// A ListBucketResult (ListObjectsV2).
S3ListPage ParseListObjectsV2(std::string_view xml);

struct S3ErrorBody {
  std::string code;     // AccessDenied, NoSuchKey, ...
  std::string message;  // S3's own sentence
};
// An <Error> document; empty fields when the body is not one (HEAD answers have no body).
S3ErrorBody ParseS3Error(std::string_view xml);

// 2013-05-24T00:00:00.000Z as seconds since 1970 (0 when it does not parse).
int64_t ParseIso8601(std::string_view text);

}  // namespace martlet
