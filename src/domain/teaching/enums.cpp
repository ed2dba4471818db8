// Enumeration lookups and scores (API.md §3, §5.9).
#include "domain/teaching/enums.hpp"

#include "domain/teaching/text.hpp"

namespace edu::teaching {

bool LabeledEnum::contains(std::string_view v) const { return index(v) < size(); }

std::size_t LabeledEnum::index(std::string_view v) const {
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (values_[i] == v) return i;
  return values_.size();
}

std::optional<std::string_view> LabeledEnum::label(std::string_view v) const {
  std::size_t i = index(v);
  if (i >= size()) return std::nullopt;
  return labels_[i];
}

int engagement_score(std::string_view level) {
  for (std::size_t i = 0; i < kEngagementLevelValues.size(); ++i)
    if (kEngagementLevelValues[i] == level) return static_cast<int>(i);
  return -1;
}

int independence_score(std::string_view text) {
  std::string t = unicode_lower(trim_unicode(text));
  if (t == "full") return 4;
  if (t == "partial") return 3;
  if (t == "minimal") return 2;
  if (t == "dependent") return 1;
  return 0;
}

std::string_view grade_band(std::string_view g) {
  if (g.rfind("infantil", 0) == 0) return "infantil";
  if (g.rfind("fundamental_1", 0) == 0) return "fundamental_1";
  if (g.rfind("fundamental_2", 0) == 0) return "fundamental_2";
  if (g.rfind("medio", 0) == 0) return "medio";
  if (g.rfind("eja", 0) == 0) return "eja";
  return "";
}

}  // namespace edu::teaching
