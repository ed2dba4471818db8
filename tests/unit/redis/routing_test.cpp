// Redis client pure parts: cluster key hashing (CRC16, hash tags), redirect parsing, routing
// key extraction, RESP encoding and REDIS_URL parsing.
#include <gtest/gtest.h>

#include "cache/redis/client.hpp"

using namespace edu::redis;

TEST(RedisCrc16, MatchesTheClusterSpecificationTestVector) {
  // Redis Cluster specification: CRC16("123456789") = 0x31C3 (XMODEM).
  EXPECT_EQ(crc16("123456789"), 0x31C3);
  EXPECT_EQ(crc16(""), 0);
}

TEST(RedisKeySlot, KnownSlots) {
  // Values as reported by `CLUSTER KEYSLOT` on Redis 7.
  EXPECT_EQ(key_slot("foo"), 12182);
  EXPECT_EQ(key_slot("bar"), 5061);
  EXPECT_EQ(key_slot("123456789"), 0x31C3 & 16383);
}

TEST(RedisKeySlot, HashTagsKeepAFamilyInOneSlot) {
  EXPECT_EQ(key_slot("{user1000}.following"), key_slot("{user1000}.followers"));
  EXPECT_EQ(key_slot("{user1000}.following"), key_slot("user1000"));
  // Only the first {...} counts.
  EXPECT_EQ(key_slot("foo{bar}{zap}"), key_slot("bar"));
  // Empty tag: the whole key is hashed.
  EXPECT_EQ(key_slot("foo{}{bar}"), crc16("foo{}{bar}") & 16383);
  // The tag ends at the first '}' after the first '{'.
  EXPECT_EQ(key_slot("foo{{bar}}zap"), key_slot("{bar"));
  // No closing brace: whole key.
  EXPECT_EQ(key_slot("foo{bar"), crc16("foo{bar") & 16383);
  // The contract's key families: every session key of a user shares one slot.
  EXPECT_EQ(key_slot("sess:{0193a0c2-1111-7000-8000-000000000001}:a"),
            key_slot("sess:{0193a0c2-1111-7000-8000-000000000001}:b"));
  EXPECT_EQ(key_slot("rl:{ip:10.0.0.1}:29433921"), key_slot("rl:{ip:10.0.0.1}:29433922"));
}

TEST(RedisRedirect, ParsesMovedAndAsk) {
  auto m = parse_redirect("MOVED 3999 127.0.0.1:6381");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->ask);
  EXPECT_EQ(m->slot, 3999);
  EXPECT_EQ(m->to, (Endpoint{"127.0.0.1", 6381}));
  auto a = parse_redirect("ASK 16383 redis-0001.cache.amazonaws.com:6379");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->ask);
  EXPECT_EQ(a->slot, 16383);
  EXPECT_EQ(a->to.host, "redis-0001.cache.amazonaws.com");
  auto v6 = parse_redirect("MOVED 1 [::1]:7000");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->to.host, "::1");
  auto unknown_host = parse_redirect("MOVED 7 :7001");  // endpoint unknown to the node
  ASSERT_TRUE(unknown_host);
  EXPECT_EQ(unknown_host->to.host, "");
  EXPECT_EQ(unknown_host->to.port, 7001);
  EXPECT_FALSE(parse_redirect("ERR wrong number of arguments"));
  EXPECT_FALSE(parse_redirect("MOVED abc 1.2.3.4:1"));
  EXPECT_FALSE(parse_redirect("MOVED 16384 1.2.3.4:1"));
  EXPECT_FALSE(parse_redirect("MOVED 1 1.2.3.4"));
  EXPECT_FALSE(parse_redirect("TRYAGAIN Multiple keys request during rehashing of slot"));
}

TEST(RedisCommandKey, RoutesByTheRightArgument) {
  EXPECT_EQ(command_key({"GET", "k"}), "k");
  EXPECT_EQ(command_key({"set", "k", "v", "EX", "10"}), "k");
  EXPECT_EQ(command_key({"EVALSHA", "abc", "1", "rl:{x}:1", "60000"}), "rl:{x}:1");
  EXPECT_EQ(command_key({"EVAL", "return 1", "0"}), std::nullopt);
  EXPECT_EQ(command_key({"PING"}), std::nullopt);
  EXPECT_EQ(command_key({"CLUSTER", "SLOTS"}), std::nullopt);
  EXPECT_EQ(command_key({}), std::nullopt);
}

TEST(RedisEncoding, ArrayOfBulkStrings) {
  EXPECT_EQ(encode_command({"SET", "k", "a b"}), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na b\r\n");
  std::string binary("x\0\r\ny", 5);
  EXPECT_EQ(encode_command({binary}), "*1\r\n$5\r\n" + binary + "\r\n");
}

TEST(RedisUrl, ParsesTheForms) {
  auto o = Options::from_url("redis://127.0.0.1:6380/2");
  EXPECT_FALSE(o.tls);
  EXPECT_EQ(o.endpoint, (Endpoint{"127.0.0.1", 6380}));
  EXPECT_EQ(o.db, 2);
  auto t = Options::from_url(
      "rediss://master.eduautismo-prod-redis.abc123.use1.cache.amazonaws.com:6379");
  EXPECT_TRUE(t.tls);
  EXPECT_EQ(t.endpoint.host, "master.eduautismo-prod-redis.abc123.use1.cache.amazonaws.com");
  EXPECT_EQ(t.endpoint.port, 6379);
  EXPECT_EQ(t.db, 0);
  auto d = Options::from_url("redis://localhost");
  EXPECT_EQ(d.endpoint, (Endpoint{"localhost", 6379}));
  auto p = Options::from_url("redis://:s3cret@h:1");
  EXPECT_EQ(p.password, "s3cret");
  EXPECT_EQ(p.username, "");
  auto u = Options::from_url("redis://app:pw@h:1/0");
  EXPECT_EQ(u.username, "app");
  EXPECT_EQ(u.password, "pw");
  auto v6 = Options::from_url("redis://[::1]:7000");
  EXPECT_EQ(v6.endpoint, (Endpoint{"::1", 7000}));
  EXPECT_THROW(Options::from_url("http://h:1"), std::invalid_argument);
  EXPECT_THROW(Options::from_url("redis://"), std::invalid_argument);
  EXPECT_THROW(Options::from_url("redis://h:99999"), std::invalid_argument);
  EXPECT_THROW(Options::from_url("redis://h:1/x"), std::invalid_argument);
}

TEST(RedisScript, CommandsCarryTheKeysAndTheSha) {
  Script s("return 1");
  EXPECT_EQ(s.sha1(), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");  // SHA1("return 1")
  EXPECT_EQ(s.evalsha_command({"k"}, {"a"}), (Command{"EVALSHA", s.sha1(), "1", "k", "a"}));
  EXPECT_EQ(s.eval_command({}, {}), (Command{"EVAL", "return 1", "0"}));
}
