// The SELECT behind each generic data test: it returns the failing rows.
#pragma once

#include <string>

#include "etl/project_config.hpp"

namespace martlet::etl {

// `relation` is the tested node's quoted relation, `to` the quoted relation a relationships
// test points at (empty for the others).
std::string GenericTestSql(const TestSpec& spec, const std::string& relation,
                           const std::string& to);

// "not_null(order_id)", "row_count(min 1, max 10)", ...
std::string GenericTestName(const TestSpec& spec);

}  // namespace martlet::etl
