// Rate limiting (API.md §1.9): minute-aligned window math, limiter selection per request kind,
// header values, fail-open / fail-closed when the shared counter store fails.
#include "security/rate_limit.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace edu;
using namespace edu::security;

namespace {

constexpr Micros kSec = 1'000'000;
// 2027-01-15T10:00:00Z — a minute boundary.
constexpr Micros kT0 = 1'800'000'000LL / 60 * 60 * kSec;

Route route_of(RateClass rc, AuthMode auth = AuthMode::Public) {
  Route r;
  r.options.rate = rc;
  r.options.auth = auth;
  return r;
}

Request from_ip(const std::string& ip) {
  Request q;
  q.client_ip = ip;
  q.peer_ip = ip;
  return q;
}

class FailingStore : public CounterStore {
 public:
  std::vector<std::int64_t> increment(const std::vector<std::string>&, std::int64_t) override {
    ++calls;
    throw std::runtime_error("redis down");
  }
  bool shared() const override { return true; }
  int calls = 0;
};

// Records the keys it was asked to count (and counts them in memory).
class RecordingStore : public CounterStore {
 public:
  std::vector<std::int64_t> increment(const std::vector<std::string>& keys,
                                      std::int64_t minute) override {
    seen.insert(seen.end(), keys.begin(), keys.end());
    return inner.increment(keys, minute);
  }
  bool shared() const override { return true; }
  std::vector<std::string> seen;
  MemoryCounters inner;
};

}  // namespace

