// The catalog: schemas, tables and views, as one immutable snapshot.
//
// A Catalog value is what one transaction sees. Changing it (CREATE, DROP, ALTER) makes a
// modified copy inside the transaction; the commit publishes that copy. Entries are shared
// between snapshots through shared_ptr<const ...>, so a copy costs one map copy, not a
// deep copy of every table.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/types.hpp"
#include "common/value.hpp"
#include "martlet/status.hpp"

namespace martlet {

struct ColumnDefinition {
  std::string name;
  LogicalType type;
  bool not_null = false;
  std::string default_sql;   // DEFAULT expression as written; empty for none
  bool identity = false;     // IDENTITY(seed, step)
  int64_t identity_seed = 1;
  int64_t identity_step = 1;
  std::string encode;        // ENCODE as written (lower case) or "" for automatic
  bool primary_key = false;  // informational, as in Redshift
  bool unique = false;       // informational
  std::string references;    // "schema.table(column)" or "" (informational)
};

// Redshift's physical table attributes: kept, shown by system views; their physical
// effect (slices, sort order) comes with the storage work that uses them.
struct TableAttributes {
  std::string diststyle = "auto";  // auto, even, key, all
  std::string distkey;             // column name
  std::string sortkey_style;       // compound, interleaved ("" when there is no sort key)
  std::vector<std::string> sortkey;
};

// What makes a table a materialized view: the query its rows come from. The rows themselves
// are stored like any table's; REFRESH recomputes them.
struct MaterializedViewInfo {
  struct BaseTable {
    std::string schema;
    std::string name;
    uint64_t id = 0;
  };
  std::string sql;  // the SELECT, as written
  std::vector<std::string> column_aliases;
  bool auto_refresh = false;
  bool backup = true;
  // Its query calls a function whose result changes by itself (RANDOM(), GETDATE()): as in
  // Redshift, such a view always counts as stale.
  bool volatile_query = false;
  // The stored tables its query read at the last refresh (views expanded).
  std::vector<BaseTable> base_tables;

  bool ReadsTable(const std::string& schema, const std::string& name, uint64_t id) const;
};

struct TableEntry {
  uint64_t id = 0;  // unique for the life of the database; names the table's files
  std::string schema;
  std::string name;
  std::vector<ColumnDefinition> columns;
  TableAttributes attributes;
  bool temporary = false;
  std::vector<std::vector<std::string>> unique_keys;  // PRIMARY KEY/UNIQUE column lists
  std::shared_ptr<const MaterializedViewInfo> materialized_view;  // null for a plain table

  // Index of the column called `name`, or -1.
  int FindColumn(const std::string& column_name) const;
  std::vector<LogicalType> Types() const;
};

struct ViewEntry {
  std::string schema;
  std::string name;
  std::string sql;  // the SELECT, as written
  std::vector<std::string> column_aliases;
  // Bound to the relations it reads (the default): they cannot be dropped while it exists.
  // False for Redshift's late-binding views, CREATE VIEW ... WITH NO SCHEMA BINDING.
  bool schema_binding = true;
  // Its columns when it was created; empty for views of databases written before they were
  // kept.
  std::vector<std::pair<std::string, LogicalType>> columns;
};

struct SchemaEntry {
  std::string name;
  std::map<std::string, std::shared_ptr<const TableEntry>> tables;
  std::map<std::string, std::shared_ptr<const ViewEntry>> views;
};

class Catalog {
 public:
  static constexpr const char* kDefaultSchema = "public";

  Catalog();

  uint64_t NextTableId() { return next_table_id_++; }
  uint64_t next_table_id() const { return next_table_id_; }
  void set_next_table_id(uint64_t id) { next_table_id_ = id; }

  const SchemaEntry* FindSchema(const std::string& name) const;
  Status CreateSchema(const std::string& name, bool if_not_exists);
  // Fails when the schema holds objects and `cascade` is false.
  Status DropSchema(const std::string& name, bool if_exists, bool cascade,
                    std::vector<uint64_t>* dropped_tables);

  std::shared_ptr<const TableEntry> FindTable(const std::string& schema,
                                              const std::string& name) const;
  std::shared_ptr<const ViewEntry> FindView(const std::string& schema,
                                            const std::string& name) const;
  // Adds or replaces the table (keyed by schema and name).
  Status PutTable(std::shared_ptr<const TableEntry> table);
  Status PutView(std::shared_ptr<const ViewEntry> view);
  void RemoveTable(const std::string& schema, const std::string& name);
  void RemoveView(const std::string& schema, const std::string& name);
  bool RelationExists(const std::string& schema, const std::string& name) const;

  const std::map<std::string, SchemaEntry>& schemas() const { return schemas_; }
  // Every table and view name in every schema, for did-you-mean suggestions.
  std::vector<std::string> RelationNames() const;

 private:
  std::map<std::string, SchemaEntry> schemas_;
  uint64_t next_table_id_ = 1;
};

}  // namespace martlet
