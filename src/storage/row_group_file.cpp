#include "storage/row_group_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <system_error>
#include <utility>

#include "storage/byte_io.hpp"
#include "storage/crc32c.hpp"

namespace martlet {
namespace {

constexpr char kMagic[4] = {'M', 'R', 'G', '1'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderBytes = 8;    // magic, version
constexpr size_t kTrailerBytes = 12;  // footer length, footer crc32c, magic

Status IOError(const std::string& what, const std::string& path, int error) {
  return Status(StatusCode::kIOError,
                what + " row-group file '" + path + "': " + std::generic_category().message(error));
}

Status Corrupt(const std::string& path, const std::string& what) {
  return Status(StatusCode::kCorruption, "corrupt row-group file '" + path + "': " + what);
}

std::string Hex(uint32_t x) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "0x%08x", x);
  return buffer;
}

// Appends to a file descriptor it owns; closes it on destruction.
class FileWriter {
 public:
  FileWriter(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~FileWriter() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  uint64_t offset() const { return offset_; }

  Status Append(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return IOError("cannot write", path_, errno);
      data.remove_prefix(static_cast<size_t>(n));
      offset_ += static_cast<uint64_t>(n);
    }
    return Status::Ok();
  }

  Status SyncAndClose() {
    if (::fsync(fd_) != 0) return IOError("cannot fsync", path_, errno);
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) return IOError("cannot close", path_, errno);
    return Status::Ok();
  }

 private:
  std::string path_;
  int fd_;
  uint64_t offset_ = 0;
};

void PutType(std::string& out, const LogicalType& type) {
  PutU8(out, static_cast<uint8_t>(type.id()));
  PutU8(out, static_cast<uint8_t>(type.precision()));
  PutU8(out, static_cast<uint8_t>(type.scale()));
  PutFixed<uint32_t>(out, type.length());
}

bool ReadType(ByteReader& in, LogicalType* type) {
  uint8_t id, precision, scale;
  uint32_t length;
  if (!in.ReadFixed(&id) || !in.ReadFixed(&precision) || !in.ReadFixed(&scale) ||
      !in.ReadFixed(&length) || id > static_cast<uint8_t>(TypeId::kInterval)) {
    return false;
  }
  switch (static_cast<TypeId>(id)) {
    case TypeId::kDecimal:
      if (precision > LogicalType::kMaxDecimalPrecision || scale > precision) return false;
      *type = LogicalType::Decimal(precision, scale);
      return true;
    case TypeId::kVarchar:
      *type = LogicalType::Varchar(length);
      return true;
    case TypeId::kChar:
      *type = LogicalType::Char(length);
      return true;
    default:
      *type = LogicalType(static_cast<TypeId>(id));
      return true;
  }
}

Status CheckWriteArguments(const std::vector<const Vector*>& columns, size_t row_count,
                           const std::vector<EncodingChoice>& choices) {
  if (!choices.empty() && choices.size() != columns.size()) {
    return Status(StatusCode::kInvalidInput, "row-group file: " + std::to_string(choices.size()) +
                                                 " encoding choices for " +
                                                 std::to_string(columns.size()) + " columns");
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c] == nullptr || columns[c]->size() < row_count) {
      return Status(StatusCode::kInvalidInput, "row-group file: column " + std::to_string(c) +
                                                   " has fewer than " + std::to_string(row_count) +
                                                   " rows");
    }
  }
  return Status::Ok();
}

// Writes one column's blocks and appends its footer entry.
Status WriteColumn(FileWriter& writer, const EncodedColumn& column, std::string& footer) {
  PutType(footer, column.type);
  PutFixed<uint32_t>(footer, static_cast<uint32_t>(column.blocks.size()));
  for (const EncodedBlock& block : column.blocks) {
    PutFixed<uint64_t>(footer, writer.offset());
    PutFixed<uint64_t>(footer, block.bytes.size());
    PutFixed<uint32_t>(footer, static_cast<uint32_t>(block.zone_map.row_count));
    PutU8(footer, static_cast<uint8_t>(block.encoding));
    PutU8(footer, static_cast<uint8_t>(block.compression));
    PutFixed<uint32_t>(footer, Crc32c(block.bytes));
    SerializeZoneMap(block.zone_map, footer);
    RETURN_IF_ERROR(writer.Append(block.bytes));
  }
  return Status::Ok();
}

