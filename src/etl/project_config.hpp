// martlet.toml, parsed and checked, before it is matched with the project's files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "etl/project.hpp"
#include "martlet/status.hpp"

namespace martlet::etl {

// One entry of a `tests = [...]` list: { test = "not_null", column = "id", ... }.
struct TestSpec {
  std::string test;  // not_null, unique, accepted_values, relationships,
                     // row_count, freshness
  std::string column;
  std::vector<std::string> values;  // accepted_values, as SQL literals ('a', 3)
  std::string to;                   // relationships: the relation the column points at
  std::string field;                // relationships: its column (default: the same name)
  std::optional<int64_t> min;       // row_count
  std::optional<int64_t> max;
  std::string max_age;  // freshness: an interval, e.g. "24 hours"
  TestSeverity severity = TestSeverity::kError;
  std::string location;  // martlet.toml:line:column
};

// [models.<key>], [seeds.<key>]: settings for the node `key` names.
struct NodeConfig {
  std::string key;       // "name" or "schema.name"
  std::string location;  // martlet.toml:line:column
  ModelSettings settings;
  std::vector<TestSpec> tests;
  std::vector<SeedColumn> column_types;  // seeds: declared column types
};

struct SourceConfig {
  std::string name;
  std::string location;
  std::string table;  // "schema.name" or "name"
  SourceKind kind = SourceKind::kFiles;
  FileSource files;
  PostgresSource postgres;
  std::vector<TestSpec> tests;
};

struct ProjectConfig {
  std::string name;
  std::string default_schema = "public";
  std::string database;
  ModelSettings defaults;
  std::vector<NodeConfig> models;
  std::vector<NodeConfig> snapshots;
  std::vector<NodeConfig> seeds;
  std::vector<SourceConfig> sources;
};

// Parses the text of martlet.toml; `file` names it in errors ("martlet.toml:4:9: ...").
// Unknown keys are errors (with a did-you-mean), as are values of the wrong type.
Result<ProjectConfig> ParseProjectConfig(const std::string& text, const std::string& file);

}  // namespace martlet::etl
