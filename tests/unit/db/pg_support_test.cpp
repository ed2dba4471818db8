// PostgreSQL settings parsing and SQLSTATE mapping (no server needed).
#include "db/postgres/pg_support.hpp"

#include <gtest/gtest.h>

using namespace edu::db;
using namespace edu::db::pg;

namespace {
std::string kw(const std::vector<std::pair<std::string, std::string>>& v, const std::string& k) {
  for (const auto& [key, value] : v)
    if (key == k) return value;
  return "<absent>";
}
}  // namespace

TEST(PostgresUrl, FullForm) {
  auto s = parse_postgres_url(
      "postgresql://edu:s3cr%40t@db.internal:6543/eduautismo?sslmode=verify-full&sslrootcert=/ca.pem");
  EXPECT_EQ(s.user, "edu");
  EXPECT_EQ(s.password, "s3cr@t");
  EXPECT_EQ(s.host, "db.internal");
  EXPECT_EQ(s.port, "6543");
  EXPECT_EQ(s.dbname, "eduautismo");
  EXPECT_EQ(s.params.at("sslmode"), "verify-full");
  EXPECT_EQ(s.params.at("sslrootcert"), "/ca.pem");
  EXPECT_EQ(s.display(), "db.internal:6543");
}

TEST(PostgresUrl, MinimalForms) {
  auto s = parse_postgres_url("postgres://localhost/app");
  EXPECT_EQ(s.host, "localhost");
  EXPECT_EQ(s.port, "");
  EXPECT_EQ(s.user, "");
  EXPECT_EQ(s.dbname, "app");
  EXPECT_EQ(s.display(), "localhost:5432");
  auto u = parse_postgres_url("postgresql://postgres@127.0.0.1:5433/edu_x");
  EXPECT_EQ(u.user, "postgres");
  EXPECT_EQ(u.password, "");
  EXPECT_EQ(u.port, "5433");
  auto e = parse_postgres_url("postgresql://");
  EXPECT_EQ(e.host, "");
  EXPECT_EQ(e.dbname, "");
}

TEST(PostgresUrl, RawAtSignInPasswordAndIpv6) {
  auto s = parse_postgres_url("postgresql://u:p@ss@[::1]:5432/db");
  EXPECT_EQ(s.user, "u");
  EXPECT_EQ(s.password, "p@ss");
  EXPECT_EQ(s.host, "::1");
  EXPECT_EQ(s.display(), "[::1]:5432");
}

TEST(PostgresUrl, QueryKeywordsOverrideAuthority) {
  auto s = parse_postgres_url("postgresql:///db?host=%2Fvar%2Frun%2Fpostgresql&port=5544&application_name=x");
  EXPECT_EQ(s.host, "/var/run/postgresql");
  EXPECT_EQ(s.port, "5544");
  EXPECT_EQ(s.params.at("application_name"), "x");
}

TEST(PostgresUrl, ErrorsNeverEchoThePassword) {
  for (const char* bad : {"mysql://u:hunter2@h/db", "postgresql://u:hunter2@h:99999/db",
                          "postgresql://u:hunter2@h/db?sslmode", "postgresql://u:hun%zzter2@h/db",
                          "postgresql://u:hunter2@[::1/db"}) {
    try {
      parse_postgres_url(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find("hun%zz"), std::string::npos) << e.what();
    }
  }
}

TEST(PostgresSpec, DbVariablesFillTheGaps) {
  DatabaseOptions o;
  o.url = "postgresql://db.internal:5432/eduautismo";  // as built by Config from DB_HOST
  o.user = "app";
  o.password = "pw";
  o.sslmode = "verify-full";
  o.sslrootcert = "/etc/rds-ca.pem";
  auto s = primary_spec(o);
  EXPECT_EQ(s.user, "app");
  EXPECT_EQ(s.password, "pw");
  EXPECT_EQ(s.params.at("sslmode"), "verify-full");
  EXPECT_EQ(s.params.at("sslrootcert"), "/etc/rds-ca.pem");
  // The URL's own settings win.
  o.url = "postgresql://me:mine@h/db?sslmode=require";
  s = primary_spec(o);
  EXPECT_EQ(s.user, "me");
  EXPECT_EQ(s.password, "mine");
  EXPECT_EQ(s.params.at("sslmode"), "require");
  // Without a URL the DB_* set is used.
  o.url.clear();
  o.host = "10.0.0.5";
  o.port = 6432;
  o.name = "edu";
  s = primary_spec(o);
  EXPECT_EQ(s.display(), "10.0.0.5:6432");
  EXPECT_EQ(s.dbname, "edu");
}

