#include "storage/encoding.hpp"

#include <lz4.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <limits>
#include <memory>

#include "storage/encoding_kernels.hpp"

namespace martlet {
namespace {

using namespace encoding_internal;

constexpr size_t kHeaderBytes = 8;
constexpr uint8_t kFlagNullBitmap = 1;
// Automatic compression is tried only on bodies large enough for it to matter.
constexpr size_t kMinAutoCompressBytes = 64;
constexpr int kZstdLevel = 3;
// A decompressed body larger than this is taken as a corrupt length, not as a huge block.
constexpr size_t kMaxBodyBytes = size_t{1} << 31;

template <typename T>
inline constexpr bool kIsInteger = std::is_same_v<T, int64_t> || std::is_same_v<T, int128_t>;

Status Corrupt(const std::string& what) {
  return Status(StatusCode::kCorruption, "corrupt column block: " + what);
}

std::string_view PhysicalName(PhysicalType type) {
  switch (type) {
    case PhysicalType::kInt64:
      return "int64";
    case PhysicalType::kInt128:
      return "int128";
    case PhysicalType::kDouble:
      return "double";
    case PhysicalType::kString:
      return "string";
    case PhysicalType::kInterval:
      return "interval";
  }
  return "unknown";
}

// ---- nulls -------------------------------------------------------------------------------

void AppendNullBitmap(const uint8_t* validity, size_t n, std::string& out) {
  const size_t start = out.size();
  out.resize(start + (n + 7) / 8, '\0');
  auto* bits = reinterpret_cast<uint8_t*>(out.data() + start);
  for (size_t i = 0; i < n; ++i) bits[i / 8] |= static_cast<uint8_t>((validity[i] != 0) << (i % 8));
}

bool ReadNullBitmap(ByteReader& in, size_t n, uint8_t* validity) {
  const uint8_t* bits = in.current();
  if (!in.Skip((n + 7) / 8)) return false;
  for (size_t i = 0; i < n; ++i) validity[i] = (bits[i / 8] >> (i % 8)) & 1;
  return true;
}

// Copies the values of a block with every NULL row holding the closest preceding valid value
// (the first valid value for leading NULLs), so that NULLs cost nothing in any encoding.
template <typename T, typename Source>
std::vector<T> WithNullsFilled(const Source* values, const uint8_t* validity, size_t n) {
  std::vector<T> filled(n);
  const size_t first_valid = std::find(validity, validity + n, 1) - validity;
  T current = first_valid < n ? T(values[first_valid]) : T{};
  for (size_t i = 0; i < n; ++i) {
    if (validity[i]) current = T(values[i]);
    filled[i] = current;
  }
  return filled;
}

// ---- choosing an encoding ----------------------------------------------------------------

template <typename T>
bool Applies(Encoding encoding, const T* values, size_t n) {
  if (encoding != Encoding::kFrameOfReference && encoding != Encoding::kDelta) return true;
  if constexpr (std::is_same_v<T, int64_t>) {
    return true;
  } else if constexpr (std::is_same_v<T, int128_t>) {
    return Int128RangeFits(values, n);
  } else {
    return false;
  }
}

// Estimates the size of every applicable encoding without encoding, and returns the smallest
// (ties go to the one listed first: raw, FOR, delta, run length, dictionary, cheapest to
// decode first). The dictionary is built for real, under a byte budget so that it stops as
// soon as it cannot win; when it is chosen, `dictionary` is complete and reused.
template <typename T>
Encoding ChooseEncoding(const T* values, size_t n, DictionaryBuilder<T>& dictionary) {
  size_t raw_bytes = 0;
  size_t run_bytes = 0;
  size_t runs = 0;
  uint64_t run_length = 0;
  uint64_t longest = 0;
  for (size_t i = 0; i < n; ++i) {
    raw_bytes += RawValueBytes(values[i]);
    if (i > 0 && SameValue(values[i], values[i - 1])) {
      longest = std::max(longest, ++run_length);
    } else {
      ++runs;
      run_bytes += RawValueBytes(values[i]);
      run_length = 0;
    }
  }
  Encoding best = Encoding::kRaw;
  size_t best_size = raw_bytes;
  auto consider = [&](Encoding encoding, size_t size) {
    if (size < best_size) {
      best = encoding;
      best_size = size;
    }
  };
  if constexpr (kIsInteger<T>) {
    const IntegerRanges ranges = ComputeIntegerRanges(values, n);
    const bool wide = std::is_same_v<T, int128_t>;
    if (ranges.fits) {
      consider(Encoding::kFrameOfReference, FrameOfReferenceSize(n, ranges, wide));
      consider(Encoding::kDelta, DeltaSize(n, ranges, wide));
    }
  }
  consider(Encoding::kRunLength,
           sizeof(uint32_t) + run_bytes + 1 + PackedSize(runs, BitWidth(longest)));
  if (n > 0 && dictionary.Build(values, n, best_size)) {
    consider(Encoding::kDictionary, dictionary.EncodedSize());
  }
  return best;
}

template <typename T>
Encoding EncodeValues(const T* values, size_t n, std::optional<Encoding> forced, std::string& out) {
  DictionaryBuilder<T> dictionary;
  Encoding encoding;
  if (forced && Applies(*forced, values, n)) {
    encoding = *forced;
    if (encoding == Encoding::kDictionary) {
      dictionary.Build(values, n, DictionaryBuilder<T>::kUnlimited);
    }
  } else {
    encoding = ChooseEncoding(values, n, dictionary);
  }
  switch (encoding) {
    case Encoding::kRaw:
      EncodeRaw(values, n, out);
      break;
    case Encoding::kRunLength:
      EncodeRunLength(values, n, out);
      break;
    case Encoding::kDictionary:
      dictionary.Encode(out);
      break;
    case Encoding::kFrameOfReference:
      if constexpr (kIsInteger<T>) EncodeFrameOfReference(values, n, out);
      break;
    case Encoding::kDelta:
      if constexpr (kIsInteger<T>) EncodeDelta(values, n, out);
      break;
  }
  return encoding;
}

template <typename T, typename Source>
Encoding EncodeFrom(const Source* values, const uint8_t* validity, size_t n, bool has_nulls,
                    std::optional<Encoding> forced, std::string& out) {
  if constexpr (std::is_same_v<T, Source>) {
    if (!has_nulls) return EncodeValues<T>(values, n, forced, out);
  }
  // Strings are encoded through views; numerics only copy when NULLs must be filled.
  const std::vector<T> filled =
      has_nulls ? WithNullsFilled<T>(values, validity, n) : std::vector<T>(values, values + n);
  return EncodeValues<T>(filled.data(), n, forced, out);
}

Encoding EncodeColumnValues(const Vector& column, size_t offset, size_t n, bool has_nulls,
                            std::optional<Encoding> forced, std::string& out) {
  const uint8_t* validity = column.validity() + offset;
  switch (column.type().physical()) {
    case PhysicalType::kInt64:
      return EncodeFrom<int64_t>(column.i64() + offset, validity, n, has_nulls, forced, out);
    case PhysicalType::kInt128:
      return EncodeFrom<int128_t>(column.i128() + offset, validity, n, has_nulls, forced, out);
    case PhysicalType::kDouble:
      return EncodeFrom<double>(column.f64() + offset, validity, n, has_nulls, forced, out);
    case PhysicalType::kString:
      return EncodeFrom<std::string_view>(column.str() + offset, validity, n, has_nulls, forced,
                                          out);
    case PhysicalType::kInterval:
      return EncodeFrom<Interval>(column.interval() + offset, validity, n, has_nulls, forced, out);
  }
  return Encoding::kRaw;
}

// ---- compression -------------------------------------------------------------------------

bool Compress(Compression codec, const std::string& body, std::string& out) {
  if (codec == Compression::kZstd) {
    // A context and an output buffer per thread: making them for every block (ZSTD_compress,
    // a zero-filled string of the worst-case size) cost more than compressing small blocks.
    thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(),
                                                                            ZSTD_freeCCtx);
    thread_local std::string buffer;
    const size_t bound = ZSTD_compressBound(body.size());
    if (buffer.size() < bound) buffer.resize(bound);
    const size_t size = ZSTD_compressCCtx(context.get(), buffer.data(), bound, body.data(),
                                          body.size(), kZstdLevel);
    if (ZSTD_isError(size)) return false;
    out.assign(buffer.data(), size);
    return true;
  }
  if (codec == Compression::kLz4 && body.size() <= static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) {
    out.resize(static_cast<size_t>(LZ4_compressBound(static_cast<int>(body.size()))));
    const int size = LZ4_compress_default(body.data(), out.data(), static_cast<int>(body.size()),
                                          static_cast<int>(out.size()));
    if (size <= 0) return false;
    out.resize(static_cast<size_t>(size));
    return true;
  }
  return false;
}

// Compresses `body` into `out` when that pays and returns the compression kept.
Compression MaybeCompress(const std::string& body, std::optional<Compression> requested,
                          std::string& out) {
  if (requested == Compression::kNone) return Compression::kNone;
  const bool automatic = !requested.has_value();
  if (automatic && body.size() < kMinAutoCompressBytes) return Compression::kNone;
  const Compression codec = requested.value_or(Compression::kZstd);
  if (!Compress(codec, body, out)) return Compression::kNone;
  const size_t stored = out.size() + sizeof(uint32_t);  // the body length precedes it
  const size_t limit = automatic ? body.size() - body.size() / 10 : body.size() - 1;
  return stored <= limit ? codec : Compression::kNone;
}

Status Decompress(Compression codec, std::string_view input, std::string& out) {
  ByteReader in(input);
  uint32_t length;
  if (!in.ReadFixed(&length)) return Corrupt("missing decompressed length");
  const char* src = reinterpret_cast<const char*>(in.current());
  const size_t src_size = in.remaining();
  if (length > kMaxBodyBytes) return Corrupt("decompressed length " + std::to_string(length));
  if (codec == Compression::kZstd) {
    if (ZSTD_getFrameContentSize(src, src_size) != length) {
      return Corrupt("zstd frame does not declare the stored length");
    }
    out.resize(length);
    thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(),
                                                                            ZSTD_freeDCtx);
    const size_t size = ZSTD_decompressDCtx(context.get(), out.data(), length, src, src_size);
    if (ZSTD_isError(size) || size != length) return Corrupt("zstd data does not decompress");
    return Status::Ok();
  }
  // lz4 expands at most 255 times; a larger claim is a corrupt length.
  if (src_size > static_cast<size_t>(INT_MAX) || length > src_size * 255 + 16) {
    return Corrupt("lz4 length " + std::to_string(length) + " for " + std::to_string(src_size) +
                   " bytes");
  }
  out.resize(length);
  const int size =
      LZ4_decompress_safe(src, out.data(), static_cast<int>(src_size), static_cast<int>(length));
  if (size < 0 || static_cast<size_t>(size) != length)
    return Corrupt("lz4 data does not decompress");
  return Status::Ok();
}

