#include "etl/source_loader.hpp"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/text_escape.hpp"
#include "etl/postgres_source.hpp"
#include "etl/sql_text.hpp"
#include "etl/statement_runner.hpp"
#include "io/file_system.hpp"

namespace martlet::etl {

namespace fs = std::filesystem;

namespace {

Result<SourceFile> StatFile(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Status(StatusCode::kIOError, "cannot read " + path.string());
  }
  SourceFile file;
  file.path = path.lexically_normal().string();
  file.size = static_cast<int64_t>(info.st_size);
  file.mtime_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  return file;
}

StorageOptions Storage(const FileSource& source) {
  StorageOptions storage;
  storage.region = source.region;
  storage.endpoint = source.endpoint;
  storage.profile = source.profile;
  return storage;
}

// Every object under the prefix; a last part with *, ? or [...] is a glob that the keys
// directly under the part before it must match.
Result<std::vector<SourceFile>> ListObjects(const FileSource& source) {
  size_t slash = source.path.rfind('/');
  std::string last = source.path.substr(slash + 1);
  bool wildcard = last.find_first_of("*?[") != std::string::npos;
  std::string prefix = wildcard ? source.path.substr(0, slash + 1) : source.path;
  ASSIGN_OR_RETURN(std::unique_ptr<FileSystem> store, FileSystemFor(prefix, Storage(source)));
  ASSIGN_OR_RETURN(std::vector<FileInfo> objects, store->List(prefix));
  std::vector<SourceFile> files;
  for (const FileInfo& object : objects) {
    if (!object.url.empty() && object.url.back() == '/') continue;  // a console's "folder"
    if (wildcard &&
        fnmatch(last.c_str(), object.url.substr(prefix.size()).c_str(), FNM_PATHNAME) != 0) {
      continue;
    }
    files.push_back({object.url, static_cast<int64_t>(object.size),
                     object.modified_unix_seconds * 1000000000, object.etag});
  }
  return files;
}

// The COPY options a source's files are loaded with, after FROM '...'.
std::string CopyOptions(const FileSource& source) {
  std::string options;
  if (source.format == "csv") options = " CSV";
  if (source.format == "json") options = " JSON 'auto'";
  if (!source.region.empty()) options += " REGION " + QuoteLiteral(source.region);
  if (!source.endpoint.empty()) options += " ENDPOINT " + QuoteLiteral(source.endpoint);
  if (!source.profile.empty()) options += " PROFILE " + QuoteLiteral(source.profile);
  if (!source.copy_options.empty()) options += " " + source.copy_options;
  return options;
}

// Objects are loaded in one COPY through a manifest naming exactly them: COPY of an object's
// URL would also load every key it is a prefix of.
Result<std::string> WriteManifest(const std::string& directory, const std::string& source,
                                  const std::vector<SourceFile>& files) {
  fs::path folder = fs::path(directory) / ".martlet";
  std::error_code error;
  fs::create_directories(folder, error);
  fs::path path = folder / (source + ".manifest.json");
  std::ofstream out(path, std::ios::trunc);
  out << "{\"entries\": [\n";
  for (size_t i = 0; i < files.size(); i++) {
    out << "  {\"url\": " << JsonString(files[i].path) << ", \"mandatory\": true}"
        << (i + 1 < files.size() ? ",\n" : "\n");
  }
  out << "]}\n";
  out.close();
  if (!out) return Status(StatusCode::kIOError, "cannot write " + path.string());
  return path.string();
}

Status CreateTableFromColumns(const BuildContext& context, Connection& connection,
                              const Node& node) {
  std::lock_guard<std::mutex> lock(*context.catalog_mutex);
  RETURN_IF_ERROR(EnsureBookmarkTable(connection));
  ASSIGN_OR_RETURN(std::string type, RelationType(connection, node.schema, node.name));
  if (!type.empty()) return Status::Ok();
  const FileSource& source = node.source;
  if (source.columns.empty()) {
    return Status(StatusCode::kInvalidInput,
                  "source " + node.source_name + ": table " + node.relation +
                      " does not exist; create it or declare columns = [\"name TYPE\", ...] in "
                      "[sources." +
                      node.source_name + "]");
  }
  std::string columns;
  for (const std::string& column : source.columns)
    columns += (columns.empty() ? "" : ", ") + column;
  RETURN_IF_ERROR(
      Execute(connection, "CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(node.schema)).status());
  auto created = Execute(
      connection, "CREATE TABLE " + QuoteRelation(node.schema, node.name) + " (" + columns + ")");
  if (!created.ok()) {
    return Status(created.status().code(),
                  "source " + node.source_name + ": columns: " + created.status().message());
  }
  return Status::Ok();
}

Status SourceError(const Node& node, const Status& status) {
  return Status(status.code(), "source " + node.source_name + ": " + status.message());
}

Status LoadFileSource(const BuildContext& context, Connection& connection, const Node& node,
                      NodeResult& result) {
  const Project& project = *context.project;
  const FileSource& source = node.source;
  std::string target = QuoteRelation(node.schema, node.name);
  auto listed = ListSourceFiles(project.directory, source);
  if (!listed.ok()) return SourceError(node, listed.status());
  std::vector<SourceFile> files = std::move(listed).value();
  RETURN_IF_ERROR(CreateTableFromColumns(context, connection, node));
  // Bookmarks are one table that every source writes: one source at a time.
  std::lock_guard<std::mutex> lock(*context.bookmarks_mutex);
  ASSIGN_OR_RETURN(std::vector<SourceFile> loaded,
                   LoadedFiles(connection, project.name, node.source_name));
  std::vector<SourceFile> to_load;
  for (const SourceFile& file : files) {
    if (context.full_refresh || !AlreadyLoaded(loaded, file)) to_load.push_back(file);
  }
  for (const SourceFile& old : loaded) {
    bool present = std::any_of(files.begin(), files.end(),
                               [&](const SourceFile& f) { return f.path == old.path; });
    if (!present)
      result.warnings.push_back("file " + old.path + ", loaded before, is gone; its rows stay");
  }
  std::string options = CopyOptions(source);
  bool s3 = IsS3Url(source.path);
  std::string where = " WHERE pipeline = " + QuoteLiteral(project.name) +
                      " AND source = " + QuoteLiteral(node.source_name);
  std::string manifest;
  if (s3 && !to_load.empty()) {
    ASSIGN_OR_RETURN(manifest, WriteManifest(project.directory, node.source_name, to_load));
  }
  result.rows = 0;
  auto load = [&]() -> Status {
    RETURN_IF_ERROR(Execute(connection, "BEGIN").status());
    if (context.full_refresh) {
      RETURN_IF_ERROR(Execute(connection, "DELETE FROM " + target).status());
      RETURN_IF_ERROR(Execute(connection, "DELETE FROM martlet_bookmarks" + where).status());
    }
    std::vector<std::string> copies;
    if (s3 && !to_load.empty()) {
      copies.push_back("COPY " + target + " FROM " + QuoteLiteral(manifest) + " MANIFEST" +
                       options);
    } else {
      for (const SourceFile& file : to_load)
        copies.push_back("COPY " + target + " FROM " + QuoteLiteral(file.path) + options);
    }
    for (const std::string& copy : copies) {
      auto copied = Execute(connection, copy);
      if (!copied.ok()) return SourceError(node, copied.status());
      result.rows += std::max<int64_t>(0, TagCount(copied.value()));
      // Rows skipped within MAXERROR: say so where the load is reported.
      for (const std::string& notice : copied->notices()) result.warnings.push_back(notice);
    }
    for (const SourceFile& file : to_load) {
      // A file changed since it was loaded is loaded again; its old bookmark goes.
      RETURN_IF_ERROR(Execute(connection, "DELETE FROM martlet_bookmarks" + where +
                                              " AND file = " + QuoteLiteral(file.path))
                          .status());
      RETURN_IF_ERROR(
          Execute(connection, InsertBookmark(project.name, node.source_name,
                                             {file.path, file.size, file.mtime_ns, file.etag, ""},
                                             context.run_id))
              .status());
    }
    return Execute(connection, "COMMIT").status();
  };
  Status loaded_status = load();
  if (!manifest.empty()) {
    std::error_code error;
    fs::remove(manifest, error);
  }
  RETURN_IF_ERROR(loaded_status);
  size_t skipped = files.size() - to_load.size();
  std::string noun = s3 ? " object" : " file";
  std::string plural = to_load.size() == 1 ? "" : "s";
  result.action = "load " + std::to_string(to_load.size()) + " new" + noun + plural;
  if (skipped > 0) result.action += " (" + std::to_string(skipped) + " loaded before)";
  if (context.full_refresh)
    result.action = "reload " + std::to_string(to_load.size()) + noun + "s (full refresh)";
  return Status::Ok();
}

}  // namespace

Result<std::vector<SourceFile>> ListSourceFiles(const std::string& directory,
                                                const FileSource& source) {
  if (IsS3Url(source.path)) return ListObjects(source);
  const std::string& pattern = source.path;
  fs::path full =
      fs::path(pattern).is_absolute() ? fs::path(pattern) : fs::path(directory) / pattern;
  std::vector<SourceFile> files;
  std::error_code error;
  bool wildcard = full.filename().string().find_first_of("*?[") != std::string::npos;
  if (!wildcard && fs::is_regular_file(full, error)) {
    ASSIGN_OR_RETURN(SourceFile file, StatFile(full));
    files.push_back(file);
    return files;
  }
  fs::path folder = wildcard ? full.parent_path() : full;
  std::string glob = wildcard ? full.filename().string() : "*";
  if (!fs::is_directory(folder, error)) {
    return Status(StatusCode::kIOError, "source path " + pattern + ": no such file or directory");
  }
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (!entry.is_regular_file()) continue;
    if (fnmatch(glob.c_str(), entry.path().filename().c_str(), 0) != 0) continue;
    ASSIGN_OR_RETURN(SourceFile file, StatFile(entry.path()));
    files.push_back(file);
  }
  std::sort(files.begin(), files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  return files;
}

bool AlreadyLoaded(const std::vector<SourceFile>& loaded, const SourceFile& file) {
  return std::any_of(loaded.begin(), loaded.end(), [&](const SourceFile& l) {
    if (l.path != file.path || l.size != file.size) return false;
    if (!file.etag.empty()) return l.etag == file.etag;
    return l.mtime_ns == file.mtime_ns;
  });
}

Status EnsureBookmarkTable(Connection& connection) {
  RETURN_IF_ERROR(
      Execute(connection,
              "CREATE TABLE IF NOT EXISTS martlet_bookmarks (pipeline VARCHAR(256) NOT NULL, "
              "source VARCHAR(256) NOT NULL, file VARCHAR(65535) NOT NULL, size BIGINT, "
              "mtime_ns BIGINT, run_id BIGINT, loaded_at TIMESTAMP, etag VARCHAR(1024), "
              "high_water VARCHAR(65535))")
          .status());
  ASSIGN_OR_RETURN(std::vector<std::string> columns,
                   ResultColumns(connection, "SELECT * FROM martlet_bookmarks LIMIT 0"));
  for (const char* column : {"etag VARCHAR(1024)", "high_water VARCHAR(65535)"}) {
    std::string name = std::string(column).substr(0, std::string(column).find(' '));
    if (std::find(columns.begin(), columns.end(), name) != columns.end()) continue;
    RETURN_IF_ERROR(
        Execute(connection, std::string("ALTER TABLE martlet_bookmarks ADD COLUMN ") + column)
            .status());
  }
  return Status::Ok();
}

std::string InsertBookmark(const std::string& pipeline, const std::string& source,
                           const Bookmark& bookmark, int64_t run_id) {
  auto nullable = [](const std::string& text) {
    return text.empty() ? std::string("NULL") : QuoteLiteral(text);
  };
  return "INSERT INTO martlet_bookmarks (pipeline, source, file, size, mtime_ns, etag, "
         "high_water, run_id, loaded_at) VALUES (" +
         QuoteLiteral(pipeline) + ", " + QuoteLiteral(source) + ", " + QuoteLiteral(bookmark.file) +
         ", " + std::to_string(bookmark.size) + ", " + std::to_string(bookmark.mtime_ns) + ", " +
         nullable(bookmark.etag) + ", " + nullable(bookmark.high_water) + ", " +
         std::to_string(run_id) + ", " + QuoteLiteral(TimestampNow()) + ")";
}

Result<std::vector<SourceFile>> LoadedFiles(Connection& connection, const std::string& pipeline,
                                            const std::string& source) {
  ASSIGN_OR_RETURN(std::string type, RelationType(connection, "public", "martlet_bookmarks"));
  std::vector<SourceFile> files;
  if (type.empty()) return files;
  ASSIGN_OR_RETURN(std::vector<std::string> columns,
                   ResultColumns(connection, "SELECT * FROM martlet_bookmarks LIMIT 0"));
  bool has_etag = std::find(columns.begin(), columns.end(), "etag") != columns.end();
  ASSIGN_OR_RETURN(
      QueryResult result,
      Execute(connection, std::string("SELECT file, size, mtime_ns, ") +
                              (has_etag ? "etag" : "NULL") +
                              " FROM martlet_bookmarks WHERE pipeline = " + QuoteLiteral(pipeline) +
                              " AND source = " + QuoteLiteral(source) + " ORDER BY file"));
  for (size_t row = 0; row < result.row_count(); row++) {
    files.push_back({result.text(row, 0), std::stoll(result.text(row, 1)),
                     std::stoll(result.text(row, 2)),
                     result.is_null(row, 3) ? std::string() : result.text(row, 3)});
  }
  return files;
}

Status LoadSource(const BuildContext& context, Connection& connection, const Node& node,
                  NodeResult& result) {
  if (node.source_kind == SourceKind::kPostgres)
    return LoadPostgresSource(context, connection, node, result);
  return LoadFileSource(context, connection, node, result);
}

}  // namespace martlet::etl
