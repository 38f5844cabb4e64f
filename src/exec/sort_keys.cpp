#include "exec/sort_keys.hpp"

#include <algorithm>
#include <numeric>

#include "functions/vector_cells.hpp"

namespace martlet {

namespace {

// Orders two non-NULL rows of one vector; chosen once per key so that the comparator does
// not switch on the type for every comparison.
using CellOrder = int (*)(const Vector& v, uint32_t a, uint32_t b);

template <typename T>
int CompareTyped(const Vector& v, uint32_t a, uint32_t b) {
  const T* data = CellData<T>(v);
  return CompareValue(data[a], data[b]);
}

CellOrder OrderFor(PhysicalType physical) {
  switch (physical) {
    case PhysicalType::kInt64:
      return CompareTyped<int64_t>;
    case PhysicalType::kInt128:
      return CompareTyped<int128_t>;
    case PhysicalType::kDouble:
      return CompareTyped<double>;
    case PhysicalType::kString:
      return CompareTyped<std::string>;
    case PhysicalType::kInterval:
      return CompareTyped<Interval>;
  }
  return CompareTyped<int64_t>;
}

struct CompiledKey {
  const Vector* vector;
  CellOrder order;
  bool descending;
  bool nulls_first;
  bool may_have_nulls;
};

int CompareCompiled(const std::vector<CompiledKey>& keys, uint32_t a, uint32_t b) {
  for (const CompiledKey& key : keys) {
    if (key.may_have_nulls) {
      bool a_null = key.vector->IsNull(a), b_null = key.vector->IsNull(b);
      if (a_null || b_null) {
        if (a_null && b_null) continue;
        return a_null == key.nulls_first ? -1 : 1;
      }
    }
    int c = key.order(*key.vector, a, b);
    if (c != 0) return key.descending ? -c : c;
  }
  return 0;
}

// NULLs go to one end, in their original order; returns the non-NULL rows.
std::vector<uint32_t> SplitNulls(const Vector& v, std::vector<uint32_t>& nulls) {
  std::vector<uint32_t> valid;
  valid.reserve(v.size());
  for (uint32_t i = 0; i < v.size(); i++) {
    if (v.IsNull(i)) {
      nulls.push_back(i);
    } else {
      valid.push_back(i);
    }
  }
  return valid;
}

// One integer key: sort (key, row) pairs, whose lexicographic order is stable by itself.
// Descending maps x to ~x, which reverses the order of int64 without overflowing.
std::vector<uint32_t> SortByInt64(const Vector& v, const SortKey& key) {
  std::vector<uint32_t> nulls;
  std::vector<uint32_t> valid = SplitNulls(v, nulls);
  std::vector<std::pair<int64_t, uint32_t>> pairs(valid.size());
  const int64_t* data = v.i64();
  for (size_t i = 0; i < valid.size(); i++) {
    int64_t x = data[valid[i]];
    pairs[i] = {key.descending ? ~x : x, valid[i]};
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<uint32_t> out;
  out.reserve(v.size());
  if (key.nulls_first) out.insert(out.end(), nulls.begin(), nulls.end());
  for (const auto& pair : pairs) out.push_back(pair.second);
  if (!key.nulls_first) out.insert(out.end(), nulls.begin(), nulls.end());
  return out;
}

}  // namespace

std::vector<uint32_t> SortRowIndexes(const DataChunk& chunk, const std::vector<SortKey>& keys) {
  if (keys.size() == 1 && chunk.columns[keys[0].column].type().physical() == PhysicalType::kInt64) {
    return SortByInt64(chunk.columns[keys[0].column], keys[0]);
  }
  std::vector<uint32_t> rows(chunk.size());
  std::iota(rows.begin(), rows.end(), 0);
  if (keys.empty()) return rows;
  std::vector<CompiledKey> compiled;
  for (const SortKey& key : keys) {
    const Vector& v = chunk.columns[key.column];
    compiled.push_back(
        {&v, OrderFor(v.type().physical()), key.descending, key.nulls_first, v.AnyNull()});
  }
  std::stable_sort(rows.begin(), rows.end(), [&compiled](uint32_t a, uint32_t b) {
    return CompareCompiled(compiled, a, b) < 0;
  });
  return rows;
}

int CompareRows(const DataChunk& a, size_t row_a, const DataChunk& b, size_t row_b,
                const std::vector<SortKey>& keys) {
  for (const SortKey& key : keys) {
    const Vector& va = a.columns[key.column];
    const Vector& vb = b.columns[key.column];
    bool a_null = va.IsNull(row_a), b_null = vb.IsNull(row_b);
    if (a_null || b_null) {
      if (a_null && b_null) continue;
      return a_null == key.nulls_first ? -1 : 1;
    }
    int c = CompareCells(va, row_a, vb, row_b);
    if (c != 0) return key.descending ? -c : c;
  }
  return 0;
}

}  // namespace martlet