// ---- decoding ----------------------------------------------------------------------------

template <typename T>
bool DecodeValues(Encoding encoding, ByteReader& in, size_t n, OutputOf<T>* out) {
  switch (encoding) {
    case Encoding::kRaw:
      return DecodeRaw<T>(in, n, out);
    case Encoding::kRunLength:
      return DecodeRunLength<T>(in, n, out);
    case Encoding::kDictionary:
      return DecodeDictionary<T>(in, n, out);
    case Encoding::kFrameOfReference:
      if constexpr (kIsInteger<T>) return DecodeFrameOfReference(in, n, out);
      return false;
    case Encoding::kDelta:
      if constexpr (kIsInteger<T>) return DecodeDelta(in, n, out);
      return false;
  }
  return false;
}

bool DecodeBody(const BlockHeader& header, std::string_view body, Vector& out, size_t first) {
  ByteReader in(body);
  const size_t n = header.row_count;
  if (header.has_null_bitmap && !ReadNullBitmap(in, n, out.validity() + first)) return false;
  bool ok = false;
  switch (header.physical) {
    case PhysicalType::kInt64:
      ok = DecodeValues<int64_t>(header.encoding, in, n, out.i64() + first);
      break;
    case PhysicalType::kInt128:
      ok = DecodeValues<int128_t>(header.encoding, in, n, out.i128() + first);
      break;
    case PhysicalType::kDouble:
      ok = DecodeValues<double>(header.encoding, in, n, out.f64() + first);
      break;
    case PhysicalType::kString:
      ok = DecodeValues<std::string_view>(header.encoding, in, n, out.str() + first);
      break;
    case PhysicalType::kInterval:
      ok = DecodeValues<Interval>(header.encoding, in, n, out.interval() + first);
      break;
  }
  return ok && in.remaining() == 0;
}

