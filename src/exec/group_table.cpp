#include "exec/group_table.hpp"

#include <cstring>

namespace martlet {

static inline uint64_t HashInt(int64_t key) {
  uint64_t x = static_cast<uint64_t>(key);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

GroupTable::GroupTable(std::vector<LogicalType> key_types) : key_types_(std::move(key_types)) {
  single_int_ = key_types_.size() == 1 && key_types_[0].physical() == PhysicalType::kInt64;
  key_values_.Initialize(key_types_);
  if (single_int_) {
    slot_keys_.assign(1024, 0);
    slot_groups_.assign(1024, kNoGroup);
    mask_ = 1023;
  }
}

bool EncodeRowKey(const std::vector<const Vector*>& keys, size_t row, std::string& out) {
  out.clear();
  bool any_null = false;
  for (const Vector* key : keys) {
    if (key->IsNull(row)) {
      out.push_back('\0');
      any_null = true;
      continue;
    }
    out.push_back('\1');
    switch (key->type().physical()) {
      case PhysicalType::kInt64: out.append(reinterpret_cast<const char*>(&key->i64()[row]), 8); break;
      case PhysicalType::kInt128: out.append(reinterpret_cast<const char*>(&key->i128()[row]), 16); break;
      case PhysicalType::kDouble: {
        double d = key->f64()[row];
        if (d == 0) d = 0;  // -0.0 groups with 0.0
        out.append(reinterpret_cast<const char*>(&d), 8);
        break;
      }
      case PhysicalType::kString: {
        const std::string& s = key->str()[row];
        uint32_t length = static_cast<uint32_t>(s.size());
        out.append(reinterpret_cast<const char*>(&length), 4);
        out.append(s);
        break;
      }
      case PhysicalType::kInterval:
        out.append(reinterpret_cast<const char*>(&key->interval()[row]), sizeof(Interval));
        break;
    }
  }
  return !any_null;
}

uint32_t GroupTable::AddGroup(const std::vector<const Vector*>& keys, size_t row) {
  for (size_t k = 0; k < keys.size(); k++) key_values_.columns[k].AppendRow(*keys[k], row);
  key_values_.row_count++;
  return static_cast<uint32_t>(group_count_++);
}

void GroupTable::Grow() {
  std::vector<int64_t> old_keys = std::move(slot_keys_);
  std::vector<uint32_t> old_groups = std::move(slot_groups_);
  size_t capacity = old_keys.size() * 2;
  slot_keys_.assign(capacity, 0);
  slot_groups_.assign(capacity, kNoGroup);
  mask_ = capacity - 1;
  for (size_t i = 0; i < old_keys.size(); i++) {
    if (old_groups[i] == kNoGroup) continue;
    uint64_t slot = HashInt(old_keys[i]) & mask_;
    while (slot_groups_[slot] != kNoGroup) slot = (slot + 1) & mask_;
    slot_keys_[slot] = old_keys[i];
    slot_groups_[slot] = old_groups[i];
  }
}

void GroupTable::FindOrCreate(const std::vector<const Vector*>& keys, size_t count,
                              uint32_t* group_ids) {
  if (single_int_) {
    const Vector& key = *keys[0];
    const int64_t* data = key.i64();
    for (size_t i = 0; i < count; i++) {
      if (key.IsNull(i)) {
        if (null_group_ == kNoGroup) null_group_ = AddGroup(keys, i);
        group_ids[i] = null_group_;
        continue;
      }
      if ((group_count_ + 1) * 2 > slot_keys_.size()) Grow();
      uint64_t slot = HashInt(data[i]) & mask_;
      while (slot_groups_[slot] != kNoGroup && slot_keys_[slot] != data[i]) slot = (slot + 1) & mask_;
      if (slot_groups_[slot] == kNoGroup) {
        slot_keys_[slot] = data[i];
        slot_groups_[slot] = AddGroup(keys, i);
      }
      group_ids[i] = slot_groups_[slot];
    }
    return;
  }
  std::string encoded;
  for (size_t i = 0; i < count; i++) {
    EncodeRowKey(keys, i, encoded);
    auto [it, inserted] = string_groups_.try_emplace(encoded, 0);
    if (inserted) it->second = AddGroup(keys, i);
    group_ids[i] = it->second;
  }
}

void GroupTable::Find(const std::vector<const Vector*>& keys, size_t count,
                      uint32_t* group_ids) const {
  if (single_int_) {
    const Vector& key = *keys[0];
    const int64_t* data = key.i64();
    for (size_t i = 0; i < count; i++) {
      group_ids[i] = kNoGroup;
      if (key.IsNull(i)) continue;
      uint64_t slot = HashInt(data[i]) & mask_;
      while (slot_groups_[slot] != kNoGroup) {
        if (slot_keys_[slot] == data[i]) {
          group_ids[i] = slot_groups_[slot];
          break;
        }
        slot = (slot + 1) & mask_;
      }
    }
    return;
  }
  std::string encoded;
  for (size_t i = 0; i < count; i++) {
    group_ids[i] = kNoGroup;
    if (!EncodeRowKey(keys, i, encoded)) continue;
    auto it = string_groups_.find(encoded);
    if (it != string_groups_.end()) group_ids[i] = it->second;
  }
}

}  // namespace martlet