TEST(PostgresSpec, ReplicaKeepsCredentialsAndDatabase) {
  auto p = parse_postgres_url("postgresql://u:p@primary:5432/db?sslmode=verify-full");
  auto r = replica_spec(p, "replica-1.internal:5433");
  EXPECT_EQ(r.host, "replica-1.internal");
  EXPECT_EQ(r.port, "5433");
  EXPECT_EQ(r.user, "u");
  EXPECT_EQ(r.password, "p");
  EXPECT_EQ(r.dbname, "db");
  EXPECT_EQ(r.params.at("sslmode"), "verify-full");
  EXPECT_EQ(replica_spec(p, "[fd00::2]:6000").display(), "[fd00::2]:6000");
  EXPECT_EQ(replica_spec(p, "r2").port, "5432");
  EXPECT_THROW(replica_spec(p, ":5432"), std::invalid_argument);
  EXPECT_THROW(replica_spec(p, "h:notaport"), std::invalid_argument);
}

TEST(PostgresSpec, ConnectKeywordsCarrySessionSettings) {
  auto s = parse_postgres_url("postgresql://u:p@h:1/db?options=-c%20search_path%3Dedu&sslmode=disable");
  auto k = connect_keywords(s, 15000);
  EXPECT_EQ(kw(k, "host"), "h");
  EXPECT_EQ(kw(k, "port"), "1");
  EXPECT_EQ(kw(k, "dbname"), "db");
  EXPECT_EQ(kw(k, "password"), "p");
  EXPECT_EQ(kw(k, "sslmode"), "disable");
  EXPECT_EQ(kw(k, "application_name"), "eduautismo");
  std::string opts = kw(k, "options");
  EXPECT_NE(opts.find("-c statement_timeout=15000"), std::string::npos);
  EXPECT_NE(opts.find("-c TimeZone=UTC"), std::string::npos);
  EXPECT_NE(opts.find("-c search_path=edu"), std::string::npos);
  // Empty values are left to libpq's defaults.
  auto d = connect_keywords(parse_postgres_url("postgresql:///db"), 0);
  EXPECT_EQ(kw(d, "host"), "<absent>");
  EXPECT_EQ(kw(d, "password"), "<absent>");
  EXPECT_NE(kw(d, "options").find("statement_timeout=0"), std::string::npos);
}

TEST(SqlState, Mapping) {
  EXPECT_EQ(classify_sqlstate("23505"), ErrorClass::UniqueViolation);
  EXPECT_EQ(classify_sqlstate("23503"), ErrorClass::ForeignKeyViolation);
  EXPECT_EQ(classify_sqlstate("40001"), ErrorClass::Retryable);
  EXPECT_EQ(classify_sqlstate("40P01"), ErrorClass::Retryable);
  for (const char* s : {"08000", "08003", "08006", "08001", "57P01", "57P02", "57P03", "57014", "53300"})
    EXPECT_EQ(classify_sqlstate(s), ErrorClass::Unavailable) << s;
  EXPECT_EQ(classify_sqlstate("25006"), ErrorClass::ReadOnly);
  EXPECT_EQ(classify_sqlstate("0A000", "cached plan must not change result type"), ErrorClass::StalePlan);
  EXPECT_EQ(classify_sqlstate("0A000", "feature not supported"), ErrorClass::Other);
  EXPECT_EQ(classify_sqlstate("42601"), ErrorClass::Other);  // syntax error
  EXPECT_EQ(classify_sqlstate("22P02"), ErrorClass::Other);  // bad input
  EXPECT_EQ(classify_sqlstate("23502"), ErrorClass::Other);  // not null
}
