// argon2id (libsodium) and legacy bcrypt (libxcrypt) password hashes.
#include "security/passwords.hpp"

#include <crypt.h>
#include <sodium.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

namespace edu::security {
namespace {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  });
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_bcrypt(std::string_view h) {
  return starts_with(h, "$2a$") || starts_with(h, "$2b$") || starts_with(h, "$2y$");
}

bool verify_bcrypt(std::string_view password, std::string_view stored) {
  // bcrypt strings are exactly 60 characters: $2b$NN$ + 53 characters of salt and hash.
  if (stored.size() != 60) return false;
  // crypt() takes C strings: a password with NUL bytes cannot match a legacy hash honestly.
  if (password.find('\0') != std::string_view::npos) return false;
  std::string pw(password), setting(stored);
  auto data = std::make_unique<crypt_data>();  // ~32 KiB: not on the stack
  const char* out = crypt_r(pw.c_str(), setting.c_str(), data.get());
  if (!out || out[0] != '$') return false;  // "*0"/"*1" on failure
  std::string_view got(out);
  if (got.size() != stored.size()) return false;
  return sodium_memcmp(got.data(), stored.data(), got.size()) == 0;
}

// Password work (one argon2id computation is ~20 ms of CPU and 19 MiB of memory) runs on a
// small pool of its own, one thread per core, at a lower scheduling priority (nice +10): a
// burst of logins then cannot take the cores from the short requests of everyone else — they
// get the CPU first and the hashing fills the idle time — and the pool bounds the memory that
// concurrent hashes hold (cores × 19 MiB) whatever the number of request workers. Raising
// one's own nice value needs no privilege.
class HashPool {
 public:
  static HashPool& instance() {
    static HashPool pool;
    return pool;
  }

  template <class F>
  auto run(F&& fn) -> decltype(fn()) {
    if (on_pool_thread) return fn();  // nested use: already on a hashing thread
    using R = decltype(fn());
    // Shared: the pool thread may still be inside the task when the caller's get() returns.
    auto task = std::make_shared<std::packaged_task<R()>>(std::forward<F>(fn));
    auto result = task->get_future();
    {
      std::unique_lock lock(mu_);
      if (stop_ || threads_.empty()) {  // exiting, or no thread could start: do it here
        lock.unlock();
        (*task)();
        return result.get();
      }
      jobs_.emplace_back([task] { (*task)(); });
    }
    cv_.notify_one();
    return result.get();  // rethrows what the job threw
  }

  int priority_of_pool_threads() {
    return run([] { return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); });
  }

 private:
  HashPool() {
    unsigned n = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    try {
      for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this] { loop(); });
    } catch (const std::system_error&) {
      // Fewer threads than cores (or none: run() then hashes on the caller's thread).
    }
  }
  ~HashPool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  void loop() {
    on_pool_thread = true;
    auto tid = static_cast<id_t>(gettid());
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, tid);
    if (errno == 0 && nice < kHashingNice) (void)setpriority(PRIO_PROCESS, tid, kHashingNice);
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping and nothing left
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  static constexpr int kHashingNice = 10;
  static inline thread_local bool on_pool_thread = false;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

std::string hash_now(std::string_view password);

const std::string& dummy_hash() {
  static const std::string h = hash_now("not-a-real-password-only-for-timing");
  return h;
}

std::string hash_now(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kArgonOpsLimit,
                            kArgonMemLimitBytes, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id hashing failed (out of memory)");
  return std::string(out);
}

PasswordCheck verify_now(std::string_view password, std::string_view stored) {
  PasswordCheck r;
  if (password.empty() || stored.empty()) return r;
  ensure_sodium();
  if (starts_with(stored, "$argon2id$") || starts_with(stored, "$argon2i$")) {
    if (stored.size() >= crypto_pwhash_STRBYTES) return r;
    std::string s(stored);  // NUL-terminated copy for libsodium
    if (crypto_pwhash_str_verify(s.c_str(), password.data(), password.size()) != 0) return r;
    r.ok = true;
    // 1 = different parameters or algorithm (argon2i), -1 = unparsable: upgrade either way.
    r.needs_rehash = !starts_with(stored, kArgonPrefix) ||
                     crypto_pwhash_str_needs_rehash(s.c_str(), kArgonOpsLimit,
                                                    kArgonMemLimitBytes) != 0;
    return r;
  }
  if (is_bcrypt(stored)) {
    r.ok = verify_bcrypt(password, stored);
    r.needs_rehash = r.ok;
    return r;
  }
  return r;  // unknown scheme: never verifies
}

}  // namespace

std::string hash_password(std::string_view password) {
  return HashPool::instance().run([&] { return hash_now(password); });
}

PasswordCheck verify_password(std::string_view password, std::string_view stored) {
  return HashPool::instance().run([&] { return verify_now(password, stored); });
}

void burn_verification_time(std::string_view password) {
  HashPool::instance().run(
      [&] { (void)verify_now(password.empty() ? std::string_view("x") : password, dummy_hash()); });
}

int password_hashing_priority() { return HashPool::instance().priority_of_pool_threads(); }

}  // namespace edu::security
