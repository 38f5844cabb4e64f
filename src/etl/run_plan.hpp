// `martlet pipeline plan`: what a run would do to each node, and why, without doing it.
#pragma once

#include <string>
#include <vector>

#include "etl/project.hpp"
#include "martlet/martlet.hpp"

namespace martlet::etl {

struct PlannedNode {
  int node = -1;
  std::string action;  // "create table", "append new rows", "load 2 new files", "inline", ...
  std::string reason;  // "does not exist yet", "exists; rebuilt on every run", ...
};

// The nodes a run with the same selection would touch, in the order it would build them.
Result<std::vector<PlannedNode>> PlanRun(const Project& project, Connection& connection,
                                         const std::vector<std::string>& select, bool full_refresh);

}  // namespace martlet::etl
