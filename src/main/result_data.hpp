// The rows and columns of a finished statement, shared by QueryResult copies.
#pragma once

#include <string>
#include <vector>

#include "common/vector.hpp"

namespace martlet {

class ResultData {
 public:
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  DataChunk rows;
  bool has_rows = false;  // false for statements that return only a tag
  std::vector<std::string> notices;
};

}  // namespace martlet
