// COPY's options (Redshift's names) checked and turned into LoadOptions before anything is
// read.
#pragma once

#include "formats/load_options.hpp"
#include "sql/ast.hpp"

namespace martlet {

Result<LoadOptions> ParseCopyOptions(const sql::CopyStatement& statement);

}  // namespace martlet
