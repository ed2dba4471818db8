// Redis client against real servers started with deploy/local/redis.sh: commands, pipelining,
// scripts, AUTH, TLS (CA verification, host-name checks), timeouts and the circuit breaker
// (down, stalled, back), and cluster routing (slots, MOVED, ASK, failover).
// A separate binary from unit_tests: it starts Redis servers (a cluster takes ~10 s).
#include "cache/redis/client.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

using namespace edu::redis;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string kScript = std::string(EDU_SOURCE_DIR) + "/deploy/local/redis.sh";

std::string sh(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed");
  char buf[4096];
  while (auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int rc = ::pclose(p);
  if (rc != 0)
    throw std::runtime_error("command failed (" + std::to_string(rc) + "): " + cmd + "\n" + out);
  return out;
}

std::map<std::string, std::string> kv(const std::string& out) {
  std::map<std::string, std::string> m;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return m;
}

// A set of Redis servers in one temp dir, stopped (by their PIDs) at the end.
class LocalRedis {
 public:
  LocalRedis(const std::string& how, const std::string& env = "") {
    static std::mt19937_64 rng{std::random_device{}()};
    dir_ = fs::temp_directory_path() / ("edu-redis-it-" + std::to_string(rng() % 1000000000));
    fs::create_directories(dir_);
    // "cluster --tls" → redis.sh cluster DIR --tls
    auto sp = how.find(' ');
    std::string verb = how.substr(0, sp), rest = sp == std::string::npos ? "" : how.substr(sp);
    try {
      info_ = kv(sh(env + " bash " + kScript + " " + verb + " " + dir_.string() + rest + " 2>&1"));
    } catch (...) {
      sh("bash " + kScript + " stop " + dir_.string() + " 2>&1");  // whatever did start
      fs::remove_all(dir_);
      throw;
    }
    env_ = env;
  }
  ~LocalRedis() {
    try {
      sh("bash " + kScript + " stop " + dir_.string());
    } catch (...) {
    }
    fs::remove_all(dir_);
  }
  int port() const { return std::stoi(info_.at("port")); }
  std::string get(const std::string& k) const { return info_.count(k) ? info_.at(k) : ""; }
  std::vector<int> ports() const {
    std::vector<int> out;
    std::stringstream ss(info_.at("ports"));
    std::string p;
    while (std::getline(ss, p, ',')) out.push_back(std::stoi(p));
    return out;
  }
  void stop_node(int port) {
    sh("bash " + kScript + " stop-node " + dir_.string() + " " + std::to_string(port));
  }
  void start_node(int port) {
    sh(env_ + " bash " + kScript + " start-node " + dir_.string() + " " + std::to_string(port));
  }
  int pid(int port) const {
    std::ifstream f(dir_ / ("node-" + std::to_string(port)) / "redis.pid");
    int pid = 0;
    f >> pid;
    return pid;
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
  std::map<std::string, std::string> info_;
  std::string env_;
};

Options standalone(int port) {
  Options o;
  o.endpoint = {"127.0.0.1", port};
  return o;
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

// ------------------------------------------------------------------------------ standalone

TEST(RedisStandalone, CommandsPipelinesAndScripts) {
  LocalRedis r("start");
  auto c = make_client(standalone(r.port()));
  EXPECT_EQ(c->command({"SET", "k", "v", "EX", "60"}).str, "OK");
  EXPECT_EQ(c->command({"GET", "k"}).str, "v");
  EXPECT_TRUE(c->command({"GET", "missing"}).is_nil());
  std::string binary("a\0b\r\n", 5);
  c->command({"SET", "bin", binary, "EX", "60"});
  EXPECT_EQ(c->command({"GET", "bin"}).str, binary);
  // 500 pipelined commands: replies in order.
  std::vector<Command> cmds;
  for (int i = 0; i < 500; ++i) cmds.push_back({"INCRBY", "counter", std::to_string(i)});
  auto rs = c->pipeline(cmds);
  ASSERT_EQ(rs.size(), 500u);
  long long sum = 0;
  for (int i = 0; i < 500; ++i) {
    sum += i;
    EXPECT_EQ(rs[static_cast<std::size_t>(i)].integer, sum);
  }
  // Error replies come back as replies, not exceptions.
  auto wrong = c->command({"LPUSH", "k", "x"});
  EXPECT_TRUE(wrong.is_error());
  EXPECT_EQ(wrong.error_code(), "WRONGTYPE");
  // Arrays.
  auto arr = c->command({"MGET", "k", "missing"});
  ASSERT_EQ(arr.type, Reply::Type::Array);
  EXPECT_EQ(arr.elements[0].str, "v");
  EXPECT_TRUE(arr.elements[1].is_nil());
  // Scripts: EVALSHA falls back to EVAL after SCRIPT FLUSH (NOSCRIPT).
  Script s("return redis.call('INCR', KEYS[1]) + tonumber(ARGV[1])");
  EXPECT_EQ(s.run(*c, {"sk"}, {"10"}).integer, 11);
  c->command({"SCRIPT", "FLUSH"});
  EXPECT_EQ(s.run(*c, {"sk"}, {"10"}).integer, 12);
  EXPECT_EQ(c->command({"EVALSHA", s.sha1(), "1", "sk", "0"}).integer, 3);
  auto h = c->ping();
  EXPECT_TRUE(h.up) << h.error;
  EXPECT_GT(h.latency_ms, 0.0);
  EXPECT_FALSE(c->cluster_mode());
}

TEST(RedisStandalone, ConcurrentCallersShareTheSmallPool) {
  LocalRedis r("start");
  Options o = standalone(r.port());
  o.pool_size = 2;
  auto c = make_client(o);
  std::vector<std::thread> ts;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (c->command({"INCR", "shared"}).integer > 0) ok.fetch_add(1);
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(ok.load(), 1600);
  EXPECT_EQ(c->command({"GET", "shared"}).str, "1600");
}

TEST(RedisStandalone, AuthWithTheToken) {
  LocalRedis r("start", "REDIS_PASSWORD='t0k3n!&#$^<>-x'");
  Options o = standalone(r.port());
  o.password = "t0k3n!&#$^<>-x";
  auto c = make_client(o);
  EXPECT_EQ(c->command({"PING"}).str, "PONG");
  Options bad = o;
  bad.password = "wrong";
  auto b = make_client(bad);
  try {
    b->command({"PING"});
    FAIL() << "AUTH with a wrong token must fail";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("AUTH rejected"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("wrong"), std::string::npos) << "never echo the secret";
  }
  Options none = standalone(r.port());
  auto n = make_client(none);
  EXPECT_EQ(n->command({"GET", "x"}).error_code(), "NOAUTH");
}

TEST(RedisStandalone, DatabaseNumberFromTheUrl) {
  LocalRedis r("start");
  auto c3 = make_client(Options::from_url("redis://127.0.0.1:" + std::to_string(r.port()) + "/3"));
  auto c0 = make_client(standalone(r.port()));
  c3->command({"SET", "where", "db3", "EX", "60"});
  EXPECT_TRUE(c0->command({"GET", "where"}).is_nil());
  EXPECT_EQ(c3->command({"GET", "where"}).str, "db3");
}

// ------------------------------------------------------------------------------------- TLS

TEST(RedisTls, VerifiesTheCertificateAndHostNameThenAuthenticates) {
  LocalRedis r("start-tls", "REDIS_PASSWORD=secret-token");
  auto url = r.get("url");  // rediss://localhost:<port>
  ASSERT_EQ(url.rfind("rediss://localhost:", 0), 0u) << url;
  Options o = Options::from_url(url);
  EXPECT_TRUE(o.tls);
  o.ca_file = r.get("ca");
  o.password = "secret-token";
  auto c = make_client(o);
  EXPECT_EQ(c->command({"SET", "tls", "yes", "EX", "60"}).str, "OK");
  EXPECT_EQ(c->command({"GET", "tls"}).str, "yes");
  std::vector<Command> many(200, Command{"INCR", "tls-n"});
  EXPECT_EQ(c->pipeline(many).back().integer, 200);
  // A large value crosses many TLS records.
  std::string big(300000, 'x');
  c->command({"SET", "big", big, "EX", "60"});
  EXPECT_EQ(c->command({"GET", "big"}).str.size(), big.size());
  // By IP literal: verified against the IP SAN.
  Options ip = o;
  ip.endpoint.host = "127.0.0.1";
  EXPECT_EQ(make_client(ip)->command({"PING"}).str, "PONG");

  // Untrusted CA (system store only): the handshake is refused.
  Options untrusted = o;
  untrusted.ca_file.clear();
  try {
    make_client(untrusted)->command({"PING"});
    FAIL() << "a certificate from an unknown CA must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("certificate verification failed"), std::string::npos)
        << e.what();
  }
  // Plain TCP to a TLS port fails within the timeout instead of hanging.
  Options plain = o;
  plain.tls = false;
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(make_client(plain)->command({"PING"}), Error);
  EXPECT_LT(ms_since(t0), 2000);
}

TEST(RedisTls, RefusesACertificateForAnotherHost) {
  // Certificate for DNS:localhost only: connecting by 127.0.0.1 must fail host verification.
  LocalRedis r("start-tls", "REDIS_TLS_SAN=DNS:localhost");
  Options o = Options::from_url(r.get("url"));
  o.ca_file = r.get("ca");
  EXPECT_EQ(make_client(o)->command({"PING"}).str, "PONG");
  Options by_ip = o;
  by_ip.endpoint.host = "127.0.0.1";
  try {
    make_client(by_ip)->command({"PING"});
    FAIL() << "host name mismatch must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("verification failed"), std::string::npos) << e.what();
  }
}

TEST(RedisTls, BadCaFileIsAConfigurationError) {
  Options o = standalone(1);
  o.tls = true;
  o.ca_file = "/nonexistent/ca.pem";
  EXPECT_THROW(make_client(o), Error);
}

// ------------------------------------------------------------------- failures and breaker

TEST(RedisFailure, DownServerFailsFastThenReconnects) {
  LocalRedis r("start");
  Options o = standalone(r.port());
  o.breaker_cooldown = 300ms;
  auto c = make_client(o);
  EXPECT_EQ(c->command({"SET", "a", "1"}).str, "OK");
  auto outages = c->outages();
  r.stop_node(r.port());
  // Pooled connections are closed by the server: detected, not reused.
  EXPECT_THROW(c->command({"GET", "a"}), Error);
  EXPECT_THROW(c->command({"GET", "a"}), Error);
  EXPECT_EQ(c->outages(), outages + 1);
  // Open breaker: no connection attempt at all.
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) EXPECT_THROW(c->command({"GET", "a"}), Error);
  EXPECT_LT(ms_since(t0), 200);
  auto h = c->ping();
  EXPECT_FALSE(h.up);
  EXPECT_NE(h.error.find("circuit open"), std::string::npos) << h.error;
  EXPECT_EQ(h.error.find("127.0.0.1"), std::string::npos) << "health errors carry no address";
  r.start_node(r.port());
  // Within about one cool-down a probe reconnects.
  auto deadline = std::chrono::steady_clock::now() + 3s;
  bool back = false;
  while (!back && std::chrono::steady_clock::now() < deadline) {
    try {
      back = c->command({"PING"}).str == "PONG";
    } catch (const Error&) {
      std::this_thread::sleep_for(20ms);
    }
  }
  EXPECT_TRUE(back);
  EXPECT_TRUE(c->ping().up);
}

TEST(RedisFailure, StalledServerCostsOneTimeoutNotAHang) {
  LocalRedis r("start");
  Options o = standalone(r.port());
  o.command_timeout = o.connect_timeout = 150ms;
  o.breaker_threshold = 2;
  o.breaker_cooldown = 2000ms;
  auto c = make_client(o);
  EXPECT_EQ(c->command({"PING"}).str, "PONG");
  int pid = r.pid(r.port());
  ASSERT_GT(pid, 0);
  ::kill(pid, SIGSTOP);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(c->command({"PING"}), Error);
  double first = ms_since(t0);
  EXPECT_GE(first, 100);
  EXPECT_LT(first, 600);
  EXPECT_THROW(c->command({"PING"}), Error);  // second timeout opens the breaker
  t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) EXPECT_THROW(c->command({"PING"}), Error);
  EXPECT_LT(ms_since(t0), 50) << "an open breaker pays no timeout";
  ::kill(pid, SIGCONT);
}

// --------------------------------------------------------------------------------- cluster

class RedisClusterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new LocalRedis("cluster"); }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  static Options cluster_options() {
    Options o = Options::from_url(cluster_->get("url"));
    o.cluster = true;
    o.breaker_cooldown = 300ms;
    return o;
  }
  // A direct (non-cluster) client to one node, for administration.
  static std::unique_ptr<Client> node(int port) { return make_client(standalone(port)); }
  static std::string node_id(int port) { return node(port)->command({"CLUSTER", "MYID"}).str; }
  // The slot's owner as seen by the first node that answers.
  static int owner_port(int slot) {
    for (int p : cluster_->ports()) {
      Reply slots;
      try {
        slots = node(p)->command({"CLUSTER", "SLOTS"});
      } catch (const Error&) {
        continue;  // a stopped node
      }
      for (const auto& r : slots.elements)
        if (r.elements[0].integer <= slot && slot <= r.elements[1].integer)
          return static_cast<int>(r.elements[2].elements[1].integer);
    }
    return 0;
  }
  static LocalRedis* cluster_;
};
LocalRedis* RedisClusterTest::cluster_ = nullptr;

