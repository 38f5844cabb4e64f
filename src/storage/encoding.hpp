// Column-block encodings: how the rows of one column in one block are laid out as bytes.
//
// A block holds up to kMaxBlockRows rows of one column. EncodeBlock picks an encoding (or
// takes the one the caller forces), optionally compresses the result with zstd or lz4, and
// returns the bytes together with the block's zone map. DecodeBlock turns the bytes back into
// rows appended to a Vector. The byte format is specified in docs/storage.md, section
// "Column blocks"; in short:
//
//   header  u8 encoding, u8 compression, u8 physical type, u8 flags (bit 0: null bitmap),
//           u32 row_count
//   [u32 body length before compression]          only when compression != kNone
//   body    [null bitmap, ceil(row_count / 8) bytes, bit set = valid]   only when flag bit 0
//           payload of the encoding (see encoding_kernels.hpp and docs/storage.md)
//
// Which encodings apply to which physical type:
//   kRaw, kRunLength, kDictionary     every physical type
//   kFrameOfReference, kDelta         int64; int128 when max - min of the block fits in 64 bits
// A forced encoding that does not apply falls back to the automatic choice; the encoding
// actually used is reported in EncodedBlock::encoding.
//
// Values under NULL rows are not meaningful. The encoder stores the nearest preceding valid
// value there (the first valid value for leading NULLs) so NULLs break no run, widen no range
// and add no dictionary entry; the decoder leaves whatever the encoding yields.
//
// Thread safety: all functions are pure and may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.hpp"
#include "common/vector.hpp"
#include "martlet/status.hpp"
#include "storage/zone_map.hpp"

namespace martlet {

// Largest row count of one block. Decoding refuses larger counts so that a corrupt header
// cannot make it allocate without bound.
inline constexpr size_t kMaxBlockRows = size_t{1} << 20;

enum class Encoding : uint8_t {
  kRaw = 0,               // values as they are in memory (strings: lengths then bytes)
  kRunLength = 1,         // (value, repeat count) runs
  kDictionary = 2,        // distinct values + bit-packed codes
  kFrameOfReference = 3,  // block minimum + bit-packed offsets from it
  kDelta = 4,             // first value + frame-of-reference packed differences
};

enum class Compression : uint8_t {
  kNone = 0,
  kZstd = 1,
  kLz4 = 2,
};

// A caller's wish for a block. An empty field means "choose automatically":
//   encoding     the smallest applicable encoding, by a cheap size estimate.
//   compression  zstd on top of the encoding, kept only when it saves >= 10%.
// A forced compression is kept whenever it makes the block smaller at all.
struct EncodingChoice {
  std::optional<Encoding> encoding;
  std::optional<Compression> compression;
};

struct EncodedBlock {
  std::string bytes;  // header + body, as described above
  ZoneMap zone_map;
  Encoding encoding = Encoding::kRaw;            // the encoding used
  Compression compression = Compression::kNone;  // the compression kept
};

// "raw", "frame_of_reference", "zstd", ... for svv_table_info and ANALYZE COMPRESSION.
std::string_view EncodingName(Encoding encoding);
std::string_view CompressionName(Compression compression);

// True when `encoding` can apply to some column of `type` (DDL validation). FOR and delta on
// DECIMAL may still fall back per block when a block's range exceeds 64 bits.
bool EncodingApplies(Encoding encoding, PhysicalType type);

// Maps a Redshift ENCODE name (case-insensitive) to a choice:
//   raw -> raw, no compression        az64, mostly8/16/32 -> frame of reference
//   bytedict, text255, text32k -> dictionary               delta, delta32k -> delta
//   runlength -> run length           lzo -> automatic + lz4    zstd -> automatic + zstd
//   auto -> automatic
// Anything else is kInvalidInput naming the valid names.
Result<EncodingChoice> EncodingFromRedshiftName(std::string_view name);

// The ENCODE name that keeps what the automatic choice made for `block` (COPY's COMPUPDATE
// fixes a column's encoding from a sample block this way): a block that kept zstd is "zstd"
// (automatic encoding, always zstd); otherwise frame of reference is "az64", dictionary
// "bytedict", delta "delta", run length "runlength" and raw "raw".
std::string_view RedshiftEncodingName(const EncodedBlock& block);

// Encodes rows [offset, offset + count) of `column`. Requires offset + count <= column.size()
// and count <= kMaxBlockRows.
EncodedBlock EncodeBlock(const Vector& column, size_t offset, size_t count,
                         EncodingChoice choice = {});

// Appends the rows of the block in `bytes` to `out`. `type` is the column's type; `out` must
// have the same physical type (otherwise kInternal: a caller bug). Malformed or truncated
// bytes, or a block of another physical type than `type`, give kCorruption. On any error
// `out` is left as it was; the decoder never reads outside `bytes`.
Status DecodeBlock(std::string_view bytes, const LogicalType& type, Vector& out);

// Decodes the rows rows[0, count) of the block in `bytes` (ascending, each below the block's
// row count; null `rows`: every row) into the same positions of `out`, which must already
// hold at least the block's row count. Values and validity of the other positions may be
// overwritten too (delta blocks are decoded whole). Errors as DecodeBlock's; on corruption
// the positions asked for hold unspecified values.
Status DecodeBlockRows(std::string_view bytes, const LogicalType& type, const uint32_t* rows,
                       size_t count, Vector& out);

// Keeps in `selection` (rows of the string block in `bytes`, ascending) only the rows whose
// value is not NULL and passes `keep`, without making a string of any value: a dictionary
// block tests each distinct value once. kCorruption for malformed bytes or a block of
// another type; `selection` is then unspecified.
using StringTest = std::function<bool(std::string_view)>;
Status FilterBlockStrings(std::string_view bytes, std::vector<uint32_t>& selection,
                          const StringTest& keep);

// Filters on a dictionary block's distinct values instead of its rows: `test` gets the
// values (`entries`, of the column's `type`, then one NULL standing for the block's NULL
// rows) and marks in `passes` (sized to match, all 0) those whose rows stay; the rows of
// `selection` (ascending) whose value is unmarked are dropped. Sets `*applied` to false, and
// changes nothing, when the block is not dictionary-encoded. Errors of `test` are returned;
// malformed bytes give kCorruption (`selection` is then unspecified).
using EntryTest = std::function<Status(const Vector& entries, std::vector<uint8_t>& passes)>;
Status FilterBlockByDictionary(std::string_view bytes, const LogicalType& type,
                               std::vector<uint32_t>& selection, const EntryTest& test, bool* applied);

// Reads just the header of a block: its row count, encoding and compression.
struct BlockHeader {
  Encoding encoding = Encoding::kRaw;
  Compression compression = Compression::kNone;
  PhysicalType physical = PhysicalType::kInt64;
  bool has_null_bitmap = false;
  uint32_t row_count = 0;
};
Result<BlockHeader> ReadBlockHeader(std::string_view bytes);

}  // namespace martlet
