// `martlet pipeline graph`: the DAG as Mermaid or Graphviz DOT text.
#pragma once

#include <string>

#include "etl/project.hpp"

namespace martlet::etl {

// A Mermaid flowchart, left to right: sources and seeds as cylinders, views and ephemeral
// models in rounded boxes, tables in boxes; an arrow from each node to each reader.
std::string MermaidGraph(const Project& project);

// The same graph for Graphviz (dot -Tsvg graph.dot > graph.svg).
std::string DotGraph(const Project& project);

}  // namespace martlet::etl
