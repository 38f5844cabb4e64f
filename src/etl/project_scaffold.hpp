// `martlet pipeline init DIR`: a small working project to start from.
#pragma once

#include <string>

#include "martlet/status.hpp"

namespace martlet::etl {

// Writes martlet.toml, a seed, a file source with one CSV drop, two models and a singular
// test into `directory`, which must not exist or be empty. `martlet pipeline run` succeeds
// on the result as it is.
Status WriteScaffold(const std::string& directory);

}  // namespace martlet::etl
