#include "etl/project_config.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

#include <toml++/toml.h>

#include "common/string_distance.hpp"
#include "etl/model_settings.hpp"

namespace martlet::etl {
namespace {

class ConfigReader {
 public:
  explicit ConfigReader(std::string file) : file_(std::move(file)) {}

  std::string Where(const toml::source_region& region) const {
    return file_ + ":" + std::to_string(region.begin.line) + ":" +
           std::to_string(region.begin.column);
  }

  Status Error(const toml::node& node, const std::string& what) const {
    return Status(StatusCode::kInvalidInput, Where(node.source()) + ": " + what);
  }

  Status UnknownKey(const toml::key& key, const std::string& where,
                    const std::vector<std::string>& known) const {
    std::string message =
        Where(key.source()) + ": unknown key \"" + std::string(key.str()) + "\" in " + where;
    std::string suggestion = ClosestName(key.str(), known);
    if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
    return Status(StatusCode::kInvalidInput, message);
  }

  Result<std::string> String(const toml::node& node, const std::string& key) const {
    if (!node.is_string()) return Error(node, key + " must be a string");
    return std::string(node.as_string()->get());
  }

  Result<int64_t> Integer(const toml::node& node, const std::string& key) const {
    if (!node.is_integer()) return Error(node, key + " must be an integer");
    return node.as_integer()->get();
  }

  Result<const toml::table*> Table(const toml::node& node, const std::string& key) const {
    if (!node.is_table()) return Error(node, key + " must be a table ([" + key + "] or { ... })");
    return node.as_table();
  }

  // A string, or an array of strings.
  Result<std::vector<std::string>> Strings(const toml::node& node, const std::string& key) const {
    if (node.is_string()) return std::vector<std::string>{std::string(node.as_string()->get())};
    if (!node.is_array()) return Error(node, key + " must be a string or an array of strings");
    std::vector<std::string> values;
    for (const toml::node& item : *node.as_array()) {
      ASSIGN_OR_RETURN(std::string value, String(item, key + "'s items"));
      values.push_back(std::move(value));
    }
    return values;
  }

  Status Setting(ModelSettings& settings, const toml::key& key, const toml::node& node) const {
    std::string name(key.str());
    std::vector<std::string> values;
    if (IsListSetting(name)) {
      ASSIGN_OR_RETURN(values, Strings(node, name));
    } else if (node.is_boolean()) {  // invalidate_hard_deletes = true
      values.push_back(node.as_boolean()->get() ? "true" : "false");
    } else {
      ASSIGN_OR_RETURN(std::string value, String(node, name));
      values.push_back(std::move(value));
    }
    Status status = SetModelSetting(settings, name, values, /*append=*/false);
    if (!status.ok()) return Error(node, status.message());
    return Status::Ok();
  }

  Result<std::string> SqlLiteral(const toml::node& node) const {
    if (node.is_string()) {
      std::string text(node.as_string()->get());
      std::string quoted = "'";
      for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      return quoted + "'";
    }
    if (node.is_integer()) return std::to_string(node.as_integer()->get());
    if (node.is_floating_point()) return std::to_string(node.as_floating_point()->get());
    if (node.is_boolean()) return std::string(node.as_boolean()->get() ? "true" : "false");
    return Error(node, "accepted values must be strings, numbers or booleans");
  }

  Result<TestSpec> Test(const toml::node& node) const {
    if (!node.is_table()) {
      return Error(node, "a test must be a table such as { test = \"not_null\", column = \"id\" }");
    }
    const toml::table& table = *node.as_table();
    TestSpec spec;
    spec.location = Where(node.source());
    static const std::vector<std::string> kKeys = {"test", "column", "values",  "to",      "field",
                                                   "min",  "max",    "max_age", "severity"};
    for (auto&& [key, value] : table) {
      std::string name(key.str());
      if (name == "test") {
        ASSIGN_OR_RETURN(spec.test, String(value, name));
      } else if (name == "column") {
        ASSIGN_OR_RETURN(spec.column, String(value, name));
      } else if (name == "values") {
        if (!value.is_array()) return Error(value, "values must be an array");
        for (const toml::node& item : *value.as_array()) {
          ASSIGN_OR_RETURN(std::string literal, SqlLiteral(item));
          spec.values.push_back(std::move(literal));
        }
      } else if (name == "to") {
        ASSIGN_OR_RETURN(spec.to, String(value, name));
      } else if (name == "field") {
        ASSIGN_OR_RETURN(spec.field, String(value, name));
      } else if (name == "min") {
        ASSIGN_OR_RETURN(spec.min, Integer(value, name));
      } else if (name == "max") {
        ASSIGN_OR_RETURN(spec.max, Integer(value, name));
      } else if (name == "max_age") {
        ASSIGN_OR_RETURN(spec.max_age, String(value, name));
      } else if (name == "severity") {
        ASSIGN_OR_RETURN(std::string severity, String(value, name));
        if (severity == "warn") {
          spec.severity = TestSeverity::kWarn;
        } else if (severity != "error") {
          return Error(value, "severity must be \"error\" or \"warn\", not \"" + severity + "\"");
        }
      } else {
        return UnknownKey(key, "a test", kKeys);
      }
    }
    return CheckTest(node, spec);
  }

