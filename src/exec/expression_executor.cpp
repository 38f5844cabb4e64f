#include "exec/expression_executor.hpp"

#include <functional>
#include <optional>

#include "functions/cast.hpp"

namespace martlet {

namespace {

void FillConstant(const Value& value, size_t count, Vector& out) {
  out.Resize(count);
  if (value.is_null()) {
    for (size_t i = 0; i < count; i++) out.SetNull(i);
    return;
  }
  switch (out.type().physical()) {
    case PhysicalType::kInt64: std::fill(out.i64(), out.i64() + count, value.int64()); break;
    case PhysicalType::kInt128: std::fill(out.i128(), out.i128() + count, value.int128()); break;
    case PhysicalType::kDouble: std::fill(out.f64(), out.f64() + count, value.float64()); break;
    case PhysicalType::kString: std::fill(out.str(), out.str() + count, value.str()); break;
    case PhysicalType::kInterval:
      std::fill(out.interval(), out.interval() + count, value.interval());
      break;
  }
}

EvaluatedVector Owned(std::unique_ptr<Vector> vector) {
  EvaluatedVector result;
  result.vector = vector.get();
  result.owned = std::move(vector);
  return result;
}

Result<EvaluatedVector> EvaluateLogic(const BoundExpr& expr, const DataChunk& chunk,
                                      const FunctionContext& context) {
  size_t count = chunk.size();
  auto out = std::make_unique<Vector>(LogicalType(TypeId::kBoolean), count);
  bool is_and = expr.kind == BoundExprKind::kAnd;
  // Start from the neutral element: TRUE for AND, FALSE for OR.
  std::fill(out->i64(), out->i64() + count, is_and ? 1 : 0);
  for (const auto& child : expr.children) {
    ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*child, chunk, context));
    const Vector& v = *value.vector;
    int64_t* r = out->i64();
    uint8_t* rv = out->validity();
    const int64_t* a = v.i64();
    const uint8_t* av = v.validity();
    for (size_t i = 0; i < count; i++) {
      // Three-valued logic: FALSE dominates AND, TRUE dominates OR, otherwise NULL spreads.
      bool decided = rv[i] && r[i] == (is_and ? 0 : 1);
      if (decided) continue;
      if (!av[i]) {
        rv[i] = 0;
      } else if (a[i] == (is_and ? 0 : 1)) {
        r[i] = a[i];
        rv[i] = 1;
      }
    }
  }
  return Owned(std::move(out));
}

Result<EvaluatedVector> EvaluateCase(const BoundExpr& expr, const DataChunk& chunk,
                                     const FunctionContext& context) {
  size_t count = chunk.size();
  auto out = std::make_unique<Vector>(expr.type, count);
  for (size_t i = 0; i < count; i++) out->SetNull(i);
  std::vector<uint32_t> remaining(count);
  for (size_t i = 0; i < count; i++) remaining[i] = static_cast<uint32_t>(i);
  size_t pairs = (expr.children.size() - (expr.has_else ? 1 : 0)) / 2;
  DataChunk subset;
  auto scatter = [&](const BoundExpr& branch, const std::vector<uint32_t>& rows) -> Status {
    if (rows.empty()) return Status::Ok();
    // Evaluate the branch only on its rows, so that e.g. 1/x is not computed where x = 0.
    const DataChunk* input = &chunk;
    if (rows.size() != count) {
      subset.Initialize({});
      subset.columns.clear();
      for (const auto& column : chunk.columns) {
        subset.columns.emplace_back(column.type());
        subset.columns.back().AppendSelected(column, rows.data(), rows.size());
      }
      subset.row_count = rows.size();
      input = &subset;
    }
    ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(branch, *input, context));
    for (size_t i = 0; i < rows.size(); i++) {
      out->SetValue(rows[i], value.vector->GetValue(i));
    }
    return Status::Ok();
  };
  for (size_t p = 0; p < pairs && !remaining.empty(); p++) {
    DataChunk condition_input;
    const DataChunk* input = &chunk;
    if (remaining.size() != count) {
      for (const auto& column : chunk.columns) {
        condition_input.columns.emplace_back(column.type());
        condition_input.columns.back().AppendSelected(column, remaining.data(), remaining.size());
      }
      condition_input.row_count = remaining.size();
      input = &condition_input;
    }
    ASSIGN_OR_RETURN(EvaluatedVector condition, Evaluate(*expr.children[2 * p], *input, context));
    std::vector<uint32_t> taken, rest;
    for (size_t i = 0; i < remaining.size(); i++) {
      bool is_true = !condition.vector->IsNull(i) && condition.vector->i64()[i] != 0;
      (is_true ? taken : rest).push_back(remaining[i]);
    }
    RETURN_IF_ERROR(scatter(*expr.children[2 * p + 1], taken));
    remaining = std::move(rest);
  }
  if (expr.has_else) RETURN_IF_ERROR(scatter(*expr.children.back(), remaining));
  return Owned(std::move(out));
}

