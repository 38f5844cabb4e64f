#include "exec/operator.hpp"

namespace martlet {

Result<bool> Operator::Next(ExecContext& context, DataChunk& out) {
  if (out.columns.size() != types_.size()) out.Initialize(types_);
  out.Reset();
  auto start = context.collect_stats ? std::chrono::steady_clock::now()
                                     : std::chrono::steady_clock::time_point();
  Result<bool> has_rows = NextChunk(context, out);
  if (context.collect_stats) {
    stats_.nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  }
  if (has_rows.ok() && has_rows.value()) {
    stats_.rows_out += out.size();
    stats_.chunks_out++;
  }
  return has_rows;
}

void Operator::AbsorbStats(const Operator& copy) {
  stats_.rows_out += copy.stats_.rows_out;
  stats_.chunks_out += copy.stats_.chunks_out;
  stats_.nanos += copy.stats_.nanos;
  stats_.blocks_read += copy.stats_.blocks_read;
  stats_.blocks_skipped += copy.stats_.blocks_skipped;
  for (size_t i = 0; i < children_.size() && i < copy.children_.size(); i++) {
    children_[i]->AbsorbStats(*copy.children_[i]);
  }
}

size_t ApproximateBytes(const DataChunk& chunk) {
  size_t bytes = 0;
  for (const auto& column : chunk.columns) {
    size_t width = 9;
    switch (column.type().physical()) {
      case PhysicalType::kInt128:
      case PhysicalType::kInterval: width = 17; break;
      case PhysicalType::kString: width = 33; break;
      default: break;
    }
    bytes += width * column.size();
  }
  return bytes;
}

Status CheckMemory(const ExecContext& context, size_t bytes, const std::string& what) {
  if (context.memory_limit_bytes <= 0 || static_cast<int64_t>(bytes) <= context.memory_limit_bytes) {
    return Status::Ok();
  }
  return Status(StatusCode::kOutOfMemory,
                "out of memory: " + what + " needs more than memory_limit (" +
                    std::to_string(context.memory_limit_bytes / (1024 * 1024)) +
                    " MB); raise it with SET memory_limit = '...'");
}

Result<DataChunk> CollectAll(ExecContext& context, Operator& op) {
  DataChunk all;
  all.Initialize(op.types());
  DataChunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool has_rows, op.Next(context, chunk));
    if (!has_rows) break;
    // Moved, not copied: the next call refills `chunk` anyway, and a copied string costs an
    // allocation.
    all.TakeRange(chunk, 0, chunk.size());
    RETURN_IF_ERROR(CheckMemory(context, ApproximateBytes(all), op.Name()));
  }
  return all;
}

}  // namespace martlet
