#include "etl/column_graph.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "common/text_escape.hpp"
#include "etl/dag.hpp"
#include "etl/lineage_graph.hpp"
#include "etl/model_query.hpp"
#include "etl/sql_text.hpp"

namespace martlet::etl {
namespace {

bool IsEphemeral(const Node& node) {
  return node.kind == NodeKind::kModel && node.materialization == Materialization::kEphemeral;
}

std::string KindOf(const Node& node) {
  return node.kind == NodeKind::kModel ? MaterializationName(node.materialization)
                                       : NodeKindName(node.kind);
}

// The relations ("schema.name") the database holds, tables and views.
Result<std::set<std::string>> ExistingRelations(Connection& connection) {
  QueryResult result =
      connection.query("SELECT table_schema, table_name FROM information_schema.tables");
  if (!result.ok()) return result.status();
  std::set<std::string> relations;
  for (size_t r = 0; r < result.row_count(); r++)
    relations.insert(result.text(r, 0) + "." + result.text(r, 1));
  return relations;
}

Result<std::vector<std::string>> RelationColumns(Connection& connection, const Node& node) {
  QueryResult result =
      connection.query("SELECT * FROM " + QuoteRelation(node.schema, node.name) + " LIMIT 0");
  if (!result.ok())
    return Status(result.status().code(), node.relation + ": " + result.error_message());
  std::vector<std::string> columns;
  for (size_t c = 0; c < result.column_count(); c++) columns.push_back(result.column_name(c));
  return columns;
}

class GraphBuilder {
 public:
  GraphBuilder(const Project& project, Connection& connection)
      : project_(project), connection_(connection) {}

  Result<ColumnGraph> Build() {
    std::vector<int> order = TopologicalOrder(project_);
    RETURN_IF_ERROR(CheckRelationsExist(order));
    for (int index : order) {
      const Node& node = project_.nodes[index];
      if (IsEphemeral(node)) continue;
      int relation = RelationFor(node.relation, KindOf(node));
      ASSIGN_OR_RETURN(graph_.relations[relation].columns, RelationColumns(connection_, node));
      if (node.kind == NodeKind::kModel || node.kind == NodeKind::kSnapshot) {
        RETURN_IF_ERROR(AddQueryEdges(index, relation));
      }
    }
    return std::move(graph_);
  }

 private:
  Status CheckRelationsExist(const std::vector<int>& order) {
    ASSIGN_OR_RETURN(std::set<std::string> existing, ExistingRelations(connection_));
    std::vector<std::string> missing;
    for (int index : order) {
      const Node& node = project_.nodes[index];
      if (!IsEphemeral(node) && !existing.count(node.relation)) missing.push_back(node.relation);
    }
    if (missing.empty()) return Status::Ok();
    std::string names;
    for (size_t i = 0; i < missing.size() && i < 5; i++) names += (i == 0 ? "" : ", ") + missing[i];
    if (missing.size() > 5) names += fmt::format(" and {} more", missing.size() - 5);
    return Status(StatusCode::kCatalogError,
                  fmt::format("graph --columns reads the models' columns from the database, and {} "
                              "relation{} of {} {} not there yet ({}); run the pipeline first "
                              "(martlet pipeline run), with the same --db",
                              missing.size(), missing.size() == 1 ? "" : "s", project_.name,
                              missing.size() == 1 ? "is" : "are", names));
  }

  int RelationFor(const std::string& relation, const std::string& kind) {
    auto found = index_.find(relation);
    if (found != index_.end()) return found->second;
    graph_.relations.push_back({relation, kind, {}});
    int index = static_cast<int>(graph_.relations.size() - 1);
    index_[relation] = index;
    return index;
  }

  Status AddQueryEdges(int node_index, int relation) {
    const Node& node = project_.nodes[node_index];
    ModelQuery query(project_, node_index);
    QueryResult lineage = connection_.query("EXPLAIN (LINEAGE, EXPAND_VIEWS OFF) " + query.text());
    if (!lineage.ok()) {
      return Status(lineage.status().code(),
                    node.relation + " (" + node.file +
                        "): its lineage cannot be read: " + lineage.error_message());
    }
    for (size_t r = 0; r < lineage.row_count(); r++) {
      if (lineage.is_null(r, 2)) continue;  // computed from no column
      std::string source = lineage.text(r, 2) + "." + lineage.text(r, 3);
      ColumnEdge edge;
      edge.from = RelationFor(source, "external");
      edge.from_column = lineage.text(r, 4);
      std::vector<std::string>& from_columns = graph_.relations[edge.from].columns;
      if (graph_.relations[edge.from].kind == "external" &&
          std::find(from_columns.begin(), from_columns.end(), edge.from_column) ==
              from_columns.end()) {
        from_columns.push_back(edge.from_column);  // only the columns read: it is not listed
      }
      edge.to = relation;
      edge.filter = lineage.text(r, 5) == "filter";
      if (!edge.filter) {
        // The relation's column at the query column's position: a snapshot adds its own
        // columns after the query's, and the names agree otherwise.
        const std::vector<std::string>& columns = graph_.relations[relation].columns;
        size_t ordinal = static_cast<size_t>(std::stoll(lineage.text(r, 1)));
        edge.to_column = ordinal <= columns.size() ? columns[ordinal - 1] : lineage.text(r, 0);
      }
      graph_.edges.push_back(std::move(edge));
    }
    return Status::Ok();
  }

