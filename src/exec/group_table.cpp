#include "exec/group_table.hpp"

#include <cstring>

#include "common/hash.hpp"

namespace martlet {

static inline uint64_t HashInt(int64_t key) { return Mix64(static_cast<uint64_t>(key)); }

// One BIGINT-like key (most joins and many GROUP BYs): compared directly, without the per-key
// type switch.
static bool OneIntegerKey(const std::vector<const Vector*>& keys) {
  return keys.size() == 1 && keys[0]->type().physical() == PhysicalType::kInt64;
}

GroupTable::GroupTable(std::vector<LogicalType> key_types) : key_types_(std::move(key_types)) {
  inline_keys_ = !key_types_.empty();
  for (const auto& type : key_types_) inline_keys_ = inline_keys_ && type.physical() != PhysicalType::kInterval;
  key_values_.Initialize(key_types_);
  if (inline_keys_) {
    slots_.assign(1024, Slot{});
    mask_ = 1023;
  }
  bool all_strings = !key_types_.empty() && key_types_.size() <= 4;
  for (const auto& type : key_types_) all_strings = all_strings && type.physical() == PhysicalType::kString;
  if (all_strings) {
    packed_width_ = 8 / key_types_.size();
    packed_ = true;
  }
}

bool GroupTable::PackRow(const std::vector<const Vector*>& keys, size_t row, uint64_t* packed) const {
  uint64_t value = 0;
  for (size_t k = 0; k < keys.size(); k++) {
    if (keys[k]->IsNull(row)) return false;
    const std::string& s = keys[k]->str()[row];
    if (s.size() >= packed_width_) return false;
    uint64_t key = s.size();
    for (size_t i = 0; i < s.size(); i++) key |= uint64_t{static_cast<unsigned char>(s[i])} << (8 * (i + 1));
    value |= key << (8 * packed_width_ * k);
  }
  *packed = value;
  return true;
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

static inline uint64_t HashBytes(const char* data, size_t length) {
  // FNV-1a over 8-byte words, then mixed: keys are short (codes, names, flags).
  uint64_t h = 0xcbf29ce484222325ULL ^ length;
  size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    h = (h ^ word) * 0x100000001b3ULL;
  }
  // The last bytes, read one by one: a memcpy of a variable length is a library call.
  uint64_t tail = 0;
  for (size_t k = 0; i + k < length; k++) tail |= uint64_t{static_cast<unsigned char>(data[i + k])} << (8 * k);
  h = (h ^ tail) * 0x100000001b3ULL;
  return HashInt(static_cast<int64_t>(h));
}

static inline uint64_t HashKey(const Vector& key, size_t row) {
  switch (key.type().physical()) {
    case PhysicalType::kInt64: return HashInt(key.i64()[row]);
    case PhysicalType::kInt128: {
      int128_t v = key.i128()[row];
      return HashInt(static_cast<int64_t>(v) ^ static_cast<int64_t>(HashInt(static_cast<int64_t>(v >> 64))));
    }
    case PhysicalType::kDouble: {
      double d = key.f64()[row];
      if (d == 0) d = 0;  // -0.0 groups with 0.0
      int64_t bits;
      std::memcpy(&bits, &d, 8);
      return HashInt(bits);
    }
    case PhysicalType::kString: {
      const std::string& s = key.str()[row];
      return HashBytes(s.data(), s.size());
    }
    case PhysicalType::kInterval: break;
  }
  return 0;
}

// One-character keys (flags such as TPC-H's l_returnflag) are compared without a call to
// memcmp.
static inline bool SameString(const std::string& a, const std::string& b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n <= 1) return n == 0 || a[0] == b[0];
  return std::memcmp(a.data(), b.data(), n) == 0;
}

static inline bool SameKey(const Vector& stored, size_t group, const Vector& key, size_t row) {
  switch (key.type().physical()) {
    case PhysicalType::kInt64: return stored.i64()[group] == key.i64()[row];
    case PhysicalType::kInt128: return stored.i128()[group] == key.i128()[row];
    case PhysicalType::kDouble: {
      double a = stored.f64()[group], b = key.f64()[row];
      return a == b || (a != a && b != b);  // NaN groups with NaN
    }
    case PhysicalType::kString: return SameString(stored.str()[group], key.str()[row]);
    case PhysicalType::kInterval: break;
  }
  return false;
}

// Hashes every row's keys column by column, so that the type is looked at once per column
// rather than once per row and key.
template <typename HashOne>
static void HashColumn(size_t count, bool first, uint64_t* hashes, HashOne hash_one) {
  if (first) {
    for (size_t i = 0; i < count; i++) hashes[i] = hash_one(i);
    return;
  }
  for (size_t i = 0; i < count; i++) {
    hashes[i] = HashInt(static_cast<int64_t>(hashes[i] ^ hash_one(i)) + 0x9e3779b9);
  }
}

