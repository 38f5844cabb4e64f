// LoadProject: reads martlet.toml and the project's files into a Project.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/string_distance.hpp"
#include "etl/dag.hpp"
#include "etl/data_test_sql.hpp"
#include "etl/model_settings.hpp"
#include "etl/project.hpp"
#include "etl/project_config.hpp"
#include "etl/seed_file.hpp"
#include "etl/sql_text.hpp"
#include "etl/text_location.hpp"
#include "sql/lexer.hpp"
#include "sql/parser.hpp"
#include "sql/relation_references.hpp"

namespace martlet::etl {

namespace fs = std::filesystem;

const char* MaterializationName(Materialization materialization) {
  switch (materialization) {
    case Materialization::kTable:
      return "table";
    case Materialization::kView:
      return "view";
    case Materialization::kIncremental:
      return "incremental";
    case Materialization::kEphemeral:
      return "ephemeral";
    case Materialization::kMaterializedView:
      return "materialized_view";
  }
  return "table";
}

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kModel:
      return "model";
    case NodeKind::kSeed:
      return "seed";
    case NodeKind::kSource:
      return "source";
    case NodeKind::kSnapshot:
      return "snapshot";
  }
  return "model";
}

void ModelSettings::Override(const ModelSettings& over) {
  if (over.materialized) materialized = over.materialized;
  if (over.schema) schema = over.schema;
  if (over.unique_key) unique_key = over.unique_key;
  if (over.incremental_filter) incremental_filter = over.incremental_filter;
  if (over.distkey) distkey = over.distkey;
  if (over.diststyle) diststyle = over.diststyle;
  if (over.sortkey) sortkey = over.sortkey;
  if (over.tags) tags = over.tags;
  if (over.pre_sql) pre_sql = over.pre_sql;
  if (over.post_sql) post_sql = over.post_sql;
  if (over.strategy) strategy = over.strategy;
  if (over.updated_at) updated_at = over.updated_at;
  if (over.check_cols) check_cols = over.check_cols;
  if (over.surrogate_key) surrogate_key = over.surrogate_key;
  if (over.invalidate_hard_deletes) invalidate_hard_deletes = over.invalidate_hard_deletes;
}

int Project::FindNode(const std::string& relation) const {
  for (size_t i = 0; i < nodes.size(); i++) {
    if (nodes[i].relation == relation) return static_cast<int>(i);
  }
  return -1;
}

