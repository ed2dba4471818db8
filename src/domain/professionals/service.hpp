// Business rules for professionals (API.md §4.7): unique e-mail (case-insensitive), soft delete,
// listing and statistics. Also answers the questions the rest of the multi-professional area
// asks about a professional (does it exist, is it a health professional).
#pragma once
#include <optional>
#include <string>

#include "core/validation.hpp"
#include "domain/professionals/repository.hpp"

namespace edu::professionals {

struct CreateInput {
  std::string name;
  std::string email;
  std::string role;
  std::optional<std::string> specialization;
  std::optional<std::string> license_number;
  std::string organization;
  std::optional<std::string> phone;
};

// Partial update (API.md §1.11): absent fields keep their value, null clears nullable ones.
struct UpdateInput {
  Field<std::string> name, email, role, specialization, license_number, organization, phone;
  Field<bool> is_active;
};

class Service {
 public:
  explicit Service(db::Database& db) : repo_(db) {}

  Professional create(const CreateInput& in);
  // Throws 404 "Profissional <id> não encontrado".
  Professional get(const std::string& id);
  Professional update(const std::string& id, const UpdateInput& in);
  void deactivate(const std::string& id);
  std::pair<std::vector<Professional>, std::int64_t> list(const ListFilter& f) {
    return repo_.list(f);
  }
  json::object statistics();

  // Lookups for other areas (no exception when missing).
  std::optional<Professional> find(const std::string& id) { return repo_.find(id); }
  bool is_health_professional(const std::string& id);

  Repository& repository() { return repo_; }

 private:
  Repository repo_;
};

}  // namespace edu::professionals
