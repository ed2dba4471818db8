// The in-memory catalog index that answers every BNCC read (API.md §4.13.4–§4.13.6).
//
// Why in memory: the catalog is small (1,580 skills, ~0.5 MB) and read-only between loads, so a
// scan over pre-folded text is a few tens of microseconds — faster than any database round
// trip — and the semantics the contract specifies (folded substring tokens, exact-code-first,
// catalog order) are computed by one piece of code whatever the database backend is, so
// SQLite and PostgreSQL deployments rank identically by construction. The database keeps the
// durable copy (repository.hpp). An index is immutable once built; a reload swaps the pointer.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json.hpp"
#include "domain/bncc/model.hpp"

namespace edu::bncc {

// The filters of GET /bncc/skills, already validated.
struct SkillQuery {
  std::string q;  // raw text ("" = no text filter)
  std::optional<Stage> stage;
  std::optional<int> year;
  std::string component;      // "" = no filter
  std::string area;           // "" = no filter
  std::string thematic_unit;  // "" = no filter
  std::int64_t skip = 0;
  std::int64_t limit = 20;

  // A canonical text form (folded values, fixed field order) used for cache keys, so that
  // `q=Frações` and `q=fracoes` share one cache entry.
  std::string canonical() const;
};

// The folded tokens of a search text: "(Frações)  de" → {"fracoes", "de"}.
std::vector<std::string> search_tokens(std::string_view q);

struct SkillPage {
  std::vector<std::size_t> items;  // positions in catalog order
  std::size_t total = 0;
};

class CatalogIndex {
 public:
  CatalogIndex(std::vector<Skill> skills, CatalogMeta meta);

  const CatalogMeta& meta() const { return meta_; }
  std::size_t size() const { return skills_.size(); }
  const std::vector<Skill>& skills() const { return skills_; }
  const Skill& at(std::size_t pos) const { return skills_[pos]; }
  const Skill* find(std::string_view normalized_code) const;

  SkillPage search(const SkillQuery& q) const;

  // Serialised Skill object (§4.13.3), prepared at build time.
  const std::string& skill_json(std::size_t pos) const { return json_[pos]; }
  // The catalog envelope body of GET /bncc/skills.
  std::string page_json(const SkillPage& page, const SkillQuery& q) const;
  // The body of GET /bncc/components (§4.13.6), prepared at build time.
  const std::string& components_json() const { return components_json_; }

 private:
  // A query with its values folded once.
  struct Prepared {
    std::optional<Stage> stage;
    std::optional<int> year;
    std::vector<std::string> tokens;
    std::string component, component_upper, area, area_upper, thematic;
  };
  bool matches(std::size_t i, const Prepared& p) const;

  std::vector<Skill> skills_;
  CatalogMeta meta_;
  std::unordered_map<std::string, std::size_t> by_code_;
  std::vector<std::string> json_;
  std::vector<std::string> text_;       // fold(code + " " + description)
  std::vector<std::string> component_;  // fold(component)
  std::vector<std::string> area_;       // fold(area)
  std::vector<std::string> thematic_;   // fold(thematic_unit)
  std::string components_json_;
  // Byte-trigram → bitset of rows whose folded text contains it: a text query intersects the
  // sets of its tokens' trigrams and verifies only those candidates (a few µs instead of a
  // scan of ~0.4 MB per token).
  std::size_t words_ = 0;  // 64-bit words per bitset
  std::unordered_map<std::uint32_t, std::vector<std::uint64_t>> trigrams_;
};

json::object skill_to_json(const Skill& s);

}  // namespace edu::bncc