Status WriteContents(FileWriter& writer, const std::vector<EncodedColumn>& columns,
                     size_t row_count) {
  std::string header(kMagic, sizeof(kMagic));
  PutFixed<uint32_t>(header, kFormatVersion);
  RETURN_IF_ERROR(writer.Append(header));
  std::string footer;
  PutFixed<uint32_t>(footer, static_cast<uint32_t>(columns.size()));
  PutFixed<uint64_t>(footer, row_count);
  for (const EncodedColumn& column : columns) RETURN_IF_ERROR(WriteColumn(writer, column, footer));
  std::string trailer;
  PutFixed<uint32_t>(trailer, static_cast<uint32_t>(footer.size()));
  PutFixed<uint32_t>(trailer, Crc32c(footer));
  trailer.append(kMagic, sizeof(kMagic));
  RETURN_IF_ERROR(writer.Append(footer));
  RETURN_IF_ERROR(writer.Append(trailer));
  return writer.SyncAndClose();
}

// Parses one block entry of the footer (offset .. zone map) and checks it against the file.
Status ParseBlockEntry(ByteReader& in, std::string_view footer, const LogicalType& type,
                       uint64_t blocks_end, const std::string& path, const std::string& where,
                       BlockInfo* block) {
  uint8_t encoding = 0;
  uint8_t compression = 0;
  const bool read = in.ReadFixed(&block->offset) && in.ReadFixed(&block->length) &&
                    in.ReadFixed(&block->row_count) && in.ReadFixed(&encoding) &&
                    in.ReadFixed(&compression) && in.ReadFixed(&block->crc32c);
  if (!read || encoding > static_cast<uint8_t>(Encoding::kDelta) ||
      compression > static_cast<uint8_t>(Compression::kLz4)) {
    return Corrupt(path, "footer entry of " + where + " is malformed");
  }
  if (block->offset < kHeaderBytes || block->length > blocks_end ||
      block->offset > blocks_end - block->length) {
    return Corrupt(path, where + " lies outside the file's block area");
  }
  std::string_view rest = footer.substr(in.position());
  ASSIGN_OR_RETURN(block->zone_map, ParseZoneMap(&rest, type));
  (void)in.Skip(footer.size() - in.position() - rest.size());
  if (block->zone_map.row_count != block->row_count) {
    return Corrupt(path, "zone map of " + where + " disagrees on the row count");
  }
  block->encoding = static_cast<Encoding>(encoding);
  block->compression = static_cast<Compression>(compression);
  return Status::Ok();
}

}  // namespace

EncodedColumn EncodeRowGroupColumn(const Vector& column, size_t first_row, size_t row_count,
                                   const EncodingChoice& choice) {
  EncodedColumn encoded;
  encoded.type = column.type();
  for (size_t start = 0; start < row_count; start += kRowGroupBlockRows) {
    const size_t n = std::min(kRowGroupBlockRows, row_count - start);
    encoded.blocks.push_back(EncodeBlock(column, first_row + start, n, choice));
  }
  return encoded;
}

Status WriteEncodedRowGroupFile(const std::string& path, const std::vector<EncodedColumn>& columns,
                                size_t row_count) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IOError("cannot create", path, errno);
  Status status;
  {
    FileWriter writer(path, fd);
    status = WriteContents(writer, columns, row_count);
  }
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

Status WriteRowGroupFile(const std::string& path, const std::vector<const Vector*>& columns,
                         size_t row_count, const std::vector<EncodingChoice>& choices) {
  RETURN_IF_ERROR(CheckWriteArguments(columns, row_count, choices));
  std::vector<EncodedColumn> encoded;
  for (size_t c = 0; c < columns.size(); ++c) {
    const EncodingChoice choice = choices.empty() ? EncodingChoice{} : choices[c];
    encoded.push_back(EncodeRowGroupColumn(*columns[c], 0, row_count, choice));
  }
  return WriteEncodedRowGroupFile(path, encoded, row_count);
}

