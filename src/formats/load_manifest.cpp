#include "formats/load_manifest.hpp"

#include <simdjson.h>

namespace martlet {

namespace {

Status ManifestError(const std::string& why) {
  return Status(StatusCode::kInvalidInput,
                "invalid manifest: " + why +
                    " (expected {\"entries\": [{\"url\": \"...\", \"mandatory\": true}]})");
}

}  // namespace

Result<std::vector<ManifestEntry>> ParseLoadManifest(std::string_view text) {
  simdjson::padded_string padded(text);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (auto error = parser.iterate(padded).get(doc))
    return ManifestError(simdjson::error_message(error));
  simdjson::ondemand::array entries;
  if (auto error = doc["entries"].get_array().get(entries))
    return ManifestError(simdjson::error_message(error));
  std::vector<ManifestEntry> result;
  for (auto item : entries) {
    simdjson::ondemand::object entry;
    if (item.get_object().get(entry) != simdjson::SUCCESS)
      return ManifestError("each entry must be an object");
    ManifestEntry parsed;
    bool has_url = false;
    for (auto field : entry) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key))
        return ManifestError(simdjson::error_message(error));
      if (key == "url") {
        std::string_view url;
        if (field.value().get_string().get(url) != simdjson::SUCCESS)
          return ManifestError("\"url\" must be a string");
        parsed.url = std::string(url);
        has_url = true;
      } else if (key == "mandatory") {
        bool mandatory = false;
        if (field.value().get_bool().get(mandatory) != simdjson::SUCCESS) {
          return ManifestError("\"mandatory\" must be true or false");
        }
        parsed.mandatory = mandatory;
      }
      // Other keys ("meta": {"content_length": ...}) are Redshift's and not needed here.
    }
    if (!has_url) return ManifestError("an entry has no \"url\"");
    result.push_back(std::move(parsed));
  }
  return result;
}

}  // namespace martlet