  Result<TestSpec> CheckTest(const toml::node& node, TestSpec spec) const {
    static const std::vector<std::string> kTests = {"not_null",      "unique",    "accepted_values",
                                                    "relationships", "row_count", "freshness"};
    if (spec.test.empty()) return Error(node, "a test needs test = \"<kind>\"");
    bool known = false;
    for (const std::string& kind : kTests) known = known || kind == spec.test;
    if (!known) {
      std::string message = "unknown test \"" + spec.test + "\"";
      std::string suggestion = ClosestName(spec.test, kTests);
      if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
      return Error(node, message +
                             "; tests are not_null, unique, accepted_values, "
                             "relationships, row_count and freshness");
    }
    bool needs_column = spec.test != "row_count";
    if (needs_column && spec.column.empty())
      return Error(node, spec.test + " needs column = \"...\"");
    if (spec.test == "accepted_values" && spec.values.empty()) {
      return Error(node, "accepted_values needs values = [...]");
    }
    if (spec.test == "relationships" && spec.to.empty()) {
      return Error(node, "relationships needs to = \"<relation>\"");
    }
    if (spec.test == "row_count" && !spec.min && !spec.max) {
      return Error(node, "row_count needs min, max or both");
    }
    if (spec.test == "freshness" && spec.max_age.empty()) {
      return Error(node, "freshness needs max_age, e.g. max_age = \"24 hours\"");
    }
    return spec;
  }

  Result<std::vector<TestSpec>> Tests(const toml::node& node) const {
    if (!node.is_array()) return Error(node, "tests must be an array of tables");
    std::vector<TestSpec> tests;
    for (const toml::node& item : *node.as_array()) {
      ASSIGN_OR_RETURN(TestSpec spec, Test(item));
      tests.push_back(std::move(spec));
    }
    return tests;
  }

  Result<NodeConfig> Model(const std::string& section, const std::string& key,
                           const toml::table& table) const {
    NodeConfig config;
    config.key = key;
    config.location = Where(table.source());
    std::vector<std::string> known = ModelSettingNames();
    known.push_back("tests");
    for (auto&& [name, value] : table) {
      std::string setting(name.str());
      if (setting == "tests") {
        ASSIGN_OR_RETURN(config.tests, Tests(value));
      } else if (IsModelSetting(setting)) {
        RETURN_IF_ERROR(Setting(config.settings, name, value));
      } else {
        return UnknownKey(name, "[" + section + "." + key + "]", known);
      }
    }
    return config;
  }

  // [models.<name>], [models."<schema>.<name>"] or [models.<schema>.<name>]; the same for
  // [snapshots...].
  Status Models(const std::string& section, const toml::table& models,
                std::vector<NodeConfig>& out) const {
    for (auto&& [key, value] : models) {
      ASSIGN_OR_RETURN(const toml::table* table,
                       Table(value, section + "." + std::string(key.str())));
      if (IsSchemaGroup(*table)) {
        for (auto&& [inner_key, inner_value] : *table) {
          std::string full = std::string(key.str()) + "." + std::string(inner_key.str());
          ASSIGN_OR_RETURN(const toml::table* inner, Table(inner_value, section + "." + full));
          ASSIGN_OR_RETURN(NodeConfig config, Model(section, full, *inner));
          out.push_back(std::move(config));
        }
      } else {
        ASSIGN_OR_RETURN(NodeConfig config, Model(section, std::string(key.str()), *table));
        out.push_back(std::move(config));
      }
    }
    return Status::Ok();
  }

  // A table whose entries are all tables is a schema grouping its models.
  static bool IsSchemaGroup(const toml::table& table) {
    if (table.empty()) return false;
    for (auto&& [key, value] : table) {
      if (!value.is_table()) return false;
    }
    return true;
  }

