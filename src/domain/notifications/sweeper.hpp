// The periodic notification sweep (API.md §4.11.7 (b), INFRA.md §1.3/§1.11): a background
// thread that, every NOTIFICATION_SWEEP_INTERVAL_SECONDS, tries the cluster-wide advisory lock
// (a held lock means another instance is sweeping: this round is skipped), evaluates the review
// events of every active plan and purges long-expired notifications. Instances that find a
// sweep started within the last half interval skip theirs too, so one instance does the work
// per interval. stop() wakes the thread and joins it (shutdown).
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "db/database.hpp"
#include "domain/notifications/service.hpp"

namespace edu::notifications {

struct SweepOutcome {
  bool ran = false;  // false when skipped (another instance swept recently)
  std::int64_t plans = 0, created = 0, purged = 0;
};

class Sweeper {
 public:
  // `reviews` evaluates the review events on the locked executor and returns
  // {plans examined, notifications created}.
  using ReviewFn = std::function<std::pair<std::int64_t, std::int64_t>(db::Executor&, Micros)>;

  Sweeper(db::Database& db, Service& notes, ReviewFn reviews, int interval_seconds);
  ~Sweeper();
  Sweeper(const Sweeper&) = delete;
  Sweeper& operator=(const Sweeper&) = delete;

  void start();  // no-op when the interval is 0
  void stop();
  SweepOutcome run_once(Micros now);

  static constexpr std::int64_t kLockKey = 0x6564755F73776570;  // "edu_swep"

 private:
  void loop();

  db::Database& db_;
  Service& notes_;
  ReviewFn reviews_;
  int interval_;
  std::thread thread_;
  std::mutex m_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace edu::notifications
