// A pipeline project as loaded from its folder: martlet.toml, models/**/*.sql,
// snapshots/**/*.sql, seeds/*.csv, tests/*.sql and the file sources the TOML declares.
// docs/pipelines.md is the user's reference for every setting; this header is the program's.
//
// Every model, snapshot, seed and source becomes a node named after the relation it populates
// ("schema.name"). Loading checks everything that can be checked without a database: the
// TOML's keys and types, the model SQL's syntax, names, and the references between nodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "martlet/status.hpp"

namespace martlet::etl {

enum class Materialization { kTable, kView, kIncremental, kEphemeral, kMaterializedView };

const char* MaterializationName(Materialization materialization);

// A model's settings; each layer (the TOML's [defaults], its [models.<name>], the model's
// leading comment block) sets only what it names, and the later layer wins.
struct ModelSettings {
  std::optional<Materialization> materialized;
  std::optional<std::string> schema;
  std::optional<std::vector<std::string>> unique_key;
  std::optional<std::string> incremental_filter;
  std::optional<std::string> distkey;
  std::optional<std::string> diststyle;
  std::optional<std::vector<std::string>> sortkey;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::vector<std::string>> pre_sql;
  std::optional<std::vector<std::string>> post_sql;
  // Snapshots only: how a changed row is told from an unchanged one.
  std::optional<std::string> strategy;  // "timestamp" or "check"
  std::optional<std::string> updated_at;
  std::optional<std::vector<std::string>> check_cols;
  std::optional<std::string> surrogate_key;  // the IDENTITY column numbering versions
  std::optional<bool> invalidate_hard_deletes;  // close keys the source no longer has

  // Copies every setting that `over` has into this one.
  void Override(const ModelSettings& over);
};

enum class NodeKind { kModel, kSeed, kSource, kSnapshot };

const char* NodeKindName(NodeKind kind);

// A relation a model reads, where the model's text names it, and what it resolved to.
struct ModelReference {
  std::string relation;  // "schema.name", qualified with the project's default schema
  int position = 0;      // byte offset of the name in the model's text
  int length = 0;        // bytes the (possibly qualified) name takes
  int node = -1;         // the node that populates it, or -1 for a relation outside the project
};

struct SeedColumn {
  std::string name;
  std::string type;  // SQL type, declared in the TOML or inferred from the values
};

// A source of files: local files, a directory, a glob, or the objects under an s3:// prefix.
struct FileSource {
  std::string path;          // file, directory or glob relative to the project folder, or s3://
  std::string format;        // "csv", "text" (Redshift's delimited text) or "json"
  std::string copy_options;  // extra COPY options as written, e.g. "IGNOREHEADER 1"
  std::vector<std::string>
      columns;  // "name TYPE" each; the table is created from them when missing
  // s3:// only; empty means the environment's or the default profile's.
  std::string region;
  std::string endpoint;  // an S3-compatible store's address
  std::string profile;   // the profile of ~/.aws/credentials holding the keys
};

// A table or a query of a PostgreSQL database, read through postgres_query().
struct PostgresSource {
  std::string conninfo;                 // a libpq connection string as written in the TOML, or
  std::string conninfo_env;             // the environment variable that holds one
  std::string source_table;             // "schema.table" on the server, or
  std::string query;                    // a SELECT run on the server
  std::string incremental_column;       // rows above its high-water mark are the new ones
  std::vector<std::string> unique_key;  // new rows replace the rows with the same key
};

enum class SourceKind { kFiles, kPostgres };

struct Node {
  NodeKind kind = NodeKind::kModel;
  std::string schema;
  std::string name;
  std::string relation;  // schema + "." + name
  std::string file;      // path relative to the project folder; for a source, "martlet.toml"

  // kModel and kSnapshot
  std::string sql;  // the file's text
  int sql_end = 0;  // offset just past the SELECT's last token (drops a trailing ';')
  ModelSettings settings;
  Materialization materialization = Materialization::kTable;
  std::vector<ModelReference> references;

  // kSeed
  std::vector<SeedColumn> seed_columns;
  // kSource
  std::string source_name;
  SourceKind source_kind = SourceKind::kFiles;
  FileSource source;
  PostgresSource postgres;

  std::vector<std::string> tags;  // settings.tags, or empty
  std::vector<int> upstream;      // nodes this one reads, each once, in reading order
};

enum class TestSeverity { kError, kWarn };

// A data test: a SELECT that returns the failing rows; no rows means it passes.
struct DataTest {
  std::string name;  // "not_null(order_id)", or the file's stem for a singular test
  std::string kind;  // not_null, unique, accepted_values, relationships, row_count,
                     // freshness, or singular
  int node = -1;     // the node it tests (for a singular test: the first one it reads)
  std::string sql;
  std::string file;        // where it is declared
  std::vector<int> reads;  // every node it reads
  TestSeverity severity = TestSeverity::kError;
};

struct Project {
  std::string directory;  // absolute
  std::string name;
  std::string default_schema = "public";
  std::string database;  // from the TOML, absolute; empty when it names none
  std::vector<Node> nodes;
  std::vector<DataTest> tests;

  // The index of the node populating `relation` ("schema.name"), or -1.
  int FindNode(const std::string& relation) const;
};

// Loads the project in `directory`. Errors name the file and, where there is one, the line
// and column: a malformed or misspelt martlet.toml, a model that is not one SELECT, two nodes
// populating the same relation, a cycle between models.
Result<Project> LoadProject(const std::string& directory);

}  // namespace martlet::etl