// ---- reading -------------------------------------------------------------------------------

Result<RowGroupFile> RowGroupFile::Open(const std::string& path) {
  RowGroupFile file;
  file.path_ = path;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IOError("cannot open", path, errno);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return IOError("cannot stat", path, error);
  }
  file.file_size_ = static_cast<uint64_t>(info.st_size);
  if (file.file_size_ < kHeaderBytes + kTrailerBytes) {
    ::close(fd);
    return Corrupt(path, "only " + std::to_string(file.file_size_) + " bytes long");
  }
  // Row-group files never change once written, so the scan reads them straight from the page
  // cache through a mapping: no copy into a buffer per block.
  void* map = ::mmap(nullptr, file.file_size_, PROT_READ, MAP_SHARED, fd, 0);
  const int error = errno;
  ::close(fd);
  if (map == MAP_FAILED) return IOError("cannot map", path, error);
  file.map_ = static_cast<const char*>(map);
  RETURN_IF_ERROR(file.ReadFooter());
  return file;
}

RowGroupFile::RowGroupFile(RowGroupFile&& other) noexcept
    : path_(std::move(other.path_)),
      map_(std::exchange(other.map_, nullptr)),
      file_size_(other.file_size_),
      row_count_(other.row_count_),
      columns_(std::move(other.columns_)),
      verified_(std::move(other.verified_)) {}

RowGroupFile& RowGroupFile::operator=(RowGroupFile&& other) noexcept {
  if (this != &other) {
    Unmap();
    path_ = std::move(other.path_);
    map_ = std::exchange(other.map_, nullptr);
    file_size_ = other.file_size_;
    row_count_ = other.row_count_;
    columns_ = std::move(other.columns_);
    verified_ = std::move(other.verified_);
  }
  return *this;
}

RowGroupFile::~RowGroupFile() { Unmap(); }

void RowGroupFile::Unmap() {
  if (map_ != nullptr) ::munmap(const_cast<char*>(map_), file_size_);
  map_ = nullptr;
}

std::string_view RowGroupFile::Bytes(uint64_t offset, size_t length) const {
  return std::string_view(map_ + offset, length);
}

Status RowGroupFile::ReadFooter() {
  const std::string_view header = Bytes(0, kHeaderBytes);
  const std::string_view trailer = Bytes(file_size_ - kTrailerBytes, kTrailerBytes);
  uint32_t version, footer_length, footer_crc;
  std::memcpy(&version, header.data() + 4, 4);
  std::memcpy(&footer_length, trailer.data(), 4);
  std::memcpy(&footer_crc, trailer.data() + 4, 4);
  if (std::memcmp(header.data(), kMagic, 4) != 0 ||
      std::memcmp(trailer.data() + 8, kMagic, 4) != 0) {
    return Corrupt(path_, "bad magic number (not a row-group file, or truncated)");
  }
  if (version != kFormatVersion) {
    return Corrupt(path_, "unsupported format version " + std::to_string(version));
  }
  if (footer_length > file_size_ - kHeaderBytes - kTrailerBytes) {
    return Corrupt(path_, "footer length " + std::to_string(footer_length) + " exceeds the file");
  }
  const uint64_t footer_start = file_size_ - kTrailerBytes - footer_length;
  const std::string_view footer = Bytes(footer_start, footer_length);
  const uint32_t actual_crc = Crc32c(footer);
  if (actual_crc != footer_crc) {
    return Corrupt(path_, "footer checksum mismatch (stored " + Hex(footer_crc) + ", computed " +
                              Hex(actual_crc) + ")");
  }
  return ParseFooter(footer, footer_start);
}

