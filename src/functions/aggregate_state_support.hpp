// Building blocks for aggregate states that keep one typed value per group.
#pragma once

#include <cstring>
#include <vector>

#include "common/vector.hpp"
#include "functions/vector_cells.hpp"

namespace martlet {

// Calls f(i) for every row i < count of `v` that is not NULL. The all-valid case gets its own
// loop without the branch, which is the common one in a warehouse (NOT NULL fact columns).
template <typename F>
inline void ForEachValid(const Vector& v, size_t count, F&& f) {
  const uint8_t* valid = v.validity();
  if (count == 0) return;
  if (std::memchr(valid, 0, count) == nullptr) {
    for (size_t i = 0; i < count; i++) f(i);
  } else {
    for (size_t i = 0; i < count; i++) {
      if (valid[i]) f(i);
    }
  }
}

// One T per group plus whether the group has seen a value yet (empty groups finalize NULL).
template <typename T>
struct GroupValues {
  std::vector<T> values;
  std::vector<uint8_t> has;

  void Resize(size_t n, const T& initial = T()) {
    values.resize(n, initial);
    has.resize(n, 0);
  }
  // Writes every group into `out`: the value, or NULL for a group that saw none.
  void WriteTo(Vector& out) const {
    T* data = MutableCellData<T>(out);
    for (size_t g = 0; g < values.size(); g++) {
      if (has[g]) {
        data[g] = values[g];
        out.SetValid(g);
      } else {
        out.SetNull(g);
      }
    }
  }
};

}  // namespace martlet
