#include "etl/source_loader.hpp"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "etl/sql_text.hpp"
#include "etl/statement_runner.hpp"

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

bool SameFile(const SourceFile& a, const SourceFile& b) {
  return a.path == b.path && a.size == b.size && a.mtime_ns == b.mtime_ns;
}

}  // namespace

Result<std::vector<SourceFile>> ListSourceFiles(const std::string& directory,
                                                const std::string& pattern) {
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

Status EnsureBookmarkTable(Connection& connection) {
  return Execute(connection,
                 "CREATE TABLE IF NOT EXISTS martlet_bookmarks (pipeline VARCHAR(256) NOT NULL, "
                 "source VARCHAR(256) NOT NULL, file VARCHAR(65535) NOT NULL, size BIGINT, "
                 "mtime_ns BIGINT, run_id BIGINT, loaded_at TIMESTAMP)")
      .status();
}

Result<std::vector<SourceFile>> LoadedFiles(Connection& connection, const std::string& pipeline,
                                            const std::string& source) {
  ASSIGN_OR_RETURN(std::string type, RelationType(connection, "public", "martlet_bookmarks"));
  std::vector<SourceFile> files;
  if (type.empty()) return files;
  ASSIGN_OR_RETURN(
      QueryResult result,
      Execute(connection, "SELECT file, size, mtime_ns FROM martlet_bookmarks WHERE pipeline = " +
                              QuoteLiteral(pipeline) + " AND source = " + QuoteLiteral(source) +
                              " ORDER BY file"));
  for (size_t row = 0; row < result.row_count(); row++) {
    files.push_back(
        {result.text(row, 0), std::stoll(result.text(row, 1)), std::stoll(result.text(row, 2))});
  }
  return files;
}

Status LoadSource(const BuildContext& context, Connection& connection, const Node& node,
                  NodeResult& result) {
  const Project& project = *context.project;
  const FileSource& source = node.source;
  std::string target = QuoteRelation(node.schema, node.name);
  ASSIGN_OR_RETURN(std::vector<SourceFile> files, ListSourceFiles(project.directory, source.path));
  {
    std::lock_guard<std::mutex> lock(*context.catalog_mutex);
    RETURN_IF_ERROR(EnsureBookmarkTable(connection));
    ASSIGN_OR_RETURN(std::string type, RelationType(connection, node.schema, node.name));
    if (type.empty()) {
      if (source.columns.empty()) {
        return Status(StatusCode::kInvalidInput, "source " + node.source_name + ": table " +
                                                     node.relation +
                                                     " does not exist; create it or declare "
                                                     "columns = [\"name TYPE\", ...] in [sources." +
                                                     node.source_name + "]");
      }
      std::string columns;
      for (const std::string& column : source.columns)
        columns += (columns.empty() ? "" : ", ") + column;
      RETURN_IF_ERROR(
          Execute(connection, "CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(node.schema))
              .status());
      auto created = Execute(connection, "CREATE TABLE " + target + " (" + columns + ")");
      if (!created.ok()) {
        return Status(created.status().code(),
                      "source " + node.source_name + ": columns: " + created.status().message());
      }
    }
  }
  // Bookmarks are one table that every source writes: one source at a time.
  std::lock_guard<std::mutex> lock(*context.bookmarks_mutex);
  ASSIGN_OR_RETURN(std::vector<SourceFile> loaded,
                   LoadedFiles(connection, project.name, node.source_name));
  std::vector<SourceFile> to_load;
  for (const SourceFile& file : files) {
    bool done = !context.full_refresh &&
                std::any_of(loaded.begin(), loaded.end(),
                            [&](const SourceFile& l) { return SameFile(l, file); });
    if (!done) to_load.push_back(file);
  }
  for (const SourceFile& old : loaded) {
    bool present = std::any_of(files.begin(), files.end(),
                               [&](const SourceFile& f) { return f.path == old.path; });
    if (!present)
      result.warnings.push_back("file " + old.path + ", loaded before, is gone; its rows stay");
  }
  std::string options = source.format == "csv" ? " CSV" : "";
  if (!source.copy_options.empty()) options += " " + source.copy_options;
  std::vector<std::string> statements;
  std::string where = " WHERE pipeline = " + QuoteLiteral(project.name) +
                      " AND source = " + QuoteLiteral(node.source_name);
  if (context.full_refresh) {
    statements.push_back("DELETE FROM " + target);
    statements.push_back("DELETE FROM martlet_bookmarks" + where);
  }
  std::string now = TimestampNow();
  result.rows = 0;
  RETURN_IF_ERROR(Execute(connection, "BEGIN").status());
  for (const std::string& statement : statements)
    RETURN_IF_ERROR(Execute(connection, statement).status());
  for (const SourceFile& file : to_load) {
    // A file changed since it was loaded is loaded again; its old bookmark goes.
    RETURN_IF_ERROR(Execute(connection, "DELETE FROM martlet_bookmarks" + where +
                                            " AND file = " + QuoteLiteral(file.path))
                        .status());
    auto copied =
        Execute(connection, "COPY " + target + " FROM " + QuoteLiteral(file.path) + options);
    if (!copied.ok()) {
      return Status(copied.status().code(),
                    "source " + node.source_name + ": " + copied.status().message());
    }
    result.rows += std::max<int64_t>(0, TagCount(copied.value()));
    RETURN_IF_ERROR(
        Execute(connection, "INSERT INTO martlet_bookmarks VALUES (" + QuoteLiteral(project.name) +
                                ", " + QuoteLiteral(node.source_name) + ", " +
                                QuoteLiteral(file.path) + ", " + std::to_string(file.size) + ", " +
                                std::to_string(file.mtime_ns) + ", " +
                                std::to_string(context.run_id) + ", " + QuoteLiteral(now) + ")")
            .status());
  }
  RETURN_IF_ERROR(Execute(connection, "COMMIT").status());
  size_t skipped = files.size() - to_load.size();
  result.action =
      "load " + std::to_string(to_load.size()) + " new file" + (to_load.size() == 1 ? "" : "s");
  if (skipped > 0) result.action += " (" + std::to_string(skipped) + " loaded before)";
  if (context.full_refresh)
    result.action = "reload " + std::to_string(to_load.size()) + " files (full refresh)";
  return Status::Ok();
}

}  // namespace martlet::etl
