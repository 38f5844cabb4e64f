// Row-group files: one immutable file per row group of a table, holding every column of the
// group as encoded column blocks, plus a footer that lets a scan find, check and skip blocks.
//
// File layout (docs/storage.md, "Row-group files", has every byte; integers little-endian):
//
//   header   4 bytes magic "MRG1", u32 format version (1)
//   blocks   the column blocks, column by column; within a column in row order. A column is
//            split into blocks of kRowGroupBlockRows rows (the last one shorter).
//   footer   u32 column_count, u64 row_count, then per column:
//              u8 type id, u8 precision, u8 scale, u32 length   (the column's LogicalType)
//              u32 block_count, then per block:
//                u64 offset, u64 length, u32 row_count, u8 encoding, u8 compression,
//                u32 crc32c of the block's bytes, zone map (zone_map.hpp's serialized form)
//   trailer  u32 footer length, u32 crc32c of the footer, 4 bytes magic "MRG1"
//
// Writing: WriteRowGroupFile creates (or truncates) the file, writes it whole and fsyncs it.
// Making it visible (rename, manifest) is the caller's job. On failure the partial file is
// removed. A writer that wants the columns encoded on several threads calls
// EncodeRowGroupColumn once per column (each call is independent and thread-safe), then
// WriteEncodedRowGroupFile; the bytes are the same as WriteRowGroupFile's.
//
// Reading: RowGroupFile::Open reads and checks the header, trailer and footer once. A block's
// CRC32C is verified before it is first decoded through this RowGroupFile (a database keeps
// its files open in a RowGroupFileCache, so once per process, not once per query). A
// RowGroupFile maps the whole file read-only until destroyed (files never change once written; a file truncated by someone
// else while mapped would fault). Its const methods only read the mapping and may be called
// from several threads at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/types.hpp"
#include "common/vector.hpp"
#include "martlet/status.hpp"
#include "storage/encoding.hpp"
#include "storage/zone_map.hpp"

namespace martlet {

// Rows per column block in a row-group file.
inline constexpr size_t kRowGroupBlockRows = 65536;

// Writes `row_count` rows of `columns` to a new file at `path`. Each column must hold at
// least row_count rows (the first row_count are written). `choices` is empty (automatic for
// every column) or has one entry per column.
Status WriteRowGroupFile(const std::string& path, const std::vector<const Vector*>& columns,
                         size_t row_count, const std::vector<EncodingChoice>& choices);

// One column of a row group, encoded: its type and its blocks in row order.
struct EncodedColumn {
  LogicalType type;
  std::vector<EncodedBlock> blocks;
};

// Encodes rows [first_row, first_row + row_count) of `column` as the blocks of one row-group
// column.
EncodedColumn EncodeRowGroupColumn(const Vector& column, size_t first_row, size_t row_count,
                                   const EncodingChoice& choice);

// Writes a row group of `row_count` rows whose columns are already encoded (each holding
// exactly row_count rows) to a new file at `path`, as WriteRowGroupFile does.
Status WriteEncodedRowGroupFile(const std::string& path, const std::vector<EncodedColumn>& columns,
                                size_t row_count);

// Where one block lives in the file and what the footer knows about it.
struct BlockInfo {
  uint64_t offset = 0;     // from the start of the file
  uint64_t length = 0;     // bytes
  uint64_t first_row = 0;  // row number within the row group of the block's first row
  uint32_t row_count = 0;
  uint32_t crc32c = 0;
  Encoding encoding = Encoding::kRaw;
  Compression compression = Compression::kNone;
  ZoneMap zone_map;
};

class RowGroupFile {
 public:
  // Opens `path` and reads its footer. kIOError when the file cannot be opened or read,
  // kCorruption when it is not a row-group file Martlet wrote (magic, version, lengths,
  // footer checksum, block bounds).
  static Result<RowGroupFile> Open(const std::string& path);

