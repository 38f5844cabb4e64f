// COPY's options (Redshift's names) checked and turned into LoadOptions before anything is
// read.
#pragma once

#include "formats/load_options.hpp"
#include "io/file_system.hpp"
#include "sql/ast.hpp"

namespace martlet {

// Also fills `storage` from ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, REGION and
// CREDENTIALS 'aws_access_key_id=...;aws_secret_access_key=...[;token=...]' for the files
// the COPY reads from an object store (IAM_ROLE is accepted and has no effect).
Result<LoadOptions> ParseCopyOptions(const sql::CopyStatement& statement, StorageOptions& storage);

}  // namespace martlet
