#include "main/result_data.hpp"
#include "common/value.hpp"
#include "martlet/martlet.hpp"

namespace martlet {

QueryResult::QueryResult() = default;
QueryResult::QueryResult(Status error) : status_(std::move(error)) {}
QueryResult::QueryResult(std::shared_ptr<const ResultData> data, std::string tag)
    : data_(std::move(data)), tag_(std::move(tag)) {}
QueryResult::~QueryResult() = default;
QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;
QueryResult::QueryResult(const QueryResult&) = default;
QueryResult& QueryResult::operator=(const QueryResult&) = default;

bool QueryResult::has_rows() const { return data_ && data_->has_rows; }

const std::vector<std::string>& QueryResult::notices() const {
  static const std::vector<std::string> kNone;
  return data_ ? data_->notices : kNone;
}

size_t QueryResult::column_count() const { return data_ ? data_->names.size() : 0; }

const std::string& QueryResult::column_name(size_t column) const { return data_->names[column]; }

ColumnKind QueryResult::column_kind(size_t column) const {
  switch (data_->types[column].id()) {
    case TypeId::kBoolean: return ColumnKind::kBoolean;
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: return ColumnKind::kInteger;
    case TypeId::kDecimal: return ColumnKind::kDecimal;
    case TypeId::kReal:
    case TypeId::kDouble: return ColumnKind::kFloat;
    case TypeId::kChar:
    case TypeId::kVarchar: return ColumnKind::kText;
    case TypeId::kDate: return ColumnKind::kDate;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return ColumnKind::kTimestamp;
    case TypeId::kInterval: return ColumnKind::kInterval;
    case TypeId::kNull: return ColumnKind::kUnknown;
  }
  return ColumnKind::kUnknown;
}

std::string QueryResult::column_type_name(size_t column) const {
  return data_->types[column].ToString();
}

size_t QueryResult::row_count() const { return data_ ? data_->rows.size() : 0; }

bool QueryResult::is_null(size_t row, size_t column) const {
  return data_->rows.columns[column].IsNull(row);
}

std::string QueryResult::text(size_t row, size_t column) const {
  return data_->rows.columns[column].GetValue(row).ToText();
}

}  // namespace martlet
