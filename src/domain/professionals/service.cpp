// Professional rules (API.md §4.7).
#include "domain/professionals/service.hpp"

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "domain/auth/email.hpp"

namespace edu::professionals {
namespace {

HttpError email_taken(const std::string& email) {
  return bad_request("Email " + email + " já está cadastrado");
}

template <class T>
void apply_nullable(std::optional<T>& target, const Field<T>& f) {
  if (f.has_value()) target = *f;
  else if (f.is_null()) target.reset();
}

}  // namespace

Professional Service::create(const CreateInput& in) {
  Professional p;
  p.id = new_uuid_v7();
  p.name = in.name;
  p.email = auth::normalize_email(in.email);
  p.role = in.role;
  p.specialization = in.specialization;
  p.license_number = in.license_number;
  p.organization = in.organization;
  p.phone = in.phone;
  p.is_active = true;
  p.created_at = p.updated_at = now_micros();
  if (repo_.find_by_email(p.email)) throw email_taken(p.email);
  try {
    repo_.insert(p);
  } catch (const EmailTaken&) {
    throw email_taken(p.email);
  }
  return p;
}

Professional Service::get(const std::string& id) {
  auto p = repo_.find(id);
  if (!p) throw not_found(not_found_message(id));
  return *p;
}

Professional Service::update(const std::string& id, const UpdateInput& in) {
  Professional p = get(id);
  if (in.email) {
    std::string email = auth::normalize_email(*in.email);
    auto other = repo_.find_by_email(email);
    if (other && other->id != p.id) throw email_taken(email);
    p.email = email;
  }
  if (in.name) p.name = *in.name;
  if (in.role) p.role = *in.role;
  if (in.organization) p.organization = *in.organization;
  apply_nullable(p.specialization, in.specialization);
  apply_nullable(p.license_number, in.license_number);
  apply_nullable(p.phone, in.phone);
  if (in.is_active) p.is_active = *in.is_active;
  p.updated_at = now_micros();
  try {
    repo_.update(p);
  } catch (const EmailTaken&) {
    throw email_taken(p.email);
  }
  return p;
}

void Service::deactivate(const std::string& id) {
  if (!repo_.deactivate(id, now_micros())) throw not_found(not_found_message(id));
}

json::object Service::statistics() {
  auto s = repo_.statistics();
  json::object by_role;
  std::int64_t education = 0, health = 0;
  for (const auto& r : roles()) {
    auto it = s.by_role.find(std::string(r.value));
    if (it == s.by_role.end() || it->second < 1) continue;
    by_role[r.value] = it->second;
    if (r.area == Area::Education) education += it->second;
    if (r.area == Area::Health) health += it->second;
  }
  json::object o;
  o["total_professionals"] = s.total;
  o["total_active"] = s.active;
  o["total_inactive"] = s.total - s.active;
  o["by_role"] = std::move(by_role);
  o["education_professionals"] = education;
  o["health_professionals"] = health;
  o["organizations_count"] = s.organizations;
  return o;
}

bool Service::is_health_professional(const std::string& id) {
  auto p = repo_.find(id);
  return p && p->is_health();
}

}  // namespace edu::professionals
