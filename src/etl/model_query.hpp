// The SELECT a model runs: its text with every reference to a project node written as the
// node's quoted, qualified relation, and the ephemeral models it reads (directly or through
// other ephemerals) inlined as common table expressions in front of it.
#pragma once

#include <string>
#include <vector>

#include "etl/project.hpp"

namespace martlet::etl {

class ModelQuery {
 public:
  // Builds the query for model `node`.
  ModelQuery(const Project& project, int node);

  const std::string& text() const { return text_; }

  // The offset in the model's own file that offset `position` of text() comes from; inside
  // inlined or rewritten text, the start of what it replaced.
  int ModelOffset(int position) const;

 private:
  // A stretch of text(): either copied from the model's file at `source`, or put there.
  struct Piece {
    int begin = 0;
    int end = 0;
    int source = 0;
    bool copied = true;
  };

  void Append(const std::string& text, int source, bool copied);
  // `sql` with each reference replaced; collects the ephemeral nodes it reads.
  std::string Rewrite(const Node& node, bool record, std::vector<int>& ephemerals);

  const Project& project_;
  std::string text_;
  std::vector<Piece> pieces_;
};

// The name an ephemeral model has as a CTE.
std::string EphemeralName(const Node& node);

}  // namespace martlet::etl
