// File sources: COPY the files a source names into its table, once each.
//
// Bookmarks, as Glue's job bookmarks: martlet_bookmarks remembers every file a source has
// loaded (path, size, modification time), so a run loads only the files that are new or
// changed since. A file's rows and its bookmark are committed in one transaction. With
// --full-refresh the table is emptied and every file is loaded again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "etl/node_builder.hpp"

namespace martlet::etl {

struct SourceFile {
  std::string path;  // absolute
  int64_t size = 0;
  int64_t mtime_ns = 0;
};

// The files `pattern` names, relative to `directory`: a file, every file in a directory, or
// the files a glob (*, ?, [...] in the last part) matches; sorted by path.
Result<std::vector<SourceFile>> ListSourceFiles(const std::string& directory,
                                                const std::string& pattern);

// The files already loaded by `source` according to martlet_bookmarks (empty when the table
// does not exist yet).
Result<std::vector<SourceFile>> LoadedFiles(Connection& connection, const std::string& pipeline,
                                            const std::string& source);

// Loads the source's new files into its table (creating the table from `columns` when it is
// missing); fills result.action, rows and warnings (bookmarked files that are gone).
Status LoadSource(const BuildContext& context, Connection& connection, const Node& node,
                  NodeResult& result);

// Creates martlet_bookmarks when it does not exist.
Status EnsureBookmarkTable(Connection& connection);

}  // namespace martlet::etl