TEST_F(RedisClusterTest, RoutesEveryKeyToItsSlotOwner) {
  auto c = make_client(cluster_options());
  EXPECT_TRUE(c->cluster_mode());
  for (int i = 0; i < 300; ++i)
    ASSERT_EQ(c->command({"SET", "key:" + std::to_string(i), std::to_string(i), "EX", "120"}).str,
              "OK");
  for (int i = 0; i < 300; ++i)
    EXPECT_EQ(c->command({"GET", "key:" + std::to_string(i)}).str, std::to_string(i));
  // Each key really lives on the node owning its slot.
  for (int i = 0; i < 20; ++i) {
    std::string k = "key:" + std::to_string(i);
    int slot = key_slot(k);
    EXPECT_EQ(node(owner_port(slot))
                      ->command({"CLUSTER", "COUNTKEYSINSLOT", std::to_string(slot)})
                      .integer >= 1,
              true);
    EXPECT_EQ(node(cluster_->ports()[0])->command({"CLUSTER", "KEYSLOT", k}).integer, slot);
  }
  // A pipeline spanning the three masters keeps the order of replies.
  std::vector<Command> cmds;
  for (int i = 0; i < 300; ++i) cmds.push_back({"GET", "key:" + std::to_string(i)});
  auto rs = c->pipeline(cmds);
  for (int i = 0; i < 300; ++i) EXPECT_EQ(rs[static_cast<std::size_t>(i)].str, std::to_string(i));
  // Hash-tagged multi-key operations stay in one slot.
  EXPECT_EQ(c->command({"MSET", "{user:1}:a", "1", "{user:1}:b", "2"}).str, "OK");
  Script s("return redis.call('INCR', KEYS[1])");
  EXPECT_EQ(s.run(*c, {"rl:{ip:1.2.3.4}:1"}, {}).integer, 1);
  EXPECT_EQ(s.run(*c, {"rl:{ip:1.2.3.4}:1"}, {}).integer, 2);
  auto h = c->ping();
  EXPECT_TRUE(h.up) << h.error;
}

