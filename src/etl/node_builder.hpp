// Builds one node of a pipeline: a model in its materialization, a snapshot, a seed, or a
// file source.
//
// Transactions that change the catalog conflict with each other (storage/transaction.cpp),
// so the builders take `catalog_mutex` around every one of theirs and keep them short; the
// long parts (filling a table from the model's SELECT, COPY) change rows only and run in
// parallel. Each node's new version replaces the old one in one transaction: a node that
// fails leaves what was there before.
#pragma once

#include <mutex>

#include "etl/project.hpp"
#include "etl/run_result.hpp"
#include "martlet/martlet.hpp"

namespace martlet::etl {

struct BuildContext {
  const Project* project = nullptr;
  bool full_refresh = false;
  int64_t run_id = 0;
  std::mutex* catalog_mutex = nullptr;    // held by every catalog-changing transaction
  std::mutex* bookmarks_mutex = nullptr;  // held while a source writes martlet_bookmarks
};

// Builds `node` on `connection`; never throws, every failure is in the result.
NodeResult BuildNode(const BuildContext& context, Connection& connection, int node);

// The name of the table a node is built into before it replaces the old one.
std::string StagingName(const Node& node);

}  // namespace martlet::etl
