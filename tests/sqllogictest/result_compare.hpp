// How a query's actual result is compared with the rows a test file expects.
#pragma once

#include <string>
#include <vector>

#include "martlet/martlet.hpp"
#include "test_file.hpp"

namespace martlet::sqllogictest {

using Rows = std::vector<std::vector<std::string>>;

// The result's values as test files write them: NULL as "NULL", '' as "(empty)".
Rows RenderActual(const QueryResult& result);

// Splits the expected lines into rows of `columns` values. Lines hold tab-separated rows;
// SQLite's one-value-per-line layout is accepted too. Returns false when neither fits.
bool SplitExpected(const std::vector<std::string>& lines, size_t columns, Rows& rows);

// Sorts as the record's sort mode asks (rowsort: whole rows; valuesort: every value alone).
void ApplySortMode(SortMode mode, Rows& rows);

// An empty string when they match, else a sentence saying where they first differ.
std::string FirstDifference(const Rows& expected, const Rows& actual,
                            const std::string& column_types);

}  // namespace martlet::sqllogictest
