#include "cli/generate/tpch_text.hpp"

#include <vector>

namespace martlet::generate {
namespace {

struct Weighted {
  std::string_view word;
  int weight;
};

// The word lists and weights of clause 4.2.2.13.
constexpr Weighted kNouns[] = {
    {"packages", 40},  {"requests", 40},     {"accounts", 40},      {"deposits", 40},
    {"foxes", 20},     {"ideas", 20},        {"theodolites", 20},   {"pinto beans", 20},
    {"instructions", 20}, {"dependencies", 10}, {"excuses", 10},    {"platelets", 10},
    {"asymptotes", 10}, {"courts", 5},       {"dolphins", 5},       {"multipliers", 1},
    {"sauternes", 1},  {"warthogs", 1},      {"frets", 1},          {"dinos", 1},
    {"attainments", 1}, {"somas", 1},        {"Tiresias", 1},       {"patterns", 1},
    {"forges", 1},     {"braids", 1},        {"hockey players", 1}, {"frays", 1},
    {"warhorses", 1},  {"dugouts", 1},       {"notornis", 1},       {"epitaphs", 1},
    {"pearls", 1},     {"tithes", 1},        {"waters", 1},         {"orbits", 1},
    {"gifts", 1},      {"sheaves", 1},       {"depths", 1},         {"sentiments", 1},
    {"decoys", 1},     {"realms", 1},        {"pains", 1},          {"grouches", 1},
    {"escapades", 1},
};
constexpr Weighted kVerbs[] = {
    {"sleep", 20}, {"wake", 20},  {"are", 20},     {"cajole", 20},  {"haggle", 20},
    {"nag", 10},   {"use", 10},   {"boost", 10},   {"affix", 5},    {"detect", 5},
    {"integrate", 5}, {"maintain", 1}, {"nod", 1}, {"was", 1},      {"lose", 1},
    {"sublate", 1}, {"solve", 1}, {"thrash", 1},   {"promise", 1},  {"engage", 1},
    {"hinder", 1}, {"print", 1},  {"x-ray", 1},    {"breach", 1},   {"eat", 1},
    {"grow", 1},   {"impress", 1}, {"mold", 1},    {"poach", 1},    {"serve", 1},
    {"run", 1},    {"dazzle", 1}, {"snooze", 1},   {"doze", 1},     {"unwind", 1},
    {"kindle", 1}, {"play", 1},   {"hang", 1},     {"believe", 1},  {"doubt", 1},
};
constexpr Weighted kAdjectives[] = {
    {"special", 20}, {"pending", 20}, {"unusual", 20}, {"express", 20}, {"furious", 1},
    {"sly", 1},      {"careful", 1},  {"blithe", 1},   {"quick", 1},    {"fluffy", 1},
    {"slow", 1},     {"quiet", 1},    {"ruthless", 1}, {"thin", 1},     {"close", 1},
    {"dogged", 1},   {"daring", 1},   {"brave", 1},    {"stealthy", 1}, {"permanent", 1},
    {"enticing", 1}, {"idle", 1},     {"busy", 1},     {"regular", 50}, {"final", 40},
    {"ironic", 40},  {"even", 30},    {"bold", 20},    {"silent", 10},
};
constexpr Weighted kAdverbs[] = {
    {"sometimes", 1},  {"always", 1},    {"never", 1},      {"furiously", 50}, {"slyly", 50},
    {"carefully", 50}, {"blithely", 40}, {"quickly", 30},   {"fluffily", 20},  {"slowly", 1},
    {"quietly", 1},    {"ruthlessly", 1}, {"thinly", 1},    {"closely", 1},    {"doggedly", 1},
    {"daringly", 1},   {"bravely", 1},   {"stealthily", 1}, {"permanently", 1}, {"enticingly", 1},
    {"idly", 1},       {"busily", 1},    {"regularly", 1},  {"finally", 1},    {"ironically", 1},
    {"evenly", 1},     {"boldly", 1},    {"silently", 1},
};
constexpr Weighted kPrepositions[] = {
    {"about", 50},  {"above", 50},   {"according to", 50}, {"across", 50},   {"after", 50},
    {"against", 40}, {"along", 40},  {"alongside of", 30}, {"among", 30},    {"around", 20},
    {"at", 10},     {"atop", 1},     {"before", 1},        {"behind", 1},    {"beneath", 1},
    {"beside", 1},  {"besides", 1},  {"between", 1},       {"beyond", 1},    {"by", 1},
    {"despite", 1}, {"during", 1},   {"except", 1},        {"for", 1},       {"from", 1},
    {"in place of", 1}, {"inside", 1}, {"instead of", 1},  {"into", 1},      {"near", 1},
    {"of", 1},      {"on", 1},       {"outside", 1},       {"over", 1},      {"past", 1},
    {"since", 1},   {"through", 1},  {"throughout", 1},    {"to", 1},        {"toward", 1},
    {"under", 1},   {"until", 1},    {"up", 1},            {"upon", 1},      {"without", 1},
    {"with", 1},    {"within", 1},
};
constexpr Weighted kAuxiliaries[] = {
    {"do", 1},         {"may", 1},       {"might", 1},           {"shall", 1},
    {"will", 1},       {"would", 1},     {"can", 1},             {"could", 1},
    {"should", 1},     {"ought to", 1},  {"must", 1},            {"will have to", 1},
    {"shall have to", 1}, {"could have to", 1}, {"should have to", 1}, {"must have to", 1},
    {"need to", 1},    {"try to", 1},
};
constexpr Weighted kTerminators[] = {{".", 50}, {";", 1}, {":", 1}, {"?", 1}, {"!", 1}, {"--", 1}};

// A word list expanded by weight, so that a draw is one index.
class WordList {
 public:
  template <size_t N>
  explicit WordList(const Weighted (&words)[N]) {
    for (const Weighted& entry : words) {
      for (int i = 0; i < entry.weight; ++i) expanded_.push_back(entry.word);
    }
  }
  std::string_view Draw(RowRandom& random) const {
    return expanded_[random.Index(static_cast<uint32_t>(expanded_.size()))];
  }

