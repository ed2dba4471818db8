// CLI entry: parses the subcommand, nothing else.
#include <cstring>
#include <iostream>

#include "app/app.hpp"

namespace {
void usage() {
  std::cerr << "usage: eduautismo <command>\n"
               "  serve [--print-env-contract]   run the HTTP API (default)\n"
               "  migrate [--status]             apply database migrations\n"
               "  healthcheck                    exit 0 when the local server is live\n"
               "  import-bncc PATH               load the BNCC dataset (directory or bncc.csv)\n"
               "                                 into the database\n"
               "  create-admin EMAIL [--name N]  create or promote an admin; password on stdin\n"
               "  set-user-active EMAIL true|false  activate / deactivate an account\n"
               "  seed-demo                      demo teacher, students, activities (empty database)\n"
               "  lifecycle [--apply]            storage retention: local expirations / S3 bucket\n"
               "                                 lifecycle rules (INFRA.md 2.8); reports unless --apply\n"
               "  reencrypt [--dry-run]          rewrite plaintext or old-key LGPD values under the\n"
               "                                 current FIELD_ENCRYPTION_KEY (safe while serving)\n";
}
}  // namespace

int main(int argc, char** argv) {
  const char* cmd = argc > 1 ? argv[1] : "serve";
  if (std::strcmp(cmd, "serve") == 0) return edu::cmd_serve(argc, argv);
  if (std::strcmp(cmd, "migrate") == 0) return edu::cmd_migrate(argc, argv);
  if (std::strcmp(cmd, "healthcheck") == 0) return edu::cmd_healthcheck(argc, argv);
  if (std::strcmp(cmd, "import-bncc") == 0) return edu::cmd_import_bncc(argc, argv);
  if (std::strcmp(cmd, "create-admin") == 0) return edu::cmd_create_admin(argc, argv);
  if (std::strcmp(cmd, "set-user-active") == 0) return edu::cmd_set_user_active(argc, argv);
  if (std::strcmp(cmd, "seed-demo") == 0) return edu::cmd_seed_demo(argc, argv);
  if (std::strcmp(cmd, "lifecycle") == 0) return edu::cmd_lifecycle(argc, argv);
  if (std::strcmp(cmd, "reencrypt") == 0) return edu::cmd_reencrypt(argc, argv);
  if (std::strcmp(cmd, "--help") == 0 || std::strcmp(cmd, "-h") == 0) {
    usage();
    return 0;
  }
  std::cerr << "eduautismo: unknown command '" << cmd << "'\n";
  usage();
  return 2;
}
