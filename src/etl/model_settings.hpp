// The settings a model can have, by name, as the TOML and a model's comment block write them.
#pragma once

#include <string>
#include <vector>

#include "etl/project.hpp"
#include "martlet/status.hpp"

namespace martlet::etl {

// materialized, schema, unique_key, incremental_filter, distkey, diststyle, sortkey, tags,
// pre_sql, post_sql; for snapshots strategy, updated_at, check_cols.
const std::vector<std::string>& ModelSettingNames();
bool IsModelSetting(const std::string& name);
// Whether the setting holds a list (unique_key, sortkey, tags, pre_sql, post_sql, check_cols).
bool IsListSetting(const std::string& name);

Result<Materialization> ParseMaterialization(const std::string& text);

// Sets `name` (one of ModelSettingNames) from `values`; a scalar setting takes exactly one.
// With `append`, a list setting adds to what is already set (a comment block's repeated
// `-- pre_sql:` lines). The error message says what was wrong, without a location.
Status SetModelSetting(ModelSettings& settings, const std::string& name,
                       const std::vector<std::string>& values, bool append);

// Reads the settings in the comment lines at the top of a model's file:
//   -- materialized: incremental
//   -- unique_key: order_id, line_no
//   -- pre_sql: DELETE FROM audit.log WHERE day < current_date - 30
// The block ends at the first line that is neither blank nor a `--` comment. A comment line
// of the form `name: value` whose name is a setting sets it; others are prose, except a name
// one typo away from a setting, which is an error with a did-you-mean. Errors carry
// file:line:column.
Result<ModelSettings> ParseModelHeader(const std::string& sql, const std::string& file);

}  // namespace martlet::etl