// Decodes the rows rows[0, count) to their own positions of out. Delta has no way to reach a
// row but through all before it, so its blocks are decoded whole.
template <typename T>
bool DecodeValueRows(Encoding encoding, ByteReader& in, size_t n, const uint32_t* rows,
                     size_t count, OutputOf<T>* out) {
  switch (encoding) {
    case Encoding::kRaw:
      return DecodeRawRows<T>(in, n, rows, count, out);
    case Encoding::kRunLength:
      return DecodeRunLengthRows<T>(in, n, rows, count, out);
    case Encoding::kDictionary:
      return DecodeDictionaryRows<T>(in, n, rows, count, out);
    case Encoding::kFrameOfReference:
      if constexpr (kIsInteger<T>) return DecodeFrameOfReferenceRows(in, n, rows, count, out);
      return false;
    case Encoding::kDelta:
      if constexpr (kIsInteger<T>) return DecodeDelta(in, n, out);
      return false;
  }
  return false;
}

// Whether a row is not NULL, by the block's null bitmap (null when it has none).
inline bool IsValid(const uint8_t* null_bits, uint32_t row) {
  return !null_bits || ((null_bits[row / 8] >> (row % 8)) & 1);
}

// Reads past a block body's null bitmap, if it has one, leaving `null_bits` pointing at it
// (null when there is none).
bool ReadNullBits(const BlockHeader& header, ByteReader& in, const uint8_t** null_bits) {
  *null_bits = nullptr;
  if (!header.has_null_bitmap) return true;
  *null_bits = in.current();
  return in.Skip((header.row_count + 7) / 8);
}