  RowGroupFile(RowGroupFile&& other) noexcept;
  RowGroupFile& operator=(RowGroupFile&& other) noexcept;
  RowGroupFile(const RowGroupFile&) = delete;
  RowGroupFile& operator=(const RowGroupFile&) = delete;
  ~RowGroupFile();

  const std::string& path() const { return path_; }
  uint64_t file_size() const { return file_size_; }
  uint64_t row_count() const { return row_count_; }
  size_t column_count() const { return columns_.size(); }

  // The type the column was written with.
  const LogicalType& column_type(size_t column) const { return columns_[column].type; }
  const std::vector<BlockInfo>& blocks(size_t column) const { return columns_[column].blocks; }
  // Zone maps of the column's blocks, in row order.
  std::vector<ZoneMap> ZoneMaps(size_t column) const;
  // Bytes the column's blocks take in the file (for svv_table_info).
  uint64_t ColumnStoredBytes(size_t column) const;
  // The encoding of the column's first block; kRaw for an empty column. Blocks may differ
  // (the automatic choice is per block); blocks(column) has each one.
  Encoding ColumnEncoding(size_t column) const;

  // Appends all rows of `column` to `out`. `type` must have the stored type's physical type.
  // Every block's checksum is verified; on error `out` is left as it was.
  Status ReadColumn(size_t column, const LogicalType& type, Vector& out) const;
  // Appends the rows of one block (blocks(column)[block]) to `out`.
  Status ReadBlock(size_t column, size_t block, const LogicalType& type, Vector& out) const;
  // Decodes the rows rows[0, count) of one block (ascending; null: every row) into the same
  // positions of `out`, which must already hold at least the block's row count; other
  // positions may be overwritten too (see DecodeBlockRows). The checksum is verified first.
  Status ReadBlockRows(size_t column, size_t block, const LogicalType& type, const uint32_t* rows,
                       size_t count, Vector& out) const;
  // Keeps in `selection` the rows of one block of a string column whose value is not NULL and
  // passes `keep` (see encoding.hpp's FilterBlockStrings). The checksum is verified first.
  Status FilterBlockStrings(size_t column, size_t block, std::vector<uint32_t>& selection,
                            const StringTest& keep) const;
  // Filters the rows of `selection` on a dictionary block's distinct values (see encoding.hpp's
  // FilterBlockByDictionary); `*applied` is false for a block of another encoding. The
  // checksum is verified first.
  Status FilterBlockByDictionary(size_t column, size_t block, const LogicalType& type,
                                 std::vector<uint32_t>& selection, const EntryTest& test, bool* applied) const;

 private:
  struct ColumnInfo {
    LogicalType type;
    std::vector<BlockInfo> blocks;
    size_t first_block = 0;  // the index of blocks[0] in verified_
  };

  RowGroupFile() = default;
  Status ReadFooter();
  Status ParseFooter(std::string_view footer, uint64_t blocks_end);
  // The bytes [offset, offset + length) of the mapped file; callers check the bounds.
  std::string_view Bytes(uint64_t offset, size_t length) const;
  void Unmap();
  Status CheckRead(size_t column, const LogicalType& type) const;
  static std::string Where(size_t column, size_t block);
  Status VerifyChecksum(size_t column, size_t block, std::string_view bytes) const;
  Status CheckBlock(size_t column, size_t block, const LogicalType& type) const;
  Status DecodeChecked(size_t column, size_t block, std::string_view bytes, const LogicalType& type,
                       Vector& out) const;

  std::string path_;
  const char* map_ = nullptr;  // the whole file, read-only
  uint64_t file_size_ = 0;
  uint64_t row_count_ = 0;
  std::vector<ColumnInfo> columns_;
  // Per block of every column: its checksum has been verified. Set by whichever thread
  // verifies it first; two threads may both verify a block, which is harmless.
  mutable std::vector<std::atomic<bool>> verified_;
};

}  // namespace martlet
