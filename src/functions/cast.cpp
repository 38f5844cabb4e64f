// Cast rules (which casts exist, which the binder may add on its own, the common type of
// two operands) and the dispatch of CastVector to the family that does the work.
#include "functions/cast.hpp"

#include <algorithm>
#include <cstring>

#include "functions/cast_internal.hpp"

namespace martlet {

Status CannotCast(const LogicalType& from, const LogicalType& to) {
  return Status(StatusCode::kTypeError,
                "cannot cast type " + from.ToString() + " to " + to.ToString());
}

namespace {

bool IsNumberLike(const LogicalType& t) { return t.IsNumeric() || t.id() == TypeId::kBoolean; }

// smallint < integer < bigint < decimal < real < double.
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kSmallInt:
      return 1;
    case TypeId::kInteger:
      return 2;
    case TypeId::kBigInt:
      return 3;
    case TypeId::kDecimal:
      return 4;
    case TypeId::kReal:
      return 5;
    case TypeId::kDouble:
      return 6;
    default:
      return 0;
  }
}

int TemporalRank(TypeId id) {
  switch (id) {
    case TypeId::kDate:
      return 1;
    case TypeId::kTimestamp:
      return 2;
    case TypeId::kTimestampTz:
      return 3;
    default:
      return 0;
  }
}

int IntegerDigitsOf(const LogicalType& t) {
  if (t.id() == TypeId::kDecimal) return t.precision() - t.scale();
  switch (t.id()) {
    case TypeId::kSmallInt:
      return 5;
    case TypeId::kInteger:
      return 10;
    default:
      return 19;
  }
}

int ScaleOf(const LogicalType& t) { return t.id() == TypeId::kDecimal ? t.scale() : 0; }

// Keeps every fractional digit and as many integer digits as 38 leave room for.
LogicalType WidenDecimal(const LogicalType& a, const LogicalType& b) {
  int scale = std::max(ScaleOf(a), ScaleOf(b));
  int integer_digits = std::max(IntegerDigitsOf(a), IntegerDigitsOf(b));
  int precision = std::min(LogicalType::kMaxDecimalPrecision, integer_digits + scale);
  return LogicalType::Decimal(precision, scale);
}

LogicalType CommonString(const LogicalType& a, const LogicalType& b) {
  if (a.id() == TypeId::kChar && b.id() == TypeId::kChar && a.length() == b.length()) return a;
  if (a.length() == LogicalType::kUnboundedLength || b.length() == LogicalType::kUnboundedLength) {
    return LogicalType::Varchar();
  }
  return LogicalType::Varchar(std::max(a.length(), b.length()));
}

Status NotMatched(const LogicalType& a, const LogicalType& b) {
  return Status(StatusCode::kTypeError,
                "types " + a.ToString() + " and " + b.ToString() + " cannot be matched");
}

void CopyData(const Vector& input, Vector& output, size_t count) {
  switch (input.type().physical()) {
    case PhysicalType::kInt64:
      std::copy_n(input.i64(), count, output.i64());
      break;
    case PhysicalType::kInt128:
      std::copy_n(input.i128(), count, output.i128());
      break;
    case PhysicalType::kDouble:
      std::copy_n(input.f64(), count, output.f64());
      break;
    case PhysicalType::kString:
      std::copy_n(input.str(), count, output.str());
      break;
    case PhysicalType::kInterval:
      std::copy_n(input.interval(), count, output.interval());
      break;
  }
}

}  // namespace

bool CanCastImplicitly(const LogicalType& from, const LogicalType& to) {
  if (from.id() == TypeId::kNull) return true;
  if (from.IsString() && to.IsString()) return true;
  int from_rank = NumericRank(from.id()), to_rank = NumericRank(to.id());
  if (from_rank > 0 && to_rank > 0) {
    return from_rank <= to_rank;  // equal ranks: the same type, or decimal -> decimal
  }
  int from_time = TemporalRank(from.id()), to_time = TemporalRank(to.id());
  if (from_time > 0 && to_time > 0) return from_time <= to_time;
  return from.id() == to.id();
}

bool CanCast(const LogicalType& from, const LogicalType& to) {
  if (from.id() == TypeId::kNull || from.id() == to.id()) return true;
  if (to.id() == TypeId::kNull) return false;
  if (from.IsString() || to.IsString()) return true;
  if (IsNumberLike(from) && IsNumberLike(to)) {
    // Like PostgreSQL, BOOLEAN converts to and from the integers only.
    bool has_bool = from.id() == TypeId::kBoolean || to.id() == TypeId::kBoolean;
    return !has_bool || (from.IsInteger() || to.IsInteger());
  }
  return TemporalRank(from.id()) > 0 && TemporalRank(to.id()) > 0;
}

Result<LogicalType> CommonSuperType(const LogicalType& a, const LogicalType& b) {
  if (a.id() == TypeId::kNull && b.id() == TypeId::kNull) return LogicalType::Varchar();
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  if (a.IsString() && b.IsString()) return CommonString(a, b);
  // A string meeting another type is taken to be a literal of that type, as PostgreSQL
  // resolves an untyped literal; a value that does not parse fails when it is cast.
  if (a.IsString()) return b;
  if (b.IsString()) return a;
  int rank_a = NumericRank(a.id()), rank_b = NumericRank(b.id());
  if (rank_a > 0 && rank_b > 0) {
    if (a.IsFloat() || b.IsFloat()) {
      bool both_real = a.id() == TypeId::kReal && b.id() == TypeId::kReal;
      return LogicalType(both_real ? TypeId::kReal : TypeId::kDouble);
    }
    if (a.IsInteger() && b.IsInteger()) return rank_a >= rank_b ? a : b;
    return WidenDecimal(a, b);
  }
  int time_a = TemporalRank(a.id()), time_b = TemporalRank(b.id());
  if (time_a > 0 && time_b > 0) return time_a >= time_b ? a : b;
  if (a.id() == b.id()) return a;
  return NotMatched(a, b);
}

Status CastVector(const Vector& input, Vector& output, size_t count) {
  const LogicalType& from = input.type();
  const LogicalType& to = output.type();
  if (from.id() == TypeId::kNull) {
    std::memset(output.validity(), 0, count);
    return Status::Ok();
  }
  std::memcpy(output.validity(), input.validity(), count);
  if (from == to && !to.IsString()) {
    CopyData(input, output, count);
    return Status::Ok();
  }
  if (to.IsString()) return CastToString(input, output, count);
  if (from.IsString()) return CastFromString(input, output, count);
  if (IsNumberLike(from) && IsNumberLike(to) && CanCast(from, to)) {
    return CastNumeric(input, output, count);
  }
  if (TemporalRank(from.id()) > 0 && TemporalRank(to.id()) > 0) {
    return CastTemporal(input, output, count);
  }
  if (from.id() == TypeId::kInterval && to.id() == TypeId::kInterval) {
    std::copy(input.interval(), input.interval() + count, output.interval());
    return Status::Ok();
  }
  return CannotCast(from, to);
}

Result<Value> CastValue(const Value& value, const LogicalType& target) {
  if (value.is_null()) return Value::Null(target);
  Vector input(value.type(), 1);
  input.SetValue(0, value);
  Vector output(target, 1);
  RETURN_IF_ERROR(CastVector(input, output, 1));
  return output.GetValue(0);
}

}  // namespace martlet
