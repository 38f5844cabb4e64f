// The Star Schema Benchmark's five tables (O'Neil et al., "Star Schema Benchmark", rev. 3),
// named as in Redshift's SSB tutorial: lineorder, customer, supplier, part, dwdate.
#pragma once

#include <cstdint>
#include <vector>

#include "cli/generate/table_writer.hpp"

namespace martlet::generate {

struct SsbScale {
  uint64_t customers;
  uint64_t suppliers;
  uint64_t parts;
  uint64_t orders;  // lineorder holds 1..7 lines per order, about 4 on average

  // customer 30,000 × SF, supplier 2,000 × SF, part 200,000 × floor(1 + log2 SF) (× SF below
  // SF 1, where the logarithm would go negative), orders 1,500,000 × SF.
  static SsbScale For(double scale_factor);
};

// The SSB date dimension covers the seven years 1992-1998, one row per day.
inline constexpr int kSsbFirstYear = 1992;
inline constexpr int kSsbLastYear = 1998;

// The tables in load order, dimensions first. Same seed, same rows.
std::vector<TableJob> SsbTables(double scale_factor, uint64_t seed);

}  // namespace martlet::generate
