// Sources: load what a source names into its table, once each.
//
// A file source lists its files (local files, a directory, a glob, or the objects under an
// s3:// prefix) and COPYs the ones it has not loaded before. Bookmarks, as Glue's job
// bookmarks: martlet_bookmarks remembers every file a source has loaded (path, size,
// modification time, and for S3 the ETag), so a run loads only the files that are new or
// changed since. A run's rows and its bookmarks are committed in one transaction. With
// --full-refresh the table is emptied and every file is loaded again. PostgreSQL sources
// are loaded by postgres_source.hpp and keep their high-water mark in the same table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "etl/node_builder.hpp"

namespace martlet::etl {

struct SourceFile {
  std::string path;  // absolute, or the s3:// URL
  int64_t size = 0;
  int64_t mtime_ns = 0;
  std::string etag;  // S3's ETag; empty for local files
};

// The files `source.path` names, relative to `directory`: a file, every file in a directory,
// the files a glob (*, ?, [...] in the last part) matches, or every object under an s3://
// prefix (keys ending in '/' excepted); sorted by path.
Result<std::vector<SourceFile>> ListSourceFiles(const std::string& directory,
                                                const FileSource& source);

// Whether `file` is among the `loaded` ones, unchanged: an object by its key, size and ETag
// (the same bytes uploaded again are not loaded twice), a local file by its path, size and
// modification time.
bool AlreadyLoaded(const std::vector<SourceFile>& loaded, const SourceFile& file);

// The files already loaded by `source` according to martlet_bookmarks (empty when the table
// does not exist yet).
Result<std::vector<SourceFile>> LoadedFiles(Connection& connection, const std::string& pipeline,
                                            const std::string& source);

// Loads the source's new files (or, for a PostgreSQL source, its new rows) into its table,
// creating the table when it is missing; fills result.action, rows and warnings (bookmarked
// files that are gone).
Status LoadSource(const BuildContext& context, Connection& connection, const Node& node,
                  NodeResult& result);

// Creates martlet_bookmarks when it does not exist, and adds the columns that databases made
// by earlier versions lack.
Status EnsureBookmarkTable(Connection& connection);

// The INSERT that records one bookmark.
struct Bookmark {
  std::string file;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  std::string etag;
  std::string high_water;
};
std::string InsertBookmark(const std::string& pipeline, const std::string& source,
                           const Bookmark& bookmark, int64_t run_id);

}  // namespace martlet::etl
