// String functions, part one: concatenation, length, case, trimming, substrings and search.
// Positions and lengths count characters, not bytes (PostgreSQL semantics on UTF-8 text).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "functions/function.hpp"
#include "functions/kernel_support.hpp"
#include "functions/string_signature.hpp"
#include "functions/utf8_text.hpp"

namespace martlet {
namespace {

using Args = std::vector<const Vector*>;

Status ConcatOperatorKernel(const Args& args, size_t count, Vector& result,
                            const FunctionContext&) {
  const std::string* left = args[0]->str();
  const std::string* right = args[1]->str();
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    out[row].clear();
    out[row].reserve(left[row].size() + right[row].size());
    out[row].append(left[row]).append(right[row]);
  });
}

// concat() skips NULL arguments and is never NULL itself.
Status ConcatKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  std::string* out = result.str();
  for (size_t row = 0; row < count; row++) {
    out[row].clear();
    for (const Vector* arg : args) {
      if (!arg->IsNull(row)) out[row] += arg->str()[row];
    }
    result.SetValid(row);
  }
  return Status::Ok();
}

template <int64_t (*Measure)(std::string_view)>
Status MeasureKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  int64_t* out = result.i64();
  return ForEachValidRow(args, count, result, [&](size_t row) { out[row] = Measure(in[row]); });
}

int64_t CharLength(std::string_view s) { return static_cast<int64_t>(Utf8Length(s)); }
int64_t OctetLength(std::string_view s) { return static_cast<int64_t>(s.size()); }

template <std::string (*Map)(std::string_view)>
Status MapTextKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) { out[row] = Map(in[row]); });
}

// Words are runs of letters and digits; the first character of each is upper-cased and the
// rest lower-cased, as PostgreSQL's initcap.
std::string InitCap(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_word = false;
  size_t pos = 0;
  while (pos < text.size()) {
    uint32_t cp = DecodeUtf8(text, pos);
    AppendUtf8(out, in_word ? LowerCodePoint(cp) : UpperCodePoint(cp));
    in_word = IsAlnumCodePoint(cp);
  }
  return out;
}

enum class TrimSide { kBoth, kLeft, kRight };

// Removes from the chosen ends every character that occurs in `chars`.
template <TrimSide kSide>
std::string_view TrimChars(std::string_view text, std::string_view chars) {
  auto in_set = [chars](std::string_view ch) { return chars.find(ch) != std::string_view::npos; };
  size_t begin = 0;
  size_t end = text.size();
  if (kSide != TrimSide::kRight) {
    while (begin < end) {
      size_t n = Utf8CharBytes(text, begin);
      if (!in_set(text.substr(begin, n))) break;
      begin += n;
    }
  }
  if (kSide != TrimSide::kLeft) {
    while (end > begin) {
      size_t start = end - 1;
      while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) start--;
      if (!in_set(text.substr(start, end - start))) break;
      end = start;
    }
  }
  return text.substr(begin, end - begin);
}

template <TrimSide kSide>
Status TrimKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  const std::string* chars = args.size() > 1 ? args[1]->str() : nullptr;
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    out[row] = TrimChars<kSide>(in[row], chars ? std::string_view(chars[row]) : " ");
  });
}

// substring(s, start[, length]): characters [start, start + length) of s counted from 1, where
// the part before character 1 is simply cut off (PostgreSQL: substring('abc', 0, 2) = 'a').
Status SubstringKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  const int64_t* start = args[1]->i64();
  const int64_t* length = args.size() > 2 ? args[2]->i64() : nullptr;
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    std::string_view s = in[row];
    int64_t first = start[row];
    int64_t end = INT64_MAX;  // exclusive, in characters counted from 1
    if (length) {
      if (length[row] < 0) {
        return Status(StatusCode::kInvalidInput, "negative substring length not allowed");
      }
      if (__builtin_add_overflow(first, length[row], &end)) end = INT64_MAX;
    }
    first = std::max<int64_t>(first, 1);
    if (end <= first) {
      out[row].clear();
      return Status::Ok();
    }
    // Byte offset of a character count within `part`; ASCII text skips the scan.
    bool ascii = IsAscii(s);
    auto offset = [ascii](std::string_view part, uint64_t chars) -> size_t {
      if (ascii) return chars < part.size() ? chars : part.size();
      return Utf8ByteOffset(part, chars);
    };
    size_t begin = offset(s, static_cast<uint64_t>(first - 1));
    size_t stop = s.size();
    if (end != INT64_MAX)
      stop = begin + offset(s.substr(begin), static_cast<uint64_t>(end - first));
    out[row].assign(s.substr(begin, stop - begin));
    return Status::Ok();
  });
}

