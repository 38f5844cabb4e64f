// COPY ... MANIFEST: a JSON file naming the files to load, as Redshift writes it:
//   {"entries": [{"url": "s3://bucket/a.csv", "mandatory": true}, {"url": "data/b.csv"}]}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "martlet/status.hpp"

namespace martlet {

struct ManifestEntry {
  std::string url;
  bool mandatory = false;  // Redshift's default: a missing file is skipped
};

// The entries of a manifest, in order. Fails, saying what is wrong, when the text is not a
// manifest.
Result<std::vector<ManifestEntry>> ParseLoadManifest(std::string_view text);

}  // namespace martlet