// `constant_items`: every item is one row, the same for all rows (a list of constants).
template <typename T, typename Get>
void InListLoop(const Vector& value, const std::vector<EvaluatedVector>& items, bool constant_items,
                size_t count, Vector& out, Get get) {
  int64_t* r = out.i64();
  for (size_t i = 0; i < count; i++) {
    if (value.IsNull(i)) {
      out.SetNull(i);
      continue;
    }
    const T& x = get(value, i);
    const size_t row = constant_items ? 0 : i;
    bool found = false, saw_null = false;
    for (const auto& item : items) {
      if (item.vector->IsNull(row)) {
        saw_null = true;
      } else if (get(*item.vector, row) == x) {
        found = true;
        break;
      }
    }
    r[i] = found ? 1 : 0;
    if (!found && saw_null) out.SetNull(i);
  }
}

Result<EvaluatedVector> EvaluateInList(const BoundExpr& expr, const DataChunk& chunk,
                                       const FunctionContext& context) {
  size_t count = chunk.size();
  ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*expr.children[0], chunk, context));
  // A list of constants is compared as one value each, not as a vector of copies per row.
  bool constant_items = true;
  for (size_t c = 1; c < expr.children.size(); c++) {
    constant_items = constant_items && expr.children[c]->kind == BoundExprKind::kConstant;
  }
  std::vector<EvaluatedVector> items;
  for (size_t c = 1; c < expr.children.size(); c++) {
    if (constant_items) {
      auto item = std::make_unique<Vector>(expr.children[c]->type);
      FillConstant(expr.children[c]->value, 1, *item);
      items.push_back(Owned(std::move(item)));
      continue;
    }
    ASSIGN_OR_RETURN(EvaluatedVector item, Evaluate(*expr.children[c], chunk, context));
    items.push_back(std::move(item));
  }
  auto out = std::make_unique<Vector>(LogicalType(TypeId::kBoolean), count);
  const Vector& v = *value.vector;
  switch (v.type().physical()) {
    case PhysicalType::kInt64:
      InListLoop<int64_t>(v, items, constant_items, count, *out, [](const Vector& x, size_t i) -> const int64_t& { return x.i64()[i]; });
      break;
    case PhysicalType::kInt128:
      InListLoop<int128_t>(v, items, constant_items, count, *out, [](const Vector& x, size_t i) -> const int128_t& { return x.i128()[i]; });
      break;
    case PhysicalType::kDouble:
      InListLoop<double>(v, items, constant_items, count, *out, [](const Vector& x, size_t i) -> const double& { return x.f64()[i]; });
      break;
    case PhysicalType::kString:
      InListLoop<std::string>(v, items, constant_items, count, *out, [](const Vector& x, size_t i) -> const std::string& { return x.str()[i]; });
      break;
    case PhysicalType::kInterval:
      InListLoop<Interval>(v, items, constant_items, count, *out, [](const Vector& x, size_t i) -> const Interval& { return x.interval()[i]; });
      break;
  }
  return Owned(std::move(out));
}

}  // namespace

