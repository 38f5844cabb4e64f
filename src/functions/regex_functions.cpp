// Regular-expression operators (~, !~, ~*, !~*) and REGEXP_SUBSTR, REGEXP_COUNT,
// REGEXP_INSTR, REGEXP_REPLACE with Redshift's argument lists. Positions are characters,
// counted from 1.
//
// Redshift semantics where the two dialects differ: REGEXP_SUBSTR returns '' when nothing
// matches, and REGEXP_REPLACE replaces every match. Only PostgreSQL's form with flags as the
// fourth argument (regexp_replace(s, p, r, 'gi')) replaces just the first match unless 'g'.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "functions/function.hpp"
#include "functions/kernel_support.hpp"
#include "functions/posix_regex.hpp"
#include "functions/string_signature.hpp"
#include "functions/utf8_text.hpp"

namespace martlet {
namespace {

using Args = std::vector<const Vector*>;

class RegexCache {
 public:
  Result<const Regex*> Get(std::string_view pattern, RegexOptions options) {
    if (!regex_ || pattern != pattern_ || options.ignore_case != options_.ignore_case ||
        options.newline_sensitive != options_.newline_sensitive) {
      ASSIGN_OR_RETURN(regex_, Regex::Compile(pattern, options));
      pattern_.assign(pattern);
      options_ = options;
    }
    return regex_.get();
  }

 private:
  std::string pattern_;
  RegexOptions options_;
  std::unique_ptr<Regex> regex_;
};

struct RegexFlags {
  RegexOptions options;
  bool global = false;   // PostgreSQL 'g'
  bool extract = false;  // Redshift 'e': return the first parenthesized subexpression
};

// Redshift's parameters ('c', 'i', 'e', 'p') or PostgreSQL's flags ('g', 'i', 'c', 'n'); the
// caller says which letters it accepts.
Result<RegexFlags> ParseFlags(std::string_view text, std::string_view allowed) {
  RegexFlags flags;
  for (char c : text) {
    if (allowed.find(c) == std::string_view::npos) {
      return Status(StatusCode::kInvalidInput,
                    "invalid regular expression option: \"" + std::string(1, c) + "\"");
    }
    switch (c) {
      case 'i':
        flags.options.ignore_case = true;
        break;
      case 'c':
        flags.options.ignore_case = false;
        break;
      case 'n':
        flags.options.newline_sensitive = true;
        break;
      case 'g':
        flags.global = true;
        break;
      case 'e':
        flags.extract = true;
        break;
      default:
        break;  // 'p': Perl syntax is accepted as the POSIX dialect
    }
  }
  return flags;
}

Status BadParameter(const char* name, int64_t value) {
  return Status(StatusCode::kInvalidInput, std::string("invalid value for parameter \"") + name +
                                               "\": " + std::to_string(value));
}

// The byte offset of 1-based character `position`, or an error for position < 1.
Result<size_t> StartOffset(std::string_view text, int64_t position) {
  if (position < 1) return BadParameter("start", position);
  return Utf8ByteOffset(text, static_cast<size_t>(position - 1));
}

int64_t CharIndex(std::string_view text, size_t byte_offset) {
  return static_cast<int64_t>(Utf8Length(text.substr(0, byte_offset))) + 1;
}

// Where the next search starts after `match`: its end, or one character on for an empty match.
size_t NextSearchStart(std::string_view text, const RegexMatch& match) {
  auto end = static_cast<size_t>(match.groups[0].rm_eo);
  if (end > static_cast<size_t>(match.groups[0].rm_so)) return end;
  return end < text.size() ? end + Utf8CharBytes(text, end) : end + 1;
}

// Finds match number `occurrence` (from 1) at or after byte `from`.
bool FindOccurrence(const Regex& regex, std::string_view text, size_t from, int64_t occurrence,
                    RegexMatch& match) {
  for (int64_t found = 0; from <= text.size();) {
    if (!regex.Find(text, from, match)) return false;
    if (++found == occurrence) return true;
    from = NextSearchStart(text, match);
  }
  return false;
}

template <bool kNegate, bool kIgnoreCase>
Status MatchOperatorKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* text = args[0]->str();
  const std::string* pattern = args[1]->str();
  int64_t* out = result.i64();
  RegexCache cache;
  RegexOptions options;
  options.ignore_case = kIgnoreCase;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(const Regex* regex, cache.Get(pattern[row], options));
    out[row] = regex->Matches(text[row]) != kNegate ? 1 : 0;
    return Status::Ok();
  });
}

