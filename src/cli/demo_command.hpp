// `martlet demo`: builds the retail star schema (Fact_Sales with Dim_Date, Dim_Product and
// Dim_Store) with deterministic pseudo-random sales, then runs a few analytic queries.
#pragma once

#include <cstdint>
#include <string>

namespace martlet::cli {

inline constexpr int64_t kDefaultDemoRows = 1'000'000;

struct DemoOptions {
  std::string database;  // --db; empty: $MARTLET_DB, then ./martlet-data
  int64_t rows = kDefaultDemoRows;
};

// Returns the process exit code.
int RunDemoCommand(const DemoOptions& options);

}  // namespace martlet::cli