Result<EvaluatedVector> Evaluate(const BoundExpr& expr, const DataChunk& chunk,
                                 const FunctionContext& context) {
  size_t count = chunk.size();
  switch (expr.kind) {
    case BoundExprKind::kColumn: {
      EvaluatedVector result;
      result.vector = &chunk.columns[expr.column_index];
      return result;
    }
    case BoundExprKind::kConstant: {
      auto out = std::make_unique<Vector>(expr.type);
      FillConstant(expr.value, count, *out);
      return Owned(std::move(out));
    }
    case BoundExprKind::kFunction: {
      std::vector<EvaluatedVector> args;
      std::vector<const Vector*> pointers;
      args.reserve(expr.children.size());
      for (const auto& child : expr.children) {
        ASSIGN_OR_RETURN(EvaluatedVector arg, Evaluate(*child, chunk, context));
        pointers.push_back(arg.vector);
        args.push_back(std::move(arg));
      }
      auto out = std::make_unique<Vector>(expr.type, count);
      Status status = expr.function.kernel(pointers, count, *out, context);
      if (!status.ok()) return status.WithPosition(expr.position);
      return Owned(std::move(out));
    }
    case BoundExprKind::kCast: {
      ASSIGN_OR_RETURN(EvaluatedVector input, Evaluate(*expr.children[0], chunk, context));
      auto out = std::make_unique<Vector>(expr.type, count);
      Status status = CastVector(*input.vector, *out, count);
      if (!status.ok()) return status.WithPosition(expr.position);
      return Owned(std::move(out));
    }
    case BoundExprKind::kAnd:
    case BoundExprKind::kOr: return EvaluateLogic(expr, chunk, context);
    case BoundExprKind::kNot: {
      ASSIGN_OR_RETURN(EvaluatedVector input, Evaluate(*expr.children[0], chunk, context));
      auto out = std::make_unique<Vector>(LogicalType(TypeId::kBoolean), count);
      const int64_t* a = input.vector->i64();
      for (size_t i = 0; i < count; i++) {
        out->i64()[i] = a[i] ? 0 : 1;
        out->validity()[i] = input.vector->validity()[i];
      }
      return Owned(std::move(out));
    }
    case BoundExprKind::kIsNull:
    case BoundExprKind::kIsNotNull: {
      ASSIGN_OR_RETURN(EvaluatedVector input, Evaluate(*expr.children[0], chunk, context));
      auto out = std::make_unique<Vector>(LogicalType(TypeId::kBoolean), count);
      bool want_null = expr.kind == BoundExprKind::kIsNull;
      for (size_t i = 0; i < count; i++) out->i64()[i] = input.vector->IsNull(i) == want_null;
      return Owned(std::move(out));
    }
    case BoundExprKind::kCase: return EvaluateCase(expr, chunk, context);
    case BoundExprKind::kInList: return EvaluateInList(expr, chunk, context);
    case BoundExprKind::kOuterColumn:
    case BoundExprKind::kSubquery:
    case BoundExprKind::kAggregateRef:
    case BoundExprKind::kWindowRef:
      return Status(StatusCode::kInternal,
                    "expression " + expr.ToString() + " reached the executor unplanned",
                    expr.position);
  }
  return Status(StatusCode::kInternal, "unknown expression kind");
}

Status EvaluateInto(const BoundExpr& expr, const DataChunk& chunk, const FunctionContext& context,
                    Vector& out) {
  ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(expr, chunk, context));
  if (value.owned) {
    out = std::move(*value.owned);
  } else {
    out = *value.vector;
  }
  return Status::Ok();
}

namespace {

void FlattenConjunction(const BoundExpr& expr, std::vector<const BoundExpr*>& out) {
  if (expr.kind == BoundExprKind::kAnd) {
    for (const auto& child : expr.children) FlattenConjunction(*child, out);
  } else {
    out.push_back(&expr);
  }
}

// Keeps the entries of `rows` (positions in the evaluated input) whose value is TRUE;
// `positions` maps the input's rows to the chunk's (null: the identity).
Status KeepTrueRows(const EvaluatedVector& value, size_t count, const uint32_t* positions,
                    std::vector<uint32_t>& selection) {
  const int64_t* data = value.vector->i64();
  const uint8_t* valid = value.vector->validity();
  std::vector<uint32_t> kept(count);
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    kept[n] = positions ? positions[i] : static_cast<uint32_t>(i);
    n += (valid[i] & (data[i] != 0)) ? 1 : 0;
  }
  kept.resize(n);
  selection = std::move(kept);
  return Status::Ok();
}

