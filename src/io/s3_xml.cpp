#include "io/s3_xml.hpp"

#include <cstdlib>

namespace martlet {
namespace {

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

}  // namespace

std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> elements;
  std::string open = "<" + std::string(tag) + ">";
  std::string empty = "<" + std::string(tag) + "/>";
  std::string close = "</" + std::string(tag) + ">";
  size_t position = 0;
  while (true) {
    size_t start = xml.find(open, position);
    size_t empty_at = xml.find(empty, position);
    if (empty_at < start) {
      elements.emplace_back();
      position = empty_at + empty.size();
      continue;
    }
    if (start == std::string_view::npos) break;
    start += open.size();
    size_t end = xml.find(close, start);
    if (end == std::string_view::npos) break;
    elements.push_back(xml.substr(start, end - start));
    position = end + close.size();
  }
  return elements;
}

std::optional<std::string> XmlElementText(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> elements = XmlElements(xml, tag);
  if (elements.empty()) return std::nullopt;
  return XmlUnescape(elements.front());
}

std::string XmlUnescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t semicolon = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semicolon == std::string_view::npos) {
      out += text[i++];
      continue;
    }
    std::string_view entity = text.substr(i + 1, semicolon - i - 1);
    if (entity == "amp")
      out += '&';
    else if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else if (entity.size() > 1 && entity[0] == '#') {
      bool hex = entity[1] == 'x' || entity[1] == 'X';
      std::string digits(entity.substr(hex ? 2 : 1));
      AppendUtf8(static_cast<uint32_t>(std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10)), out);
    } else {
      out.append(text.substr(i, semicolon - i + 1));
    }
    i = semicolon + 1;
  }
  return out;
}

S3ListPage ParseListObjectsV2(std::string_view xml) {
  S3ListPage page;
  for (std::string_view contents : XmlElements(xml, "Contents")) {
    S3ObjectEntry entry;
    entry.key = XmlElementText(contents, "Key").value_or("");
    entry.size = std::strtoull(XmlElementText(contents, "Size").value_or("0").c_str(), nullptr, 10);
    entry.modified_unix_seconds =
        ParseIso8601(XmlElementText(contents, "LastModified").value_or(""));
    entry.etag = XmlElementText(contents, "ETag").value_or("");
    page.objects.push_back(std::move(entry));
  }
  page.truncated = XmlElementText(xml, "IsTruncated").value_or("false") == "true";
  page.next_continuation_token = XmlElementText(xml, "NextContinuationToken").value_or("");
  return page;
}

S3ErrorBody ParseS3Error(std::string_view xml) {
  std::vector<std::string_view> errors = XmlElements(xml, "Error");
  if (errors.empty()) return {};
  return {XmlElementText(errors.front(), "Code").value_or(""),
          XmlElementText(errors.front(), "Message").value_or("")};
}

int64_t ParseIso8601(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T') return 0;
  auto number = [&](size_t at, size_t length) {
    return std::atoi(std::string(text.substr(at, length)).c_str());
  };
  int64_t days = DaysFromCivil(number(0, 4), static_cast<unsigned>(number(5, 2)),
                               static_cast<unsigned>(number(8, 2)));
  return days * 86400 + number(11, 2) * 3600 + number(14, 2) * 60 + number(17, 2);
}

}  // namespace martlet
