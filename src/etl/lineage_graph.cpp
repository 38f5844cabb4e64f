#include "etl/lineage_graph.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "common/text_escape.hpp"
#include "etl/dag.hpp"

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

namespace {

const char* Fill(const Node& node) {
  if (IsInput(node)) return "#e8f1fb";
  if (node.kind == NodeKind::kSnapshot) return "#fbeee6";
  return IsRounded(node) ? "#eef7ea" : "#f4f4f4";
}

}  // namespace

std::string SvgGraph(const Project& project) {
  constexpr int kBoxWidth = 260, kBoxHeight = 44, kColumnGap = 80, kRowGap = 24, kMargin = 20;
  size_t count = project.nodes.size();
  // A node's column is one more than the deepest node it reads.
  std::vector<int> column(count, 0);
  for (int node : TopologicalOrder(project)) {
    for (int up : project.nodes[node].upstream)
      column[node] = std::max(column[node], column[up] + 1);
  }
  std::vector<int> row(count, 0);
  std::vector<int> rows_in_column;
  for (size_t i = 0; i < count; i++) {
    if (rows_in_column.size() <= static_cast<size_t>(column[i]))
      rows_in_column.resize(column[i] + 1, 0);
    row[i] = rows_in_column[column[i]]++;
  }
  int columns = static_cast<int>(rows_in_column.size());
  int rows =
      rows_in_column.empty() ? 0 : *std::max_element(rows_in_column.begin(), rows_in_column.end());
  int width = 2 * kMargin + columns * kBoxWidth + std::max(0, columns - 1) * kColumnGap;
  int height = 2 * kMargin + rows * kBoxHeight + std::max(0, rows - 1) * kRowGap;
  auto x = [&](size_t i) { return kMargin + column[i] * (kBoxWidth + kColumnGap); };
  auto y = [&](size_t i) { return kMargin + row[i] * (kBoxHeight + kRowGap); };
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"13\">\n"
      "  <title>{}</title>\n"
      "  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
      "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
      "fill=\"#555\"/></marker></defs>\n",
      width, height, width, height, XmlEscape(project.name));
  for (size_t i = 0; i < count; i++) {
    for (int up : project.nodes[i].upstream) {
      int x1 = x(up) + kBoxWidth, y1 = y(up) + kBoxHeight / 2;
      int x2 = x(i), y2 = y(i) + kBoxHeight / 2;
      int half = kColumnGap / 2;
      if (column[i] - column[up] == 1) {
        out += fmt::format(
            "  <path d=\"M{},{} C{},{} {},{} {},{}\" fill=\"none\" stroke=\"#555\" "
            "marker-end=\"url(#arrow)\"/>\n",
            x1, y1, x1 + half, y1, x2 - half, y2, x2, y2);
      } else {
        // Across columns in between, the edge runs in the gap above the reader's row, where
        // no box is, and bends down to it in the last column gap.
        int lane = y(i) - kRowGap / 2;
        out += fmt::format(
            "  <path d=\"M{},{} C{},{} {},{} {},{} L{},{} C{},{} {},{} {},{}\" fill=\"none\" "
            "stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n",
            x1, y1, x1 + half, y1, x1 + half, lane, x1 + kColumnGap, lane, x2 - kColumnGap, lane,
            x2 - half, lane, x2 - half, y2, x2, y2);
      }
    }
  }
  for (size_t i = 0; i < count; i++) {
    const Node& node = project.nodes[i];
    int radius = IsRounded(node) ? 16 : IsInput(node) ? 10 : 3;
    out += fmt::format(
        "  <g><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{}\" "
        "stroke=\"#333\"/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>\n",
        x(i), y(i), kBoxWidth, kBoxHeight, radius, Fill(node), x(i) + kBoxWidth / 2,
        y(i) + kBoxHeight / 2 + 5, XmlEscape(Label(node)));
  }
  return out + "</svg>\n";
}

}  // namespace martlet::etl
