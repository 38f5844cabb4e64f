#include "common/value.hpp"

#include "common/date_time.hpp"
#include "common/decimal.hpp"
#include "common/number_format.hpp"

namespace martlet {

std::string Value::ToText() const {
  if (is_null_) return "";
  switch (type_.id()) {
    case TypeId::kNull: return "";
    case TypeId::kBoolean: return i64_ ? "t" : "f";
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: return std::to_string(i64_);
    case TypeId::kDecimal: return FormatDecimal(i128_, type_.scale());
    case TypeId::kReal: return FormatReal(static_cast<float>(f64_));
    case TypeId::kDouble: return FormatDouble(f64_);
    case TypeId::kChar:
    case TypeId::kVarchar: return str_;
    case TypeId::kDate: return FormatDate(i64_);
    case TypeId::kTimestamp: return FormatTimestamp(i64_);
    case TypeId::kTimestampTz: return FormatTimestampTz(i64_);
    case TypeId::kInterval: return FormatInterval(interval_);
  }
  return "";
}

}  // namespace martlet