  Result<NodeConfig> Seed(const std::string& key, const toml::table& table) const {
    NodeConfig config;
    config.key = key;
    config.location = Where(table.source());
    static const std::vector<std::string> kKeys = {"schema", "column_types", "tests"};
    for (auto&& [name, value] : table) {
      std::string setting(name.str());
      if (setting == "schema") {
        ASSIGN_OR_RETURN(std::string schema, String(value, setting));
        config.settings.schema = schema;
      } else if (setting == "column_types") {
        ASSIGN_OR_RETURN(const toml::table* types, Table(value, setting));
        for (auto&& [column, type] : *types) {
          ASSIGN_OR_RETURN(std::string type_text,
                           String(type, "column_types." + std::string(column.str())));
          config.column_types.push_back({std::string(column.str()), type_text});
        }
      } else if (setting == "tests") {
        ASSIGN_OR_RETURN(config.tests, Tests(value));
      } else {
        return UnknownKey(name, "[seeds." + key + "]", kKeys);
      }
    }
    return config;
  }

  Result<SourceConfig> Source(const std::string& key, const toml::table& table) const {
    SourceConfig config;
    config.name = key;
    config.location = Where(table.source());
    config.files.format = "csv";
    std::string where = "[sources." + key + "]";
    static const std::vector<std::string> kKeys = {
        "path",         "glob",         "dir",     "format",
        "copy_options", "table",        "columns", "tests",
        "region",       "endpoint",     "profile", "postgres",
        "postgres_env", "source_table", "query",   "incremental_column",
        "unique_key"};
    static const std::vector<std::string> kFileKeys = {"format", "copy_options", "columns",
                                                       "region", "endpoint",     "profile"};
    static const std::vector<std::string> kS3Keys = {"region", "endpoint", "profile"};
    static const std::vector<std::string> kPostgresKeys = {"source_table", "query",
                                                           "incremental_column", "unique_key"};
    int paths = 0;
    int connections = 0;
    std::vector<std::pair<std::string, const toml::node*>> given;
    for (auto&& [name, value] : table) {
      std::string setting(name.str());
      given.emplace_back(setting, &value);
      if (setting == "path" || setting == "glob" || setting == "dir") {
        ASSIGN_OR_RETURN(config.files.path, String(value, setting));
        paths++;
      } else if (setting == "format") {
        ASSIGN_OR_RETURN(config.files.format, String(value, setting));
        const std::string& format = config.files.format;
        if (format != "csv" && format != "text" && format != "json") {
          return Error(value,
                       "format must be \"csv\", \"text\" or \"json\", not \"" + format + "\"");
        }
      } else if (setting == "copy_options") {
        ASSIGN_OR_RETURN(config.files.copy_options, String(value, setting));
      } else if (setting == "table") {
        ASSIGN_OR_RETURN(config.table, String(value, setting));
      } else if (setting == "columns") {
        ASSIGN_OR_RETURN(config.files.columns, Strings(value, setting));
      } else if (setting == "tests") {
        ASSIGN_OR_RETURN(config.tests, Tests(value));
      } else if (setting == "region") {
        ASSIGN_OR_RETURN(config.files.region, String(value, setting));
      } else if (setting == "endpoint") {
        ASSIGN_OR_RETURN(config.files.endpoint, String(value, setting));
      } else if (setting == "profile") {
        ASSIGN_OR_RETURN(config.files.profile, String(value, setting));
      } else if (setting == "postgres") {
        ASSIGN_OR_RETURN(config.postgres.conninfo, String(value, setting));
        connections++;
      } else if (setting == "postgres_env") {
        ASSIGN_OR_RETURN(config.postgres.conninfo_env, String(value, setting));
        connections++;
      } else if (setting == "source_table") {
        ASSIGN_OR_RETURN(config.postgres.source_table, String(value, setting));
      } else if (setting == "query") {
        ASSIGN_OR_RETURN(config.postgres.query, String(value, setting));
      } else if (setting == "incremental_column") {
        ASSIGN_OR_RETURN(config.postgres.incremental_column, String(value, setting));
      } else if (setting == "unique_key") {
        ASSIGN_OR_RETURN(config.postgres.unique_key, Strings(value, setting));
      } else {
        return UnknownKey(name, where, kKeys);
      }
    }
    auto in = [](const std::vector<std::string>& keys, const std::string& key) {
      return std::find(keys.begin(), keys.end(), key) != keys.end();
    };
    if (paths + connections != 1) {
      return Status(StatusCode::kInvalidInput,
                    config.location + ": " + where +
                        " needs exactly one of path, glob or dir (files) or postgres or "
                        "postgres_env (a PostgreSQL database)");
    }
    if (connections == 1) {
      config.kind = SourceKind::kPostgres;
      for (const auto& [setting, value] : given) {
        if (in(kFileKeys, setting)) {
          return Error(*value, setting + " applies to file sources, not to a PostgreSQL source");
        }
      }
      const PostgresSource& postgres = config.postgres;
      if (postgres.source_table.empty() == postgres.query.empty()) {
        return Status(StatusCode::kInvalidInput,
                      config.location + ": " + where +
                          " needs exactly one of source_table = \"<schema>.<table>\" or query = "
                          "\"SELECT ...\" to read from PostgreSQL");
      }
      if (!postgres.unique_key.empty() && postgres.incremental_column.empty()) {
        return Status(StatusCode::kInvalidInput,
                      config.location + ": " + where +
                          " has unique_key but no incremental_column: without one every run "
                          "reloads the whole source");
      }
    } else {
      bool s3 = config.files.path.rfind("s3://", 0) == 0;
      for (const auto& [setting, value] : given) {
        if (in(kPostgresKeys, setting)) {
          return Error(*value, setting + " applies to PostgreSQL sources, not to file sources");
        }
        if (!s3 && in(kS3Keys, setting)) {
          return Error(*value, setting + " applies to s3:// sources only");
        }
      }
    }
    if (config.table.empty()) {
      return Status(StatusCode::kInvalidInput,
                    config.location + ": " + where + " needs table = \"<schema>.<name>\"");
    }
    return config;
  }

