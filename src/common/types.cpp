#include "common/types.hpp"

namespace martlet {

bool LogicalType::IsNumeric() const {
  return IsInteger() || IsFloat() || id_ == TypeId::kDecimal;
}

bool LogicalType::IsInteger() const {
  return id_ == TypeId::kSmallInt || id_ == TypeId::kInteger || id_ == TypeId::kBigInt;
}

bool LogicalType::IsTemporal() const {
  return id_ == TypeId::kDate || id_ == TypeId::kTimestamp || id_ == TypeId::kTimestampTz;
}

std::string LogicalType::ToString() const {
  switch (id_) {
    case TypeId::kNull: return "unknown";
    case TypeId::kBoolean: return "boolean";
    case TypeId::kSmallInt: return "smallint";
    case TypeId::kInteger: return "integer";
    case TypeId::kBigInt: return "bigint";
    case TypeId::kDecimal:
      return "numeric(" + std::to_string(precision_) + "," + std::to_string(scale_) + ")";
    case TypeId::kReal: return "real";
    case TypeId::kDouble: return "double precision";
    case TypeId::kChar: return "character(" + std::to_string(length_) + ")";
    case TypeId::kVarchar:
      return length_ == kUnboundedLength ? "character varying"
                                         : "character varying(" + std::to_string(length_) + ")";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp without time zone";
    case TypeId::kTimestampTz: return "timestamp with time zone";
    case TypeId::kInterval: return "interval";
  }
  return "unknown";
}

}  // namespace martlet