// Hashes rows [begin, begin + count) of `keys` into hashes[0, count).
static void HashRows(const std::vector<const Vector*>& keys, size_t begin, size_t count, uint64_t* hashes) {
  for (size_t k = 0; k < keys.size(); k++) {
    const Vector& key = *keys[k];
    bool first = k == 0;
    switch (key.type().physical()) {
      case PhysicalType::kInt64: {
        const int64_t* values = key.i64() + begin;
        HashColumn(count, first, hashes, [&](size_t i) { return HashInt(values[i]); });
        break;
      }
      case PhysicalType::kString: {
        const std::string* values = key.str() + begin;
        HashColumn(count, first, hashes, [&](size_t i) { return HashBytes(values[i].data(), values[i].size()); });
        break;
      }
      default:
        HashColumn(count, first, hashes, [&](size_t i) { return HashKey(key, begin + i); });
        break;
    }
  }
}

bool GroupTable::SameKeys(const std::vector<const Vector*>& keys, size_t row, uint32_t group) const {
  for (size_t k = 0; k < keys.size(); k++) {
    const Vector& stored = key_values_.columns[k];
    if (stored.IsNull(group) || !SameKey(stored, group, *keys[k], row)) return false;
  }
  return true;
}

// Large tables grow four times over: rehashing, a cache miss per group, then happens half as
// often.
void GroupTable::Grow() { Rehash(slots_.size() * (slots_.size() >= (size_t{1} << 16) ? 4 : 2)); }

void GroupTable::Reserve(size_t groups) {
  if (!inline_keys_) return;
  size_t capacity = slots_.size();
  while (capacity < groups * 2) capacity *= 2;
  if (capacity > slots_.size()) Rehash(capacity);
}

void GroupTable::Rehash(size_t capacity) {
  std::vector<Slot> old_slots = std::move(slots_);
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  for (const Slot& old : old_slots) {
    if (old.group == kNoGroup) continue;
    uint64_t slot = old.hash & mask_;
    while (slots_[slot].group != kNoGroup) slot = (slot + 1) & mask_;
    slots_[slot] = old;
  }
}

// Whether group `group` holds the one integer key `key` (a NULL key's group holds 0 too).
bool GroupTable::HoldsInteger(uint32_t group, int64_t key) const {
  const Vector& stored = key_values_.columns[0];
  return stored.i64()[group] == key && !stored.IsNull(group);
}

void GroupTable::FindOrCreatePacked(const std::vector<const Vector*>& keys, size_t count,
                                    uint32_t* group_ids) {
  for (size_t i = 0; i < count; i++) {
    if ((group_count_ + 1) * 2 > slots_.size()) Grow();
    const uint64_t packed = packed_rows_[i];
    const auto hash = static_cast<uint32_t>(HashInt(static_cast<int64_t>(packed)));
    uint64_t slot = hash & mask_;
    while (slots_[slot].group != kNoGroup &&
           (slots_[slot].hash != hash || packed_keys_[slots_[slot].group] != packed)) {
      slot = (slot + 1) & mask_;
    }
    if (slots_[slot].group == kNoGroup) {
      slots_[slot] = Slot{AddGroup(keys, i), hash};
      packed_keys_.push_back(packed);
    }
    group_ids[i] = slots_[slot].group;
  }
}

void GroupTable::LeavePackedMode() {
  packed_ = false;
  packed_keys_.clear();
  std::vector<const Vector*> stored;
  for (const auto& column : key_values_.columns) stored.push_back(&column);
  std::vector<uint64_t> hashes(group_count_);
  HashRows(stored, 0, group_count_, hashes.data());
  slots_.assign(slots_.size(), Slot{});
  for (size_t g = 0; g < group_count_; g++) {
    const auto hash = static_cast<uint32_t>(hashes[g]);
    uint64_t slot = hash & mask_;
    while (slots_[slot].group != kNoGroup) slot = (slot + 1) & mask_;
    slots_[slot] = Slot{static_cast<uint32_t>(g), hash};
  }
}

uint32_t GroupTable::FindOrCreateString(const std::vector<const Vector*>& keys, size_t row) {
  std::string encoded;
  EncodeRowKey(keys, row, encoded);
  auto [it, inserted] = string_groups_.try_emplace(encoded, 0);
  if (inserted) it->second = AddGroup(keys, row);
  return it->second;
}