  const Project& project_;
  Connection& connection_;
  ColumnGraph graph_;
  std::map<std::string, int> index_;
};

// Mermaid and DOT labels are double-quoted; a quote inside is written as a single quote.
std::string Label(std::string text) {
  std::replace(text.begin(), text.end(), '"', '\'');
  return text;
}

int ColumnIndex(const ColumnGraphRelation& relation, const std::string& column) {
  auto found = std::find(relation.columns.begin(), relation.columns.end(), column);
  return found == relation.columns.end() ? -1 : static_cast<int>(found - relation.columns.begin());
}

}  // namespace

Result<ColumnGraph> BuildColumnGraph(const Project& project, Connection& connection) {
  GraphBuilder builder(project, connection);
  return builder.Build();
}

std::string ColumnGraphText(const ColumnGraph& graph) {
  std::string out;
  for (const ColumnEdge& edge : graph.edges) {
    const std::string& from = graph.relations[edge.from].relation;
    const std::string& to = graph.relations[edge.to].relation;
    if (edge.filter) {
      out += from + "." + edge.from_column + " -> " + to + " (filter)\n";
    } else {
      out += from + "." + edge.from_column + " -> " + to + "." + edge.to_column + "\n";
    }
  }
  return out;
}

std::string ColumnGraphJson(const ColumnGraph& graph) {
  std::string out = "{\"relations\":[";
  for (size_t i = 0; i < graph.relations.size(); i++) {
    const ColumnGraphRelation& relation = graph.relations[i];
    std::string columns;
    for (const std::string& column : relation.columns)
      columns += (columns.empty() ? "" : ",") + JsonString(column);
    out += fmt::format("{}{{\"relation\":{},\"kind\":{},\"columns\":[{}]}}", i == 0 ? "" : ",",
                       JsonString(relation.relation), JsonString(relation.kind), columns);
  }
  out += "],\"edges\":[";
  for (size_t i = 0; i < graph.edges.size(); i++) {
    const ColumnEdge& edge = graph.edges[i];
    out +=
        fmt::format("{}{{\"from\":{},\"from_column\":{},\"to\":{},\"to_column\":{},\"kind\":{}}}",
                    i == 0 ? "" : ",", JsonString(graph.relations[edge.from].relation),
                    JsonString(edge.from_column), JsonString(graph.relations[edge.to].relation),
                    edge.filter ? "null" : JsonString(edge.to_column),
                    edge.filter ? "\"filter\"" : "\"value\"");
  }
  return out + "]}\n";
}

std::string ColumnGraphMermaid(const ColumnGraph& graph) {
  std::string out = "graph LR\n";
  for (size_t r = 0; r < graph.relations.size(); r++) {
    const ColumnGraphRelation& relation = graph.relations[r];
    out += fmt::format("  subgraph r{}[\"{} ({})\"]\n", r, Label(relation.relation), relation.kind);
    for (size_t c = 0; c < relation.columns.size(); c++) {
      out += fmt::format("    r{}c{}[\"{}\"]\n", r, c, Label(relation.columns[c]));
    }
    out += "  end\n";
  }
  for (const ColumnEdge& edge : graph.edges) {
    int from = ColumnIndex(graph.relations[edge.from], edge.from_column);
    std::string source =
        from >= 0 ? fmt::format("r{}c{}", edge.from, from) : fmt::format("r{}", edge.from);
    if (edge.filter) {
      out += fmt::format("  {} -.-> r{}\n", source, edge.to);
    } else {
      int to = ColumnIndex(graph.relations[edge.to], edge.to_column);
      out += fmt::format("  {} --> r{}c{}\n", source, edge.to, to);
    }
  }
  return out;
}

std::string ColumnGraphDot(const ColumnGraph& graph, const std::string& name) {
  std::string out =
      "digraph \"" + Label(name) + "\" {\n  rankdir=LR;\n  compound=true;\n  node [shape=box];\n";
  auto id = [](int relation, int column) { return fmt::format("\"r{}c{}\"", relation, column); };
  for (size_t r = 0; r < graph.relations.size(); r++) {
    const ColumnGraphRelation& relation = graph.relations[r];
    out += fmt::format("  subgraph cluster_{} {{\n    label=\"{} ({})\";\n", r,
                       Label(relation.relation), relation.kind);
    for (size_t c = 0; c < relation.columns.size(); c++) {
      out += fmt::format("    {} [label=\"{}\"];\n", id(static_cast<int>(r), static_cast<int>(c)),
                         Label(relation.columns[c]));
    }
    out += "  }\n";
  }
  for (const ColumnEdge& edge : graph.edges) {
    int from = std::max(0, ColumnIndex(graph.relations[edge.from], edge.from_column));
    if (edge.filter) {
      // DOT has no edge to a cluster: aim at its first column and clip the arrow at the
      // cluster's border.
      out += fmt::format("  {} -> {} [style=dashed, lhead=cluster_{}];\n", id(edge.from, from),
                         id(edge.to, 0), edge.to);
    } else {
      int to = std::max(0, ColumnIndex(graph.relations[edge.to], edge.to_column));
      out += fmt::format("  {} -> {};\n", id(edge.from, from), id(edge.to, to));
    }
  }
  return out + "}\n";
}

std::string ColumnGraphSvg(const ColumnGraph& graph, const std::string& name) {
  constexpr int kBoxWidth = 220, kHeader = 26, kRow = 20, kColumnGap = 120, kBoxGap = 24,
                kMargin = 20;
  size_t count = graph.relations.size();
  // A relation's column of the picture is one more than the deepest relation feeding it.
  // Relations outside the project are added after their first reader, so relax until stable.
  std::vector<int> depth(count, 0);
  for (size_t pass = 0; pass < count; pass++) {
    bool changed = false;
    for (const ColumnEdge& edge : graph.edges) {
      if (depth[edge.to] < depth[edge.from] + 1) {
        depth[edge.to] = depth[edge.from] + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  std::vector<int> top(count, 0);
  std::vector<int> column_height;
  for (size_t r = 0; r < count; r++) {
    if (column_height.size() <= static_cast<size_t>(depth[r]))
      column_height.resize(depth[r] + 1, 0);
    int& used = column_height[depth[r]];
    top[r] = kMargin + used + (used > 0 ? kBoxGap : 0);
    used += (used > 0 ? kBoxGap : 0) + kHeader +
            kRow * static_cast<int>(graph.relations[r].columns.size());
  }
  int columns = static_cast<int>(column_height.size());
  int tallest =
      column_height.empty() ? 0 : *std::max_element(column_height.begin(), column_height.end());
  int width = 2 * kMargin + columns * kBoxWidth + std::max(0, columns - 1) * kColumnGap;
  int height = 2 * kMargin + tallest;
  auto left = [&](int r) { return kMargin + depth[r] * (kBoxWidth + kColumnGap); };
  auto row_middle = [&](int r, int c) { return top[r] + kHeader + kRow * c + kRow / 2; };
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n"
      "  <title>{}</title>\n"
      "  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
      "fill=\"#555\"/></marker></defs>\n",
      width, height, width, height, XmlEscape(name + " (columns)"));
  for (const ColumnEdge& edge : graph.edges) {
    int from = std::max(0, ColumnIndex(graph.relations[edge.from], edge.from_column));
    int x1 = left(edge.from) + kBoxWidth, y1 = row_middle(edge.from, from);
    int x2 = left(edge.to);
    int y2 = edge.filter
                 ? top[edge.to] + kHeader / 2
                 : row_middle(edge.to,
                              std::max(0, ColumnIndex(graph.relations[edge.to], edge.to_column)));
    int bend = (x2 - x1) / 2;
    out += fmt::format(
        "  <path d=\"M{},{} C{},{} {},{} {},{}\" fill=\"none\" stroke=\"#555\"{} "
        "marker-end=\"url(#arrow)\"/>\n",
        x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2,
        edge.filter ? " stroke-dasharray=\"4 3\"" : "");
  }
  for (size_t r = 0; r < count; r++) {
    const ColumnGraphRelation& relation = graph.relations[r];
    int x = left(static_cast<int>(r));
    int box_height = kHeader + kRow * static_cast<int>(relation.columns.size());
    out += fmt::format(
        "  <g><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#f4f4f4\" "
        "stroke=\"#333\"/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
        x, top[r], kBoxWidth, box_height, x + kBoxWidth / 2, top[r] + kHeader / 2 + 4,
        XmlEscape(relation.relation + " (" + relation.kind + ")"));
    for (size_t c = 0; c < relation.columns.size(); c++) {
      int y = row_middle(static_cast<int>(r), static_cast<int>(c));
      out += fmt::format(
          "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#ccc\"/>"
          "<text x=\"{}\" y=\"{}\">{}</text>",
          x, y - kRow / 2, x + kBoxWidth, y - kRow / 2, x + 8, y + 4, XmlEscape(relation.columns[c]));
    }
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

}  // namespace martlet::etl
