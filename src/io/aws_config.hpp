// Where S3 credentials, the region and the endpoint come from, in this order for each:
//   1. the statement's own options (StorageOptions: COPY's ACCESS_KEY_ID, REGION, ...),
//   2. the environment: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN),
//      AWS_REGION or AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL,
//   3. the profile StorageOptions::profile, else AWS_PROFILE, else "default", in
//      ~/.aws/credentials and ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE
//      name other files). A profile named in StorageOptions skips the environment's keys.
// The region falls back to us-east-1; no endpoint means AWS itself.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "io/file_system.hpp"
#include "io/sigv4_signer.hpp"

namespace martlet {

// Looks up an environment variable; the process environment in production, a map in tests.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvironmentLookup ProcessEnvironment();

struct AwsSettings {
  AwsCredentials credentials;
  std::string region;
  std::string endpoint;  // empty: AWS (virtual-hosted addressing); else path-style to this URL
  std::string credentials_source;  // where the credentials came from, for messages
};

// Fails (kInvalidInput) when no credentials are found anywhere, naming where it looked, or
// when a credentials file names a key id without a secret.
Result<AwsSettings> ResolveAwsSettings(const StorageOptions& options,
                                       const EnvironmentLookup& environment);

// The value of `key` in section `section` of an INI file's text, if present.
std::optional<std::string> IniValue(std::string_view text, std::string_view section,
                                    std::string_view key);

}  // namespace martlet