TEST_F(RedisClusterTest, FollowsMovedAndAsk) {
  auto c = make_client(cluster_options());
  EXPECT_EQ(c->command({"PING"}).str, "PONG");  // loads the slot map
  // Pick two empty slots (keys "moved-N"/"ask-N" never written) and their owners.
  std::string moved_key = "moved-key-x", ask_key = "ask-key-y";
  int ms = key_slot(moved_key), as = key_slot(ask_key);
  int src = owner_port(ms);
  const auto ports = cluster_->ports();
  const std::vector<int> masters(ports.begin(), ports.begin() + 3);
  int dst = 0;
  for (int p : masters)
    if (p != src) {
      dst = p;
      break;
    }
  ASSERT_NE(dst, 0);
  // MOVED: reassign the slot on every master; the client's map is now stale.
  for (int p : masters)
    node(p)->command({"CLUSTER", "SETSLOT", std::to_string(ms), "NODE", node_id(dst)});
  EXPECT_EQ(c->command({"SET", moved_key, "1", "EX", "120"}).str, "OK");
  EXPECT_EQ(node(dst)->command({"CLUSTER", "COUNTKEYSINSLOT", std::to_string(ms)}).integer, 1);
  EXPECT_EQ(c->command({"GET", moved_key}).str, "1");

  // ASK: slot `as` migrating from its owner to another master.
  int asrc = owner_port(as);
  int adst = 0;
  for (int p : masters)
    if (p != asrc) {
      adst = p;
      break;
    }
  node(adst)->command({"CLUSTER", "SETSLOT", std::to_string(as), "IMPORTING", node_id(asrc)});
  node(asrc)->command({"CLUSTER", "SETSLOT", std::to_string(as), "MIGRATING", node_id(adst)});
  // The key is not on the source: it answers -ASK, the client sends ASKING + SET to the target.
  EXPECT_EQ(c->command({"SET", ask_key, "2", "EX", "120"}).str, "OK");
  EXPECT_EQ(node(adst)->command({"CLUSTER", "COUNTKEYSINSLOT", std::to_string(as)}).integer, 1);
  EXPECT_EQ(node(asrc)->command({"CLUSTER", "COUNTKEYSINSLOT", std::to_string(as)}).integer, 0);
  EXPECT_EQ(c->command({"GET", ask_key}).str, "2");
  // Finish the migration (the map was not updated by ASK; MOVED takes over now).
  for (int p : masters)
    node(p)->command({"CLUSTER", "SETSLOT", std::to_string(as), "NODE", node_id(adst)});
  EXPECT_EQ(c->command({"GET", ask_key}).str, "2");
}