bool DecodeBodyRows(const BlockHeader& header, std::string_view body, const uint32_t* rows,
                    size_t count, Vector& out) {
  ByteReader in(body);
  const size_t n = header.row_count;
  const uint8_t* null_bits;
  if (!ReadNullBits(header, in, &null_bits)) return false;
  uint8_t* validity = out.validity();
  for (size_t i = 0; i < count; ++i) validity[rows[i]] = IsValid(null_bits, rows[i]);
  bool ok = false;
  switch (header.physical) {
    case PhysicalType::kInt64:
      ok = DecodeValueRows<int64_t>(header.encoding, in, n, rows, count, out.i64());
      break;
    case PhysicalType::kInt128:
      ok = DecodeValueRows<int128_t>(header.encoding, in, n, rows, count, out.i128());
      break;
    case PhysicalType::kDouble:
      ok = DecodeValueRows<double>(header.encoding, in, n, rows, count, out.f64());
      break;
    case PhysicalType::kString:
      ok = DecodeValueRows<std::string_view>(header.encoding, in, n, rows, count, out.str());
      break;
    case PhysicalType::kInterval:
      ok = DecodeValueRows<Interval>(header.encoding, in, n, rows, count, out.interval());
      break;
  }
  return ok && in.remaining() == 0;
}

Status CheckTypes(const BlockHeader& header, const LogicalType& type, const Vector& out) {
  if (header.physical != type.physical()) {
    return Corrupt("block holds " + std::string(PhysicalName(header.physical)) +
                   " values but the column is " + type.ToString());
  }
  if (out.type().physical() != type.physical()) {
    return Status(StatusCode::kInternal, "DecodeBlock: output vector is " + out.type().ToString() +
                                             ", column is " + type.ToString());
  }
  return Status::Ok();
}

