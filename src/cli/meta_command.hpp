// The shell's backslash commands (\q, \timing, \dt, \d, \format, \?): how a line is read as
// one, and the catalog queries behind the ones that describe the database.
#pragma once

#include <optional>
#include <string>

namespace martlet::cli {

struct MetaCommand {
  std::string name;      // without the backslash: "q", "d", "timing"
  std::string argument;  // the rest of the line, trimmed; may be empty
};

// nullopt when the line is not a backslash command.
std::optional<MetaCommand> ParseMetaCommand(const std::string& line);

// The queries behind \dt, \d and \d NAME, over information_schema.
std::string ListTablesSql();
std::string ListRelationsSql();
// `name` as the user typed it: folded to lower case unless double-quoted, optionally
// qualified by a schema ("sales.fact_sales").
std::string DescribeRelationSql(const std::string& name);

// The text \? prints.
const char* MetaCommandHelp();

}  // namespace martlet::cli