Status RowGroupFile::ParseFooter(std::string_view footer, uint64_t blocks_end) {
  ByteReader in(footer);
  uint32_t column_count;
  if (!in.ReadFixed(&column_count) || !in.ReadFixed(&row_count_))
    return Corrupt(path_, "footer truncated");
  size_t block_total = 0;
  for (uint32_t c = 0; c < column_count; ++c) {
    ColumnInfo column;
    uint32_t block_count;
    if (!ReadType(in, &column.type) || !in.ReadFixed(&block_count)) {
      return Corrupt(path_, "footer entry of column " + std::to_string(c) + " is malformed");
    }
    uint64_t next_row = 0;
    for (uint32_t b = 0; b < block_count; ++b) {
      BlockInfo block;
      RETURN_IF_ERROR(ParseBlockEntry(in, footer, column.type, blocks_end, path_,
                                      "column " + std::to_string(c) + " block " + std::to_string(b),
                                      &block));
      block.first_row = next_row;
      next_row += block.row_count;
      column.blocks.push_back(std::move(block));
    }
    if (next_row != row_count_) {
      return Corrupt(path_, "column " + std::to_string(c) + " has " + std::to_string(next_row) +
                                " rows, the row group " + std::to_string(row_count_));
    }
    column.first_block = block_total;
    block_total += column.blocks.size();
    columns_.push_back(std::move(column));
  }
  if (in.remaining() != 0) return Corrupt(path_, "trailing bytes in the footer");
  verified_ = std::vector<std::atomic<bool>>(block_total);
  return Status::Ok();
}

std::vector<ZoneMap> RowGroupFile::ZoneMaps(size_t column) const {
  std::vector<ZoneMap> zone_maps;
  for (const BlockInfo& block : columns_[column].blocks) zone_maps.push_back(block.zone_map);
  return zone_maps;
}

uint64_t RowGroupFile::ColumnStoredBytes(size_t column) const {
  uint64_t bytes = 0;
  for (const BlockInfo& block : columns_[column].blocks) bytes += block.length;
  return bytes;
}

Encoding RowGroupFile::ColumnEncoding(size_t column) const {
  const auto& blocks = columns_[column].blocks;
  return blocks.empty() ? Encoding::kRaw : blocks.front().encoding;
}

Status RowGroupFile::CheckRead(size_t column, const LogicalType& type) const {
  if (column >= columns_.size()) {
    return Status(StatusCode::kInvalidInput, "row-group file '" + path_ + "' has " +
                                                 std::to_string(columns_.size()) +
                                                 " columns, no column " + std::to_string(column));
  }
  if (type.physical() != columns_[column].type.physical()) {
    return Status(StatusCode::kInvalidInput,
                  "column " + std::to_string(column) + " of row-group file '" + path_ +
                      "' is stored as " + columns_[column].type.ToString() + ", not " +
                      type.ToString());
  }
  return Status::Ok();
}

std::string RowGroupFile::Where(size_t column, size_t block) {
  return "column " + std::to_string(column) + " block " + std::to_string(block);
}

Status RowGroupFile::VerifyChecksum(size_t column, size_t block, std::string_view bytes) const {
  std::atomic<bool>& verified = verified_[columns_[column].first_block + block];
  if (verified.load(std::memory_order_relaxed)) return Status::Ok();
  const BlockInfo& info = columns_[column].blocks[block];
  const uint32_t actual = Crc32c(bytes);
  if (actual == info.crc32c) {
    verified.store(true, std::memory_order_relaxed);
    return Status::Ok();
  }
  return Corrupt(path_, "checksum mismatch in " + Where(column, block) + " (stored " +
                            Hex(info.crc32c) + ", computed " + Hex(actual) + ")");
}

Status RowGroupFile::DecodeChecked(size_t column, size_t block, std::string_view bytes,
                                   const LogicalType& type, Vector& out) const {
  RETURN_IF_ERROR(VerifyChecksum(column, block, bytes));
  const BlockInfo& info = columns_[column].blocks[block];
  const size_t before = out.size();
  const Status status = DecodeBlock(bytes, type, out);
  if (!status.ok()) return Corrupt(path_, Where(column, block) + ": " + status.message());
  if (out.size() - before != info.row_count) {
    out.Resize(before);
    return Corrupt(path_, Where(column, block) + " holds a different row count than the footer says");
  }
  return Status::Ok();
}

