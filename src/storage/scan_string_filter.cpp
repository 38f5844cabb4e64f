#include "storage/scan_string_filter.hpp"

#include <string>
#include <utility>
#include <vector>

#include "functions/like_matcher.hpp"

namespace martlet {
namespace {

// A cast from VARCHAR to a VARCHAR at least as long changes no value.
bool IsWideningVarcharCast(const BoundExpr& expr) {
  if (expr.kind != BoundExprKind::kCast || expr.type.id() != TypeId::kVarchar) return false;
  const LogicalType& from = expr.children[0]->type;
  if (from.id() != TypeId::kVarchar) return false;
  return expr.type.length() == 0 || (from.length() != 0 && from.length() <= expr.type.length());
}

// The string column a term tests, looking through a widening cast.
const BoundExpr* TestedColumn(const BoundExpr& operand) {
  const BoundExpr* column = IsWideningVarcharCast(operand) ? operand.children[0].get() : &operand;
  if (column->kind != BoundExprKind::kColumn || !column->type.IsString()) return nullptr;
  return column;
}

bool IsStringConstant(const BoundExpr& expr) {
  return expr.kind == BoundExprKind::kConstant && !expr.value.is_null() && expr.type.IsString();
}

std::string_view WithoutTrailingBlanks(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// `column = any of values` (negated: equal to none), as CHAR or VARCHAR compares.
StringTest EqualsAnyOf(std::vector<std::string> values, bool blank_padded, bool negate) {
  if (blank_padded) {
    for (std::string& value : values) value = std::string(WithoutTrailingBlanks(value));
  }
  return [values = std::move(values), blank_padded, negate](std::string_view text) {
    if (blank_padded) text = WithoutTrailingBlanks(text);
    bool found = false;
    for (const std::string& value : values) found = found || text == value;
    return found != negate;
  };
}

std::optional<ScanStringFilter> AsLike(const BoundExpr& term) {
  const BoundExpr* column = TestedColumn(*term.children[0]);
  if (!column || column->type.id() != TypeId::kVarchar || !IsStringConstant(*term.children[1])) {
    return std::nullopt;
  }
  Result<LikeMatcher> matcher = LikeMatcher::Compile(term.children[1]->value.str(), "\\");
  if (!matcher.ok()) return std::nullopt;  // evaluated as usual, which reports the error
  const bool negate = term.name == "!~~";
  return ScanStringFilter{column->column_index,
                          [matcher = std::move(matcher).value(), negate](std::string_view text) {
                            return matcher.Matches(text) != negate;
                          }};
}

std::optional<ScanStringFilter> AsComparison(const BoundExpr& term) {
  const BoundExpr& a = *term.children[0];
  const BoundExpr& b = *term.children[1];
  const bool column_first = a.kind == BoundExprKind::kColumn;
  const BoundExpr& column = column_first ? a : b;
  const BoundExpr& constant = column_first ? b : a;
  if (column.kind != BoundExprKind::kColumn || !column.type.IsString() ||
      !IsStringConstant(constant) || column.type.id() != constant.type.id()) {
    return std::nullopt;
  }
  const bool blank_padded = column.type.id() == TypeId::kChar;
  return ScanStringFilter{column.column_index,
                          EqualsAnyOf({constant.value.str()}, blank_padded, term.name == "<>")};
}

std::optional<ScanStringFilter> AsInList(const BoundExpr& term) {
  const BoundExpr& column = *term.children[0];
  if (column.kind != BoundExprKind::kColumn || !column.type.IsString()) return std::nullopt;
  std::vector<std::string> values;
  for (size_t i = 1; i < term.children.size(); i++) {
    const BoundExpr& item = *term.children[i];
    if (!IsStringConstant(item) || item.type.id() != column.type.id()) return std::nullopt;
    values.push_back(item.value.str());
  }
  const bool blank_padded = column.type.id() == TypeId::kChar;
  return ScanStringFilter{column.column_index, EqualsAnyOf(std::move(values), blank_padded, false)};
}

}  // namespace

std::optional<ScanStringFilter> AsScanStringFilter(const BoundExpr& term) {
  if (term.kind == BoundExprKind::kInList) return AsInList(term);
  if (term.kind != BoundExprKind::kFunction || term.children.size() != 2) return std::nullopt;
  if (term.name == "~~" || term.name == "!~~") return AsLike(term);
  if (term.name == "=" || term.name == "<>") return AsComparison(term);
  return std::nullopt;
}

}  // namespace martlet