  Result<ProjectConfig> Project(const toml::table& root) const {
    ProjectConfig config;
    static const std::vector<std::string> kKeys = {"name",     "default_schema", "database",
                                                   "defaults", "models",         "snapshots",
                                                   "seeds",    "sources"};
    for (auto&& [key, value] : root) {
      std::string name(key.str());
      if (name == "name") {
        ASSIGN_OR_RETURN(config.name, String(value, name));
      } else if (name == "default_schema") {
        ASSIGN_OR_RETURN(config.default_schema, String(value, name));
      } else if (name == "database") {
        ASSIGN_OR_RETURN(config.database, String(value, name));
      } else if (name == "defaults") {
        ASSIGN_OR_RETURN(const toml::table* table, Table(value, name));
        for (auto&& [setting, setting_value] : *table) {
          if (!IsModelSetting(std::string(setting.str()))) {
            return UnknownKey(setting, "[defaults]", ModelSettingNames());
          }
          RETURN_IF_ERROR(Setting(config.defaults, setting, setting_value));
        }
      } else if (name == "models") {
        ASSIGN_OR_RETURN(const toml::table* table, Table(value, name));
        RETURN_IF_ERROR(Models("models", *table, config.models));
      } else if (name == "snapshots") {
        ASSIGN_OR_RETURN(const toml::table* table, Table(value, name));
        RETURN_IF_ERROR(Models("snapshots", *table, config.snapshots));
      } else if (name == "seeds") {
        ASSIGN_OR_RETURN(const toml::table* table, Table(value, name));
        for (auto&& [seed_key, seed_value] : *table) {
          ASSIGN_OR_RETURN(const toml::table* seed,
                           Table(seed_value, "seeds." + std::string(seed_key.str())));
          ASSIGN_OR_RETURN(NodeConfig seed_config, Seed(std::string(seed_key.str()), *seed));
          config.seeds.push_back(std::move(seed_config));
        }
      } else if (name == "sources") {
        ASSIGN_OR_RETURN(const toml::table* table, Table(value, name));
        for (auto&& [source_key, source_value] : *table) {
          ASSIGN_OR_RETURN(const toml::table* source,
                           Table(source_value, "sources." + std::string(source_key.str())));
          ASSIGN_OR_RETURN(SourceConfig source_config,
                           Source(std::string(source_key.str()), *source));
          config.sources.push_back(std::move(source_config));
        }
      } else {
        return UnknownKey(key, file_, kKeys);
      }
    }
    return config;
  }

 private:
  std::string file_;
};

}  // namespace

Result<ProjectConfig> ParseProjectConfig(const std::string& text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& error) {
    const toml::source_position& where = error.source().begin;
    return Status(StatusCode::kInvalidInput, file + ":" + std::to_string(where.line) + ":" +
                                                 std::to_string(where.column) + ": " +
                                                 std::string(error.description()));
  }
  return ConfigReader(file).Project(root);
}

}  // namespace martlet::etl
