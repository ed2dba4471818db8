// Password hashing cost (not a test): time per argon2id hash / verification with the
// parameters of API.md §2.4 and per legacy bcrypt verification. Prints one JSON object.
// Usage: build/bench/bench_passwords [iterations, default 20]
#include <crypt.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "security/passwords.hpp"

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 20;
  if (n < 1) n = 1;
  using clock = std::chrono::steady_clock;
  auto ms = [](clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };

  std::string h;
  auto t0 = clock::now();
  for (int i = 0; i < n; ++i) h = edu::security::hash_password("benchmark-password-1");
  auto t1 = clock::now();
  for (int i = 0; i < n; ++i) (void)edu::security::verify_password("benchmark-password-1", h);
  auto t2 = clock::now();

  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  crypt_gensalt_rn("$2b$", 12, nullptr, 0, setting, sizeof setting);  // passlib's default cost
  crypt_data data{};
  std::string bcrypt = crypt_r("benchmark-password-1", setting, &data);
  int nb = n < 5 ? n : 5;
  auto t3 = clock::now();
  for (int i = 0; i < nb; ++i) (void)edu::security::verify_password("benchmark-password-1", bcrypt);
  auto t4 = clock::now();

  std::printf(
      "{\"iterations\": %d, \"argon2id_params\": \"m=19456,t=2,p=1\", \"hash_ms\": %.1f, "
      "\"verify_ms\": %.1f, \"bcrypt_cost12_verify_ms\": %.1f}\n",
      n, ms(t1 - t0) / n, ms(t2 - t1) / n, ms(t4 - t3) / nb);
  return 0;
}