Status RowGroupFile::CheckBlock(size_t column, size_t block, const LogicalType& type) const {
  RETURN_IF_ERROR(CheckRead(column, type));
  if (block >= columns_[column].blocks.size()) {
    return Status(StatusCode::kInvalidInput, "column " + std::to_string(column) + " of '" + path_ +
                                                 "' has no block " + std::to_string(block));
  }
  return Status::Ok();
}

Status RowGroupFile::ReadBlock(size_t column, size_t block, const LogicalType& type,
                               Vector& out) const {
  RETURN_IF_ERROR(CheckBlock(column, block, type));
  const BlockInfo& info = columns_[column].blocks[block];
  return DecodeChecked(column, block, Bytes(info.offset, info.length), type, out);
}

Status RowGroupFile::ReadBlockRows(size_t column, size_t block, const LogicalType& type,
                                   const uint32_t* rows, size_t count, Vector& out) const {
  RETURN_IF_ERROR(CheckBlock(column, block, type));
  const BlockInfo& info = columns_[column].blocks[block];
  const std::string_view bytes = Bytes(info.offset, info.length);
  RETURN_IF_ERROR(VerifyChecksum(column, block, bytes));
  ASSIGN_OR_RETURN(const BlockHeader header, ReadBlockHeader(bytes));
  if (header.row_count != info.row_count) {
    return Corrupt(path_, Where(column, block) + " holds a different row count than the footer says");
  }
  const Status status = DecodeBlockRows(bytes, type, rows, count, out);
  if (status.code() == StatusCode::kCorruption) {
    return Corrupt(path_, Where(column, block) + ": " + status.message());
  }
  return status;
}

Status RowGroupFile::FilterBlockStrings(size_t column, size_t block, std::vector<uint32_t>& selection,
                                        const StringTest& keep) const {
  RETURN_IF_ERROR(CheckBlock(column, block, LogicalType::Varchar()));
  const BlockInfo& info = columns_[column].blocks[block];
  const std::string_view bytes = Bytes(info.offset, info.length);
  RETURN_IF_ERROR(VerifyChecksum(column, block, bytes));
  const Status status = martlet::FilterBlockStrings(bytes, selection, keep);
  if (status.code() == StatusCode::kCorruption) {
    return Corrupt(path_, Where(column, block) + ": " + status.message());
  }
  return status;
}

Status RowGroupFile::FilterBlockByDictionary(size_t column, size_t block, const LogicalType& type,
                                             std::vector<uint32_t>& selection, const EntryTest& test,
                                             bool* applied) const {
  RETURN_IF_ERROR(CheckBlock(column, block, type));
  const BlockInfo& info = columns_[column].blocks[block];
  *applied = info.encoding == Encoding::kDictionary;
  if (!*applied) return Status::Ok();
  const std::string_view bytes = Bytes(info.offset, info.length);
  RETURN_IF_ERROR(VerifyChecksum(column, block, bytes));
  const Status status = martlet::FilterBlockByDictionary(bytes, type, selection, test, applied);
  if (status.code() == StatusCode::kCorruption) {
    return Corrupt(path_, Where(column, block) + ": " + status.message());
  }
  return status;
}

Status RowGroupFile::ReadColumn(size_t column, const LogicalType& type, Vector& out) const {
  RETURN_IF_ERROR(CheckRead(column, type));
  const auto& blocks = columns_[column].blocks;
  if (blocks.empty()) return Status::Ok();
  // The writer puts a column's blocks side by side, so one read usually fetches them all.
  uint64_t start = blocks.front().offset;
  uint64_t end = 0;
  for (const BlockInfo& block : blocks) {
    start = std::min(start, block.offset);
    end = std::max(end, block.offset + block.length);
  }
  const std::string_view bytes = Bytes(start, static_cast<size_t>(end - start));
  const size_t before = out.size();
  for (size_t b = 0; b < blocks.size(); ++b) {
    const std::string_view block_bytes =
        bytes.substr(blocks[b].offset - start, blocks[b].length);
    const Status status = DecodeChecked(column, b, block_bytes, type, out);
    if (!status.ok()) {
      out.Resize(before);
      return status;
    }
  }
  return Status::Ok();
}

}  // namespace martlet
