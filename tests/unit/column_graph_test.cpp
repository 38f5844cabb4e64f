// The printed forms of a column lineage graph: text, JSON, Mermaid and DOT, and names that
// need escaping in each.
#include <gtest/gtest.h>

#include <string>

#include "etl/column_graph.hpp"

namespace martlet::etl {
namespace {

// raw.orders (amount, "odd" name) -> mart.daily (revenue), amount also filtering mart.daily.
ColumnGraph SmallGraph() {
  ColumnGraph graph;
  graph.relations.push_back({"raw.orders", "source", {"amount", "say \"hi\""}});
  graph.relations.push_back({"mart.daily", "table", {"revenue", "note"}});
  graph.edges.push_back({0, "amount", 1, "revenue", false});
  graph.edges.push_back({0, "say \"hi\"", 1, "note", false});
  graph.edges.push_back({0, "amount", 1, "", true});
  return graph;
}

TEST(ColumnGraphTest, TextIsOneEdgeALine) {
  EXPECT_EQ(ColumnGraphText(SmallGraph()),
            "raw.orders.amount -> mart.daily.revenue\n"
            "raw.orders.say \"hi\" -> mart.daily.note\n"
            "raw.orders.amount -> mart.daily (filter)\n");
}

TEST(ColumnGraphTest, JsonEscapesNamesAndGivesFiltersNoTargetColumn) {
  EXPECT_EQ(
      ColumnGraphJson(SmallGraph()),
      "{\"relations\":[{\"relation\":\"raw.orders\",\"kind\":\"source\",\"columns\":[\"amount\","
      "\"say \\\"hi\\\"\"]},{\"relation\":\"mart.daily\",\"kind\":\"table\",\"columns\":["
      "\"revenue\",\"note\"]}],\"edges\":[{\"from\":\"raw.orders\",\"from_column\":\"amount\","
      "\"to\":\"mart.daily\",\"to_column\":\"revenue\",\"kind\":\"value\"},{\"from\":"
      "\"raw.orders\",\"from_column\":\"say \\\"hi\\\"\",\"to\":\"mart.daily\",\"to_column\":"
      "\"note\",\"kind\":\"value\"},{\"from\":\"raw.orders\",\"from_column\":\"amount\",\"to\":"
      "\"mart.daily\",\"to_column\":null,\"kind\":\"filter\"}]}\n");
}

TEST(ColumnGraphTest, MermaidDrawsSubgraphsAndDottedFilters) {
  EXPECT_EQ(ColumnGraphMermaid(SmallGraph()),
            "graph LR\n"
            "  subgraph r0[\"raw.orders (source)\"]\n"
            "    r0c0[\"amount\"]\n"
            "    r0c1[\"say 'hi'\"]\n"
            "  end\n"
            "  subgraph r1[\"mart.daily (table)\"]\n"
            "    r1c0[\"revenue\"]\n"
            "    r1c1[\"note\"]\n"
            "  end\n"
            "  r0c0 --> r1c0\n"
            "  r0c1 --> r1c1\n"
            "  r0c0 -.-> r1\n");
}

TEST(ColumnGraphTest, DotDrawsClustersAndDashedFiltersClippedAtTheCluster) {
  std::string dot = ColumnGraphDot(SmallGraph(), "shop");
  EXPECT_NE(dot.find("digraph \"shop\" {\n  rankdir=LR;\n  compound=true;\n"), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("  subgraph cluster_1 {\n    label=\"mart.daily (table)\";\n"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("    \"r0c1\" [label=\"say 'hi'\"];\n"), std::string::npos) << dot;
  EXPECT_NE(dot.find("  \"r0c0\" -> \"r1c0\";\n"), std::string::npos) << dot;
  EXPECT_NE(dot.find("  \"r0c0\" -> \"r1c0\" [style=dashed, lhead=cluster_1];\n"),
            std::string::npos)
      << dot;
}

}  // namespace
}  // namespace martlet::etl

namespace martlet::etl {
namespace {

TEST(ColumnGraphTest, SvgEscapesNamesAndPutsReadersRightOfWhatTheyRead) {
  ColumnGraph graph = SmallGraph();
  graph.relations[0].columns[1] = "a<b & \"c\"";
  graph.edges[1].from_column = "a<b & \"c\"";
  std::string svg = ColumnGraphSvg(graph, "shop");
  EXPECT_NE(svg.find("<title>shop (columns)</title>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">a&lt;b &amp; &quot;c&quot;</text>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("a<b"), std::string::npos) << svg;
  // raw.orders at x=20, mart.daily one step right; revenue is its first row, 20 px each
  EXPECT_NE(svg.find("<rect x=\"20\" y=\"20\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("<rect x=\"360\" y=\"20\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("<path d=\"M240,56 C300,56 300,56 360,56\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("stroke-dasharray=\"4 3\""), std::string::npos) << svg;
}

}  // namespace
}  // namespace martlet::etl