// A term `a op b` where a and b are each a column or a constant of one type, stored as int64
// (integers, dates, timestamps) with any comparison, or VARCHAR with = and <> (CHAR, which
// ignores trailing blanks, goes through its kernel): it is compared in place, without vectors
// of the constant or copies of the rows.
struct DirectComparison {
  enum class Op { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual } op;
  const BoundExpr* left;
  const BoundExpr* right;
};

std::optional<DirectComparison> AsDirectComparison(const BoundExpr& term) {
  using Op = DirectComparison::Op;
  if (term.kind != BoundExprKind::kFunction || term.children.size() != 2) return std::nullopt;
  const BoundExpr& a = *term.children[0];
  const BoundExpr& b = *term.children[1];
  auto operand = [](const BoundExpr& e) {
    return e.kind == BoundExprKind::kColumn || (e.kind == BoundExprKind::kConstant && !e.value.is_null());
  };
  if (!operand(a) || !operand(b) || !(a.type == b.type)) return std::nullopt;
  if (a.kind == BoundExprKind::kConstant && b.kind == BoundExprKind::kConstant) return std::nullopt;
  static const std::pair<const char*, Op> kOps[] = {{"=", Op::kEqual},     {"<>", Op::kNotEqual},
                                                    {"<", Op::kLess},      {"<=", Op::kLessEqual},
                                                    {">", Op::kGreater},   {">=", Op::kGreaterEqual}};
  for (const auto& [name, op] : kOps) {
    if (term.name != name) continue;
    PhysicalType physical = a.type.physical();
    bool equality = op == Op::kEqual || op == Op::kNotEqual;
    if (physical == PhysicalType::kInt64 || (a.type.id() == TypeId::kVarchar && equality)) {
      return DirectComparison{op, &a, &b};
    }
  }
  return std::nullopt;
}

template <DirectComparison::Op kOp, typename T>
bool Compare(const T& x, const T& y) {
  using Op = DirectComparison::Op;
  if constexpr (kOp == Op::kEqual) return x == y;
  if constexpr (kOp == Op::kNotEqual) return x != y;
  if constexpr (kOp == Op::kLess) return x < y;
  if constexpr (kOp == Op::kLessEqual) return x <= y;
  if constexpr (kOp == Op::kGreater) return x > y;
  return x >= y;
}

// One side of a comparison: a column's values and validity, or a constant.
template <typename T>
struct Operand {
  const T* values = nullptr;  // null: the constant
  const uint8_t* valid = nullptr;
  T constant{};
  const T& At(uint32_t row) const { return values ? values[row] : constant; }
  bool Valid(uint32_t row) const { return !valid || valid[row]; }
};

// Keeps the rows among `rows` (chunk rows; null: all `count` rows) where the comparison holds,
// without a branch per row.
template <DirectComparison::Op kOp, typename T>
void SelectCompared(const Operand<T>& left, const Operand<T>& right, const uint32_t* rows, size_t count,
                    std::vector<uint32_t>& selection) {
  std::vector<uint32_t> kept(count);
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    const uint32_t row = rows ? rows[i] : static_cast<uint32_t>(i);
    kept[n] = row;
    n += left.Valid(row) & right.Valid(row) & Compare<kOp>(left.At(row), right.At(row));
  }
  kept.resize(n);
  selection = std::move(kept);
}

template <typename T>
void SelectComparedBy(DirectComparison::Op op, const Operand<T>& left, const Operand<T>& right,
                      const uint32_t* rows, size_t count, std::vector<uint32_t>& selection) {
  using Op = DirectComparison::Op;
  switch (op) {
    case Op::kEqual: return SelectCompared<Op::kEqual>(left, right, rows, count, selection);
    case Op::kNotEqual: return SelectCompared<Op::kNotEqual>(left, right, rows, count, selection);
    case Op::kLess: return SelectCompared<Op::kLess>(left, right, rows, count, selection);
    case Op::kLessEqual: return SelectCompared<Op::kLessEqual>(left, right, rows, count, selection);
    case Op::kGreater: return SelectCompared<Op::kGreater>(left, right, rows, count, selection);
    case Op::kGreaterEqual: return SelectCompared<Op::kGreaterEqual>(left, right, rows, count, selection);
  }
}

