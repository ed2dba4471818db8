// Password hashing: argon2id parameters of API.md §2.4 and legacy bcrypt verification.
#include "security/passwords.hpp"

#include <crypt.h>
#include <sodium.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>
#include <vector>

using namespace edu::security;

namespace {
// A real bcrypt hash produced by libxcrypt here (cost 4 keeps the test fast).
std::string bcrypt_of(const std::string& password, const char* prefix = "$2b$") {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  EXPECT_NE(crypt_gensalt_rn(prefix, 4, nullptr, 0, setting, sizeof setting), nullptr);
  crypt_data data{};
  const char* h = crypt_r(password.c_str(), setting, &data);
  EXPECT_NE(h, nullptr);
  return h ? std::string(h) : std::string();
}
}  // namespace

TEST(Passwords, NewHashesAreArgon2idWithTheContractParameters) {
  auto h = hash_password("correct horse");
  EXPECT_EQ(h.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << h;
  // $argon2id$v=19$m=...$<salt b64, 16 bytes → 22 chars>$<tag b64, 32 bytes → 43 chars>
  auto salt_start = h.find('$', 31);
  std::string rest = h.substr(std::string("$argon2id$v=19$m=19456,t=2,p=1$").size());
  auto dollar = rest.find('$');
  EXPECT_EQ(dollar, 22u);
  EXPECT_EQ(rest.size() - dollar - 1, 43u);
  (void)salt_start;
  EXPECT_NE(hash_password("correct horse"), h);  // random salt
}

TEST(Passwords, VerifiesArgon2id) {
  auto h = hash_password("Senha@Forte123");
  auto ok = verify_password("Senha@Forte123", h);
  EXPECT_TRUE(ok.ok);
  EXPECT_FALSE(ok.needs_rehash);
  EXPECT_FALSE(verify_password("Senha@Forte124", h).ok);
  EXPECT_FALSE(verify_password("", h).ok);
  // passwords are bytes: NUL inside a password is significant
  auto nul = hash_password(std::string("ab\0cd", 5));
  EXPECT_TRUE(verify_password(std::string("ab\0cd", 5), nul).ok);
  EXPECT_FALSE(verify_password("ab", nul).ok);
}

TEST(Passwords, VerifiesLegacyBcryptAndAsksForRehash) {
  for (const char* prefix : {"$2b$", "$2a$", "$2y$"}) {
    auto h = bcrypt_of("legacypass1", prefix);
    ASSERT_EQ(h.rfind(prefix, 0), 0u) << h;
    auto ok = verify_password("legacypass1", h);
    EXPECT_TRUE(ok.ok) << prefix;
    EXPECT_TRUE(ok.needs_rehash);
    EXPECT_FALSE(verify_password("legacypass2", h).ok);
    EXPECT_FALSE(verify_password("", h).ok);
  }
}

TEST(Passwords, WeakerArgon2NeedsRehash) {
  ASSERT_GE(sodium_init(), 0);
  char weak[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(weak, "password", 8, 1, 8u << 20, crypto_pwhash_ALG_ARGON2ID13), 0);
  ASSERT_EQ(std::string(weak).rfind("$argon2id$v=19$m=8192,t=1,p=1$", 0), 0u) << weak;
  auto r = verify_password("password", weak);
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.needs_rehash);
  EXPECT_FALSE(verify_password("other", weak).ok);
  char argon2i[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i, "password", 8, 3, 8u << 20, crypto_pwhash_ALG_ARGON2I13), 0);
  auto i = verify_password("password", argon2i);
  EXPECT_TRUE(i.ok);
  EXPECT_TRUE(i.needs_rehash);
}

TEST(Passwords, MalformedHashesNeverVerify) {
  for (const std::string& bad :
       {std::string(""), std::string("plaintext"), std::string("$2b$12$short"),
        std::string("$2b$04$") + std::string(53, '!'), std::string("$argon2id$v=19$garbage"),
        std::string("$argon2id$v=19$m=19456,t=2,p=1$$"), std::string("*0"),
        std::string("$1$abc$def"), std::string("$6$salt$hash"), std::string(200, '$')})
    EXPECT_FALSE(verify_password("whatever", bad).ok) << bad;
}

TEST(Passwords, BurningTimeCostsAboutOneVerification) {
  auto h = hash_password("x-password");
  auto t0 = std::chrono::steady_clock::now();
  (void)verify_password("wrong", h);
  auto t1 = std::chrono::steady_clock::now();
  burn_verification_time("wrong");  // first call may also build the dummy hash
  burn_verification_time("wrong");
  auto t2 = std::chrono::steady_clock::now();
  EXPECT_GT((t2 - t1).count(), (t1 - t0).count() / 2);
}

TEST(Passwords, HashingRunsOnLowerPriorityThreadsAndLeavesTheCallerAlone) {
  errno = 0;
  int caller_before = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  ASSERT_EQ(errno, 0);
  EXPECT_GE(password_hashing_priority(), std::max(10, caller_before));
  auto h = hash_password("Senha@Forte123");
  EXPECT_TRUE(verify_password("Senha@Forte123", h).ok);
  EXPECT_EQ(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())), caller_before);
}

TEST(Passwords, ConcurrentCallersEachGetTheirOwnResult) {
  // More callers than hashing threads: the pool queues them; every caller gets its own
  // answer (right password verifies, wrong one and a malformed hash do not).
  auto h = hash_password("pw-shared-1");
  std::vector<std::thread> threads;
  std::atomic<int> right{0}, wrong{0}, malformed{0};
  for (int i = 0; i < 12; ++i)
    threads.emplace_back([&, i] {
      if (i % 3 == 0 && verify_password("pw-shared-1", h).ok) ++right;
      if (i % 3 == 1 && !verify_password("pw-shared-2", h).ok) ++wrong;
      if (i % 3 == 2 && !verify_password("pw-shared-1", "$argon2id$garbage").ok) ++malformed;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(right.load(), 4);
  EXPECT_EQ(wrong.load(), 4);
  EXPECT_EQ(malformed.load(), 4);
}
