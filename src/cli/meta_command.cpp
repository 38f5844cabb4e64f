#include "cli/meta_command.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace martlet::cli {
namespace {

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n;");
  return end < begin ? "" : text.substr(begin, end - begin + 1);
}

std::string QuoteLiteral(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  return quoted + "'";
}

// Splits "schema.table" into its parts, honouring double quotes and folding unquoted parts
// to lower case as PostgreSQL does with identifiers.
std::vector<std::string> SplitQualifiedName(const std::string& name) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '"') {
      if (quoted && i + 1 < name.size() && name[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return parts;
}

constexpr const char* kUserSchemasOnly = "table_schema NOT IN ('information_schema', 'pg_catalog')";

}  // namespace

std::optional<MetaCommand> ParseMetaCommand(const std::string& line) {
  std::string trimmed = Trim(line);
  if (trimmed.empty() || trimmed[0] != '\\') return std::nullopt;
  MetaCommand command;
  size_t name_end = 1;
  while (name_end < trimmed.size() &&
         std::isspace(static_cast<unsigned char>(trimmed[name_end])) == 0) {
    ++name_end;
  }
  command.name = trimmed.substr(1, name_end - 1);
  command.argument = Trim(trimmed.substr(name_end));
  return command;
}

std::string ListTablesSql() {
  return std::string(
             "SELECT table_schema AS \"Schema\", table_name AS \"Name\", 'table' AS \"Type\"\n"
             "FROM information_schema.tables\n"
             "WHERE table_type = 'BASE TABLE' AND ") +
         kUserSchemasOnly + "\nORDER BY 1, 2";
}

std::string ListRelationsSql() {
  return std::string(
             "SELECT table_schema AS \"Schema\", table_name AS \"Name\",\n"
             "  CASE table_type WHEN 'BASE TABLE' THEN 'table' WHEN 'VIEW' THEN 'view'\n"
             "    ELSE lower(table_type) END AS \"Type\"\n"
             "FROM information_schema.tables\n"
             "WHERE ") +
         kUserSchemasOnly + "\nORDER BY 1, 2";
}

std::string DescribeRelationSql(const std::string& name) {
  std::vector<std::string> parts = SplitQualifiedName(name);
  std::string where = "table_name = " + QuoteLiteral(parts.back());
  if (parts.size() > 1) where += " AND table_schema = " + QuoteLiteral(parts[parts.size() - 2]);
  return "SELECT column_name AS \"Column\", data_type AS \"Type\",\n"
         "  CASE WHEN is_nullable = 'NO' THEN 'not null' ELSE '' END AS \"Nullable\",\n"
         "  COALESCE(column_default, '') AS \"Default\"\n"
         "FROM information_schema.columns\n"
         "WHERE " +
         where + "\nORDER BY table_schema, ordinal_position";
}

const char* MetaCommandHelp() {
  return "General\n"
         "  \\q                     quit martlet\n"
         "  \\?                     show this help\n"
         "  \\timing [on|off]       show how long each statement takes (toggles without argument)\n"
         "\n"
         "Informational\n"
         "  \\d                     list tables and views\n"
         "  \\dt                    list tables\n"
         "  \\d NAME                describe table or view NAME\n"
         "\n"
         "Formatting\n"
         "  \\format [table|csv|json|markdown]\n"
         "                         set (or show) how results are printed\n"
         "\n"
         "SQL statements end with ';' and may span several lines.\n";
}

}  // namespace martlet::cli
