// Database session store on SQLite: liveness, rotation with reuse detection, revocation.
#include "security/session_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"

using namespace edu;
using namespace edu::security;

namespace {

constexpr Micros kSec = 1'000'000;

class SessionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("edu-sess-" + random_hex(6));
    std::filesystem::create_directories(dir_);
    db::DatabaseOptions o;
    o.url = "sqlite:///" + (dir_ / "t.db").string();
    db_ = db::open_database(o);
    db::migrate(*db_);
    store_ = make_database_session_store(*db_);
    now_ = 1'800'000'000 * kSec;
    db_->query(
        "INSERT INTO users (id, email, hashed_password, full_name, role, is_active, is_verified, "
        "created_at, updated_at) VALUES ($1, 'u@example.com', 'x', 'U', 'teacher', TRUE, FALSE, "
        "$2, $2)",
        {user_, db::ts_param(now_)});
  }
  void TearDown() override {
    store_.reset();
    db_->close();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  LoginSession session(const std::string& jti) {
    LoginSession s;
    s.id = new_uuid_v7();
    s.user_id = user_;
    s.current_refresh_jti = jti;
    s.created_at = now_;
    s.expires_at = now_ + 7 * 86400 * kSec;
    store_->create(s);
    return s;
  }

  std::filesystem::path dir_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<SessionStore> store_;
  std::string user_ = new_uuid_v7();
  Micros now_ = 0;
};

}  // namespace

TEST_F(SessionStoreTest, LiveSessionAllowsAccessUntilExpiry) {
  auto s = session("r1");
  EXPECT_TRUE(store_->access_allowed(user_, s.id, "a1", now_));
  EXPECT_FALSE(store_->access_allowed(new_uuid_v7(), s.id, "a1", now_));  // other user
  EXPECT_FALSE(store_->access_allowed(user_, new_uuid_v7(), "a1", now_));  // unknown session
  EXPECT_FALSE(store_->access_allowed(user_, s.id, "a1", s.expires_at));
}

TEST_F(SessionStoreTest, RotationIsSingleUseAndReuseRevokesTheSession) {
  auto s = session("r1");
  EXPECT_EQ(store_->rotate(user_, s.id, "r1", "r2", s.expires_at + kSec, now_ + kSec),
            RotateOutcome::Rotated);
  EXPECT_EQ(store_->rotate(user_, s.id, "r2", "r3", s.expires_at + 2 * kSec, now_ + 2 * kSec),
            RotateOutcome::Rotated);
  EXPECT_TRUE(store_->access_allowed(user_, s.id, "a", now_ + 3 * kSec));
  // r1 was used already: reuse → whole session revoked
  EXPECT_EQ(store_->rotate(user_, s.id, "r1", "r9", s.expires_at, now_ + 3 * kSec),
            RotateOutcome::Reused);
  EXPECT_FALSE(store_->access_allowed(user_, s.id, "a", now_ + 3 * kSec));
  EXPECT_EQ(store_->rotate(user_, s.id, "r3", "r4", s.expires_at, now_ + 4 * kSec),
            RotateOutcome::Invalid);
}

TEST_F(SessionStoreTest, RotationSlidesExpiryAndRejectsDeadSessions) {
  auto s = session("r1");
  Micros later = s.expires_at + 10 * kSec;
  EXPECT_EQ(store_->rotate(user_, s.id, "r1", "r2", later, now_), RotateOutcome::Rotated);
  EXPECT_TRUE(store_->access_allowed(user_, s.id, "a", s.expires_at + kSec));
  EXPECT_EQ(store_->rotate(user_, s.id, "r2", "r3", later + kSec, later), RotateOutcome::Invalid);
  EXPECT_EQ(store_->rotate(user_, new_uuid_v7(), "r2", "r3", later, now_), RotateOutcome::Invalid);
  EXPECT_EQ(store_->rotate(new_uuid_v7(), s.id, "r2", "r3", later, now_), RotateOutcome::Invalid);
}

TEST_F(SessionStoreTest, RevocationOfOneAllAndAccessTokens) {
  auto a = session("ra");
  auto b = session("rb");
  store_->revoke_access_token(user_, "jti-1", now_ + 1800 * kSec, now_);
  store_->revoke_access_token(user_, "jti-1", now_ + 1800 * kSec, now_);  // idempotent
  EXPECT_FALSE(store_->access_allowed(user_, a.id, "jti-1", now_));
  EXPECT_TRUE(store_->access_allowed(user_, a.id, "jti-2", now_));
  store_->revoke_session(user_, a.id, now_, "logout");
  EXPECT_FALSE(store_->access_allowed(user_, a.id, "jti-2", now_));
  EXPECT_TRUE(store_->access_allowed(user_, b.id, "jti-2", now_));
  EXPECT_EQ(store_->rotate(user_, a.id, "ra", "x", a.expires_at, now_), RotateOutcome::Invalid);
  store_->revoke_all_sessions(user_, now_, "password_reset");
  EXPECT_FALSE(store_->access_allowed(user_, b.id, "jti-2", now_));
  // expired revocations are purged; the check does not need them any more
  store_->purge_expired(now_ + 1801 * kSec);
  EXPECT_TRUE(db_->query("SELECT 1 FROM revoked_tokens").empty());
}
