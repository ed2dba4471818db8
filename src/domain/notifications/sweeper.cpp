// Background notification sweep under the database advisory lock.
#include "domain/notifications/sweeper.hpp"

#include "observability/log.hpp"

namespace edu::notifications {

Sweeper::Sweeper(db::Database& db, Service& notes, ReviewFn reviews, int interval_seconds)
    : db_(db), notes_(notes), reviews_(std::move(reviews)), interval_(interval_seconds) {}

Sweeper::~Sweeper() { stop(); }

void Sweeper::start() {
  if (interval_ <= 0 || thread_.joinable()) return;
  {
    std::lock_guard lock(m_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void Sweeper::stop() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sweeper::loop() {
  for (;;) {
    try {
      auto t0 = std::chrono::steady_clock::now();
      auto out = run_once(now_micros());
      if (out.ran) {
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        log::info("notification sweep finished",
                  {{"event", "notification_sweep"}, {"plans", out.plans},
                   {"created", out.created}, {"purged", out.purged},
                   {"duration_ms", round_to(ms, 2)}});
      }
    } catch (const std::exception& e) {
      log::error("notification sweep failed", {{"event", "notification_sweep"}, {"error", e.what()}});
    }
    std::unique_lock lock(m_);
    if (cv_.wait_for(lock, std::chrono::seconds(interval_), [this] { return stopping_; })) return;
  }
}

SweepOutcome Sweeper::run_once(Micros now) {
  SweepOutcome out;
  // Another instance that swept within the last half interval has done this round's work.
  const Micros min_gap = static_cast<Micros>(interval_) * 500'000;
  // try_: when another instance holds the lock it is sweeping right now; skip this round
  // (and never block shutdown waiting for the lock).
  db_.try_with_advisory_lock(kLockKey, [&](db::Executor& ex) {
    auto last = ex.query("SELECT last_run_at FROM notification_sweep_state WHERE id = 1");
    if (!last.empty() && min_gap > 0) {
      auto t = last.rows.front().opt_timestamp(0);
      if (t && now - *t < min_gap && now >= *t) return;
    }
    ex.query(
        "INSERT INTO notification_sweep_state (id, last_run_at) VALUES (1, $1) "
        "ON CONFLICT (id) DO UPDATE SET last_run_at = excluded.last_run_at",
        {db::ts_param(now)});
    out.ran = true;
    auto [plans, created] = reviews_(ex, now);
    out.plans = plans;
    out.created = created;
    out.purged = notes_.purge_expired(ex, now);
  });
  return out;
}

}  // namespace edu::notifications
