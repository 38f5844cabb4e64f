// String functions, part two: left/right, padding, repeat, reverse, translate, character
// codes and md5. Counts are in characters (UTF-8), as in PostgreSQL.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "functions/function.hpp"
#include "functions/kernel_support.hpp"
#include "functions/md5.hpp"
#include "functions/string_signature.hpp"
#include "functions/utf8_text.hpp"

namespace martlet {
namespace {

using Args = std::vector<const Vector*>;

// PostgreSQL refuses to build a text value of 1 GB or more.
constexpr uint64_t kMaxResultBytes = (uint64_t{1} << 30) - 1;

Status TooLarge() { return Status(StatusCode::kInvalidInput, "requested length too large"); }

// left(s, n): the first n characters; negative n: all but the last |n|.
// right(s, n): the last n characters; negative n: all but the first |n|.
template <bool kFromLeft>
Status LeftRightKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  const int64_t* n = args[1]->i64();
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    std::string_view s = in[row];
    auto length = static_cast<int64_t>(Utf8Length(s));
    int64_t keep = n[row] >= 0 ? std::min(n[row], length) : std::max<int64_t>(length + n[row], 0);
    size_t cut = Utf8ByteOffset(s, static_cast<size_t>(kFromLeft ? keep : length - keep));
    out[row].assign(kFromLeft ? s.substr(0, cut) : s.substr(cut));
  });
}

// lpad/rpad(s, n[, fill]): s cut or padded with repetitions of fill to n characters.
template <bool kLeft>
Status PadKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  const int64_t* width = args[1]->i64();
  const std::string* fill = args.size() > 2 ? args[2]->str() : nullptr;
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    std::string_view s = in[row];
    std::string_view f = fill ? std::string_view(fill[row]) : " ";
    out[row].clear();
    if (width[row] <= 0) return Status::Ok();
    auto target = static_cast<uint64_t>(width[row]);
    uint64_t length = Utf8Length(s);
    if (length >= target || f.empty()) {
      out[row].assign(s.substr(0, Utf8ByteOffset(s, static_cast<size_t>(target))));
      return Status::Ok();
    }
    uint64_t missing = target - length;
    if (missing * 4 + s.size() > kMaxResultBytes) return TooLarge();
    std::string padding;
    for (size_t pos = 0; missing > 0; missing--) {
      size_t n = Utf8CharBytes(f, pos);
      padding.append(f.substr(pos, n));
      pos += n;
      if (pos >= f.size()) pos = 0;
    }
    if (kLeft) {
      out[row].append(padding).append(s);
    } else {
      out[row].append(s).append(padding);
    }
    return Status::Ok();
  });
}

Status RepeatKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  const int64_t* times = args[1]->i64();
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    out[row].clear();
    if (times[row] <= 0 || in[row].empty()) return Status::Ok();
    if (static_cast<uint64_t>(times[row]) > kMaxResultBytes / in[row].size()) return TooLarge();
    out[row].reserve(in[row].size() * static_cast<size_t>(times[row]));
    for (int64_t i = 0; i < times[row]; i++) out[row] += in[row];
    return Status::Ok();
  });
}

std::string Reverse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t end = s.size();
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) start--;
    out.append(s.substr(start, end - start));
    end = start;
  }
  return out;
}

std::string Md5Text(std::string_view s) { return Md5Hex(s); }

template <std::string (*Map)(std::string_view)>
Status MapTextKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) { out[row] = Map(in[row]); });
}

// ascii(s): the code point of the first character, 0 for ''.
Status AsciiKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  int64_t* out = result.i64();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    size_t pos = 0;
    out[row] = in[row].empty() ? 0 : DecodeUtf8(in[row], pos);
  });
}

Status ChrKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const int64_t* code = args[0]->i64();
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    int64_t cp = code[row];
    if (cp == 0) return Status(StatusCode::kInvalidInput, "null character not permitted");
    if (cp < 0 || cp > 0x10FFFF) {
      return Status(StatusCode::kInvalidInput,
                    "requested character too large for encoding: " + std::to_string(cp));
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      return Status(StatusCode::kInvalidInput,
                    "requested character not valid for encoding: " + std::to_string(cp));
    }
    out[row].clear();
    AppendUtf8(out[row], static_cast<uint32_t>(cp));
    return Status::Ok();
  });
}