// The body of a block, decompressed when it is compressed into a buffer of the calling
// thread's, which stays valid until that thread's next call: a scan decompresses block after
// block, and each block's values are copied out before the next.
Result<std::string_view> BlockBody(const BlockHeader& header, std::string_view bytes) {
  std::string_view body = bytes.substr(kHeaderBytes);
  if (header.compression == Compression::kNone) return body;
  thread_local std::string buffer;
  RETURN_IF_ERROR(Decompress(header.compression, body, buffer));
  return std::string_view(buffer);
}

bool FilterRawStrings(ByteReader& in, size_t n, const uint8_t* null_bits,
                      std::vector<uint32_t>& selection, const StringTest& keep) {
  const uint8_t* lengths;
  size_t total;
  if (!ReadStringLengths(in, n, &lengths, &total)) return false;
  RawStringWalker walker(lengths, reinterpret_cast<const char*>(in.current()));
  size_t kept = 0;
  for (uint32_t row : selection) {
    selection[kept] = row;
    kept += IsValid(null_bits, row) && keep(walker.At(row));
  }
  selection.resize(kept);
  return in.Skip(total);
}

// The rows of `selection` whose code's entry passes; NULL rows stand for entry `null_entry`
// (the last of `passes`). Codes are checked in the row loop: a separate pass over them costs
// half as much again on a filter this cheap.
template <typename T>
bool KeepRowsByCode(const DictionaryPayload<T>& dictionary, size_t n, const uint8_t* null_bits,
                    const std::vector<uint8_t>& passes, std::vector<uint32_t>& selection) {
  const size_t null_entry = passes.size() - 1;
  uint64_t codes[kCodeBatch];
  size_t kept = 0;
  const bool all_rows = selection.size() == n;  // rows 0..n-1: unpacked in bulk
  for (size_t start = 0; start < selection.size(); start += kCodeBatch) {
    const size_t m = std::min(kCodeBatch, selection.size() - start);
    if (all_rows) {
      UnpackBits(dictionary.packed + PackedSize(start, dictionary.width), m, dictionary.width, codes);
    } else {
      UnpackBitsAt(dictionary.packed, n, dictionary.width, selection.data() + start, m, codes);
    }
    for (size_t i = 0; i < m; ++i) {
      if (codes[i] >= null_entry) return false;
      const uint32_t row = selection[start + i];
      selection[kept] = row;
      kept += passes[IsValid(null_bits, row) ? codes[i] : null_entry];
    }
  }
  selection.resize(kept);
  return true;
}

// The test runs once per distinct value; rows are then kept by their code alone.
bool FilterDictionaryStrings(ByteReader& in, size_t n, const uint8_t* null_bits,
                             std::vector<uint32_t>& selection, const StringTest& keep) {
  DictionaryPayload<std::string_view> dictionary;
  if (!ReadDictionary(in, n, dictionary)) return false;
  std::vector<uint8_t> passes(dictionary.entries.size() + 1, 0);  // NULL last: never kept
  for (size_t e = 0; e < dictionary.entries.size(); ++e) passes[e] = keep(dictionary.entries[e]) ? 1 : 0;
  return KeepRowsByCode(dictionary, n, null_bits, passes, selection);
}

// Reads the dictionary of a block of T, has `test` mark its entries (and a NULL after them),
// and keeps the rows of `selection` whose entry is marked.
template <typename T>
Status FilterByEntries(ByteReader& in, size_t n, const uint8_t* null_bits, const LogicalType& type,
                       std::vector<uint32_t>& selection, const EntryTest& test, bool* well_formed) {
  DictionaryPayload<T> dictionary;
  *well_formed = ReadDictionary(in, n, dictionary);
  if (!*well_formed) return Status::Ok();
  const size_t count = dictionary.entries.size();
  Vector entries(type, count + 1);
  for (size_t e = 0; e < count; ++e) {
    if constexpr (kIsString<T>) {
      entries.str()[e] = std::string(dictionary.entries[e]);
    } else if constexpr (std::is_same_v<T, int64_t>) {
      entries.i64()[e] = dictionary.entries[e];
    } else if constexpr (std::is_same_v<T, int128_t>) {
      entries.i128()[e] = dictionary.entries[e];
    } else if constexpr (std::is_same_v<T, double>) {
      entries.f64()[e] = dictionary.entries[e];
    } else {
      entries.interval()[e] = dictionary.entries[e];
    }
  }
  entries.SetNull(count);
  std::vector<uint8_t> passes(count + 1, 0);
  RETURN_IF_ERROR(test(entries, passes));
  *well_formed = KeepRowsByCode(dictionary, n, null_bits, passes, selection);
  return Status::Ok();
}

