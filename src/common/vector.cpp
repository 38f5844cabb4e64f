#include "common/vector.hpp"

#include <algorithm>

#include "common/value.hpp"

namespace martlet {

void Vector::ResizeForOverwrite(size_t size) {
  validity_.resize(size, 1);
  switch (type_.physical()) {
    case PhysicalType::kInt64: i64_.resize(size); break;
    case PhysicalType::kInt128: i128_.resize(size); break;
    case PhysicalType::kDouble: f64_.resize(size); break;
    case PhysicalType::kString: str_.resize(size); break;
    case PhysicalType::kInterval: interval_.resize(size); break;
  }
}

template <typename T>
static void ZeroFrom(NumberArray<T>& values, size_t from) {
  if (from < values.size()) std::fill(values.begin() + static_cast<std::ptrdiff_t>(from), values.end(), T{});
}

void Vector::Resize(size_t size) {
  size_t old_size = validity_.size();
  ResizeForOverwrite(size);
  switch (type_.physical()) {
    case PhysicalType::kInt64: ZeroFrom(i64_, old_size); break;
    case PhysicalType::kInt128: ZeroFrom(i128_, old_size); break;
    case PhysicalType::kDouble: ZeroFrom(f64_, old_size); break;
    case PhysicalType::kString:
    case PhysicalType::kInterval: break;  // value-initialised by resize
  }
}

void Vector::Reserve(size_t capacity) {
  validity_.reserve(capacity);
  switch (type_.physical()) {
    case PhysicalType::kInt64: i64_.reserve(capacity); break;
    case PhysicalType::kInt128: i128_.reserve(capacity); break;
    case PhysicalType::kDouble: f64_.reserve(capacity); break;
    case PhysicalType::kString: str_.reserve(capacity); break;
    case PhysicalType::kInterval: interval_.reserve(capacity); break;
  }
}

bool Vector::AnyNull() const {
  return std::find(validity_.begin(), validity_.end(), 0) != validity_.end();
}

Value Vector::GetValue(size_t row) const {
  if (IsNull(row)) return Value::Null(type_);
  switch (type_.physical()) {
    case PhysicalType::kInt64: return Value::FromInt64(type_, i64_[row]);
    case PhysicalType::kInt128: return Value::FromInt128(type_, i128_[row]);
    case PhysicalType::kDouble: return Value::FromDouble(type_, f64_[row]);
    case PhysicalType::kString: return Value::FromString(type_, str_[row]);
    case PhysicalType::kInterval: return Value::FromInterval(interval_[row]);
  }
  return Value::Null(type_);
}

void Vector::SetValue(size_t row, const Value& value) {
  if (value.is_null()) {
    validity_[row] = 0;
    return;
  }
  validity_[row] = 1;
  switch (type_.physical()) {
    case PhysicalType::kInt64: i64_[row] = value.int64(); break;
    case PhysicalType::kInt128: i128_[row] = value.int128(); break;
    case PhysicalType::kDouble: f64_[row] = value.float64(); break;
    case PhysicalType::kString: str_[row] = value.str(); break;
    case PhysicalType::kInterval: interval_[row] = value.interval(); break;
  }
}

template <typename Array>
static void AppendRangeOf(Array& dst, const Array& src, size_t offset, size_t count) {
  dst.insert(dst.end(), src.begin() + offset, src.begin() + offset + count);
}

void Vector::AppendRange(const Vector& other, size_t offset, size_t count) {
  AppendRangeOf(validity_, other.validity_, offset, count);
  switch (type_.physical()) {
    case PhysicalType::kInt64: AppendRangeOf(i64_, other.i64_, offset, count); break;
    case PhysicalType::kInt128: AppendRangeOf(i128_, other.i128_, offset, count); break;
    case PhysicalType::kDouble: AppendRangeOf(f64_, other.f64_, offset, count); break;
    case PhysicalType::kString: AppendRangeOf(str_, other.str_, offset, count); break;
    case PhysicalType::kInterval: AppendRangeOf(interval_, other.interval_, offset, count); break;
  }
}

void Vector::TakeRange(Vector& other, size_t offset, size_t count) {
  if (type_.physical() != PhysicalType::kString) {
    AppendRange(other, offset, count);
    return;
  }
  AppendRangeOf(validity_, other.validity_, offset, count);
  str_.insert(str_.end(), std::make_move_iterator(other.str_.begin() + offset),
              std::make_move_iterator(other.str_.begin() + offset + count));
}

template <typename Array>
static void AppendSelectedOf(Array& dst, const Array& src, const uint32_t* selection, size_t count) {
  size_t base = dst.size();
  dst.resize(base + count);
  for (size_t i = 0; i < count; i++) dst[base + i] = src[selection[i]];
}

void Vector::AppendSelected(const Vector& other, const uint32_t* selection, size_t count) {
  AppendSelectedOf(validity_, other.validity_, selection, count);
  switch (type_.physical()) {
    case PhysicalType::kInt64: AppendSelectedOf(i64_, other.i64_, selection, count); break;
    case PhysicalType::kInt128: AppendSelectedOf(i128_, other.i128_, selection, count); break;
    case PhysicalType::kDouble: AppendSelectedOf(f64_, other.f64_, selection, count); break;
    case PhysicalType::kString: AppendSelectedOf(str_, other.str_, selection, count); break;
    case PhysicalType::kInterval:
      AppendSelectedOf(interval_, other.interval_, selection, count);
      break;
  }
}

void Vector::TakeSelected(Vector& other, const uint32_t* selection, size_t count) {
  if (type_.physical() != PhysicalType::kString) {
    AppendSelected(other, selection, count);
    return;
  }
  AppendSelectedOf(validity_, other.validity_, selection, count);
  size_t base = str_.size();
  str_.resize(base + count);
  for (size_t i = 0; i < count; i++) str_[base + i] = std::move(other.str_[selection[i]]);
}

void Vector::AppendRow(const Vector& other, size_t row) {
  validity_.push_back(other.validity_[row]);
  switch (type_.physical()) {
    case PhysicalType::kInt64: i64_.push_back(other.i64_[row]); break;
    case PhysicalType::kInt128: i128_.push_back(other.i128_[row]); break;
    case PhysicalType::kDouble: f64_.push_back(other.f64_[row]); break;
    case PhysicalType::kString: str_.push_back(other.str_[row]); break;
    case PhysicalType::kInterval: interval_.push_back(other.interval_[row]); break;
  }
}

template <typename Array>
static void CompactOf(Array& data, const uint32_t* selection, size_t count) {
  for (size_t i = 0; i < count; i++) {
    if (selection[i] != i) data[i] = std::move(data[selection[i]]);
  }
  data.resize(count);
}

void Vector::Compact(const uint32_t* selection, size_t count) {
  CompactOf(validity_, selection, count);
  switch (type_.physical()) {
    case PhysicalType::kInt64: CompactOf(i64_, selection, count); break;
    case PhysicalType::kInt128: CompactOf(i128_, selection, count); break;
    case PhysicalType::kDouble: CompactOf(f64_, selection, count); break;
    case PhysicalType::kString: CompactOf(str_, selection, count); break;
    case PhysicalType::kInterval: CompactOf(interval_, selection, count); break;
  }
}

void DataChunk::Initialize(const std::vector<LogicalType>& types) {
  columns.clear();
  columns.reserve(types.size());
  for (const auto& type : types) columns.emplace_back(type);
  row_count = 0;
}

void DataChunk::Reset() {
  for (auto& column : columns) column.Clear();
  row_count = 0;
}

void DataChunk::SetRowCount(size_t n) {
  row_count = n;
  for (auto& column : columns) column.Resize(n);
}

void DataChunk::AppendRange(const DataChunk& other, size_t offset, size_t count) {
  for (size_t c = 0; c < columns.size(); c++) columns[c].AppendRange(other.columns[c], offset, count);
  row_count += count;
}

void DataChunk::TakeRange(DataChunk& other, size_t offset, size_t count) {
  for (size_t c = 0; c < columns.size(); c++) columns[c].TakeRange(other.columns[c], offset, count);
  row_count += count;
}

void DataChunk::Compact(const uint32_t* selection, size_t count) {
  for (auto& column : columns) column.Compact(selection, count);
  row_count = count;
}

}  // namespace martlet
