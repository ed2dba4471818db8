// Configuration (INFRA.md §1.1): every variable of the table is read, accepted with its
// documented default, and invalid values raise a ConfigError naming the variable. The table
// is parsed from ../shared/spec/INFRA.md so that the test follows the contract.
#include "core/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

using namespace edu;

namespace {

struct ContractRow {
  std::vector<std::string> names;
  std::vector<std::optional<std::string>> defaults;  // literal default per name, when stated
};

std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cur;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cur.push_back('|');
      ++i;
    } else if (line[i] == '|') {
      cells.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(line[i]);
    }
  }
  cells.push_back(cur);
  for (auto& c : cells) {
    auto b = c.find_first_not_of(' ');
    auto e = c.find_last_not_of(' ');
    c = b == std::string::npos ? "" : c.substr(b, e - b + 1);
  }
  return cells;
}

std::vector<std::string> backticked(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = cell.find('`', pos)) != std::string::npos) {
    auto end = cell.find('`', pos + 1);
    if (end == std::string::npos) break;
    out.push_back(cell.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

// Splits a default cell into items on ", " / " / " outside backticks.
std::vector<std::string> default_items(const std::string& cell) {
  std::vector<std::string> items;
  std::string cur;
  bool in_tick = false;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    char c = cell[i];
    if (c == '`') in_tick = !in_tick;
    if (!in_tick && ((c == ',' && i + 1 < cell.size() && cell[i + 1] == ' ') ||
                     (c == ' ' && cell.compare(i, 3, " / ") == 0))) {
      items.push_back(cur);
      cur.clear();
      i += (c == ',') ? 1 : 2;
      continue;
    }
    cur.push_back(c);
  }
  items.push_back(cur);
  return items;
}

std::vector<ContractRow> contract() {
  std::ifstream f(std::string(EDU_SHARED_DIR) + "/spec/INFRA.md");
  EXPECT_TRUE(f) << "cannot read ../shared/spec/INFRA.md";
  std::string line;
  bool in_section = false, in_table = false;
  std::vector<ContractRow> rows;
  while (std::getline(f, line)) {
    if (line.rfind("### 1.1", 0) == 0) {
      in_section = true;
      continue;
    }
    if (in_section && line.rfind("### ", 0) == 0) break;
    if (!in_section) continue;
    if (line.rfind("| name", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table || line.rfind("|---", 0) == 0) continue;
    if (line.empty() || line[0] != '|') {
      if (in_table && !rows.empty()) break;
      continue;
    }
    auto cells = split_cells(line);  // "", name, required, default, notes, ""
    if (cells.size() < 5) continue;
    ContractRow row;
    row.names = backticked(cells[1]);
    auto items = default_items(cells[3]);
    for (std::size_t i = 0; i < row.names.size(); ++i) {
      std::optional<std::string> d;
      if (items.size() == row.names.size()) {
        std::string it = items[i];
        auto b = it.find_first_not_of(' ');
        it = b == std::string::npos ? "" : it.substr(b);
        // a literal default is an item that starts with a backticked value
        if (!it.empty() && it[0] == '`') {
          auto ticks = backticked(it);
          if (!ticks.empty() && (row.names.size() > 1 || backticked(cells[3]).size() == 1)) d = ticks[0];
        }
      }
      row.defaults.push_back(d);
    }
    rows.push_back(row);
  }
  return rows;
}

const std::map<std::string, std::string> kBase = {{"JWT_SECRET", "test-secret-0123456789-0123456789-abcdef"}};

Config load(std::map<std::string, std::string> extra) {
  auto env = kBase;
  for (auto& [k, v] : extra) env[k] = v;
  return Config::from_map(env);
}

std::string error_of(std::map<std::string, std::string> extra) {
  try {
    load(std::move(extra));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Config, TableParsesIntoTheExpectedVariables) {
  auto rows = contract();
  std::set<std::string> names;
  for (const auto& r : rows)
    for (const auto& n : r.names) names.insert(n);
  EXPECT_GE(names.size(), 70u);
  for (const char* n : {"ENVIRONMENT", "PORT", "DATABASE_URL", "REDIS_URL", "JWT_SECRET", "METRICS_PORT",
                        "SHUTDOWN_SETTLE_SECONDS", "DD_VERSION", "WAF_RULES_PATH"})
    EXPECT_TRUE(names.count(n)) << n;
}

TEST(Config, PrintEnvContractListsEveryVariableOfTheTable) {
  const auto& listed = Config::variable_names();
  std::set<std::string> have(listed.begin(), listed.end());
  EXPECT_EQ(have.size(), listed.size()) << "duplicate names";
  for (const auto& r : contract())
    for (const auto& n : r.names) EXPECT_TRUE(have.count(n)) << n << " is not in --print-env-contract";
}

TEST(Config, EveryDocumentedDefaultIsAcceptedAndIsTheDefault) {
  Config defaults = load({});
  int checked = 0;
  for (const auto& r : contract())
    for (std::size_t i = 0; i < r.names.size(); ++i) {
      if (!r.defaults[i]) continue;
      const std::string& name = r.names[i];
      const std::string& value = *r.defaults[i];
      std::string err = error_of({{name, value}});
      EXPECT_EQ(err, "") << name << "=" << value;
      if (err.empty()) EXPECT_TRUE(load({{name, value}}) == defaults) << name << "=" << value << " changes the config";
      ++checked;
    }
  EXPECT_GE(checked, 40);
}

TEST(Config, DefaultsMatchTheContract) {
  Config c = load({});
  EXPECT_EQ(c.environment, "local");
  EXPECT_EQ(c.port, 8000);
  EXPECT_EQ(c.bind_address, "0.0.0.0");
  EXPECT_EQ(c.log_level, "INFO");
  EXPECT_EQ(c.log_format, "json");
  EXPECT_EQ(c.database_url, "sqlite:///./data/eduautismo.db");
  EXPECT_EQ(c.db_port, 5432);
  EXPECT_EQ(c.db_sslmode, "prefer");
  EXPECT_EQ(c.db_pool_size, 10);
  EXPECT_TRUE(c.cache_enabled);
  EXPECT_EQ(c.max_disciplines, 25);
  EXPECT_EQ(c.max_grade_levels, 18);
  EXPECT_EQ(c.storage_url, "file://./data/objects");
  EXPECT_EQ(c.cors_origins, (std::vector<std::string>{"http://localhost:3000", "http://localhost:5173"}));
  EXPECT_EQ(c.rate_limit_per_minute, 100);
  EXPECT_EQ(c.rate_limit_user_per_minute, 300);
  EXPECT_EQ(c.rate_limit_auth_per_minute, 10);
  EXPECT_FALSE(c.geo_block_enabled);
  EXPECT_EQ(c.geo_allowed_countries, std::vector<std::string>{"BR"});
  EXPECT_FALSE(c.waf_enabled);
  EXPECT_EQ(c.metrics_sink, "emf");
  EXPECT_EQ(c.metrics_port, 0);
  EXPECT_FALSE(c.tracing_enabled);
  EXPECT_DOUBLE_EQ(c.tracing_sample_rate, 0.05);
  EXPECT_EQ(c.shutdown_grace_seconds, 50);
  EXPECT_EQ(c.shutdown_settle_seconds, 5);
  Config none = Config::from_map({});
  EXPECT_TRUE(none.jwt_secret_generated);
  EXPECT_GE(none.jwt_secret.size(), 32u);
}

TEST(Config, InvalidValuesNameTheVariable) {
  // every numeric, boolean or enumerated variable of the table rejects garbage
  int checked = 0;
  for (const auto& r : contract())
    for (std::size_t i = 0; i < r.names.size(); ++i) {
      if (!r.defaults[i]) continue;
      const std::string& d = *r.defaults[i];
      bool typed = d == "true" || d == "false" ||
                   (!d.empty() && std::count(d.begin(), d.end(), '.') <= 1 &&
                    std::all_of(d.begin(), d.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }));
      const std::string& name = r.names[i];
      if (name == "ENVIRONMENT" || name == "LOG_LEVEL" || name == "LOG_FORMAT" || name == "DB_SSLMODE" ||
          name == "METRICS_SINK" || name == "AWS_XRAY_DAEMON_ADDRESS" || name == "GEO_ALLOWED_COUNTRIES")
        typed = true;
      if (!typed) continue;
      std::string err = error_of({{name, "not-valid"}});
      EXPECT_NE(err.find(name), std::string::npos) << name << " accepted 'not-valid' (" << err << ")";
      EXPECT_NE(err.find("expected"), std::string::npos) << err;
      ++checked;
    }
  EXPECT_GE(checked, 30);
  for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"DATABASE_URL", "mysql://x"}, {"REDIS_URL", "http://x"}, {"DB_READ_HOSTS", "replica-without-port"},
           {"PORT", "65536"}, {"PORT", "-1"}, {"DB_POOL_SIZE", "0"}, {"TRACING_SAMPLE_RATE", "1.5"},
           {"SHUTDOWN_GRACE_SECONDS", "120"}, {"MAX_DISCIPLINES", "24"}, {"MAX_GRADE_LEVELS", "19"},
           {"RATE_LIMIT_FAIL_OPEN", "maybe"}, {"EDU_IO_THREADS", "x"}, {"EDU_READ_TIMEOUT_SECONDS", "0"},
           {"GEO_ALLOWED_COUNTRIES", "BR,Brazil"}}) {
    std::string err = error_of({{name, value}});
    EXPECT_NE(err.find(name), std::string::npos) << name << "=" << value << " → '" << err << "'";
  }
  EXPECT_NE(error_of({{"MAX_DISCIPLINES", "24"}}).find("expected 25"), std::string::npos);
}

