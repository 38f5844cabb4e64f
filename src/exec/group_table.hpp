// GroupTable: numbers the distinct values of a set of key columns 0, 1, 2, ...
//
// Used by hash aggregation (group ids), DISTINCT and set operations (seen rows) and the
// hash join (the build side's keys). Keys go through an open-addressing table that hashes
// and compares them in place (integers, dates, timestamps, decimals, floats, strings);
// intervals, and rows with a NULL key, are encoded into byte strings instead.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/vector.hpp"

namespace martlet {

class GroupTable {
 public:
  static constexpr uint32_t kNoGroup = UINT32_MAX;

  explicit GroupTable(std::vector<LogicalType> key_types);

  // Gives each of `count` rows its group id, creating groups for keys not seen before. NULLs
  // are equal to each other here (GROUP BY and DISTINCT semantics).
  void FindOrCreate(const std::vector<const Vector*>& keys, size_t count, uint32_t* group_ids);
  // Looks rows up without creating groups: kNoGroup when absent or when a key is NULL
  // (join semantics: NULL matches nothing).
  void Find(const std::vector<const Vector*>& keys, size_t count, uint32_t* group_ids) const;
  // Makes room for `groups` groups at once, so that building a table of a known size (a
  // join's build side) does not grow it step by step.
  void Reserve(size_t groups);

  size_t size() const { return group_count_; }
  // The key values of every group, in group-id order.
  const DataChunk& keys() const { return key_values_; }
  // Moves the key values out (strings without copying them); the table is not used after.
  DataChunk TakeKeys() { return std::move(key_values_); }

 private:
  uint32_t AddGroup(const std::vector<const Vector*>& keys, size_t row);
  void Grow();
  void Rehash(size_t capacity);
  bool SameKeys(const std::vector<const Vector*>& keys, size_t row, uint32_t group) const;
  // The group of row `row` (whose hash is `hash`), or kNoGroup (absent, or a NULL key).
  uint32_t FindRow(const std::vector<const Vector*>& keys, size_t row, uint32_t hash) const;
  bool HoldsInteger(uint32_t group, int64_t key) const;
  // Find for one BIGINT-like key column without NULLs, rows hashed already.
  void FindIntegers(const int64_t* keys, size_t count, const uint64_t* hashes, uint32_t* group_ids) const;
  uint32_t FindOrCreateString(const std::vector<const Vector*>& keys, size_t row);
  // Packs row `row`'s keys into one integer, when every key is a short string (see
  // packed_width_); false for a NULL or a longer string.
  bool PackRow(const std::vector<const Vector*>& keys, size_t row, uint64_t* packed) const;
  void FindOrCreatePacked(const std::vector<const Vector*>& keys, size_t count, uint32_t* group_ids);
  // Hashes every group's keys as the general path does, for good.
  void LeavePackedMode();

  std::vector<LogicalType> key_types_;
  bool inline_keys_ = false;  // every key can be hashed and compared in place
  size_t group_count_ = 0;
  DataChunk key_values_;

  // Integer keys: open addressing, power-of-two capacity; a slot holds the group id and the
  // row's hash (compared first), the keys themselves are in key_values_.
  // One slot per 8 bytes, so that a probe touches one cache line: the group id and the low
  // 32 bits of the row's hash (compared before the keys; the slot index comes from them too).
  struct Slot {
    uint32_t group = kNoGroup;  // kNoGroup = empty
    uint32_t hash = 0;
  };
  std::vector<Slot> slots_;
  std::vector<uint64_t> row_hashes_;  // FindOrCreate's per-chunk scratch
  uint64_t mask_ = 0;

  // Keys that are all short strings (flags and codes, TPC-H Q1's l_returnflag and
  // l_linestatus) are packed into one integer per row, then hashed and compared as that: each
  // key gets packed_width_ bytes, its length and its characters. The table packs while every
  // row it sees packs (packed_keys_: each group's), and hashes the general way from the first
  // row that does not.
  size_t packed_width_ = 0;  // 0: the key types rule packing out
  bool packed_ = false;
  std::vector<uint64_t> packed_keys_;
  std::vector<uint64_t> packed_rows_;  // FindOrCreate's per-chunk scratch

  // Other keys.
  std::unordered_map<std::string, uint32_t> string_groups_;
};

// Encodes row `row` of `keys` into `out` (cleared first); returns false if any key is NULL.
bool EncodeRowKey(const std::vector<const Vector*>& keys, size_t row, std::string& out);

}  // namespace martlet
