#include "storage/manifest.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "storage/byte_io.hpp"
#include "storage/crc32c.hpp"

namespace martlet {

namespace {

constexpr char kMagic[8] = {'M', 'R', 'T', 'L', 'M', 'A', 'N', '1'};
// Version 2 adds materialized views (a table's view definition, a table's refresh state) and a
// view's schema binding and columns.
// Version 1 manifests are still read.
constexpr uint32_t kFormatVersion = 2;

void PutString(std::string& out, const std::string& s) {
  PutFixed<uint32_t>(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

void PutStrings(std::string& out, const std::vector<std::string>& strings) {
  PutFixed<uint32_t>(out, static_cast<uint32_t>(strings.size()));
  for (const auto& s : strings) PutString(out, s);
}

void PutType(std::string& out, const LogicalType& type) {
  PutU8(out, static_cast<uint8_t>(type.id()));
  PutU8(out, static_cast<uint8_t>(type.precision()));
  PutU8(out, static_cast<uint8_t>(type.scale()));
  PutFixed<uint32_t>(out, type.length());
}

void PutTable(std::string& out, const TableEntry& table) {
  PutFixed<uint64_t>(out, table.id);
  PutString(out, table.schema);
  PutString(out, table.name);
  PutU8(out, table.temporary ? 1 : 0);
  PutString(out, table.attributes.diststyle);
  PutString(out, table.attributes.distkey);
  PutString(out, table.attributes.sortkey_style);
  PutStrings(out, table.attributes.sortkey);
  PutFixed<uint32_t>(out, static_cast<uint32_t>(table.columns.size()));
  for (const auto& column : table.columns) {
    PutString(out, column.name);
    PutType(out, column.type);
    uint8_t flags = (column.not_null ? 1 : 0) | (column.identity ? 2 : 0) |
                    (column.primary_key ? 4 : 0) | (column.unique ? 8 : 0);
    PutU8(out, flags);
    PutString(out, column.default_sql);
    PutFixed<int64_t>(out, column.identity_seed);
    PutFixed<int64_t>(out, column.identity_step);
    PutString(out, column.encode);
    PutString(out, column.references);
  }
  PutFixed<uint32_t>(out, static_cast<uint32_t>(table.unique_keys.size()));
  for (const auto& key : table.unique_keys) PutStrings(out, key);
  const MaterializedViewInfo* view = table.materialized_view.get();
  PutU8(out, view ? 1 : 0);
  if (!view) return;
  PutString(out, view->sql);
  PutStrings(out, view->column_aliases);
  PutU8(out, view->auto_refresh ? 1 : 0);
  PutU8(out, view->backup ? 1 : 0);
  PutU8(out, view->volatile_query ? 1 : 0);
  PutFixed<uint32_t>(out, static_cast<uint32_t>(view->base_tables.size()));
  for (const auto& base : view->base_tables) {
    PutString(out, base.schema);
    PutString(out, base.name);
    PutFixed<uint64_t>(out, base.id);
  }
}

// Bounds-checked reading on top of ByteReader; the first failure sticks.
class ManifestReader {
 public:
  explicit ManifestReader(std::string_view data) : reader_(data) {}
  bool ok() const { return ok_; }

  template <typename T>
  T Fixed() {
    T value{};
    if (ok_ && !reader_.ReadFixed(&value)) ok_ = false;
    return value;
  }
  std::string String() {
    uint32_t length = Fixed<uint32_t>();
    std::string_view bytes;
    if (ok_ && !reader_.ReadBytes(length, &bytes)) ok_ = false;
    return ok_ ? std::string(bytes) : std::string();
  }
  std::vector<std::string> Strings() {
    uint32_t count = Fixed<uint32_t>();
    std::vector<std::string> out;
    for (uint32_t i = 0; ok_ && i < count; i++) out.push_back(String());
    return out;
  }
  // Guards counts read from the file before they size a loop.
  uint32_t Count() {
    uint32_t count = Fixed<uint32_t>();
    if (count > reader_.remaining()) ok_ = false;
    return ok_ ? count : 0;
  }

 private:
  ByteReader reader_;
  bool ok_ = true;
};

LogicalType ReadType(ManifestReader& in) {
  auto id = static_cast<TypeId>(in.Fixed<uint8_t>());
  int precision = in.Fixed<uint8_t>();
  int scale = in.Fixed<uint8_t>();
  uint32_t length = in.Fixed<uint32_t>();
  if (id == TypeId::kDecimal) return LogicalType::Decimal(precision, scale);
  if (id == TypeId::kVarchar) return LogicalType::Varchar(length);
  if (id == TypeId::kChar) return LogicalType::Char(length);
  return LogicalType(id);
}

std::shared_ptr<const MaterializedViewInfo> ReadMaterializedView(ManifestReader& in) {
  if (in.Fixed<uint8_t>() == 0) return nullptr;
  auto view = std::make_shared<MaterializedViewInfo>();
  view->sql = in.String();
  view->column_aliases = in.Strings();
  view->auto_refresh = in.Fixed<uint8_t>() != 0;
  view->backup = in.Fixed<uint8_t>() != 0;
  view->volatile_query = in.Fixed<uint8_t>() != 0;
  uint32_t bases = in.Count();
  for (uint32_t i = 0; i < bases && in.ok(); i++) {
    MaterializedViewInfo::BaseTable base;
    base.schema = in.String();
    base.name = in.String();
    base.id = in.Fixed<uint64_t>();
    view->base_tables.push_back(std::move(base));
  }
  return view;
}

std::shared_ptr<TableEntry> ReadTable(ManifestReader& in, uint32_t version) {
  auto table = std::make_shared<TableEntry>();
  table->id = in.Fixed<uint64_t>();
  table->schema = in.String();
  table->name = in.String();
  table->temporary = in.Fixed<uint8_t>() != 0;
  table->attributes.diststyle = in.String();
  table->attributes.distkey = in.String();
  table->attributes.sortkey_style = in.String();
  table->attributes.sortkey = in.Strings();
  uint32_t columns = in.Count();
  for (uint32_t i = 0; i < columns && in.ok(); i++) {
    ColumnDefinition column;
    column.name = in.String();
    column.type = ReadType(in);
    uint8_t flags = in.Fixed<uint8_t>();
    column.not_null = flags & 1;
    column.identity = flags & 2;
    column.primary_key = flags & 4;
    column.unique = flags & 8;
    column.default_sql = in.String();
    column.identity_seed = in.Fixed<int64_t>();
    column.identity_step = in.Fixed<int64_t>();
    column.encode = in.String();
    column.references = in.String();
    table->columns.push_back(std::move(column));
  }
  uint32_t keys = in.Count();
  for (uint32_t i = 0; i < keys && in.ok(); i++) table->unique_keys.push_back(in.Strings());
  if (version >= 2) table->materialized_view = ReadMaterializedView(in);
  return table;
}

Status Corrupt(const std::string& what) {
  return Status(StatusCode::kCorruption, "the manifest is corrupt: " + what);
}

}  // namespace

uint64_t TableData::LiveRows() const {
  uint64_t rows = 0;
  for (const auto& group : row_groups) rows += group->live_rows();
  return rows;
}

std::string RowGroupPath(const std::string& directory, uint64_t table_id, uint64_t file_id) {
  return directory + "/data/t" + std::to_string(table_id) + "_" + std::to_string(file_id) + ".mrg";
}

std::string SerializeManifest(const DatabaseState& state) {
  std::string body;
  PutFixed<uint64_t>(body, state.commit_sequence);
  PutFixed<uint64_t>(body, state.catalog_version);
  PutFixed<uint64_t>(body, state.next_file_id);
  PutFixed<uint64_t>(body, state.catalog.next_table_id());
  const auto& schemas = state.catalog.schemas();
  PutFixed<uint32_t>(body, static_cast<uint32_t>(schemas.size()));
  for (const auto& [name, schema] : schemas) {
    PutString(body, name);
    PutFixed<uint32_t>(body, static_cast<uint32_t>(schema.tables.size()));
    for (const auto& [table_name, table] : schema.tables) PutTable(body, *table);
    PutFixed<uint32_t>(body, static_cast<uint32_t>(schema.views.size()));
    for (const auto& [view_name, view] : schema.views) {
      PutString(body, view->name);
      PutString(body, view->sql);
      PutStrings(body, view->column_aliases);
      PutU8(body, view->schema_binding ? 1 : 0);
      PutFixed<uint32_t>(body, static_cast<uint32_t>(view->columns.size()));
      for (const auto& [column_name, type] : view->columns) {
        PutString(body, column_name);
        PutType(body, type);
      }
    }
  }
  PutFixed<uint32_t>(body, static_cast<uint32_t>(state.tables.size()));
  for (const auto& [id, data] : state.tables) {
    PutFixed<uint64_t>(body, id);
    PutFixed<uint64_t>(body, data->version);
    PutFixed<uint32_t>(body, static_cast<uint32_t>(data->identity_next.size()));
    for (int64_t next : data->identity_next) PutFixed<int64_t>(body, next);
    PutFixed<uint64_t>(body, data->refreshed_at);
    PutFixed<uint32_t>(body, static_cast<uint32_t>(data->base_versions.size()));
    for (const auto& [base, base_version] : data->base_versions) {
      PutFixed<uint64_t>(body, base);
      PutFixed<uint64_t>(body, base_version);
    }
    PutFixed<uint32_t>(body, static_cast<uint32_t>(data->row_groups.size()));
    for (const auto& group : data->row_groups) {
      PutFixed<uint64_t>(body, group->file_id);
      PutFixed<uint32_t>(body, group->row_count);
      PutFixed<uint32_t>(body, static_cast<uint32_t>(group->deleted.size()));
      for (uint32_t row : group->deleted) PutFixed<uint32_t>(body, row);
    }
  }
  std::string out(kMagic, sizeof kMagic);
  PutFixed<uint32_t>(out, kFormatVersion);
  PutFixed<uint64_t>(out, body.size());
  out += body;
  PutFixed<uint32_t>(out, Crc32c(body));
  return out;
}

Result<DatabaseState> ParseManifest(std::string_view bytes) {
  if (bytes.size() < 24 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return Corrupt("it does not start with the manifest magic");
  }
  ByteReader header(bytes.substr(8));
  uint32_t version = 0;
  uint64_t body_length = 0;
  header.ReadFixed(&version);
  header.ReadFixed(&body_length);
  if (version != 1 && version != kFormatVersion) {
    return Corrupt("format version " + std::to_string(version) + " is not supported");
  }
  if (body_length + 24 != bytes.size()) return Corrupt("its length does not match its header");
  std::string_view body = bytes.substr(20, body_length);
  uint32_t stored_crc;
  std::memcpy(&stored_crc, bytes.data() + 20 + body_length, 4);
  if (Crc32c(body) != stored_crc) return Corrupt("checksum mismatch");

  ManifestReader in(body);
  DatabaseState state;
  state.commit_sequence = in.Fixed<uint64_t>();
  state.catalog_version = in.Fixed<uint64_t>();
  state.next_file_id = in.Fixed<uint64_t>();
  state.catalog.set_next_table_id(in.Fixed<uint64_t>());
  uint32_t schemas = in.Count();
  for (uint32_t s = 0; s < schemas && in.ok(); s++) {
    std::string name = in.String();
    RETURN_IF_ERROR(state.catalog.CreateSchema(name, true));
    uint32_t tables = in.Count();
    for (uint32_t t = 0; t < tables && in.ok(); t++) {
      auto table = ReadTable(in, version);
      if (in.ok()) RETURN_IF_ERROR(state.catalog.PutTable(table));
    }
    uint32_t views = in.Count();
    for (uint32_t v = 0; v < views && in.ok(); v++) {
      auto view = std::make_shared<ViewEntry>();
      view->schema = name;
      view->name = in.String();
      view->sql = in.String();
      view->column_aliases = in.Strings();
      if (version >= 2) {
        view->schema_binding = in.Fixed<uint8_t>() != 0;
        uint32_t columns = in.Count();
        for (uint32_t c = 0; c < columns && in.ok(); c++) {
          std::string column_name = in.String();
          view->columns.emplace_back(std::move(column_name), ReadType(in));
        }
      }
      if (in.ok()) RETURN_IF_ERROR(state.catalog.PutView(view));
    }
  }
  uint32_t tables = in.Count();
  for (uint32_t t = 0; t < tables && in.ok(); t++) {
    auto data = std::make_shared<TableData>();
    data->table_id = in.Fixed<uint64_t>();
    data->version = in.Fixed<uint64_t>();
    uint32_t identities = in.Count();
    for (uint32_t i = 0; i < identities && in.ok(); i++) data->identity_next.push_back(in.Fixed<int64_t>());
    if (version >= 2) {
      data->refreshed_at = in.Fixed<uint64_t>();
      uint32_t bases = in.Count();
      for (uint32_t b = 0; b < bases && in.ok(); b++) {
        uint64_t base = in.Fixed<uint64_t>();
        data->base_versions.emplace_back(base, in.Fixed<uint64_t>());
      }
    }
    uint32_t groups = in.Count();
    for (uint32_t g = 0; g < groups && in.ok(); g++) {
      auto group = std::make_shared<RowGroupInfo>();
      group->file_id = in.Fixed<uint64_t>();
      group->row_count = in.Fixed<uint32_t>();
      uint32_t deleted = in.Count();
      for (uint32_t d = 0; d < deleted && in.ok(); d++) group->deleted.push_back(in.Fixed<uint32_t>());
      data->row_groups.push_back(std::move(group));
    }
    state.tables[data->table_id] = std::move(data);
  }
  if (!in.ok()) return Corrupt("it ends in the middle of an entry");
  return state;
}

static Status IoError(const std::string& what, const std::string& path) {
  return Status(StatusCode::kIOError, what + " \"" + path + "\": " + std::strerror(errno));
}

Status WriteFileDurably(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("could not create file", path);
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status status = IoError("could not write file", path);
      ::close(fd);
      return status;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Status status = IoError("could not fsync file", path);
    ::close(fd);
    return status;
  }
  if (::close(fd) != 0) return IoError("could not close file", path);
  return Status::Ok();
}

Status SyncDirectory(const std::string& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("could not open directory", directory);
  int result = ::fsync(fd);
  ::close(fd);
  if (result != 0) return IoError("could not fsync directory", directory);
  return Status::Ok();
}

Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("could not open file", path);
  std::string out;
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status status = IoError("could not read file", path);
      ::close(fd);
      return status;
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Status WriteManifest(const std::string& directory, const DatabaseState& state) {
  std::string temporary = directory + "/manifest.tmp";
  std::string final_path = directory + "/manifest";
  RETURN_IF_ERROR(WriteFileDurably(temporary, SerializeManifest(state)));
  if (::rename(temporary.c_str(), final_path.c_str()) != 0) {
    return IoError("could not rename the new manifest to", final_path);
  }
  return SyncDirectory(directory);
}

Result<DatabaseState> ReadManifest(const std::string& directory) {
  std::string path = directory + "/manifest";
  if (::access(path.c_str(), F_OK) != 0) return DatabaseState();
  ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path));
  Result<DatabaseState> state = ParseManifest(bytes);
  if (!state.ok()) {
    return Status(StatusCode::kCorruption, state.status().message() + " (" + path + ")");
  }
  return state;
}

}  // namespace martlet
