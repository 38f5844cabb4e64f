// Terms of a scan's filter that test one string column against constants: `col [NOT] LIKE
// 'pattern'`, `col = 'x'`, `col <> 'x'` and `col IN ('x', 'y', ...)`. A scan runs them on the
// encoded blocks (FilterBlockStrings) without making a string of any value, and on a
// dictionary block once per distinct value.
#pragma once

#include <optional>
#include <string_view>

#include "planner/bound_expr.hpp"
#include "storage/encoding.hpp"

namespace martlet {

struct ScanStringFilter {
  int column = 0;  // the scan's read column
  StringTest keep;  // true for the values that pass (never called for NULL)
};

// The term as a string filter, or nothing when it is not one of the shapes above over a
// VARCHAR column (or over a CHAR column with =, <> or IN, comparing without trailing blanks).
std::optional<ScanStringFilter> AsScanStringFilter(const BoundExpr& term);

}  // namespace martlet
