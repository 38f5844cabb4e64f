// `martlet pipeline graph`: the DAG as Mermaid, Graphviz DOT or an SVG picture.
#pragma once

#include <string>

#include "etl/project.hpp"

namespace martlet::etl {

// A Mermaid flowchart, left to right: sources and seeds as cylinders, views and ephemeral
// models in rounded boxes, tables in boxes; an arrow from each node to each reader.
std::string MermaidGraph(const Project& project);

// The same graph for Graphviz (dot -Tsvg graph.dot > graph.svg).
std::string DotGraph(const Project& project);

// The same graph drawn as a standalone SVG image, with no tool needed: one column per
// depth (sources and seeds on the left, each node right of everything it reads), a box per
// node labelled with its relation and kind, a curve from each node to each reader.
std::string SvgGraph(const Project& project);

}  // namespace martlet::etl
