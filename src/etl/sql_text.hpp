// Writing names and values into the SQL the pipeline runner sends.
#pragma once

#include <string>

namespace martlet::etl {

// "name", with any '"' doubled.
std::string QuoteIdentifier(const std::string& name);
// "schema"."name"
std::string QuoteRelation(const std::string& schema, const std::string& name);
// 'text', with any '\'' doubled.
std::string QuoteLiteral(const std::string& text);
// Whether `name` is a plain lower-case SQL identifier: [a-z_][a-z0-9_]*.
bool IsPlainIdentifier(const std::string& name);

}  // namespace martlet::etl
