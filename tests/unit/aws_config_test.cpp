// Where S3 credentials, region and endpoint come from: the statement's options, then the
// environment, then the profile in the shared credentials and config files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "io/aws_config.hpp"

namespace martlet {
namespace {

class AwsConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/martlet-aws-config-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    environment_["HOME"] = dir_;  // no ~/.aws there unless a test writes one
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  EnvironmentLookup Lookup() const {
    return [this](const std::string& name) -> std::optional<std::string> {
      auto it = environment_.find(name);
      if (it == environment_.end()) return std::nullopt;
      return it->second;
    };
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << text;
    return path;
  }

  Result<AwsSettings> Resolve(const StorageOptions& options = {}) {
    return ResolveAwsSettings(options, Lookup());
  }

  std::string dir_;
  std::map<std::string, std::string> environment_;
};

TEST_F(AwsConfigTest, OptionsComeFirst) {
  environment_["AWS_ACCESS_KEY_ID"] = "env-key";
  environment_["AWS_SECRET_ACCESS_KEY"] = "env-secret";
  environment_["AWS_REGION"] = "eu-west-1";
  environment_["AWS_ENDPOINT_URL"] = "http://env:1";
  StorageOptions options{
      "opt-key", "opt-secret", "opt-token", "ap-south-1", "http://127.0.0.1:9000/", ""};
  auto settings = Resolve(options);
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  EXPECT_EQ(settings->credentials.access_key_id, "opt-key");
  EXPECT_EQ(settings->credentials.secret_access_key, "opt-secret");
  EXPECT_EQ(settings->credentials.session_token, "opt-token");
  EXPECT_EQ(settings->region, "ap-south-1");
  EXPECT_EQ(settings->endpoint, "http://127.0.0.1:9000");  // the trailing slash goes
  EXPECT_EQ(settings->credentials_source, "the statement's options");
}

TEST_F(AwsConfigTest, ThenTheEnvironment) {
  environment_["AWS_ACCESS_KEY_ID"] = "env-key";
  environment_["AWS_SECRET_ACCESS_KEY"] = "env-secret";
  environment_["AWS_SESSION_TOKEN"] = "env-token";
  environment_["AWS_DEFAULT_REGION"] = "eu-central-1";
  environment_["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000";
  WriteFile(".aws/credentials",
            "[default]\naws_access_key_id = file-key\naws_secret_access_key = file-secret\n");
  auto settings = Resolve();
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  EXPECT_EQ(settings->credentials.access_key_id, "env-key");
  EXPECT_EQ(settings->credentials.session_token, "env-token");
  EXPECT_EQ(settings->region, "eu-central-1");
  EXPECT_EQ(settings->endpoint, "http://127.0.0.1:5000");
  environment_["AWS_REGION"] = "us-west-2";  // AWS_REGION wins over AWS_DEFAULT_REGION
  environment_["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:6000";  // the S3-specific one wins
  settings = Resolve();
  EXPECT_EQ(settings->region, "us-west-2");
  EXPECT_EQ(settings->endpoint, "http://127.0.0.1:6000");
}

TEST_F(AwsConfigTest, ThenTheDefaultProfileInHome) {
  WriteFile(
      ".aws/credentials",
      "# comment\n[other]\naws_access_key_id=other-key\naws_secret_access_key=other-secret\n\n"
      "[default]\n  aws_access_key_id = file-key \naws_secret_access_key=file-secret\n"
      "aws_session_token=file-token\n");
  WriteFile(".aws/config", "[default]\nregion = eu-north-1\n[profile other]\nregion = sa-east-1\n");
  auto settings = Resolve();
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  EXPECT_EQ(settings->credentials.access_key_id, "file-key");
  EXPECT_EQ(settings->credentials.secret_access_key, "file-secret");
  EXPECT_EQ(settings->credentials.session_token, "file-token");
  EXPECT_EQ(settings->region, "eu-north-1");
  EXPECT_EQ(settings->endpoint, "");
  EXPECT_EQ(settings->credentials_source, "profile \"default\" of " + dir_ + "/.aws/credentials");
}

TEST_F(AwsConfigTest, AwsProfileAndFileVariablesChooseTheProfileAndFiles) {
  std::string credentials = WriteFile(
      "creds.ini", "[dev]\naws_access_key_id=dev-key\naws_secret_access_key=dev-secret\n");
  std::string config = WriteFile(
      "config.ini", "[profile dev]\nregion=ca-central-1\nendpoint_url=http://127.0.0.1:7000\n");
  environment_["AWS_PROFILE"] = "dev";
  environment_["AWS_SHARED_CREDENTIALS_FILE"] = credentials;
  environment_["AWS_CONFIG_FILE"] = config;
  auto settings = Resolve();
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  EXPECT_EQ(settings->credentials.access_key_id, "dev-key");
  EXPECT_EQ(settings->region, "ca-central-1");
  EXPECT_EQ(settings->endpoint, "http://127.0.0.1:7000");
}

TEST_F(AwsConfigTest, ANamedProfileWinsOverTheEnvironmentAndAwsProfile) {
  WriteFile(".aws/credentials",
            "[default]\naws_access_key_id=default-key\naws_secret_access_key=default-secret\n"
            "[etl]\naws_access_key_id=etl-key\naws_secret_access_key=etl-secret\n");
  WriteFile(".aws/config", "[profile etl]\nregion=eu-west-2\n");
  environment_["AWS_ACCESS_KEY_ID"] = "env-key";
  environment_["AWS_SECRET_ACCESS_KEY"] = "env-secret";
  environment_["AWS_PROFILE"] = "default";
  StorageOptions options;
  options.profile = "etl";
  auto settings = Resolve(options);
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  EXPECT_EQ(settings->credentials.access_key_id, "etl-key");
  EXPECT_EQ(settings->credentials.secret_access_key, "etl-secret");
  EXPECT_EQ(settings->region, "eu-west-2");

  options.profile = "nobody";
  auto missing = Resolve(options);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("profile \"nobody\""), std::string::npos)
      << missing.status().message();
}

TEST_F(AwsConfigTest, CredentialsInTheConfigFileCount) {
  WriteFile(".aws/config",
            "[default]\naws_access_key_id=cfg-key\naws_secret_access_key=cfg-secret\n");
  auto settings = Resolve();
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  EXPECT_EQ(settings->credentials.access_key_id, "cfg-key");
  EXPECT_EQ(settings->region, "us-east-1");  // nothing says otherwise
}

TEST_F(AwsConfigTest, NoCredentialsAnywhereIsAClearError) {
  auto settings = Resolve();
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.status().message(),
            "no S3 credentials: give ACCESS_KEY_ID and SECRET_ACCESS_KEY (or CREDENTIALS), set "
            "AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, or add profile \"default\" to " +
                dir_ + "/.aws/credentials");
}

TEST_F(AwsConfigTest, HalfACredentialIsAnError) {
  StorageOptions options;
  options.access_key_id = "only-key";
  EXPECT_EQ(Resolve(options).status().message(),
            "S3 credentials need both an access key id and a secret access key");
  WriteFile(".aws/credentials", "[default]\naws_access_key_id=k\n");
  EXPECT_EQ(Resolve().status().message(),
            "profile \"default\" in " + dir_ +
                "/.aws/credentials has aws_access_key_id but no aws_secret_access_key");
}

TEST(IniValueTest, FindsKeysInSections) {
  std::string text = "[a]\nx = 1\n; comment\n[b]\nx=2\ny = two words \n";
  EXPECT_EQ(IniValue(text, "a", "x").value_or("-"), "1");
  EXPECT_EQ(IniValue(text, "b", "x").value_or("-"), "2");
  EXPECT_EQ(IniValue(text, "b", "y").value_or("-"), "two words");
  EXPECT_FALSE(IniValue(text, "a", "y").has_value());
  EXPECT_FALSE(IniValue(text, "c", "x").has_value());
}

}  // namespace
}  // namespace martlet