// The 1-based character position of `needle` in `haystack`, 0 when absent.
int64_t CharPosition(std::string_view haystack, std::string_view needle) {
  size_t at = haystack.find(needle);
  if (at == std::string_view::npos) return 0;
  return static_cast<int64_t>(Utf8Length(haystack.substr(0, at))) + 1;
}

// strpos(s, sub) when kHaystackFirst, position(sub IN s) and charindex(sub, s) otherwise.
template <bool kHaystackFirst>
Status PositionKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* haystack = args[kHaystackFirst ? 0 : 1]->str();
  const std::string* needle = args[kHaystackFirst ? 1 : 0]->str();
  int64_t* out = result.i64();
  return ForEachValidRow(args, count, result,
                         [&](size_t row) { out[row] = CharPosition(haystack[row], needle[row]); });
}

Status StartsWithKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* text = args[0]->str();
  const std::string* prefix = args[1]->str();
  int64_t* out = result.i64();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    out[row] = std::string_view(text[row]).starts_with(prefix[row]) ? 1 : 0;
  });
}

Status ReplaceKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  const std::string* from = args[1]->str();
  const std::string* to = args[2]->str();
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    std::string_view s = in[row];
    std::string_view f = from[row];
    out[row].clear();
    if (f.empty()) {
      out[row].assign(s);
      return;
    }
    size_t pos = 0;
    for (size_t at = s.find(f); at != std::string_view::npos; at = s.find(f, pos)) {
      out[row].append(s.substr(pos, at - pos)).append(to[row]);
      pos = at + f.size();
    }
    out[row].append(s.substr(pos));
  });
}

// split_part(s, delimiter, n): the n-th field (from 1); '' when there are fewer fields.
Status SplitPartKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* in = args[0]->str();
  const std::string* delim = args[1]->str();
  const int64_t* field = args[2]->i64();
  std::string* out = result.str();
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    if (field[row] <= 0) {
      return Status(StatusCode::kInvalidInput,
                    "field position must be greater than zero: " + std::to_string(field[row]));
    }
    std::string_view s = in[row];
    std::string_view d = delim[row];
    out[row].clear();
    if (d.empty()) {
      if (field[row] == 1) out[row].assign(s);
      return Status::Ok();
    }
    size_t begin = 0;
    for (int64_t i = 1; i < field[row]; i++) {
      size_t at = s.find(d, begin);
      if (at == std::string_view::npos) return Status::Ok();
      begin = at + d.size();
    }
    size_t end = s.find(d, begin);
    out[row].assign(s.substr(begin, end == std::string_view::npos ? s.npos : end - begin));
    return Status::Ok();
  });
}

constexpr StringSignature kConcatOperator{
    "||", 2, 2, {ArgKind::kText, ArgKind::kText}, TypeId::kVarchar, ConcatOperatorKernel};
constexpr StringSignature kConcat{"concat",         1,           -1, {ArgKind::kText},
                                  TypeId::kVarchar, ConcatKernel};
constexpr StringSignature kLength{
    "length", 1, 1, {ArgKind::kText}, TypeId::kInteger, MeasureKernel<CharLength>};
constexpr StringSignature kOctetLength{
    "octet_length", 1, 1, {ArgKind::kText}, TypeId::kInteger, MeasureKernel<OctetLength>};
