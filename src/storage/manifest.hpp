// The manifest: the one file that says which version of the database is committed.
//
// A commit writes `manifest.tmp`, fsyncs it, renames it over `manifest` and fsyncs the
// directory. Rename is atomic, so after a crash `manifest` is either the old or the new
// version, whole; row-group files that no manifest refers to are removed at the next open.
// The byte format is in docs/storage.md ("Manifest").
#pragma once

#include <string>

#include "martlet/status.hpp"
#include "storage/database_state.hpp"

namespace martlet {

std::string SerializeManifest(const DatabaseState& state);
Result<DatabaseState> ParseManifest(std::string_view bytes);

// Writes `state` as the directory's committed manifest (atomically, durably).
Status WriteManifest(const std::string& directory, const DatabaseState& state);
// Reads the committed manifest; a directory without one is a new, empty database.
Result<DatabaseState> ReadManifest(const std::string& directory);

// File helpers shared by the storage layer.
Status WriteFileDurably(const std::string& path, std::string_view bytes);
Status SyncDirectory(const std::string& directory);
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace martlet
