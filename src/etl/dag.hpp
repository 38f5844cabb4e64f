// The pipeline's DAG: nodes (models, seeds, sources) and the "reads" edges between them.
#pragma once

#include <string>
#include <vector>

#include "etl/project.hpp"
#include "martlet/status.hpp"

namespace martlet::etl {

// An error naming the cycle ("staging.a → staging.b → staging.a", with each model's file)
// when the models read each other in a circle.
Status CheckAcyclic(const Project& project);

// Every node, each after all the nodes it reads; ties keep the project's order.
std::vector<int> TopologicalOrder(const Project& project);

// The nodes that read `node`, directly.
std::vector<int> Downstream(const Project& project, int node);

// Which nodes the selectors pick; no selectors picks every node. A selector is
//   name          a node, by relation ("mart.daily") or by name alone when that is unique
//   name+         the node and everything downstream of it
//   +name         the node and everything upstream of it
//   +name+        both
//   tag:x         every node tagged x
// An unknown name or tag is an error with a did-you-mean.
Result<std::vector<bool>> SelectNodes(const Project& project,
                                      const std::vector<std::string>& selectors);

// The node a name denotes, as SelectNodes reads names.
Result<int> FindNodeByName(const Project& project, const std::string& name);

}  // namespace martlet::etl