constexpr StringSignature kLower{
    "lower", 1, 1, {ArgKind::kText}, TypeId::kVarchar, MapTextKernel<Utf8Lower>};
constexpr StringSignature kUpper{
    "upper", 1, 1, {ArgKind::kText}, TypeId::kVarchar, MapTextKernel<Utf8Upper>};
constexpr StringSignature kInitCap{
    "initcap", 1, 1, {ArgKind::kText}, TypeId::kVarchar, MapTextKernel<InitCap>};
constexpr StringSignature kBtrim{
    "btrim", 1, 2, {ArgKind::kText, ArgKind::kText}, TypeId::kVarchar, TrimKernel<TrimSide::kBoth>};
constexpr StringSignature kLtrim{
    "ltrim", 1, 2, {ArgKind::kText, ArgKind::kText}, TypeId::kVarchar, TrimKernel<TrimSide::kLeft>};
constexpr StringSignature kRtrim{"rtrim",
                                 1,
                                 2,
                                 {ArgKind::kText, ArgKind::kText},
                                 TypeId::kVarchar,
                                 TrimKernel<TrimSide::kRight>};
constexpr StringSignature kSubstring{
    "substring",    2, 3, {ArgKind::kText, ArgKind::kInteger, ArgKind::kInteger}, TypeId::kVarchar,
    SubstringKernel};
constexpr StringSignature kStrpos{
    "strpos", 2, 2, {ArgKind::kText, ArgKind::kText}, TypeId::kInteger, PositionKernel<true>};
constexpr StringSignature kPosition{
    "position", 2, 2, {ArgKind::kText, ArgKind::kText}, TypeId::kInteger, PositionKernel<false>};
constexpr StringSignature kStartsWith{
    "starts_with", 2, 2, {ArgKind::kText, ArgKind::kText}, TypeId::kBoolean, StartsWithKernel};
constexpr StringSignature kReplace{
    "replace",    3, 3, {ArgKind::kText, ArgKind::kText, ArgKind::kText}, TypeId::kVarchar,
    ReplaceKernel};
constexpr StringSignature kSplitPart{
    "split_part",   3, 3, {ArgKind::kText, ArgKind::kText, ArgKind::kInteger}, TypeId::kVarchar,
    SplitPartKernel};

}  // namespace

void RegisterStringFunctions(FunctionRegistry& registry) {
  registry.AddScalar("||", ResolveStringSignature<kConcatOperator>);
  registry.AddScalar("concat", ResolveStringSignature<kConcat>);
  for (const char* name : {"length", "len", "char_length", "character_length"}) {
    registry.AddScalar(name, ResolveStringSignature<kLength>);
  }
  registry.AddScalar("octet_length", ResolveStringSignature<kOctetLength>);
  registry.AddScalar("lower", ResolveStringSignature<kLower>);
  registry.AddScalar("upper", ResolveStringSignature<kUpper>);
  registry.AddScalar("initcap", ResolveStringSignature<kInitCap>);
  registry.AddScalar("btrim", ResolveStringSignature<kBtrim>);
  registry.AddScalar("trim", ResolveStringSignature<kBtrim>);
  registry.AddScalar("ltrim", ResolveStringSignature<kLtrim>);
  registry.AddScalar("rtrim", ResolveStringSignature<kRtrim>);
  registry.AddScalar("substring", ResolveStringSignature<kSubstring>);
  registry.AddScalar("substr", ResolveStringSignature<kSubstring>);
  registry.AddScalar("strpos", ResolveStringSignature<kStrpos>);
  registry.AddScalar("position", ResolveStringSignature<kPosition>);
  registry.AddScalar("charindex", ResolveStringSignature<kPosition>);
  registry.AddScalar("starts_with", ResolveStringSignature<kStartsWith>);
  registry.AddScalar("replace", ResolveStringSignature<kReplace>);
  registry.AddScalar("split_part", ResolveStringSignature<kSplitPart>);
  RegisterStringEditFunctions(registry);
}

}  // namespace martlet
