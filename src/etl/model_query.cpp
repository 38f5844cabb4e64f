#include "etl/model_query.hpp"

#include <algorithm>
#include <functional>

#include "etl/sql_text.hpp"
#include "sql/lexer.hpp"

namespace martlet::etl {

std::string EphemeralName(const Node& node) {
  return QuoteIdentifier("ephemeral__" + node.schema + "__" + node.name);
}

void ModelQuery::Append(const std::string& text, int source, bool copied) {
  if (text.empty()) return;
  Piece piece;
  piece.begin = static_cast<int>(text_.size());
  text_ += text;
  piece.end = static_cast<int>(text_.size());
  piece.source = source;
  piece.copied = copied;
  pieces_.push_back(piece);
}

std::string ModelQuery::Rewrite(const Node& node, bool record, std::vector<int>& ephemerals) {
  std::string out;
  int at = 0;
  auto copy = [&](int end) {
    std::string part = node.sql.substr(at, end - at);
    if (record) Append(part, at, true);
    out += part;
    at = end;
  };
  for (const ModelReference& reference : node.references) {
    if (reference.node < 0) continue;
    const Node& target = project_.nodes[reference.node];
    copy(reference.position);
    std::string name;
    if (target.kind == NodeKind::kModel && target.materialization == Materialization::kEphemeral) {
      name = EphemeralName(target);
      if (std::find(ephemerals.begin(), ephemerals.end(), reference.node) == ephemerals.end()) {
        ephemerals.push_back(reference.node);
      }
    } else {
      name = QuoteRelation(target.schema, target.name);
    }
    if (record) Append(name, reference.position, false);
    out += name;
    at = reference.position + reference.length;
  }
  copy(node.sql_end);
  return out;
}

ModelQuery::ModelQuery(const Project& project, int node_index) : project_(project) {
  const Node& node = project.nodes[node_index];
  std::vector<int> direct;
  // A dry run finds the ephemerals; the text is built below, after the CTEs are known.
  Rewrite(node, false, direct);
  // Ephemerals read by ephemerals come first, so each CTE sees the ones it reads.
  std::vector<int> ordered;
  std::vector<std::string> bodies;
  std::function<void(int)> add = [&](int ephemeral) {
    if (std::find(ordered.begin(), ordered.end(), ephemeral) != ordered.end()) return;
    std::vector<int> inner;
    std::string text = Rewrite(project.nodes[ephemeral], false, inner);
    for (int up : inner) add(up);
    ordered.push_back(ephemeral);
    bodies.push_back(text);
  };
  for (int ephemeral : direct) add(ephemeral);

  if (ordered.empty()) {
    std::vector<int> ignored;
    Rewrite(node, true, ignored);
    return;
  }
  std::string ctes;
  for (size_t i = 0; i < ordered.size(); i++) {
    ctes += (i == 0 ? "" : ", ") + EphemeralName(project.nodes[ordered[i]]) + " AS (\n" +
            bodies[i] + "\n)";
  }
  // Where the CTEs go: after the model's own WITH [RECURSIVE], or in front of its SELECT.
  auto tokens = sql::Tokenize(std::string_view(node.sql).substr(0, node.sql_end));
  int insert_at = 0;
  bool has_with = false;
  if (tokens.ok() && !tokens.value().empty()) {
    const auto& list = tokens.value();
    insert_at = list[0].position;
    if (list[0].kind == sql::TokenKind::kIdentifier && list[0].text == "with") {
      has_with = true;
      size_t next = 1;
      if (list.size() > 1 && list[1].kind == sql::TokenKind::kIdentifier &&
          list[1].text == "recursive")
        next = 2;
      insert_at = list[next - 1].end;
    }
  }
  // The rewritten model, then the CTEs spliced in at insert_at. No reference comes before
  // insert_at, so the first piece is copied text reaching past it and offsets agree there.
  std::vector<int> ignored;
  Rewrite(node, true, ignored);
  std::string rewritten = std::move(text_);
  std::vector<Piece> rewritten_pieces = std::move(pieces_);
  text_.clear();
  pieces_.clear();
  Append(node.sql.substr(0, insert_at), 0, true);
  Append(has_with ? " " + ctes + "," : "WITH " + ctes + "\n", insert_at, false);
  for (const Piece& piece : rewritten_pieces) {
    if (piece.end <= insert_at) continue;
    int cut = std::max(0, insert_at - piece.begin);
    Append(rewritten.substr(piece.begin + cut, piece.end - piece.begin - cut),
           piece.copied ? piece.source + cut : piece.source, piece.copied);
  }
}

int ModelQuery::ModelOffset(int position) const {
  for (const Piece& piece : pieces_) {
    if (position >= piece.begin && position < piece.end) {
      return piece.copied ? piece.source + (position - piece.begin) : piece.source;
    }
  }
  if (!pieces_.empty() && position >= pieces_.back().end) {
    const Piece& last = pieces_.back();
    return last.copied ? last.source + (last.end - last.begin) : last.source;
  }
  return 0;
}

}  // namespace martlet::etl
