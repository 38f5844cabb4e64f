// HyperLogLog: the sketch behind APPROXIMATE COUNT(DISTINCT x).
//
// 2^14 one-byte registers (standard error 1.04 / sqrt(16384) = 0.8%). A sketch starts
// sparse, as the exact sorted set of the hashes it saw, so that the many small groups of a
// GROUP BY cost little memory and count exactly; past kSparseLimit hashes it turns dense.
// The dense estimate is Ertl's improved raw estimator ("New cardinality estimation algorithms
// for HyperLogLog sketches", 2017), which needs neither bias tables nor a switch to linear
// counting to stay unbiased for small and large cardinalities alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace martlet {

class HyperLogLog {
 public:
  static constexpr int kPrecision = 14;
  static constexpr size_t kRegisterCount = size_t{1} << kPrecision;
  static constexpr size_t kSparseLimit = 1024;

  // `hash` must be a well-mixed 64-bit hash (cell_hash.hpp).
  void Add(uint64_t hash);
  void Merge(const HyperLogLog& other);
  double Estimate() const;

 private:
  void AddToRegisters(uint64_t hash);
  void MakeDense();

  std::vector<uint64_t> sparse_;    // sorted, distinct; used while registers_ is empty
  std::vector<uint8_t> registers_;  // kRegisterCount entries once dense
};

}  // namespace martlet