TEST(RateWindow, AlignedToTheMinute) {
  auto w = window_at(kT0);
  EXPECT_EQ(w.minute, kT0 / (60 * kSec));
  EXPECT_EQ(w.reset, 60);                   // a window that just began
  EXPECT_EQ(window_at(kT0 + 1).reset, 60);  // 59.999999 s left → 60 (rounded up)
  EXPECT_EQ(window_at(kT0 + 1 * kSec).reset, 59);
  EXPECT_EQ(window_at(kT0 + 59 * kSec).reset, 1);
  EXPECT_EQ(window_at(kT0 + 59 * kSec + 999'999).reset, 1);  // never 0
  EXPECT_EQ(window_at(kT0 + 59 * kSec + 999'999).minute, w.minute);
  EXPECT_EQ(window_at(kT0 + 60 * kSec).minute, w.minute + 1);
  EXPECT_EQ(window_at(kT0 + 60 * kSec).reset, 60);
  for (Micros t = kT0; t < kT0 + 61 * kSec; t += 250'000) {
    auto x = window_at(t);
    EXPECT_GE(x.reset, 1);
    EXPECT_LE(x.reset, 60);
  }
}

TEST(RateWindow, JudgeCountsAgainstTheLimit) {
  Window w{1, 42};
  auto first = judge(100, 1, w);
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.remaining, 99);
  EXPECT_EQ(first.reset, 42);
  auto last = judge(100, 100, w);
  EXPECT_TRUE(last.allowed);
  EXPECT_EQ(last.remaining, 0);
  auto over = judge(100, 101, w);
  EXPECT_FALSE(over.allowed);
  EXPECT_EQ(over.remaining, 0);  // never negative
  EXPECT_EQ(judge(100, 5000, w).remaining, 0);
}

TEST(RateWindow, KeyDesignIsHashTaggedByPrincipal) {
  EXPECT_EQ(rate_key("ip:203.0.113.7", 29433921), "rl:{ip:203.0.113.7}:29433921");
  EXPECT_EQ(rate_key("user:abc", 5), "rl:{user:abc}:5");
}

TEST(MemoryCountersTest, CountsPerKeyAndForgetsOldWindows) {
  MemoryCounters m;
  EXPECT_EQ(m.increment({"a", "b"}, 10), (std::vector<std::int64_t>{1, 1}));
  EXPECT_EQ(m.increment({"a"}, 10), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m.increment({"a"}, 11), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(m.size(), 1u);
}

TEST(RateLimiterTest, PerIpLimitWithHeadersAnd429) {
  Micros now = kT0 + 15 * kSec;
  RateLimiter rl({3, 300, 10, true}, nullptr, [&] { return now; });
  auto route = route_of(RateClass::Api);
  auto req = from_ip("10.0.0.1");
  for (int i = 1; i <= 3; ++i) {
    auto d = rl.check(req, route, nullptr);
    EXPECT_TRUE(d.applied);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.limit, 3);
    EXPECT_EQ(d.remaining, 3 - i);
    EXPECT_EQ(d.reset, 45);
  }
  auto d = rl.check(req, route, nullptr);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_EQ(d.reset, 45);
  // Another IP has its own counter.
  EXPECT_TRUE(rl.check(from_ip("10.0.0.2"), route, nullptr).allowed);
  // The next window starts from zero.
  now = kT0 + 60 * kSec;
  d = rl.check(req, route, nullptr);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 2);
  EXPECT_EQ(d.reset, 60);
}

TEST(RateLimiterTest, AuthenticatedRequestsCountPerUserNotPerIp) {
  Micros now = kT0;
  RateLimiter rl({2, 4, 10, true}, nullptr, [&] { return now; });
  auto route = route_of(RateClass::Api, AuthMode::Bearer);
  auto req = from_ip("10.0.0.1");
  Principal alice{"u-alice"}, bob{"u-bob"};
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(rl.check(req, route, &alice).allowed);
  auto d = rl.check(req, route, &alice);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.limit, 4);
  // Same IP, other user: not throttled as one client.
  EXPECT_TRUE(rl.check(req, route, &bob).allowed);
  // Unauthenticated requests from that IP were never counted by the users' traffic.
  auto anon = rl.check(req, route, nullptr);
  EXPECT_TRUE(anon.allowed);
  EXPECT_EQ(anon.limit, 2);
  EXPECT_EQ(anon.remaining, 1);
}

TEST(RateLimiterTest, AuthRoutesAddAPerIpLimiterAndReportTheTightest) {
  Micros now = kT0;
  RateLimiter rl({100, 300, 2, true}, nullptr, [&] { return now; });
  auto login = route_of(RateClass::Auth);
  auto req = from_ip("10.0.0.9");
  auto d1 = rl.check(req, login, nullptr);
  EXPECT_TRUE(d1.allowed);
  EXPECT_EQ(d1.limit, 2);
  EXPECT_EQ(d1.remaining, 1);
  EXPECT_TRUE(rl.check(req, login, nullptr).allowed);
  auto d3 = rl.check(req, login, nullptr);
  EXPECT_FALSE(d3.allowed);
  EXPECT_EQ(d3.limit, 2);
  EXPECT_EQ(d3.remaining, 0);
  // The auth requests also counted against the general per-IP limiter (3 of 100 used).
  auto api = rl.check(req, route_of(RateClass::Api), nullptr);
  EXPECT_TRUE(api.allowed);
  EXPECT_EQ(api.limit, 100);
  EXPECT_EQ(api.remaining, 96);
}

TEST(RateLimiterTest, ZeroDisablesALimiterAndNoneIsExempt) {
  RateLimiter off({0, 0, 0, true}, nullptr, [] { return kT0; });
  auto req = from_ip("10.0.0.1");
  EXPECT_FALSE(off.check(req, route_of(RateClass::Api), nullptr).applied);
  EXPECT_FALSE(off.check(req, route_of(RateClass::Auth), nullptr).applied);
  RateLimiter on({1, 1, 1, true}, nullptr, [] { return kT0; });
  for (int i = 0; i < 5; ++i) {
    auto d = on.check(req, route_of(RateClass::None), nullptr);
    EXPECT_FALSE(d.applied);
    EXPECT_TRUE(d.allowed);
  }
  // Only the auth limiter on: a plain API route is unlimited, an auth route is limited.
  RateLimiter auth_only({0, 0, 1, true}, nullptr, [] { return kT0; });
  EXPECT_FALSE(auth_only.check(req, route_of(RateClass::Api), nullptr).applied);
  EXPECT_TRUE(auth_only.check(req, route_of(RateClass::Auth), nullptr).allowed);
  EXPECT_FALSE(auth_only.check(req, route_of(RateClass::Auth), nullptr).allowed);
}

TEST(RateLimiterTest, SharedStoreReceivesTheContractKeys) {
  auto store = std::make_unique<RecordingStore>();
  auto* s = store.get();
  Micros now = kT0 + 5 * kSec;
  RateLimiter rl({10, 10, 10, true}, std::move(store), [&] { return now; });
  EXPECT_TRUE(rl.may_block());
  Principal p{"u-1"};
  rl.check(from_ip("1.2.3.4"), route_of(RateClass::Auth), nullptr);
  rl.check(from_ip("1.2.3.4"), route_of(RateClass::Api, AuthMode::Bearer), &p);
  std::string m = std::to_string(kT0 / (60 * kSec));
  EXPECT_EQ(s->seen, (std::vector<std::string>{"rl:{ip:1.2.3.4}:" + m, "rl:{auth:1.2.3.4}:" + m,
                                               "rl:{user:u-1}:" + m}));
}

TEST(RateLimiterTest, FailOpenAllowsWhenTheSharedStoreFails) {
  auto store = std::make_unique<FailingStore>();
  auto* s = store.get();
  RateLimiter rl({2, 300, 10, true}, std::move(store), [] { return kT0; });
  auto req = from_ip("10.0.0.1");
  for (int i = 0; i < 5; ++i) {
    auto d = rl.check(req, route_of(RateClass::Api), nullptr);
    EXPECT_TRUE(d.allowed);
    EXPECT_FALSE(d.unavailable);
    EXPECT_TRUE(d.applied);  // headers still present (from per-process counts)
  }
  EXPECT_EQ(s->calls, 5);
}

TEST(RateLimiterTest, FailClosedAnswersUnavailable) {
  RateLimiter rl({2, 300, 10, false}, std::make_unique<FailingStore>(), [] { return kT0; });
  auto d = rl.check(from_ip("10.0.0.1"), route_of(RateClass::Api), nullptr);
  EXPECT_TRUE(d.unavailable);
  // Exempt routes never consult the store.
  EXPECT_FALSE(rl.check(from_ip("10.0.0.1"), route_of(RateClass::None), nullptr).unavailable);
}

TEST(RateLimiterTest, InProcessLimiterNeverBlocks) {
  RateLimiter rl({1, 1, 1, true}, nullptr);
  EXPECT_FALSE(rl.may_block());
  EXPECT_EQ(rl.backend(), "memory");
}