void GroupTable::FindOrCreate(const std::vector<const Vector*>& keys, size_t count,
                              uint32_t* group_ids) {
  if (!inline_keys_) {
    for (size_t i = 0; i < count; i++) group_ids[i] = FindOrCreateString(keys, i);
    return;
  }
  if (packed_) {
    packed_rows_.resize(count);
    bool all_packed = true;
    for (size_t i = 0; i < count && all_packed; i++) all_packed = PackRow(keys, i, &packed_rows_[i]);
    if (all_packed) {
      FindOrCreatePacked(keys, count, group_ids);
      return;
    }
    LeavePackedMode();
  }
  bool any_null = false;
  for (const Vector* key : keys) any_null = any_null || key->AnyNull();
  const bool one_integer = OneIntegerKey(keys) && !any_null;
  row_hashes_.resize(count);
  HashRows(keys, 0, count, row_hashes_.data());
  for (size_t i = 0; i < count; i++) {
    // Each chunk's slots are fetched before its rows are placed, so that the misses overlap.
    if (i % kChunkSize == 0) {
      for (size_t p = i; p < std::min(count, i + kChunkSize); p++) __builtin_prefetch(&slots_[row_hashes_[p] & mask_]);
    }
    if (any_null) {
      bool null_row = false;
      for (const Vector* key : keys) null_row = null_row || key->IsNull(i);
      if (null_row) {
        // Rows with a NULL key are rare; they are grouped through the string table.
        group_ids[i] = FindOrCreateString(keys, i);
        continue;
      }
    }
    if ((group_count_ + 1) * 2 > slots_.size()) Grow();
    auto hash = static_cast<uint32_t>(row_hashes_[i]);
    uint64_t slot = hash & mask_;
    if (one_integer) {
      const int64_t key = keys[0]->i64()[i];
      while (slots_[slot].group != kNoGroup &&
             (slots_[slot].hash != hash || !HoldsInteger(slots_[slot].group, key))) {
        slot = (slot + 1) & mask_;
      }
    } else {
      while (slots_[slot].group != kNoGroup &&
             (slots_[slot].hash != hash || !SameKeys(keys, i, slots_[slot].group))) {
        slot = (slot + 1) & mask_;
      }
    }
    if (slots_[slot].group == kNoGroup) slots_[slot] = Slot{AddGroup(keys, i), hash};
    group_ids[i] = slots_[slot].group;
  }
}

uint32_t GroupTable::FindRow(const std::vector<const Vector*>& keys, size_t row, uint32_t hash) const {
  for (const Vector* key : keys) {
    if (key->IsNull(row)) return kNoGroup;
  }
  for (uint64_t slot = hash & mask_; slots_[slot].group != kNoGroup; slot = (slot + 1) & mask_) {
    if (slots_[slot].hash == hash && SameKeys(keys, row, slots_[slot].group)) return slots_[slot].group;
  }
  return kNoGroup;
}

void GroupTable::Find(const std::vector<const Vector*>& keys, size_t count,
                      uint32_t* group_ids) const {
  if (!inline_keys_) {
    std::string encoded;
    for (size_t i = 0; i < count; i++) {
      group_ids[i] = kNoGroup;
      if (!EncodeRowKey(keys, i, encoded)) continue;
      auto it = string_groups_.find(encoded);
      if (it != string_groups_.end()) group_ids[i] = it->second;
    }
    return;
  }
  if (packed_) {
    for (size_t i = 0; i < count; i++) {
      uint64_t packed;
      group_ids[i] = kNoGroup;
      if (!PackRow(keys, i, &packed)) continue;  // NULL, or longer than every key held
      const auto hash = static_cast<uint32_t>(HashInt(static_cast<int64_t>(packed)));
      for (uint64_t slot = hash & mask_; slots_[slot].group != kNoGroup; slot = (slot + 1) & mask_) {
        if (slots_[slot].hash == hash && packed_keys_[slots_[slot].group] == packed) {
          group_ids[i] = slots_[slot].group;
          break;
        }
      }
    }
    return;
  }
  // A chunk of rows at a time: hashes first, then a prefetch of every row's first slot, then
  // the probes. The table is usually far bigger than the caches, and this overlaps the misses.
  uint64_t hashes[kChunkSize];
  const bool one_integer = OneIntegerKey(keys) && !keys[0]->AnyNull();
  for (size_t begin = 0; begin < count; begin += kChunkSize) {
    const size_t n = std::min(kChunkSize, count - begin);
    HashRows(keys, begin, n, hashes);
    for (size_t i = 0; i < n; i++) __builtin_prefetch(&slots_[hashes[i] & mask_]);
    if (one_integer) {
      FindIntegers(keys[0]->i64() + begin, n, hashes, group_ids + begin);
      continue;
    }
    for (size_t i = 0; i < n; i++) group_ids[begin + i] = FindRow(keys, begin + i, static_cast<uint32_t>(hashes[i]));
  }
}

void GroupTable::FindIntegers(const int64_t* keys, size_t count, const uint64_t* hashes, uint32_t* group_ids) const {
  for (size_t i = 0; i < count; i++) {
    const auto hash = static_cast<uint32_t>(hashes[i]);
    group_ids[i] = kNoGroup;
    for (uint64_t slot = hash & mask_; slots_[slot].group != kNoGroup; slot = (slot + 1) & mask_) {
      if (slots_[slot].hash == hash && HoldsInteger(slots_[slot].group, keys[i])) {
        group_ids[i] = slots_[slot].group;
        break;
      }
    }
  }
}

}  // namespace martlet