 private:
  std::vector<std::string_view> expanded_;
};

class SentenceMaker {
 public:
  explicit SentenceMaker(RowRandom& random) : random_(random) {}

  void Sentence(std::string& out) {
    switch (random_.Index(5)) {
      case 0: NounPhrase(out), VerbPhrase(out); break;
      case 1: NounPhrase(out), VerbPhrase(out), PrepositionalPhrase(out); break;
      case 2: NounPhrase(out), VerbPhrase(out), NounPhrase(out); break;
      case 3: NounPhrase(out), PrepositionalPhrase(out), VerbPhrase(out), NounPhrase(out); break;
      default:
        NounPhrase(out), PrepositionalPhrase(out), VerbPhrase(out), PrepositionalPhrase(out);
        break;
    }
    out.pop_back();  // the space after the last word: terminators follow it directly
    out.append(terminators_.Draw(random_));
    out.push_back(' ');
  }

 private:
  void Word(const WordList& list, std::string& out) {
    out.append(list.Draw(random_));
    out.push_back(' ');
  }
  void NounPhrase(std::string& out) {
    switch (random_.Index(4)) {
      case 0: break;
      case 1: Word(adjectives_, out); break;
      case 2: out.append(adjectives_.Draw(random_)), out.append(", "), Word(adjectives_, out); break;
      default: Word(adverbs_, out), Word(adjectives_, out); break;
    }
    Word(nouns_, out);
  }
  void VerbPhrase(std::string& out) {
    switch (random_.Index(4)) {
      case 0: Word(verbs_, out); break;
      case 1: Word(auxiliaries_, out), Word(verbs_, out); break;
      case 2: Word(verbs_, out), Word(adverbs_, out); break;
      default: Word(auxiliaries_, out), Word(verbs_, out), Word(adverbs_, out); break;
    }
  }
  void PrepositionalPhrase(std::string& out) {
    Word(prepositions_, out);
    out.append("the ");
    NounPhrase(out);
  }

  RowRandom& random_;
  WordList nouns_{kNouns}, verbs_{kVerbs}, adjectives_{kAdjectives}, adverbs_{kAdverbs};
  WordList prepositions_{kPrepositions}, auxiliaries_{kAuxiliaries}, terminators_{kTerminators};
};

constexpr std::string_view kStringAlphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,.";

}  // namespace

void AppendPhone(RowRandom& random, int nation, std::string& out) {
  char phone[16];
  int length = std::snprintf(phone, sizeof phone, "%02d-%03d-%03d-%04d", nation + 10,
                             static_cast<int>(random.Uniform(100, 999)),
                             static_cast<int>(random.Uniform(100, 999)),
                             static_cast<int>(random.Uniform(1000, 9999)));
  out.append(phone, static_cast<size_t>(length));
}

void AppendRandomString(RowRandom& random, int min_length, int max_length, std::string& out) {
  auto length = random.Uniform(min_length, max_length);
  for (int64_t i = 0; i < length; ++i) out.push_back(kStringAlphabet[random.Index(kStringAlphabet.size())]);
}

void AppendKeyName(std::string_view prefix, uint64_t key, std::string& out) {
  char digits[24];
  int length = std::snprintf(digits, sizeof digits, "%09llu", static_cast<unsigned long long>(key));
  out.append(prefix);
  out.append(digits, static_cast<size_t>(length));
}

TextPool::TextPool(size_t size) {
  RowRandom random(0x7e47'90011ULL);  // fixed: the pool is part of the data's definition
  SentenceMaker maker(random);
  text_.reserve(size + 256);
  while (text_.size() < size) maker.Sentence(text_);
  text_.resize(size);
}

std::string_view TextPool::Comment(RowRandom& random, int min_length, int max_length) const {
  auto length = static_cast<size_t>(random.Uniform(min_length, max_length));
  auto offset = static_cast<size_t>(random.Uniform(0, static_cast<int64_t>(text_.size() - length)));
  return std::string_view(text_).substr(offset, length);
}

}  // namespace martlet::generate