// As for a dictionary, the test runs once per run.
bool FilterRunLengthStrings(ByteReader& in, size_t n, const uint8_t* null_bits,
                            std::vector<uint32_t>& selection, const StringTest& keep) {
  uint32_t run_count;
  if (!in.ReadFixed(&run_count) || run_count > n) return false;
  std::vector<std::string_view> run_values;
  if (!DecodeRawVector(in, run_count, run_values)) return false;
  std::vector<uint64_t> ends;
  if (!ReadRunEnds(in, n, run_count, ends)) return false;
  std::vector<uint8_t> passes(run_count);
  for (size_t r = 0; r < run_count; ++r) passes[r] = keep(run_values[r]) ? 1 : 0;
  size_t run = 0;
  size_t kept = 0;
  for (uint32_t row : selection) {
    while (ends[run] <= row) ++run;
    selection[kept] = row;
    kept += IsValid(null_bits, row) & passes[run];
  }
  selection.resize(kept);
  return true;
}

Status Malformed(const BlockHeader& header) {
  return Corrupt(std::string(EncodingName(header.encoding)) + " data of " +
                 std::to_string(header.row_count) + " rows is malformed or truncated");
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kRaw:
      return "raw";
    case Encoding::kRunLength:
      return "runlength";
    case Encoding::kDictionary:
      return "dictionary";
    case Encoding::kFrameOfReference:
      return "frame_of_reference";
    case Encoding::kDelta:
      return "delta";
  }
  return "unknown";
}

std::string_view CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kNone:
      return "none";
    case Compression::kZstd:
      return "zstd";
    case Compression::kLz4:
      return "lz4";
  }
  return "unknown";
}

bool EncodingApplies(Encoding encoding, PhysicalType type) {
  if (encoding == Encoding::kFrameOfReference || encoding == Encoding::kDelta) {
    return type == PhysicalType::kInt64 || type == PhysicalType::kInt128;
  }
  return true;
}

Result<EncodingChoice> EncodingFromRedshiftName(std::string_view name) {
  struct Entry {
    std::string_view name;
    EncodingChoice choice;
  };
  const Compression none = Compression::kNone;
  static const std::array<Entry, 14> kEntries = {{
      {"raw", {Encoding::kRaw, none}},
      {"az64", {Encoding::kFrameOfReference, none}},
      {"bytedict", {Encoding::kDictionary, none}},
      {"delta", {Encoding::kDelta, none}},
      {"delta32k", {Encoding::kDelta, none}},
      {"lzo", {std::nullopt, Compression::kLz4}},
      {"mostly8", {Encoding::kFrameOfReference, none}},
      {"mostly16", {Encoding::kFrameOfReference, none}},
      {"mostly32", {Encoding::kFrameOfReference, none}},
      {"runlength", {Encoding::kRunLength, none}},
      {"text255", {Encoding::kDictionary, none}},
      {"text32k", {Encoding::kDictionary, none}},
      {"zstd", {std::nullopt, Compression::kZstd}},
      {"auto", {std::nullopt, std::nullopt}},
  }};
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string valid;
  for (const Entry& entry : kEntries) {
    if (entry.name == lower) return entry.choice;
    valid += valid.empty() ? "" : ", ";
    valid += entry.name;
  }
  return Status(StatusCode::kInvalidInput, "unknown column encoding \"" + std::string(name) +
                                               "\" (valid encodings: " + valid + ")");
}

