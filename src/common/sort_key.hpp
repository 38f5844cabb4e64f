// SortKey: one key of an ordering (ORDER BY, window PARTITION BY / ORDER BY), by column.
#pragma once

namespace martlet {

struct SortKey {
  int column = 0;  // index into the chunk's columns
  bool descending = false;
  // Resolved by the caller: PostgreSQL's default is NULLS LAST for ASC, NULLS FIRST for DESC.
  bool nulls_first = false;

  bool operator==(const SortKey&) const = default;
};

}  // namespace martlet