// The optional trailing arguments shared by the REGEXP_* functions, read for one row.
struct RegexCall {
  std::string_view text;
  const Regex* regex = nullptr;
  size_t start = 0;  // byte offset
  int64_t occurrence = 1;
  RegexFlags flags;
};

// Reads text, pattern, then the integer arguments at `int_args` positions (position,
// occurrence, ...) and the parameters text at `flags_arg` when present.
Result<RegexCall> ReadCall(const Args& args, size_t row, RegexCache& cache, size_t flags_arg,
                           std::string_view allowed_flags) {
  RegexCall call;
  call.text = args[0]->str()[row];
  if (args.size() > flags_arg) {
    ASSIGN_OR_RETURN(call.flags, ParseFlags(args[flags_arg]->str()[row], allowed_flags));
  }
  ASSIGN_OR_RETURN(call.regex, cache.Get(args[1]->str()[row], call.flags.options));
  int64_t position = args.size() > 2 && flags_arg > 2 ? args[2]->i64()[row] : 1;
  ASSIGN_OR_RETURN(call.start, StartOffset(call.text, position));
  if (args.size() > 3 && flags_arg > 3) {
    call.occurrence = args[3]->i64()[row];
    if (call.occurrence < 1) return BadParameter("occurrence", call.occurrence);
  }
  return call;
}

// The group a Redshift 'e' parameter asks for: the first subexpression when there is one.
int ResultGroup(const RegexCall& call, const RegexMatch& match) {
  return call.flags.extract && match.groups[1].rm_so >= 0 ? 1 : 0;
}

// regexp_substr(s, pattern [, position [, occurrence [, parameters]]])
Status RegexpSubstrKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  std::string* out = result.str();
  RegexCache cache;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(RegexCall call, ReadCall(args, row, cache, 4, "cipe"));
    RegexMatch match;
    out[row].clear();
    if (FindOccurrence(*call.regex, call.text, call.start, call.occurrence, match)) {
      const regmatch_t& g = match.groups[ResultGroup(call, match)];
      out[row].assign(call.text.substr(g.rm_so, g.rm_eo - g.rm_so));
    }
    return Status::Ok();
  });
}

// regexp_count(s, pattern [, position [, parameters]])
Status RegexpCountKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  int64_t* out = result.i64();
  RegexCache cache;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(RegexCall call, ReadCall(args, row, cache, 3, "cip"));
    RegexMatch match;
    int64_t found = 0;
    for (size_t from = call.start;
         from <= call.text.size() && call.regex->Find(call.text, from, match);
         from = NextSearchStart(call.text, match)) {
      found++;
    }
    out[row] = found;
    return Status::Ok();
  });
}

// regexp_instr(s, pattern [, position [, occurrence [, option [, parameters]]]]): option 0
// gives the first character of the match, 1 the character after it; 0 when no match.
Status RegexpInstrKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  int64_t* out = result.i64();
  RegexCache cache;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    ASSIGN_OR_RETURN(RegexCall call, ReadCall(args, row, cache, 5, "cipe"));
    int64_t option = args.size() > 4 ? args[4]->i64()[row] : 0;
    if (option != 0 && option != 1) return BadParameter("endoption", option);
    RegexMatch match;
    out[row] = 0;
    if (FindOccurrence(*call.regex, call.text, call.start, call.occurrence, match)) {
      const regmatch_t& g = match.groups[ResultGroup(call, match)];
      out[row] = CharIndex(call.text, static_cast<size_t>(option == 0 ? g.rm_so : g.rm_eo));
    }
    return Status::Ok();
  });
}

// Appends `replacement` with \1..\9 and \& (the whole match) filled in, '\\' for a backslash.
void AppendReplacement(std::string& out, std::string_view text, std::string_view replacement,
                       const RegexMatch& match) {
  for (size_t i = 0; i < replacement.size(); i++) {
    char c = replacement[i];
    if (c != '\\' || i + 1 >= replacement.size()) {
      out += c;
      continue;
    }
    char next = replacement[++i];
    int group = next == '&' ? 0 : (next >= '1' && next <= '9' ? next - '0' : -1);
    if (group < 0) {
      if (next != '\\') out += '\\';
      out += next;
    } else if (match.groups[group].rm_so >= 0) {
      const regmatch_t& g = match.groups[group];
      out.append(text.substr(g.rm_so, g.rm_eo - g.rm_so));
    }
  }
}

