#include "io/aws_config.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace martlet {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

std::optional<std::string> NonEmpty(const EnvironmentLookup& environment, const std::string& name) {
  std::optional<std::string> value = environment(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The two shared files of one profile. ~/.aws/credentials names sections by the profile;
// ~/.aws/config by "profile NAME", except for "default".
struct SharedProfile {
  std::string name;
  std::string credentials_path;
  std::string credentials_text;
  std::string config_path;
  std::string config_text;

  std::optional<std::string> Credential(std::string_view key) const {
    std::optional<std::string> value = IniValue(credentials_text, name, key);
    if (!value) value = IniValue(config_text, ConfigSection(), key);
    return value;
  }
  std::optional<std::string> Config(std::string_view key) const {
    std::optional<std::string> value = IniValue(config_text, ConfigSection(), key);
    if (!value) value = IniValue(credentials_text, name, key);
    return value;
  }
  std::string ConfigSection() const { return name == "default" ? name : "profile " + name; }
};

SharedProfile LoadSharedProfile(const std::string& name, const EnvironmentLookup& environment) {
  SharedProfile profile;
  profile.name = !name.empty() ? name : NonEmpty(environment, "AWS_PROFILE").value_or("default");
  std::string home = NonEmpty(environment, "HOME").value_or("");
  profile.credentials_path =
      NonEmpty(environment, "AWS_SHARED_CREDENTIALS_FILE").value_or(home + "/.aws/credentials");
  profile.config_path = NonEmpty(environment, "AWS_CONFIG_FILE").value_or(home + "/.aws/config");
  profile.credentials_text = ReadTextFile(profile.credentials_path);
  profile.config_text = ReadTextFile(profile.config_path);
  return profile;
}

Result<AwsCredentials> ResolveCredentials(const StorageOptions& options,
                                          const EnvironmentLookup& environment,
                                          const SharedProfile& profile, std::string& source) {
  if (!options.access_key_id.empty() || !options.secret_access_key.empty()) {
    if (options.access_key_id.empty() || options.secret_access_key.empty()) {
      return Status(StatusCode::kInvalidInput,
                    "S3 credentials need both an access key id and a secret access key");
    }
    source = "the statement's options";
    return AwsCredentials{options.access_key_id, options.secret_access_key, options.session_token};
  }
  std::optional<std::string> key = NonEmpty(environment, "AWS_ACCESS_KEY_ID");
  std::optional<std::string> secret = NonEmpty(environment, "AWS_SECRET_ACCESS_KEY");
  // A profile named on purpose wins over whatever the environment happens to hold.
  if (key && secret && options.profile.empty()) {
    source = "the environment";
    return AwsCredentials{*key, *secret, NonEmpty(environment, "AWS_SESSION_TOKEN").value_or("")};
  }
  key = profile.Credential("aws_access_key_id");
  secret = profile.Credential("aws_secret_access_key");
  if (key && secret) {
    source = "profile \"" + profile.name + "\" of " + profile.credentials_path;
    return AwsCredentials{*key, *secret, profile.Credential("aws_session_token").value_or("")};
  }
  if (key) {
    return Status(StatusCode::kInvalidInput,
                  "profile \"" + profile.name + "\" in " + profile.credentials_path +
                      " has aws_access_key_id but no aws_secret_access_key");
  }
  if (!options.profile.empty()) {
    return Status(StatusCode::kInvalidInput, "no S3 credentials in profile \"" + profile.name +
                                                 "\": add it to " + profile.credentials_path);
  }
  return Status(StatusCode::kInvalidInput,
                "no S3 credentials: give ACCESS_KEY_ID and SECRET_ACCESS_KEY (or CREDENTIALS), set "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add profile \"" +
                    profile.name + "\" to " + profile.credentials_path);
}

std::string FirstNonEmpty(std::initializer_list<std::optional<std::string>> candidates) {
  for (const auto& candidate : candidates) {
    if (candidate && !candidate->empty()) return *candidate;
  }
  return "";
}

}  // namespace

EnvironmentLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::optional<std::string> IniValue(std::string_view text, std::string_view section,
                                    std::string_view key) {
  bool in_section = false;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      in_section = Trim(line.substr(1, line.size() - 2)) == section;
      continue;
    }
    size_t equals = line.find('=');
    if (!in_section || equals == std::string_view::npos) continue;
    if (Trim(line.substr(0, equals)) == key) return std::string(Trim(line.substr(equals + 1)));
  }
  return std::nullopt;
}

Result<AwsSettings> ResolveAwsSettings(const StorageOptions& options,
                                       const EnvironmentLookup& environment) {
  SharedProfile profile = LoadSharedProfile(options.profile, environment);
  AwsSettings settings;
  ASSIGN_OR_RETURN(settings.credentials,
                   ResolveCredentials(options, environment, profile, settings.credentials_source));
  settings.region = FirstNonEmpty({options.region, NonEmpty(environment, "AWS_REGION"),
                                   NonEmpty(environment, "AWS_DEFAULT_REGION"),
                                   profile.Config("region"), std::string("us-east-1")});
  settings.endpoint =
      FirstNonEmpty({options.endpoint, NonEmpty(environment, "AWS_ENDPOINT_URL_S3"),
                     NonEmpty(environment, "AWS_ENDPOINT_URL"), profile.Config("endpoint_url")});
  while (!settings.endpoint.empty() && settings.endpoint.back() == '/')
    settings.endpoint.pop_back();
  return settings;
}

}  // namespace martlet
