#include "etl/lineage_graph.hpp"

namespace martlet::etl {
namespace {

std::string Label(const Node& node) {
  if (node.kind != NodeKind::kModel) return node.relation + " (" + NodeKindName(node.kind) + ")";
  return node.relation + " (" + MaterializationName(node.materialization) + ")";
}

// Seeds and sources hold data from outside; they are drawn as cylinders.
bool IsInput(const Node& node) {
  return node.kind == NodeKind::kSeed || node.kind == NodeKind::kSource;
}

bool IsRounded(const Node& node) {
  return node.kind == NodeKind::kModel && (node.materialization == Materialization::kView ||
                                           node.materialization == Materialization::kEphemeral);
}

}  // namespace

std::string MermaidGraph(const Project& project) {
  std::string out = "graph LR\n";
  for (size_t i = 0; i < project.nodes.size(); i++) {
    const Node& node = project.nodes[i];
    std::string id = "n" + std::to_string(i);
    std::string label = "\"" + Label(node) + "\"";
    if (IsInput(node)) {
      out += "  " + id + "[(" + label + ")]\n";
    } else if (IsRounded(node)) {
      out += "  " + id + "(" + label + ")\n";
    } else {
      out += "  " + id + "[" + label + "]\n";
    }
  }
  for (size_t i = 0; i < project.nodes.size(); i++) {
    for (int up : project.nodes[i].upstream) {
      out += "  n" + std::to_string(up) + " --> n" + std::to_string(i) + "\n";
    }
  }
  return out;
}

std::string DotGraph(const Project& project) {
  std::string out = "digraph \"" + project.name + "\" {\n  rankdir=LR;\n";
  for (const Node& node : project.nodes) {
    std::string shape = IsInput(node) ? "cylinder" : IsRounded(node) ? "ellipse" : "box";
    out += "  \"" + node.relation + "\" [shape=" + shape + ", label=\"" + Label(node) + "\"];\n";
  }
  for (const Node& node : project.nodes) {
    for (int up : node.upstream) {
      out += "  \"" + project.nodes[up].relation + "\" -> \"" + node.relation + "\";\n";
    }
  }
  return out + "}\n";
}

}  // namespace martlet::etl