// regexp_replace(s, pattern [, replacement [, position [, parameters]]]) (Redshift) or
// regexp_replace(s, pattern, replacement, flags) (PostgreSQL): see the file comment.
template <bool kPostgresFlags>
Status RegexpReplaceKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  std::string* out = result.str();
  RegexCache cache;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    RegexCall call;
    call.text = args[0]->str()[row];
    size_t flags_arg = kPostgresFlags ? 3 : 4;
    if (args.size() > flags_arg) {
      ASSIGN_OR_RETURN(call.flags,
                       ParseFlags(args[flags_arg]->str()[row], kPostgresFlags ? "gicn" : "cip"));
    }
    bool global = !kPostgresFlags || call.flags.global;
    ASSIGN_OR_RETURN(call.regex, cache.Get(args[1]->str()[row], call.flags.options));
    std::string_view replacement = args.size() > 2 ? std::string_view(args[2]->str()[row]) : "";
    if (!kPostgresFlags && args.size() > 3) {
      ASSIGN_OR_RETURN(call.start, StartOffset(call.text, args[3]->i64()[row]));
    }
    std::string& o = out[row];
    o.assign(call.text.substr(0, call.start));
    size_t copied = call.start;
    RegexMatch match;
    for (size_t from = call.start;
         from <= call.text.size() && call.regex->Find(call.text, from, match);
         from = NextSearchStart(call.text, match)) {
      auto so = static_cast<size_t>(match.groups[0].rm_so);
      o.append(call.text.substr(copied, so - copied));
      AppendReplacement(o, call.text, replacement, match);
      copied = static_cast<size_t>(match.groups[0].rm_eo);
      if (!global) break;
    }
    if (copied < call.text.size()) o.append(call.text.substr(copied));
    return Status::Ok();
  });
}

Result<ScalarBinding> ResolveRegexpReplace(const std::vector<LogicalType>& types) {
  if (types.size() < 2 || types.size() > 5) return NoSuchFunction("regexp_replace", types);
  LogicalType text = LogicalType::Varchar();
  LogicalType integer(TypeId::kBigInt);
  bool flags_fourth = types.size() == 4 && types[3].IsString();
  if (flags_fourth) {
    return MakeBinding({text, text, text, text}, text, RegexpReplaceKernel<true>);
  }
  std::vector<LogicalType> arg_types = {text, text, text, integer, text};
  arg_types.resize(types.size());
  if (types.size() > 3 && !types[3].IsNumeric() && types[3].id() != TypeId::kNull) {
    return NoSuchFunction("regexp_replace", types);
  }
  return MakeBinding(std::move(arg_types), text, RegexpReplaceKernel<false>);
}

using K = ArgKind;
constexpr StringSignature kMatch{
    "~", 2, 2, {K::kText, K::kText}, TypeId::kBoolean, MatchOperatorKernel<false, false>};
constexpr StringSignature kNotMatch{
    "!~", 2, 2, {K::kText, K::kText}, TypeId::kBoolean, MatchOperatorKernel<true, false>};
constexpr StringSignature kMatchIc{
    "~*", 2, 2, {K::kText, K::kText}, TypeId::kBoolean, MatchOperatorKernel<false, true>};
constexpr StringSignature kNotMatchIc{
    "!~*", 2, 2, {K::kText, K::kText}, TypeId::kBoolean, MatchOperatorKernel<true, true>};
constexpr StringSignature kRegexpSubstr{"regexp_substr",
                                        2,
                                        5,
                                        {K::kText, K::kText, K::kInteger, K::kInteger, K::kText},
                                        TypeId::kVarchar,
                                        RegexpSubstrKernel};
constexpr StringSignature kRegexpCount{
    "regexp_count",   2, 4, {K::kText, K::kText, K::kInteger, K::kText}, TypeId::kInteger,
    RegexpCountKernel};
constexpr StringSignature kRegexpInstr{
    "regexp_instr",
    2,
    6,
    {K::kText, K::kText, K::kInteger, K::kInteger, K::kInteger, K::kText},
    TypeId::kInteger,
    RegexpInstrKernel};

}  // namespace

void RegisterRegexFunctions(FunctionRegistry& registry) {
  registry.AddScalar("~", ResolveStringSignature<kMatch>);
  registry.AddScalar("!~", ResolveStringSignature<kNotMatch>);
  registry.AddScalar("~*", ResolveStringSignature<kMatchIc>);
  registry.AddScalar("!~*", ResolveStringSignature<kNotMatchIc>);
  registry.AddScalar("regexp_substr", ResolveStringSignature<kRegexpSubstr>);
  registry.AddScalar("regexp_count", ResolveStringSignature<kRegexpCount>);
  registry.AddScalar("regexp_instr", ResolveStringSignature<kRegexpInstr>);
  registry.AddScalar("regexp_replace", ResolveRegexpReplace);
}

}  // namespace martlet
