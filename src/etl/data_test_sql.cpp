#include "etl/data_test_sql.hpp"

#include "etl/sql_text.hpp"

namespace martlet::etl {

std::string GenericTestSql(const TestSpec& spec, const std::string& relation,
                           const std::string& to) {
  std::string column = QuoteIdentifier(spec.column);
  if (spec.test == "not_null") {
    return "SELECT * FROM " + relation + " WHERE " + column + " IS NULL";
  }
  if (spec.test == "unique") {
    return "SELECT " + column + ", count(*) AS occurrences FROM " + relation + " WHERE " + column +
           " IS NOT NULL GROUP BY " + column + " HAVING count(*) > 1";
  }
  if (spec.test == "accepted_values") {
    std::string values;
    for (const std::string& value : spec.values) values += (values.empty() ? "" : ", ") + value;
    return "SELECT " + column + ", count(*) AS occurrences FROM " + relation + " WHERE " + column +
           " NOT IN (" + values + ") GROUP BY " + column;
  }
  if (spec.test == "relationships") {
    std::string field = QuoteIdentifier(spec.field.empty() ? spec.column : spec.field);
    return "SELECT child." + column + " FROM " + relation + " AS child LEFT JOIN " + to +
           " AS parent ON child." + column + " = parent." + field + " WHERE child." + column +
           " IS NOT NULL AND parent." + field + " IS NULL";
  }
  if (spec.test == "row_count") {
    std::string condition;
    if (spec.min) condition = "count(*) < " + std::to_string(*spec.min);
    if (spec.max)
      condition += (condition.empty() ? "" : " OR ") + ("count(*) > " + std::to_string(*spec.max));
    return "SELECT count(*) AS row_count FROM " + relation + " HAVING " + condition;
  }
  // freshness: the newest value must be younger than max_age.
  return "SELECT max(" + column + ") AS newest FROM " + relation + " HAVING max(" + column +
         ") IS NULL OR max(" + column + ") < getdate() - INTERVAL " + QuoteLiteral(spec.max_age);
}

std::string GenericTestName(const TestSpec& spec) {
  if (spec.test == "row_count") {
    std::string bounds;
    if (spec.min) bounds = "min " + std::to_string(*spec.min);
    if (spec.max) bounds += (bounds.empty() ? "" : ", ") + ("max " + std::to_string(*spec.max));
    return "row_count(" + bounds + ")";
  }
  if (spec.test == "relationships") return "relationships(" + spec.column + " -> " + spec.to + ")";
  if (spec.test == "freshness") return "freshness(" + spec.column + ", " + spec.max_age + ")";
  return spec.test + "(" + spec.column + ")";
}

}  // namespace martlet::etl
