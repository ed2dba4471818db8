// Role catalogue and ProfessionalResponse serialisation.
#include "domain/professionals/model.hpp"

#include <array>

namespace edu::professionals {
namespace {

constexpr std::array<RoleInfo, 13> kRoles{{
    {"teacher", "Professor(a)", Area::Education},
    {"special_educator", "Educador(a) Especial", Area::Education},
    {"school_coordinator", "Coordenador(a) Pedagógico(a)", Area::Education},
    {"school_manager", "Gestor(a) Escolar", Area::Education},
    {"psychopedagogist", "Psicopedagoga(o)", Area::Education},
    {"psychologist", "Psicóloga(o)", Area::Health},
    {"psychiatrist", "Psiquiatra", Area::Health},
    {"neuropediatrician", "Neuropediatra", Area::Health},
    {"occupational_therapist", "Terapeuta Ocupacional", Area::Health},
    {"speech_therapist", "Fonoaudióloga(o)", Area::Health},
    {"physiotherapist", "Fisioterapeuta", Area::Health},
    {"social_worker", "Assistente Social", Area::Neither},
    {"nutritionist", "Nutricionista", Area::Neither},
}};

constexpr std::array<std::string_view, 13> kValues = [] {
  std::array<std::string_view, 13> v{};
  for (std::size_t i = 0; i < kRoles.size(); ++i) v[i] = kRoles[i].value;
  return v;
}();

json::value opt_json(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

}  // namespace

std::span<const RoleInfo> roles() { return kRoles; }
std::span<const std::string_view> role_values() { return kValues; }

const RoleInfo* find_role(std::string_view value) {
  for (const auto& r : kRoles)
    if (r.value == value) return &r;
  return nullptr;
}

bool is_education_role(std::string_view value) {
  const auto* r = find_role(value);
  return r && r->area == Area::Education;
}

bool is_health_role(std::string_view value) {
  const auto* r = find_role(value);
  return r && r->area == Area::Health;
}

json::object to_json(const Professional& p) {
  const auto* info = find_role(p.role);
  json::object o;
  o["id"] = p.id;
  o["name"] = p.name;
  o["email"] = p.email;
  o["role"] = p.role;
  o["role_display"] = info ? json::value(info->display) : json::value(p.role);
  o["specialization"] = opt_json(p.specialization);
  o["license_number"] = opt_json(p.license_number);
  o["organization"] = p.organization;
  o["phone"] = opt_json(p.phone);
  o["is_active"] = p.is_active;
  o["is_education_professional"] = p.is_education();
  o["is_health_professional"] = p.is_health();
  o["created_at"] = format_timestamp(p.created_at);
  o["updated_at"] = format_timestamp(p.updated_at);
  return o;
}

std::string not_found_message(std::string_view id) {
  return "Profissional " + std::string(id) + " não encontrado";
}

}  // namespace edu::professionals
