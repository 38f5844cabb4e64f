#include "etl/statement_runner.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "etl/sql_text.hpp"

namespace martlet::etl {

Result<QueryResult> Execute(Connection& connection, const std::string& sql) {
  QueryResult result = connection.query(sql);
  if (!result.ok()) {
    if (connection.in_transaction()) (void)connection.query("ROLLBACK");
    return result.status();
  }
  return result;
}

Status ExecuteAtomically(Connection& connection, const std::vector<std::string>& statements) {
  RETURN_IF_ERROR(Execute(connection, "BEGIN").status());
  for (const std::string& statement : statements) {
    RETURN_IF_ERROR(Execute(connection, statement).status());
  }
  return Execute(connection, "COMMIT").status();
}

int64_t TagCount(const QueryResult& result) {
  const std::string& tag = result.tag();
  size_t space = tag.find_last_of(' ');
  if (space == std::string::npos) return -1;
  try {
    return std::stoll(tag.substr(space + 1));
  } catch (...) {
    return -1;
  }
}

Result<std::string> RelationType(Connection& connection, const std::string& schema,
                                 const std::string& name) {
  ASSIGN_OR_RETURN(
      QueryResult result,
      Execute(connection, "SELECT table_type FROM information_schema.tables WHERE table_schema = " +
                              QuoteLiteral(schema) + " AND table_name = " + QuoteLiteral(name)));
  if (result.row_count() == 0) return std::string();
  return result.text(0, 0);
}

Result<std::vector<std::string>> ListRelations(Connection& connection) {
  ASSIGN_OR_RETURN(
      QueryResult result,
      Execute(connection, "SELECT table_schema, table_name FROM information_schema.tables"));
  std::vector<std::string> relations;
  for (size_t row = 0; row < result.row_count(); row++) {
    relations.push_back(result.text(row, 0) + "." + result.text(row, 1));
  }
  return relations;
}

Result<std::vector<std::string>> ResultColumns(Connection& connection, const std::string& select) {
  ASSIGN_OR_RETURN(QueryResult result, Execute(connection, select));
  std::vector<std::string> columns;
  for (size_t i = 0; i < result.column_count(); i++) columns.push_back(result.column_name(i));
  return columns;
}

std::string TimestampNow() {
  auto now = std::chrono::system_clock::now();
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d.%06d", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(micros % 1000000));
  return text;
}

}  // namespace martlet::etl
