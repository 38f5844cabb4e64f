#include "catalog/catalog.hpp"

namespace martlet {

bool MaterializedViewInfo::ReadsTable(const std::string& schema, const std::string& name, uint64_t id) const {
  for (const auto& base : base_tables) {
    if (base.id == id || (base.schema == schema && base.name == name)) return true;
  }
  return false;
}

int TableEntry::FindColumn(const std::string& column_name) const {
  for (size_t i = 0; i < columns.size(); i++) {
    if (columns[i].name == column_name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<LogicalType> TableEntry::Types() const {
  std::vector<LogicalType> types;
  types.reserve(columns.size());
  for (const auto& column : columns) types.push_back(column.type);
  return types;
}

Catalog::Catalog() { schemas_[kDefaultSchema].name = kDefaultSchema; }

const SchemaEntry* Catalog::FindSchema(const std::string& name) const {
  auto it = schemas_.find(name);
  return it == schemas_.end() ? nullptr : &it->second;
}

Status Catalog::CreateSchema(const std::string& name, bool if_not_exists) {
  if (schemas_.count(name)) {
    if (if_not_exists) return Status::Ok();
    return Status(StatusCode::kCatalogError, "schema \"" + name + "\" already exists");
  }
  schemas_[name].name = name;
  return Status::Ok();
}

Status Catalog::DropSchema(const std::string& name, bool if_exists, bool cascade,
                           std::vector<uint64_t>* dropped_tables) {
  auto it = schemas_.find(name);
  if (it == schemas_.end()) {
    if (if_exists) return Status::Ok();
    return Status(StatusCode::kCatalogError, "schema \"" + name + "\" does not exist");
  }
  if (name == kDefaultSchema) {
    return Status(StatusCode::kCatalogError, "cannot drop schema \"public\"");
  }
  bool empty = it->second.tables.empty() && it->second.views.empty();
  if (!empty && !cascade) {
    return Status(StatusCode::kCatalogError,
                  "cannot drop schema \"" + name +
                      "\" because other objects depend on it (use DROP SCHEMA ... CASCADE)");
  }
  for (const auto& [table_name, table] : it->second.tables) dropped_tables->push_back(table->id);
  schemas_.erase(it);
  return Status::Ok();
}

std::shared_ptr<const TableEntry> Catalog::FindTable(const std::string& schema,
                                                     const std::string& name) const {
  const SchemaEntry* entry = FindSchema(schema);
  if (!entry) return nullptr;
  auto it = entry->tables.find(name);
  return it == entry->tables.end() ? nullptr : it->second;
}

std::shared_ptr<const ViewEntry> Catalog::FindView(const std::string& schema,
                                                   const std::string& name) const {
  const SchemaEntry* entry = FindSchema(schema);
  if (!entry) return nullptr;
  auto it = entry->views.find(name);
  return it == entry->views.end() ? nullptr : it->second;
}

static Status MissingSchema(const std::string& schema) {
  return Status(StatusCode::kCatalogError, "schema \"" + schema + "\" does not exist");
}

Status Catalog::PutTable(std::shared_ptr<const TableEntry> table) {
  auto it = schemas_.find(table->schema);
  if (it == schemas_.end()) return MissingSchema(table->schema);
  it->second.tables[table->name] = std::move(table);
  return Status::Ok();
}

Status Catalog::PutView(std::shared_ptr<const ViewEntry> view) {
  auto it = schemas_.find(view->schema);
  if (it == schemas_.end()) return MissingSchema(view->schema);
  it->second.views[view->name] = std::move(view);
  return Status::Ok();
}

void Catalog::RemoveTable(const std::string& schema, const std::string& name) {
  auto it = schemas_.find(schema);
  if (it != schemas_.end()) it->second.tables.erase(name);
}

void Catalog::RemoveView(const std::string& schema, const std::string& name) {
  auto it = schemas_.find(schema);
  if (it != schemas_.end()) it->second.views.erase(name);
}

bool Catalog::RelationExists(const std::string& schema, const std::string& name) const {
  return FindTable(schema, name) || FindView(schema, name);
}

std::vector<std::string> Catalog::RelationNames() const {
  std::vector<std::string> names;
  for (const auto& [schema_name, schema] : schemas_) {
    for (const auto& [name, table] : schema.tables) names.push_back(name);
    for (const auto& [name, view] : schema.views) names.push_back(name);
  }
  return names;
}

}  // namespace martlet