EncodedBlock EncodeBlock(const Vector& column, size_t offset, size_t count, EncodingChoice choice) {
  EncodedBlock block;
  block.zone_map = ComputeZoneMap(column, offset, count);
  const bool has_nulls = block.zone_map.null_count > 0;
  std::string body;
  if (has_nulls) AppendNullBitmap(column.validity() + offset, count, body);
  block.encoding = EncodeColumnValues(column, offset, count, has_nulls, choice.encoding, body);
  std::string compressed;
  block.compression = MaybeCompress(body, choice.compression, compressed);

  std::string& bytes = block.bytes;
  PutU8(bytes, static_cast<uint8_t>(block.encoding));
  PutU8(bytes, static_cast<uint8_t>(block.compression));
  PutU8(bytes, static_cast<uint8_t>(column.type().physical()));
  PutU8(bytes, has_nulls ? kFlagNullBitmap : 0);
  PutFixed<uint32_t>(bytes, static_cast<uint32_t>(count));
  if (block.compression == Compression::kNone) {
    bytes += body;
  } else {
    PutFixed<uint32_t>(bytes, static_cast<uint32_t>(body.size()));
    bytes += compressed;
  }
  return block;
}

std::string_view RedshiftEncodingName(const EncodedBlock& block) {
  if (block.compression == Compression::kZstd) return "zstd";
  if (block.compression == Compression::kLz4) return "lzo";
  switch (block.encoding) {
    case Encoding::kFrameOfReference:
      return "az64";
    case Encoding::kDictionary:
      return "bytedict";
    case Encoding::kDelta:
      return "delta";
    case Encoding::kRunLength:
      return "runlength";
    case Encoding::kRaw:
      break;
  }
  return "raw";
}

Result<BlockHeader> ReadBlockHeader(std::string_view bytes) {
  ByteReader in(bytes);
  uint8_t encoding = 0, compression = 0, physical = 0, flags = 0;
  BlockHeader header;
  if (!in.ReadFixed(&encoding) || !in.ReadFixed(&compression) || !in.ReadFixed(&physical) ||
      !in.ReadFixed(&flags) || !in.ReadFixed(&header.row_count)) {
    return Corrupt("truncated header (" + std::to_string(bytes.size()) + " bytes)");
  }
  if (encoding > static_cast<uint8_t>(Encoding::kDelta) ||
      compression > static_cast<uint8_t>(Compression::kLz4) ||
      physical > static_cast<uint8_t>(PhysicalType::kInterval) || (flags & ~kFlagNullBitmap) != 0) {
    return Corrupt("unknown encoding " + std::to_string(encoding) + ", compression " +
                   std::to_string(compression) + ", type " + std::to_string(physical) +
                   " or flags " + std::to_string(flags));
  }
  if (header.row_count > kMaxBlockRows) {
    return Corrupt("row count " + std::to_string(header.row_count) + " exceeds the limit");
  }
  header.encoding = static_cast<Encoding>(encoding);
  header.compression = static_cast<Compression>(compression);
  header.physical = static_cast<PhysicalType>(physical);
  header.has_null_bitmap = (flags & kFlagNullBitmap) != 0;
  return header;
}

Status DecodeBlock(std::string_view bytes, const LogicalType& type, Vector& out) {
  ASSIGN_OR_RETURN(const BlockHeader header, ReadBlockHeader(bytes));
  RETURN_IF_ERROR(CheckTypes(header, type, out));
  ASSIGN_OR_RETURN(const std::string_view body, BlockBody(header, bytes));
  const size_t first = out.size();
  out.ResizeForOverwrite(first + header.row_count);  // DecodeBody writes every row
  if (!DecodeBody(header, body, out, first)) {
    out.Resize(first);
    return Malformed(header);
  }
  return Status::Ok();
}

Status DecodeBlockRows(std::string_view bytes, const LogicalType& type, const uint32_t* rows,
                       size_t count, Vector& out) {
  ASSIGN_OR_RETURN(const BlockHeader header, ReadBlockHeader(bytes));
  RETURN_IF_ERROR(CheckTypes(header, type, out));
  if (out.size() < header.row_count || (count > 0 && rows && rows[count - 1] >= header.row_count)) {
    return Status(StatusCode::kInternal, "DecodeBlockRows: rows outside the block or the vector");
  }
  ASSIGN_OR_RETURN(const std::string_view body, BlockBody(header, bytes));
  if (!rows && !header.has_null_bitmap) std::fill_n(out.validity(), header.row_count, uint8_t{1});
  const bool ok = rows ? DecodeBodyRows(header, body, rows, count, out) : DecodeBody(header, body, out, 0);
  return ok ? Status::Ok() : Malformed(header);
}

