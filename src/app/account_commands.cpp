// Out-of-band account administration (API.md §2.5: admins are never created through the API):
//   eduautismo create-admin EMAIL [--name "Full Name"]   password read from stdin (one line)
//   eduautismo set-user-active EMAIL true|false
// Both use the same configuration as `serve` (DATABASE_URL / DB_* / EDU_DATA_DIR).
#include <cstring>
#include <iostream>
#include <string>

#include "app/app.hpp"
#include "core/validation.hpp"
#include "domain/auth/email.hpp"
#include "domain/auth/service.hpp"

namespace edu {
namespace {

}  // namespace

int cmd_create_admin(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: eduautismo create-admin EMAIL [--name \"Full Name\"] < password\n";
    return 2;
  }
  std::string email = argv[2];
  std::string name = "Administrador";
  for (int i = 3; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--name") == 0) name = argv[i + 1];
  if (auto reason = auth::email_error(email); !reason.empty()) {
    std::cerr << "invalid e-mail: " << reason << "\n";
    return 2;
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  std::size_t len = utf8_length(password);
  if (len < 8 || len > 128) {
    std::cerr << "the password (read from stdin) must have 8..128 characters\n";
    return 2;
  }
  auto cfg = command_config(argv[1], /*quiet=*/true);
  if (!cfg) return 2;
  try {
    App app(*cfg);
    app.init(cfg->migrate_on_start);
    auto u = app.auth_service().provision_admin(auth::normalize_email(email), password, name);
    std::cout << u.id << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "create-admin failed: " << e.what() << "\n";
    return 1;
  }
}

int cmd_set_user_active(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: eduautismo set-user-active EMAIL true|false\n";
    return 2;
  }
  auto active = parse_bool_text(argv[3]);
  if (!active) {
    std::cerr << "expected true or false, got '" << argv[3] << "'\n";
    return 2;
  }
  auto cfg = command_config(argv[1], /*quiet=*/true);
  if (!cfg) return 2;
  try {
    App app(*cfg);
    app.init(cfg->migrate_on_start);
    if (!app.auth_service().set_active(auth::normalize_email(argv[2]), *active)) {
      std::cerr << "no user with e-mail " << argv[2] << "\n";
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "set-user-active failed: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace edu
