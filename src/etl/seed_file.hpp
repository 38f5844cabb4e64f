// A seed's CSV file: its header names the columns, and the values decide their types.
#pragma once

#include <string>
#include <vector>

#include "etl/project.hpp"
#include "martlet/status.hpp"

namespace martlet::etl {

// Reads the header and the values of a CSV text (RFC 4180 quoting) and infers each column's
// type from its non-empty values: boolean (true/false), bigint, decimal(38,s) (the largest
// scale seen, while every value fits), date (YYYY-MM-DD), timestamp (YYYY-MM-DD HH:MM[:SS[.f]]),
// else varchar (256, or 65535 when a value is longer). A column with no values is varchar(256).
// Header names are folded to lower case and must be plain identifiers. Errors name the file
// and the line.
Result<std::vector<SeedColumn>> InferSeedColumns(const std::string& text, const std::string& file);

}  // namespace martlet::etl