void SelectDirect(const DirectComparison& c, const DataChunk& chunk, const uint32_t* rows, size_t count,
                  std::vector<uint32_t>& selection) {
  auto operand = [&](const BoundExpr& e, auto& side, auto values, auto constant) {
    if (e.kind == BoundExprKind::kConstant) {
      side.constant = constant(e.value);
      return;
    }
    side.values = values(chunk.columns[e.column_index]);
    side.valid = chunk.columns[e.column_index].validity();
  };
  if (c.left->type.physical() == PhysicalType::kInt64) {
    auto values = [](const Vector& v) { return v.i64(); };
    auto constant = [](const Value& v) { return v.int64(); };
    Operand<int64_t> left, right;
    operand(*c.left, left, values, constant);
    operand(*c.right, right, values, constant);
    SelectComparedBy(c.op, left, right, rows, count, selection);
  } else {
    auto values = [](const Vector& v) { return v.str(); };
    auto constant = [](const Value& v) { return v.str(); };
    Operand<std::string> left, right;
    operand(*c.left, left, values, constant);
    operand(*c.right, right, values, constant);
    SelectComparedBy(c.op, left, right, rows, count, selection);
  }
}

}  // namespace

Status SelectRows(const BoundExpr& predicate, const DataChunk& chunk,
                  const FunctionContext& context, std::vector<uint32_t>& selection) {
  selection.resize(chunk.size());
  for (size_t i = 0; i < selection.size(); i++) selection[i] = static_cast<uint32_t>(i);
  return RefineRows(predicate, chunk, context, selection);
}

// A conjunction is evaluated term by term, each term only on the rows the terms before it
// kept (over a chunk holding just the columns it reads): a selective first term makes the
// others nearly free. For a filter, NULL and FALSE both drop the row, so this is exact.
Status RefineRows(const BoundExpr& predicate, const DataChunk& chunk,
                  const FunctionContext& context, std::vector<uint32_t>& selection) {
  std::vector<const BoundExpr*> terms;
  FlattenConjunction(predicate, terms);
  DataChunk subset;
  for (size_t t = 0; t < terms.size() && !selection.empty(); t++) {
    // Distinct rows in order: as many as the chunk has means all of them.
    const bool all_rows = selection.size() == chunk.size();
    if (std::optional<DirectComparison> direct = AsDirectComparison(*terms[t])) {
      const std::vector<uint32_t> rows = all_rows ? std::vector<uint32_t>() : selection;
      SelectDirect(*direct, chunk, all_rows ? nullptr : rows.data(), selection.size(), selection);
      continue;
    }
    if (all_rows) {
      ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*terms[t], chunk, context));
      RETURN_IF_ERROR(KeepTrueRows(value, chunk.size(), nullptr, selection));
      continue;
    }
    // The term reads its columns from a chunk of just those columns, renumbered.
    subset.columns.clear();
    std::vector<int> renumbered(chunk.columns.size(), -1);
    BoundExprPtr term = terms[t]->Copy();
    std::function<void(BoundExpr&)> renumber = [&](BoundExpr& e) {
      if (e.kind == BoundExprKind::kColumn) {
        int& to = renumbered[e.column_index];
        if (to < 0) {
          to = static_cast<int>(subset.columns.size());
          subset.columns.emplace_back(chunk.columns[e.column_index].type());
          subset.columns.back().AppendSelected(chunk.columns[e.column_index], selection.data(), selection.size());
        }
        e.column_index = to;
      }
      for (auto& child : e.children) renumber(*child);
    };
    renumber(*term);
    subset.row_count = selection.size();
    ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(*term, subset, context));
    std::vector<uint32_t> positions = selection;
    RETURN_IF_ERROR(KeepTrueRows(value, positions.size(), positions.data(), selection));
  }
  return Status::Ok();
}

Result<Value> EvaluateConstant(const BoundExpr& expr, const FunctionContext& context) {
  DataChunk one;
  one.row_count = 1;
  ASSIGN_OR_RETURN(EvaluatedVector value, Evaluate(expr, one, context));
  return value.vector->GetValue(0);
}

}  // namespace martlet
