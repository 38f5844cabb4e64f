// Writing text into JSON and XML: every place that emits either escapes the same way.
#pragma once

#include <string>
#include <string_view>

namespace martlet {

// `text` as a JSON string literal, quotes included, appended to `out`: ", \ and control
// characters escaped; other bytes (UTF-8 included) as they are.
void AppendJsonString(std::string_view text, std::string& out);
std::string JsonString(std::string_view text);

// `text` with &, <, >, " and ' written as XML entities (for element text and attributes).
std::string XmlEscape(std::string_view text);

}  // namespace martlet