std::string error_of_map(const std::map<std::string, std::string>& env) {
  try {
    Config::from_map(env);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, RequiredValuesAndCombinations) {
  EXPECT_NE(error_of_map({{"ENVIRONMENT", "production"}}).find("JWT_SECRET"), std::string::npos);
  EXPECT_NE(error_of_map({{"ENVIRONMENT", "staging"}, {"JWT_SECRET", "short"}}).find("JWT_SECRET"), std::string::npos);
  EXPECT_EQ(error_of_map({{"ENVIRONMENT", "production"}, {"SECRET_KEY", std::string(40, 'k')}}), "");
  EXPECT_NE(error_of({{"GEO_BLOCK_ENABLED", "true"}}).find("GEOIP_DB_PATH"), std::string::npos);
  EXPECT_NE(error_of({{"DB_HOST", "db.internal"}}).find("DB_NAME"), std::string::npos);
  EXPECT_NE(error_of({{"EDU_TEST_SLOW_ROUTE", "true"}}).find("EDU_TEST_SLOW_ROUTE"), std::string::npos);
  Config pg = load({{"DB_HOST", "db.internal"}, {"DB_NAME", "edu"}, {"DB_READ_HOSTS", "r1:5432, r2:5432"}});
  EXPECT_TRUE(pg.is_postgres());
  EXPECT_EQ(pg.db_read_hosts, (std::vector<std::string>{"r1:5432", "r2:5432"}));
  Config g = load({{"GEO_BLOCK_ENABLED", "true"}, {"GEOIP_DB_PATH", "/x.mmdb"}, {"GEO_ALLOWED_COUNTRIES", "br, pt"}});
  EXPECT_EQ(g.geo_allowed_countries, (std::vector<std::string>{"BR", "PT"}));
  EXPECT_EQ(load({{"LOG_LEVEL", "warning"}}).log_level, "WARN");
}

TEST(Config, DotEnvParsing) {
  auto m = parse_dotenv("# comment\nexport PORT=9000\nLOG_FORMAT = \"text\"\nCORS_ORIGINS='http://a,http://b'\n"
                        "SERVICE_NAME=api # trailing comment\nEMPTY=\n");
  EXPECT_EQ(m["PORT"], "9000");
  EXPECT_EQ(m["LOG_FORMAT"], "text");
  EXPECT_EQ(m["CORS_ORIGINS"], "http://a,http://b");
  EXPECT_EQ(m["SERVICE_NAME"], "api");
  EXPECT_EQ(m["EMPTY"], "");
}
