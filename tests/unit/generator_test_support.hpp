// Reading generator output back in the generator tests.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace martlet::generate {

using Rows = std::vector<std::vector<std::string>>;

// Splits '|'-delimited lines into fields.
inline Rows ParseRows(const std::string& text) {
  Rows rows;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t bar = line.find('|'); bar != std::string::npos; bar = line.find('|', start)) {
      fields.push_back(line.substr(start, bar - start));
      start = bar + 1;
    }
    fields.push_back(line.substr(start));
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace martlet::generate