// What a filter on an encoded block reads: its body (decompressed) past the NULL bitmap.
struct FilterInput {
  BlockHeader header;
  ByteReader in;
  const uint8_t* null_bits;
};

// Checks that the block holds `physical` values and `selection` lies inside it, then opens it.
Result<FilterInput> OpenForFilter(std::string_view bytes, PhysicalType physical, const BlockHeader& header,
                                  const std::vector<uint32_t>& selection, const char* caller) {
  if (header.physical != physical) {
    return Corrupt("block holds " + std::string(PhysicalName(header.physical)) + " values, not " +
                   std::string(PhysicalName(physical)) + " ones");
  }
  if (!selection.empty() && selection.back() >= header.row_count) {
    return Status(StatusCode::kInternal, std::string(caller) + ": rows outside the block");
  }
  ASSIGN_OR_RETURN(const std::string_view body, BlockBody(header, bytes));
  FilterInput input{header, ByteReader(body), nullptr};
  if (!ReadNullBits(header, input.in, &input.null_bits)) return Malformed(header);
  return input;
}

Status FilterBlockStrings(std::string_view bytes, std::vector<uint32_t>& selection,
                          const StringTest& keep) {
  ASSIGN_OR_RETURN(const BlockHeader header, ReadBlockHeader(bytes));
  ASSIGN_OR_RETURN(FilterInput input, OpenForFilter(bytes, PhysicalType::kString, header, selection, "FilterBlockStrings"));
  ByteReader& in = input.in;
  const size_t n = header.row_count;
  const uint8_t* null_bits = input.null_bits;
  bool ok = false;
  switch (header.encoding) {
    case Encoding::kRaw:
      ok = FilterRawStrings(in, n, null_bits, selection, keep);
      break;
    case Encoding::kDictionary:
      ok = FilterDictionaryStrings(in, n, null_bits, selection, keep);
      break;
    case Encoding::kRunLength:
      ok = FilterRunLengthStrings(in, n, null_bits, selection, keep);
      break;
    case Encoding::kFrameOfReference:
    case Encoding::kDelta:
      break;
  }
  return ok && in.remaining() == 0 ? Status::Ok() : Malformed(header);
}

Status FilterBlockByDictionary(std::string_view bytes, const LogicalType& type,
                               std::vector<uint32_t>& selection, const EntryTest& test, bool* applied) {
  ASSIGN_OR_RETURN(const BlockHeader header, ReadBlockHeader(bytes));
  *applied = header.encoding == Encoding::kDictionary;
  if (!*applied) return Status::Ok();
  ASSIGN_OR_RETURN(FilterInput input, OpenForFilter(bytes, type.physical(), header, selection, "FilterBlockByDictionary"));
  ByteReader& in = input.in;
  const size_t n = header.row_count;
  const uint8_t* null_bits = input.null_bits;
  bool ok = false;
  switch (header.physical) {
    case PhysicalType::kInt64:
      RETURN_IF_ERROR(FilterByEntries<int64_t>(in, n, null_bits, type, selection, test, &ok));
      break;
    case PhysicalType::kInt128:
      RETURN_IF_ERROR(FilterByEntries<int128_t>(in, n, null_bits, type, selection, test, &ok));
      break;
    case PhysicalType::kDouble:
      RETURN_IF_ERROR(FilterByEntries<double>(in, n, null_bits, type, selection, test, &ok));
      break;
    case PhysicalType::kString:
      RETURN_IF_ERROR(FilterByEntries<std::string_view>(in, n, null_bits, type, selection, test, &ok));
      break;
    case PhysicalType::kInterval:
      RETURN_IF_ERROR(FilterByEntries<Interval>(in, n, null_bits, type, selection, test, &ok));
      break;
  }
  return ok && in.remaining() == 0 ? Status::Ok() : Malformed(header);
}

}  // namespace martlet
