// `martlet pipeline graph --columns`: lineage per column across the project's DAG.
//
// Each model's and snapshot's query, as the runner would execute it (model_query.hpp), is
// bound by the database through EXPLAIN (LINEAGE, EXPAND_VIEWS OFF), which names the stored
// columns (or view columns) each of its columns is computed from, and the columns that only
// decide which rows there are (filters). Ephemeral models are inlined into their readers,
// so their readers' columns trace through them. The database must hold every node already
// (`martlet pipeline run`), because binding a query needs the relations it reads.
#pragma once

#include <string>
#include <vector>

#include "etl/project.hpp"
#include "martlet/martlet.hpp"

namespace martlet::etl {

// A relation in the column graph: a project node, or a relation outside the project that a
// model reads.
struct ColumnGraphRelation {
  std::string relation;  // "schema.name"
  std::string kind;      // model materialization, "seed", "source", "snapshot" or "external"
  std::vector<std::string> columns;
};

struct ColumnEdge {
  int from = 0;  // index into ColumnGraph::relations
  std::string from_column;
  int to = 0;
  std::string to_column;  // empty for a filter edge: it concerns the whole relation
  bool filter = false;
};

struct ColumnGraph {
  std::vector<ColumnGraphRelation> relations;
  std::vector<ColumnEdge> edges;
};

// Builds the graph from the database `connection` reads. Fails, naming the relations, when a
// node's relation does not exist yet, and naming the model when its query does not bind.
Result<ColumnGraph> BuildColumnGraph(const Project& project, Connection& connection);

// One edge a line: "schema.table.column -> schema.model.column", filters marked "(filter)".
std::string ColumnGraphText(const ColumnGraph& graph);
std::string ColumnGraphJson(const ColumnGraph& graph);
// Mermaid: a subgraph per relation, a box per column; filters as dotted arrows to the
// subgraph.
std::string ColumnGraphMermaid(const ColumnGraph& graph);
// Graphviz DOT: a cluster per relation; filters as dashed arrows to the cluster.
std::string ColumnGraphDot(const ColumnGraph& graph, const std::string& name);
// A standalone SVG picture: a box per relation listing its columns, one column of boxes per
// depth, a curve from each source column to each column it feeds; filters dashed, to the
// reader's title.
std::string ColumnGraphSvg(const ColumnGraph& graph, const std::string& name);

}  // namespace martlet::etl