namespace {

Result<std::string> ReadFile(const fs::path& path, const std::string& shown) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kIOError, "cannot read " + shown);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Files under `directory` ending in `extension`, as paths relative to `root`, sorted.
std::vector<std::string> ListFiles(const fs::path& root, const std::string& directory,
                                   const std::string& extension) {
  std::vector<std::string> files;
  std::error_code error;
  fs::path base = root / directory;
  if (!fs::is_directory(base, error)) return files;
  for (auto it = fs::recursive_directory_iterator(base, error);
       it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    if (it->is_regular_file() && it->path().extension() == extension) {
      files.push_back(fs::relative(it->path(), root).generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// models/a.sql → (default, a); models/mart/b.sql and models/mart/x/b.sql → (mart, b).
Status NameFromPath(const std::string& file, const std::string& top,
                    const std::string& default_schema, std::string& schema, std::string& name) {
  fs::path path(file);
  name = path.stem().string();
  fs::path relative = fs::path(file).lexically_relative(top);
  auto first = relative.begin();
  schema = std::next(first) == relative.end() ? default_schema : first->string();
  std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  std::transform(schema.begin(), schema.end(), schema.begin(), ::tolower);
  for (const std::string* part : {&schema, &name}) {
    if (!IsPlainIdentifier(*part)) {
      return Status(StatusCode::kInvalidInput,
                    file + ": \"" + *part +
                        "\" cannot name a relation; use letters, digits and _ "
                        "(not starting with a digit)");
    }
  }
  return Status::Ok();
}

class ProjectLoader {
 public:
  explicit ProjectLoader(Project& project) : project_(project) {}

  Status Load() {
    fs::path root(project_.directory);
    std::string toml_path = (root / "martlet.toml").string();
    if (!fs::exists(toml_path)) {
      return Status(
          StatusCode::kInvalidInput,
          "no martlet.toml in " + project_.directory +
              "; run 'martlet pipeline init DIR' to create a project, or pass --project DIR");
    }
    ASSIGN_OR_RETURN(std::string toml_text, ReadFile(toml_path, "martlet.toml"));
    ASSIGN_OR_RETURN(config_, ParseProjectConfig(toml_text, "martlet.toml"));
    project_.name = config_.name.empty() ? root.filename().string() : config_.name;
    project_.default_schema = config_.default_schema;
    if (!config_.database.empty()) {
      fs::path database(config_.database);
      project_.database =
          (database.is_absolute() ? database : root / database).lexically_normal().string();
    }
    RETURN_IF_ERROR(LoadModels(NodeKind::kModel));
    RETURN_IF_ERROR(LoadModels(NodeKind::kSnapshot));
    RETURN_IF_ERROR(LoadSeeds());
    RETURN_IF_ERROR(LoadSources());
    RETURN_IF_ERROR(CheckUniqueRelations());
    for (size_t i = 0; i < project_.nodes.size(); i++) {
      if (project_.nodes[i].kind == NodeKind::kModel ||
          project_.nodes[i].kind == NodeKind::kSnapshot)
        RETURN_IF_ERROR(ResolveReferences(project_.nodes[i]));
    }
    RETURN_IF_ERROR(CheckAcyclic(project_));
    RETURN_IF_ERROR(LoadGenericTests());
    return LoadSingularTests();
  }

 private:
  // The config entry for a node keyed by "schema.name" or "name"; nullptr when none.
  Result<const NodeConfig*> MatchConfig(const std::vector<NodeConfig>& configs, const Node& node) {
    for (const NodeConfig& config : configs) {
      if (config.key == node.relation || config.key == node.name) return &config;
    }
    return static_cast<const NodeConfig*>(nullptr);
  }

  // Models (models/) or snapshots (snapshots/): one SELECT per file, with settings.
  Status LoadModels(NodeKind kind) {
    fs::path root(project_.directory);
    bool snapshot = kind == NodeKind::kSnapshot;
    std::string folder = snapshot ? "snapshots" : "models";
    const std::vector<NodeConfig>& configs = snapshot ? config_.snapshots : config_.models;
    for (const std::string& file : ListFiles(root, folder, ".sql")) {
      Node node;
      node.kind = kind;
      node.file = file;
      RETURN_IF_ERROR(NameFromPath(file, folder, project_.default_schema, node.schema, node.name));
      node.relation = node.schema + "." + node.name;
      ASSIGN_OR_RETURN(node.sql, ReadFile(root / file, file));
      RETURN_IF_ERROR(ParseModelSql(node));
      ModelSettings settings = snapshot ? ModelSettings{} : config_.defaults;
      ASSIGN_OR_RETURN(const NodeConfig* config, MatchConfig(configs, node));
      if (config != nullptr) settings.Override(config->settings);
      ASSIGN_OR_RETURN(ModelSettings header, ParseModelHeader(node.sql, file));
      settings.Override(header);
      RETURN_IF_ERROR(ApplySettings(node, settings));
      project_.nodes.push_back(std::move(node));
    }
    // Every [models.x] must name a model, every [snapshots.x] a snapshot.
    for (const NodeConfig& config : configs) {
      bool found = false;
      std::vector<std::string> names;
      for (const Node& node : project_.nodes) {
        if (node.kind != kind) continue;
        std::string file_relation = FileRelation(node);
        found = found || config.key == file_relation || config.key == node.name;
        names.push_back(node.name);
      }
      if (!found) {
        std::string message = "martlet.toml: [" + folder + "." + config.key + "] at " +
                              config.location + " names no file under " + folder + "/";
        std::string suggestion = ClosestName(config.key, names);
        if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
        return Status(StatusCode::kInvalidInput, message);
      }
    }
    return Status::Ok();
  }

  // The relation a model's path gives it, before a schema setting moves it.
  std::string FileRelation(const Node& node) const {
    std::string schema;
    std::string name;
    const char* folder = node.kind == NodeKind::kSeed       ? "seeds"
                         : node.kind == NodeKind::kSnapshot ? "snapshots"
                                                            : "models";
    (void)NameFromPath(node.file, folder, project_.default_schema, schema, name);
    return schema + "." + name;
  }

  Status ParseModelSql(Node& node) {
    auto parsed = sql::ParseSql(node.sql);
    if (!parsed.ok()) {
      return Status(StatusCode::kSyntaxError,
                    "model " + node.relation + ": " +
                        FileLocation(node.file, node.sql, parsed.status().position()) + ": " +
                        parsed.status().message(),
                    parsed.status().position());
    }
    const auto& statements = parsed.value();
    if (statements.size() != 1 || statements[0]->kind != sql::StatementKind::kSelect) {
      int position = statements.empty() ? 0 : statements[statements.size() > 1 ? 1 : 0]->position;
      return Status(StatusCode::kInvalidInput, "model " + node.relation + ": " +
                                                   FileLocation(node.file, node.sql, position) +
                                                   ": a model is exactly one SELECT statement");
    }
    node.sql_end = statements[0]->end;
    return Status::Ok();
  }

  Status ApplySettings(Node& node, const ModelSettings& settings) {
    node.settings = settings;
    node.materialization = settings.materialized.value_or(Materialization::kTable);
    if (settings.schema) {
      if (!IsPlainIdentifier(*settings.schema)) {
        return Status(StatusCode::kInvalidInput, node.file + ": schema \"" + *settings.schema +
                                                     "\" is not a plain identifier");
      }
      node.schema = *settings.schema;
      node.relation = node.schema + "." + node.name;
    }
    if (settings.tags) node.tags = *settings.tags;
    if (node.kind == NodeKind::kSnapshot) return CheckSnapshotSettings(node, settings);
    if (settings.strategy || settings.updated_at || settings.check_cols || settings.surrogate_key ||
        settings.invalidate_hard_deletes) {
      return Status(StatusCode::kInvalidInput,
                    node.file +
                        ": strategy, updated_at, check_cols, surrogate_key and "
                        "invalidate_hard_deletes apply to snapshots only (files under snapshots/)");
    }
    if (node.materialization != Materialization::kIncremental &&
        (settings.unique_key || settings.incremental_filter)) {
      return Status(StatusCode::kInvalidInput,
                    node.file +
                        ": unique_key and incremental_filter apply to incremental models only "
                        "(materialized: incremental)");
    }
    return Status::Ok();
  }

  Status CheckSnapshotSettings(const Node& node, const ModelSettings& settings) {
    auto error = [&](const std::string& what) {
      return Status(StatusCode::kInvalidInput, node.file + ": a snapshot " + what);
    };
    if (settings.materialized || settings.incremental_filter) {
      return error(
          "is always a table of versions; materialized and incremental_filter do not apply");
    }
    if (!settings.unique_key || settings.unique_key->empty()) {
      return error("needs unique_key: the columns that identify a row");
    }
    if (!settings.strategy)
      return error("needs strategy: timestamp (with updated_at) or check (with check_cols)");
    if (*settings.strategy == "timestamp" && !settings.updated_at) {
      return error(
          "with strategy timestamp needs updated_at: the column that says when a row changed");
    }
    if (*settings.strategy == "check" && (!settings.check_cols || settings.check_cols->empty())) {
      return error(
          "with strategy check needs check_cols: the columns whose change makes a new version");
    }
    return Status::Ok();
  }

  Status LoadSeeds() {
    fs::path root(project_.directory);
    for (const std::string& file : ListFiles(root, "seeds", ".csv")) {
      Node node;
      node.kind = NodeKind::kSeed;
      node.file = file;
      RETURN_IF_ERROR(NameFromPath(file, "seeds", project_.default_schema, node.schema, node.name));
      node.relation = node.schema + "." + node.name;
      ASSIGN_OR_RETURN(std::string text, ReadFile(root / file, file));
      ASSIGN_OR_RETURN(node.seed_columns, InferSeedColumns(text, file));
      ASSIGN_OR_RETURN(const NodeConfig* config, MatchConfig(config_.seeds, node));
      if (config != nullptr) {
        if (config->settings.schema) {
          node.schema = *config->settings.schema;
          node.relation = node.schema + "." + node.name;
        }
        for (const SeedColumn& declared : config->column_types) {
          auto column = std::find_if(node.seed_columns.begin(), node.seed_columns.end(),
                                     [&](const SeedColumn& c) { return c.name == declared.name; });
          if (column == node.seed_columns.end()) {
            return Status(StatusCode::kInvalidInput, "martlet.toml: [seeds." + config->key +
                                                         "] declares a type for column \"" +
                                                         declared.name + "\", which " + file +
                                                         " does not have");
          }
          column->type = declared.type;
        }
      }
      project_.nodes.push_back(std::move(node));
    }
    for (const NodeConfig& config : config_.seeds) {
      bool found = false;
      for (const Node& node : project_.nodes) {
        found = found || (node.kind == NodeKind::kSeed &&
                          (config.key == node.name || config.key == node.relation));
      }
      if (!found) {
        return Status(StatusCode::kInvalidInput, "martlet.toml: [seeds." + config.key + "] at " +
                                                     config.location +
                                                     " names no file under seeds/");
      }
    }
    return Status::Ok();
  }

  Status LoadSources() {
    for (const SourceConfig& config : config_.sources) {
      Node node;
      node.kind = NodeKind::kSource;
      node.file = "martlet.toml";
      node.source_name = config.name;
      node.source_kind = config.kind;
      node.source = config.files;
      node.postgres = config.postgres;
      std::string table = config.table;
      size_t dot = table.find('.');
      node.schema = dot == std::string::npos ? project_.default_schema : table.substr(0, dot);
      node.name = dot == std::string::npos ? table : table.substr(dot + 1);
      if (!IsPlainIdentifier(node.schema) || !IsPlainIdentifier(node.name)) {
        return Status(StatusCode::kInvalidInput, config.location + ": [sources." + config.name +
                                                     "] table \"" + table +
                                                     "\" is not schema.name");
      }
      node.relation = node.schema + "." + node.name;
      project_.nodes.push_back(std::move(node));
    }
    return Status::Ok();
  }

  Status CheckUniqueRelations() {
    std::map<std::string, const Node*> seen;
    for (const Node& node : project_.nodes) {
      auto [it, inserted] = seen.emplace(node.relation, &node);
      if (!inserted) {
        return Status(StatusCode::kInvalidInput, "both " + it->second->file + " and " + node.file +
                                                     " populate " + node.relation);
      }
    }
    return Status::Ok();
  }

  Status ResolveReferences(Node& node) {
    auto parsed = sql::ParseSql(std::string_view(node.sql).substr(0, node.sql_end));
    if (!parsed.ok()) return parsed.status();
    auto tokens = sql::Tokenize(node.sql);
    if (!tokens.ok()) return tokens.status();
    for (const sql::RelationReference& reference : sql::ReadRelations(*parsed.value()[0])) {
      ModelReference resolved;
      resolved.position = reference.position;
      resolved.length = NameLength(tokens.value(), reference.position);
      const auto& names = reference.names;
      if (names.size() == 1) {
        std::string in_default = project_.default_schema + "." + names[0];
        resolved.relation = project_.FindNode(in_default) >= 0 ? in_default : "public." + names[0];
      } else {
        resolved.relation = names[names.size() - 2] + "." + names.back();
      }
      resolved.node = project_.FindNode(resolved.relation);
      if (resolved.relation == node.relation) {
        return Status(
            StatusCode::kInvalidInput,
            "model " + node.relation + ": " +
                FileLocation(node.file, node.sql, reference.position) +
                ": a model cannot read its own relation; an incremental model names it in "
                "incremental_filter instead");
      }
      if (resolved.node >= 0 && std::find(node.upstream.begin(), node.upstream.end(),
                                          resolved.node) == node.upstream.end()) {
        node.upstream.push_back(resolved.node);
      }
      node.references.push_back(resolved);
    }
    return Status::Ok();
  }

  // Bytes from `position` to the end of the name there: word ('.' word)*.
  static int NameLength(const std::vector<sql::Token>& tokens, int position) {
    size_t i = 0;
    while (i < tokens.size() && tokens[i].position < position) i++;
    if (i >= tokens.size()) return 0;
    int end = tokens[i].end;
    while (i + 2 < tokens.size() && tokens[i + 1].kind == sql::TokenKind::kOperator &&
           tokens[i + 1].text == "." && tokens[i + 1].position == end) {
      end = tokens[i + 2].end;
      i += 2;
    }
    return end - position;
  }

  Status LoadGenericTests() {
    auto add = [&](const std::vector<TestSpec>& specs, int node_index) -> Status {
      const Node& node = project_.nodes[node_index];
      for (const TestSpec& spec : specs) {
        DataTest test;
        test.name = GenericTestName(spec);
        test.kind = spec.test;
        test.node = node_index;
        test.file = spec.location;
        test.severity = spec.severity;
        test.reads.push_back(node_index);
        std::string to;
        if (spec.test == "relationships") {
          std::string target = spec.to.find('.') == std::string::npos
                                   ? project_.default_schema + "." + spec.to
                                   : spec.to;
          int target_node = project_.FindNode(target);
          if (target_node >= 0) test.reads.push_back(target_node);
          size_t dot = target.find('.');
          to = QuoteRelation(target.substr(0, dot), target.substr(dot + 1));
        }
        test.sql = GenericTestSql(spec, QuoteRelation(node.schema, node.name), to);
        project_.tests.push_back(std::move(test));
      }
      return Status::Ok();
    };
    for (const NodeConfig& config : config_.models) {
      for (size_t i = 0; i < project_.nodes.size(); i++) {
        const Node& node = project_.nodes[i];
        if (node.kind == NodeKind::kModel &&
            (config.key == FileRelation(node) || config.key == node.name)) {
          RETURN_IF_ERROR(add(config.tests, static_cast<int>(i)));
        }
      }
    }
    for (const NodeConfig& config : config_.snapshots) {
      for (size_t i = 0; i < project_.nodes.size(); i++) {
        const Node& node = project_.nodes[i];
        if (node.kind == NodeKind::kSnapshot &&
            (config.key == FileRelation(node) || config.key == node.name)) {
          RETURN_IF_ERROR(add(config.tests, static_cast<int>(i)));
        }
      }
    }
    for (const NodeConfig& config : config_.seeds) {
      for (size_t i = 0; i < project_.nodes.size(); i++) {
        const Node& node = project_.nodes[i];
        if (node.kind == NodeKind::kSeed &&
            (config.key == node.name || config.key == node.relation)) {
          RETURN_IF_ERROR(add(config.tests, static_cast<int>(i)));
        }
      }
    }
    for (const SourceConfig& config : config_.sources) {
      for (size_t i = 0; i < project_.nodes.size(); i++) {
        if (project_.nodes[i].kind == NodeKind::kSource &&
            project_.nodes[i].source_name == config.name) {
          RETURN_IF_ERROR(add(config.tests, static_cast<int>(i)));
        }
      }
    }
    return Status::Ok();
  }

  Status LoadSingularTests() {
    fs::path root(project_.directory);
    for (const std::string& file : ListFiles(root, "tests", ".sql")) {
      ASSIGN_OR_RETURN(std::string text, ReadFile(root / file, file));
      auto parsed = sql::ParseSql(text);
      if (!parsed.ok()) {
        return Status(StatusCode::kSyntaxError,
                      "test " + file + ": " + FileLocation(file, text, parsed.status().position()) +
                          ": " + parsed.status().message());
      }
      const auto& statements = parsed.value();
      if (statements.size() != 1 || statements[0]->kind != sql::StatementKind::kSelect) {
        return Status(StatusCode::kInvalidInput,
                      file + ": a test is exactly one SELECT statement returning the failing rows");
      }
      DataTest test;
      test.name = fs::path(file).stem().string();
      test.kind = "singular";
      test.file = file;
      test.sql = text.substr(0, statements[0]->end);
      for (const sql::RelationReference& reference : sql::ReadRelations(*statements[0])) {
        const auto& names = reference.names;
        std::string relation = names.size() == 1 ? project_.default_schema + "." + names[0]
                                                 : names[names.size() - 2] + "." + names.back();
        int found = project_.FindNode(relation);
        if (found < 0 && names.size() == 1) found = project_.FindNode("public." + names[0]);
        if (found >= 0) test.reads.push_back(found);
      }
      test.node = test.reads.empty() ? -1 : test.reads[0];
      project_.tests.push_back(std::move(test));
    }
    return Status::Ok();
  }

  Project& project_;
  ProjectConfig config_;
};

}  // namespace

Result<Project> LoadProject(const std::string& directory) {
  Project project;
  std::error_code error;
  fs::path absolute = fs::absolute(directory, error);
  if (error || !fs::is_directory(absolute)) {
    return Status(StatusCode::kInvalidInput, "project folder " + directory + " does not exist");
  }
  project.directory = absolute.lexically_normal().string();
  if (project.directory.size() > 1 && project.directory.back() == '/') project.directory.pop_back();
  ProjectLoader loader(project);
  RETURN_IF_ERROR(loader.Load());
  return project;
}

}  // namespace martlet::etl
