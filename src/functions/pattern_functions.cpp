// LIKE and ILIKE (operators "~~", "!~~", "~~*", "!~~*", with an optional ESCAPE argument),
// and the registration of the whole pattern group.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "functions/function.hpp"
#include "functions/kernel_support.hpp"
#include "functions/like_matcher.hpp"
#include "functions/string_signature.hpp"
#include "functions/utf8_text.hpp"

namespace martlet {
namespace {

using Args = std::vector<const Vector*>;

// The matcher for the last (pattern, escape) pair seen; the pattern is nearly always the same
// on every row, so it is compiled once per kernel call.
class LikeCache {
 public:
  Result<const LikeMatcher*> Get(std::string_view pattern, std::string_view escape) {
    if (!matcher_.has_value() || pattern != pattern_ || escape != escape_) {
      ASSIGN_OR_RETURN(LikeMatcher m, LikeMatcher::Compile(pattern, escape));
      matcher_ = std::move(m);
      pattern_.assign(pattern);
      escape_.assign(escape);
    }
    return &*matcher_;
  }

 private:
  std::string pattern_;
  std::string escape_;
  std::optional<LikeMatcher> matcher_;
};

template <bool kNegate, bool kIgnoreCase>
Status LikeKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* text = args[0]->str();
  const std::string* pattern = args[1]->str();
  const std::string* escape = args.size() > 2 ? args[2]->str() : nullptr;
  int64_t* out = result.i64();
  LikeCache cache;
  std::string lowered_pattern;
  std::string lowered_escape;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    std::string_view p = pattern[row];
    std::string_view e = escape ? std::string_view(escape[row]) : "\\";
    if (kIgnoreCase) {
      // Lower-casing the pattern is cheap next to matching; the cache still hits on it.
      lowered_pattern = Utf8Lower(p);
      p = lowered_pattern;
      lowered_escape = Utf8Lower(e);
      e = lowered_escape;
    }
    ASSIGN_OR_RETURN(const LikeMatcher* matcher, cache.Get(p, e));
    bool match = kIgnoreCase ? matcher->Matches(Utf8Lower(text[row])) : matcher->Matches(text[row]);
    out[row] = match != kNegate ? 1 : 0;
    return Status::Ok();
  });
}

constexpr StringSignature kLike{"~~",
                                2,
                                3,
                                {ArgKind::kText, ArgKind::kText, ArgKind::kText},
                                TypeId::kBoolean,
                                LikeKernel<false, false>};
constexpr StringSignature kNotLike{"!~~",
                                   2,
                                   3,
                                   {ArgKind::kText, ArgKind::kText, ArgKind::kText},
                                   TypeId::kBoolean,
                                   LikeKernel<true, false>};
constexpr StringSignature kILike{"~~*",
                                 2,
                                 3,
                                 {ArgKind::kText, ArgKind::kText, ArgKind::kText},
                                 TypeId::kBoolean,
                                 LikeKernel<false, true>};
constexpr StringSignature kNotILike{"!~~*",
                                    2,
                                    3,
                                    {ArgKind::kText, ArgKind::kText, ArgKind::kText},
                                    TypeId::kBoolean,
                                    LikeKernel<true, true>};

}  // namespace

void RegisterPatternFunctions(FunctionRegistry& registry) {
  registry.AddScalar("~~", ResolveStringSignature<kLike>);
  registry.AddScalar("!~~", ResolveStringSignature<kNotLike>);
  registry.AddScalar("~~*", ResolveStringSignature<kILike>);
  registry.AddScalar("!~~*", ResolveStringSignature<kNotILike>);
  RegisterRegexFunctions(registry);
}

}  // namespace martlet
