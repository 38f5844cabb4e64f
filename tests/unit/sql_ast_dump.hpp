// A compact text form of the SQL AST for parser tests, so that a test can state a whole tree
// in one line: "(a + (b * 2))", "SELECT x FROM (t JOIN u ON p)".
#pragma once

#include <string>
#include <vector>

#include "sql/ast.hpp"

namespace martlet::sql::ast_dump {

inline std::string Dump(const Expr& e);
inline std::string Dump(const SelectStmt& s);

inline std::string DumpType(const TypeName& t) {
  std::string out = t.name;
  for (size_t i = 0; i < t.modifiers.size(); ++i) {
    out += (i == 0 ? "(" : ",") + std::to_string(t.modifiers[i]);
  }
  return t.modifiers.empty() ? out : out + ")";
}

inline std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

inline std::string DumpList(const std::vector<ExprPtr>& list) {
  std::vector<std::string> parts;
  for (const ExprPtr& e : list) parts.push_back(Dump(*e));
  return Join(parts, ", ");
}

inline std::string DumpOrder(const std::vector<OrderItem>& items) {
  std::vector<std::string> parts;
  for (const OrderItem& item : items) {
    std::string s = Dump(*item.expr) + (item.descending ? " DESC" : "");
    if (item.nulls == NullsOrder::kFirst) s += " NULLS FIRST";
    if (item.nulls == NullsOrder::kLast) s += " NULLS LAST";
    parts.push_back(s);
  }
  return Join(parts, ", ");
}

inline std::string DumpBound(const FrameBound& b) {
  switch (b.kind) {
    case FrameBoundKind::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding:
      return Dump(*b.offset) + " PRECEDING";
    case FrameBoundKind::kCurrentRow:
      return "CURRENT ROW";
    case FrameBoundKind::kFollowing:
      return Dump(*b.offset) + " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "?";
}

inline std::string DumpWindow(const WindowSpec& w) {
  std::vector<std::string> parts;
  if (!w.name.empty()) parts.push_back(w.name);
  if (!w.partition_by.empty()) parts.push_back("PARTITION BY " + DumpList(w.partition_by));
  if (!w.order_by.empty()) parts.push_back("ORDER BY " + DumpOrder(w.order_by));
  if (w.frame_unit != FrameUnit::kNone) {
    parts.push_back(std::string(w.frame_unit == FrameUnit::kRows ? "ROWS" : "RANGE") + " BETWEEN " +
                    DumpBound(w.frame_start) + " AND " + DumpBound(w.frame_end));
  }
  return "(" + Join(parts, " ") + ")";
}

inline std::string DumpFunction(const Expr& e) {
  std::string out = (e.approximate ? "APPROXIMATE " : "") + e.function_name + "(";
  if (e.distinct) out += "DISTINCT ";
  out += e.star_argument ? "*" : DumpList(e.args);
  out += ")";
  if (!e.within_group.empty()) out += " WITHIN GROUP (ORDER BY " + DumpOrder(e.within_group) + ")";
  if (e.ignore_nulls) out += " IGNORE NULLS";
  if (e.over) out += " OVER " + DumpWindow(*e.over);
  return out;
}

inline std::string DumpCase(const Expr& e) {
  std::string out = "CASE";
  if (e.case_operand) out += " " + Dump(*e.case_operand);
  for (const auto& [when, then] : e.when_then)
    out += " WHEN " + Dump(*when) + " THEN " + Dump(*then);
  if (e.else_expr) out += " ELSE " + Dump(*e.else_expr);
  return out + " END";
}

inline std::string Not(const Expr& e) { return e.negated ? "NOT " : ""; }

inline std::string Dump(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      if (e.literal_kind == LiteralKind::kString) return "'" + e.text + "'";
      if (e.literal_kind == LiteralKind::kNull) return "NULL";
      return e.text;
    case ExprKind::kColumnRef:
      return Join(e.names, ".");
    case ExprKind::kStar:
      return e.names.empty() ? "*" : Join(e.names, ".") + ".*";
    case ExprKind::kUnary:
      return "(" + e.op + " " + Dump(*e.args[0]) + ")";
    case ExprKind::kBinary:
      return "(" + Dump(*e.args[0]) + " " + e.op + " " + Dump(*e.args[1]) + ")";
    case ExprKind::kFunction:
      return DumpFunction(e);
    case ExprKind::kCast:
      return "CAST(" + Dump(*e.args[0]) + " AS " + DumpType(e.cast_type) + ")";
    case ExprKind::kCase:
      return DumpCase(e);
    case ExprKind::kSubquery:
      return "(" + Dump(*e.subquery) + ")";
    case ExprKind::kExists:
      return Not(e) + "EXISTS(" + Dump(*e.subquery) + ")";
    case ExprKind::kInList: {
      std::vector<std::string> items;
      for (size_t i = 1; i < e.args.size(); ++i) items.push_back(Dump(*e.args[i]));
      return "(" + Dump(*e.args[0]) + " " + Not(e) + "IN (" + Join(items, ", ") + "))";
    }
    case ExprKind::kInSubquery:
      return "(" + Dump(*e.args[0]) + " " + Not(e) + "IN (" + Dump(*e.subquery) + "))";
    case ExprKind::kQuantified:
      return "(" + Dump(*e.args[0]) + " " + e.op + (e.quantifier_all ? " ALL (" : " ANY (") +
             Dump(*e.subquery) + "))";
    case ExprKind::kBetween:
      return "(" + Dump(*e.args[0]) + " " + Not(e) + "BETWEEN " + Dump(*e.args[1]) + " AND " +
             Dump(*e.args[2]) + ")";
    case ExprKind::kLike:
      return "(" + Dump(*e.args[0]) + " " + Not(e) + (e.case_insensitive ? "ILIKE " : "LIKE ") +
             Dump(*e.args[1]) + (e.args.size() > 2 ? " ESCAPE " + Dump(*e.args[2]) : "") + ")";
    case ExprKind::kSimilarTo:
      return "(" + Dump(*e.args[0]) + " " + Not(e) + "SIMILAR TO " + Dump(*e.args[1]) + ")";
    case ExprKind::kIsNull:
      return "(" + Dump(*e.args[0]) + " IS " + Not(e) + "NULL)";
    case ExprKind::kIsBool:
      return "(" + Dump(*e.args[0]) + " IS " + Not(e) + e.is_value + ")";
    case ExprKind::kIsDistinct:
      return "(" + Dump(*e.args[0]) + " IS " + Not(e) + "DISTINCT FROM " + Dump(*e.args[1]) + ")";
    case ExprKind::kInterval:
      return "INTERVAL '" + e.text + "'" + (e.interval_unit.empty() ? "" : " " + e.interval_unit);
    case ExprKind::kTypedLiteral:
      return DumpType(e.cast_type) + " '" + e.text + "'";
    case ExprKind::kExtract:
      return "EXTRACT(" + e.text + " FROM " + Dump(*e.args[0]) + ")";
    case ExprKind::kPosition:
      return "POSITION(" + Dump(*e.args[0]) + " IN " + Dump(*e.args[1]) + ")";
    case ExprKind::kTrim:
      return "TRIM(" + e.trim_side + " " + (e.args.size() > 1 ? Dump(*e.args[1]) + " " : "") +
             "FROM " + Dump(*e.args[0]) + ")";
    case ExprKind::kSubstring:
      return "SUBSTRING(" + Dump(*e.args[0]) + " FROM " + Dump(*e.args[1]) +
             (e.args.size() > 2 ? " FOR " + Dump(*e.args[2]) : "") + ")";
    case ExprKind::kDefault:
      return "DEFAULT";
    case ExprKind::kParameter:
      return "$" + e.text;
  }
  return "?";
}

inline std::string Dump(const TableRef& t);

inline std::string DumpAlias(const TableRef& t) {
  std::string out = t.alias.empty() ? "" : " AS " + t.alias;
  if (!t.column_aliases.empty()) out += "(" + Join(t.column_aliases, ", ") + ")";
  return out;
}

inline std::string Dump(const TableRef& t) {
  switch (t.kind) {
    case TableRef::Kind::kBaseTable:
      return Join(t.names, ".") + DumpAlias(t);
    case TableRef::Kind::kSubquery:
      return "(" + Dump(*t.subquery) + ")" + DumpAlias(t);
    case TableRef::Kind::kFunction:
      return Dump(*t.function) + DumpAlias(t);
    case TableRef::Kind::kJoin:
      break;
  }
  static constexpr const char* kJoins[] = {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN",
                                           "CROSS JOIN"};
  std::string out = "(" + Dump(*t.left) + (t.natural ? " NATURAL " : " ") +
                    kJoins[static_cast<int>(t.join_type)] + " " + Dump(*t.right);
  if (t.on) out += " ON " + Dump(*t.on);
  if (!t.using_columns.empty()) out += " USING (" + Join(t.using_columns, ", ") + ")";
  return out + ")" + DumpAlias(t);
}

inline std::string DumpGroupItem(const GroupItem& g) {
  if (g.kind == GroupItem::Kind::kExpr) return Dump(*g.expr);
  if (g.kind == GroupItem::Kind::kEmpty) return "()";
  static constexpr const char* kNames[] = {"", "ROLLUP", "CUBE", "GROUPING SETS"};
  std::vector<std::string> sets;
  for (const auto& set : g.sets) sets.push_back("(" + DumpList(set) + ")");
  return std::string(kNames[static_cast<int>(g.kind)]) + "(" + Join(sets, ", ") + ")";
}

inline std::string Dump(const QueryNode& q) {
  if (q.kind == QueryNode::Kind::kSetOp) {
    static constexpr const char* kOps[] = {"UNION", "INTERSECT", "EXCEPT"};
    return "(" + Dump(*q.left) + " " + kOps[static_cast<int>(q.set_op)] +
           (q.set_all ? " ALL " : " ") + Dump(*q.right) + ")";
  }
  if (q.kind == QueryNode::Kind::kValues) {
    std::vector<std::string> rows;
    for (const auto& row : q.values) rows.push_back("(" + DumpList(row) + ")");
    return "VALUES " + Join(rows, ", ");
  }
  if (q.kind == QueryNode::Kind::kNested) return "(" + Dump(*q.nested) + ")";
  std::string out = "SELECT ";
  if (q.distinct) out += "DISTINCT ";
  if (q.top) out += "TOP " + Dump(*q.top) + " ";
  std::vector<std::string> items;
  for (const SelectItem& item : q.select_list) {
    items.push_back(Dump(*item.expr) + (item.alias.empty() ? "" : " AS " + item.alias));
  }
  out += Join(items, ", ");
  if (!q.from.empty()) {
    std::vector<std::string> from;
    for (const TableRefPtr& t : q.from) from.push_back(Dump(*t));
    out += " FROM " + Join(from, ", ");
  }
  if (q.where) out += " WHERE " + Dump(*q.where);
  if (q.group_by_all) out += " GROUP BY ALL";
  if (!q.group_by.empty()) {
    std::vector<std::string> groups;
    for (const GroupItem& g : q.group_by) groups.push_back(DumpGroupItem(g));
    out += " GROUP BY " + Join(groups, ", ");
  }
  if (q.having) out += " HAVING " + Dump(*q.having);
  if (q.qualify) out += " QUALIFY " + Dump(*q.qualify);
  for (const NamedWindow& w : q.windows) out += " WINDOW " + w.name + " AS " + DumpWindow(*w.spec);
  return out;
}

inline std::string Dump(const SelectStmt& s) {
  std::string out;
  if (!s.with.empty()) {
    std::vector<std::string> ctes;
    for (const CommonTableExpr& cte : s.with) {
      std::string aliases =
          cte.column_aliases.empty() ? "" : "(" + Join(cte.column_aliases, ", ") + ")";
      ctes.push_back(cte.name + aliases + " AS (" + Dump(*cte.query) + ")");
    }
    out += std::string("WITH ") + (s.recursive ? "RECURSIVE " : "") + Join(ctes, ", ") + " ";
  }
  out += Dump(*s.body);
  if (!s.order_by.empty()) out += " ORDER BY " + DumpOrder(s.order_by);
  if (s.limit) out += " LIMIT " + Dump(*s.limit);
  if (s.offset) out += " OFFSET " + Dump(*s.offset);
  return out;
}

}  // namespace martlet::sql::ast_dump
