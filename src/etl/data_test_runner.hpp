// Runs one data test: its SELECT returns the failing rows; none means it passes.
#pragma once

#include "etl/project.hpp"
#include "etl/run_result.hpp"
#include "martlet/martlet.hpp"

namespace martlet::etl {

// kPass, or kFail (kWarn for severity = "warn") with the count and up to 5 failing rows, or
// kError when the test's SQL itself fails.
TestResult RunDataTest(const Project& project, Connection& connection, int test);

}  // namespace martlet::etl
