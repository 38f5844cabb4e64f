// Compressing output: an OutputFile that compresses what is appended to it (gzip, zstd or
// bzip2) and passes the compressed bytes on to the file it wraps.
#pragma once

#include <memory>

#include "io/file_system.hpp"

namespace martlet {

enum class OutputCompression { kNone, kGzip, kZstd, kBzip2 };

// The usual file name suffix: ".gz", ".zst", ".bz2"; "" for kNone.
const char* CompressionSuffix(OutputCompression compression);

// Wraps `file` so that everything appended is compressed. Each Append ends with a flush, so
// that after it returns every byte appended so far has reached `file` (callers that count
// the bytes written below can tell the compressed size); append large pieces (a megabyte or
// so) to keep the compression ratio. Close() writes the end of the stream and closes `file`.
// kNone returns `file` itself.
Result<std::unique_ptr<OutputFile>> MakeCompressingOutput(std::unique_ptr<OutputFile> file,
                                                          OutputCompression compression);

// The most bytes `input_bytes` of input can become after compression, flush included (an
// upper bound; used to keep compressed files under a size limit).
size_t CompressedSizeBound(OutputCompression compression, size_t input_bytes);

}  // namespace martlet
