// TPC-H's eight tables (TPC-H specification, clause 4.2): row counts, keys, value ranges
// and the text of comments as the specification defines them, from a seed of our own.
#pragma once

#include <cstdint>
#include <vector>

#include "cli/generate/table_writer.hpp"

namespace martlet::generate {

struct TpchScale {
  uint64_t parts;      // 200,000 × SF; partsupp has 4 rows per part
  uint64_t suppliers;  // 10,000 × SF
  uint64_t customers;  // 150,000 × SF
  uint64_t orders;     // 1,500,000 × SF; lineitem has 1..7 lines per order
  uint64_t clerks;     // 1,000 × SF

  static TpchScale For(double scale_factor);
};

// The order keys are sparse as in the specification: of each 32 keys the first 8 are used.
int64_t TpchOrderKey(uint64_t order_index);

// The supplier of the `i`-th (0..3) partsupp row of a part (clause 4.2.3), which lineitem
// also uses, so every (l_partkey, l_suppkey) exists in partsupp.
int64_t TpchPartSupplier(int64_t partkey, int i, uint64_t suppliers);

// The tables in load order: region, nation, part, supplier, partsupp, customer, orders,
// lineitem. Same seed, same rows.
std::vector<TableJob> TpchTables(double scale_factor, uint64_t seed);

}  // namespace martlet::generate