// translate(s, from, to): each character of s found in `from` becomes the character at the
// same place in `to`, or disappears when `to` is shorter.
Status TranslateKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  const std::string* from = args[1]->str();
  const std::string* to = args[2]->str();
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    std::vector<std::string_view> targets;
    std::string_view t = to[row];
    for (size_t pos = 0; pos < t.size(); pos += Utf8CharBytes(t, pos)) {
      targets.push_back(t.substr(pos, Utf8CharBytes(t, pos)));
    }
    std::string_view f = from[row];
    std::string_view s = in[row];
    out[row].clear();
    for (size_t pos = 0; pos < s.size();) {
      size_t n = Utf8CharBytes(s, pos);
      std::string_view ch = s.substr(pos, n);
      pos += n;
      size_t index = 0;
      size_t fpos = 0;
      while (fpos < f.size() && f.substr(fpos, Utf8CharBytes(f, fpos)) != ch) {
        fpos += Utf8CharBytes(f, fpos);
        index++;
      }
      if (fpos >= f.size()) {
        out[row].append(ch);
      } else if (index < targets.size()) {
        out[row].append(targets[index]);
      }
    }
  });
}

constexpr StringSignature kLeft{
    "left", 2, 2, {ArgKind::kText, ArgKind::kInteger}, TypeId::kVarchar, LeftRightKernel<true>};
constexpr StringSignature kRight{
    "right", 2, 2, {ArgKind::kText, ArgKind::kInteger}, TypeId::kVarchar, LeftRightKernel<false>};
constexpr StringSignature kLpad{
    "lpad",         2, 3, {ArgKind::kText, ArgKind::kInteger, ArgKind::kText}, TypeId::kVarchar,
    PadKernel<true>};
constexpr StringSignature kRpad{
    "rpad",          2, 3, {ArgKind::kText, ArgKind::kInteger, ArgKind::kText}, TypeId::kVarchar,
    PadKernel<false>};
constexpr StringSignature kRepeat{
    "repeat", 2, 2, {ArgKind::kText, ArgKind::kInteger}, TypeId::kVarchar, RepeatKernel};
constexpr StringSignature kReverse{
    "reverse", 1, 1, {ArgKind::kText}, TypeId::kVarchar, MapTextKernel<Reverse>};
constexpr StringSignature kMd5{
    "md5", 1, 1, {ArgKind::kText}, TypeId::kVarchar, MapTextKernel<Md5Text>};
constexpr StringSignature kAscii{"ascii", 1, 1, {ArgKind::kText}, TypeId::kInteger, AsciiKernel};
constexpr StringSignature kChr{"chr", 1, 1, {ArgKind::kInteger}, TypeId::kVarchar, ChrKernel};
constexpr StringSignature kTranslate{
    "translate",    3, 3, {ArgKind::kText, ArgKind::kText, ArgKind::kText}, TypeId::kVarchar,
    TranslateKernel};

}  // namespace

void RegisterStringEditFunctions(FunctionRegistry& registry) {
  registry.AddScalar("left", ResolveStringSignature<kLeft>);
  registry.AddScalar("right", ResolveStringSignature<kRight>);
  registry.AddScalar("lpad", ResolveStringSignature<kLpad>);
  registry.AddScalar("rpad", ResolveStringSignature<kRpad>);
  registry.AddScalar("repeat", ResolveStringSignature<kRepeat>);
  registry.AddScalar("reverse", ResolveStringSignature<kReverse>);
  registry.AddScalar("md5", ResolveStringSignature<kMd5>);
  registry.AddScalar("ascii", ResolveStringSignature<kAscii>);
  registry.AddScalar("chr", ResolveStringSignature<kChr>);
  registry.AddScalar("translate", ResolveStringSignature<kTranslate>);
}

}  // namespace martlet
