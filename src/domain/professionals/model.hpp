// Professionals of the multi-professional area (API.md §3.9, §4.7): the role catalogue with its
// display label and area, and the record as stored and returned.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::professionals {

enum class Area { Education, Health, Neither };

struct RoleInfo {
  std::string_view value;
  std::string_view display;
  Area area;
};

// The 13 roles in declaration order.
std::span<const RoleInfo> roles();
std::span<const std::string_view> role_values();
const RoleInfo* find_role(std::string_view value);
bool is_education_role(std::string_view value);
bool is_health_role(std::string_view value);

struct Professional {
  std::string id;
  std::string name;
  std::string email;  // lower-cased
  std::string role;
  std::optional<std::string> specialization;
  std::optional<std::string> license_number;
  std::string organization;
  std::optional<std::string> phone;
  bool is_active = true;
  Micros created_at = 0;
  Micros updated_at = 0;

  bool is_health() const { return is_health_role(role); }
  bool is_education() const { return is_education_role(role); }
};

// ProfessionalResponse, keys in contract order.
json::object to_json(const Professional& p);

// "Profissional <id> não encontrado" (also used by observations, indicators and plans).
std::string not_found_message(std::string_view id);

}  // namespace edu::professionals