TEST_F(RedisClusterTest, FollowsAFailoverToThePromotedReplica) {
  auto c = make_client(cluster_options());
  // Keys spread over every master.
  for (int i = 0; i < 50; ++i) c->command({"SET", "fo:" + std::to_string(i), "v", "EX", "300"});
  std::this_thread::sleep_for(300ms);  // replication
  int victim_slot = key_slot("fo:0");
  int victim = owner_port(victim_slot);
  cluster_->stop_node(victim);
  auto t0 = std::chrono::steady_clock::now();
  bool recovered = false;
  int failures = 0;
  while (ms_since(t0) < 20000) {
    try {
      auto r = c->command({"GET", "fo:0"});
      if (r.str == "v") {
        recovered = true;
        break;
      }
    } catch (const Error&) {
      ++failures;
    }
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(recovered) << "no answer for a key of the failed master within 20 s";
  EXPECT_NE(owner_port(victim_slot), victim);
  // Once healthy, every key answers (no error at all).
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(c->command({"GET", "fo:" + std::to_string(i)}).str, "v") << i;
  std::printf("failover: recovered after %.0f ms (%d failed calls)\n", ms_since(t0), failures);
  // Bring the old master back (it rejoins as a replica).
  cluster_->start_node(victim);
}

// Production shape (INFRA.md §1.9): cluster mode over TLS with an AUTH token. CLUSTER SLOTS
// returns 127.0.0.1, so every node's certificate is verified against that IP.
TEST(RedisClusterTls, RoutesOverTlsWithAuth) {
  LocalRedis c("cluster --tls", "REDIS_PASSWORD=cluster-token");
  Options o = Options::from_url(c.get("url"));
  ASSERT_TRUE(o.tls);
  o.cluster = true;
  o.ca_file = c.get("ca");
  o.password = "cluster-token";
  auto client = make_client(o);
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(client->command({"SET", "tls:" + std::to_string(i), "v", "EX", "60"}).str, "OK");
  std::vector<Command> gets;
  for (int i = 0; i < 100; ++i) gets.push_back({"GET", "tls:" + std::to_string(i)});
  for (const auto& r : client->pipeline(gets)) EXPECT_EQ(r.str, "v");
  auto h = client->ping();
  EXPECT_TRUE(h.up) << h.error;
  // Keys landed on all three masters.
  int nodes_with_keys = 0;
  const auto ports = c.ports();
  for (int p : std::vector<int>(ports.begin(), ports.begin() + 3)) {
    Options n = o;
    n.cluster = false;
    n.endpoint = {"127.0.0.1", p};
    if (make_client(n)->command({"DBSIZE"}).integer > 0) ++nodes_with_keys;
  }
  EXPECT_EQ(nodes_with_keys, 3);
}
