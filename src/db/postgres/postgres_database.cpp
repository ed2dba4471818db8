// PostgreSQL backend — placeholder until the libpq pool lands (issue 3).
#include "db/database.hpp"

namespace edu::db {

std::unique_ptr<Database> open_postgres(const DatabaseOptions&) {
  throw std::runtime_error("PostgreSQL backend is not available in this build yet");
}

}  // namespace edu::db
