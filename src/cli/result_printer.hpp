// Writes query results the way psql shows them: an aligned table, CSV, JSON or Markdown.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "martlet/martlet.hpp"

namespace martlet::cli {

enum class OutputFormat { kTable, kCsv, kJson, kMarkdown };

// "table", "csv", "json" or "markdown"; nullopt for anything else.
std::optional<OutputFormat> ParseOutputFormat(const std::string& name);
const char* OutputFormatName(OutputFormat format);

// Writes one successful result to `out`. A statement without rows writes its tag
// ("INSERT 0 3") in table format and nothing in the others, as psql does.
void WriteResult(const QueryResult& result, OutputFormat format, std::FILE* out);

// The same, into a string (for tests and for callers that buffer).
std::string RenderResult(const QueryResult& result, OutputFormat format);

}  // namespace martlet::cli
