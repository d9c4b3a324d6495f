#pragma once
// A fixed-size pool of SOCI sessions to one database.
//
// Thread-safety: every member is safe to call from any thread. A Lease is used by one thread
// at a time and must not outlive the Pool.
// All sessions are opened by open(), so an unreachable database fails start-up, not the first
// request. SQLite sessions get WAL, synchronous=FULL, a busy timeout and foreign keys on.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/statement_cache.h"
#include "store/store_url.h"

namespace yibao::store {

// Thrown when no session can be had (pool exhausted past the timeout, database gone).
// The HTTP layer maps it to STORE_UNAVAILABLE (503).
class StoreUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PoolOptions {
  std::string url = "sqlite:var/yibao.db";
  int size = 8;
  std::chrono::milliseconds acquire_timeout{5000};
  std::chrono::milliseconds busy_timeout{5000};  // SQLite: how long a writer waits for the lock
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
  std::uint64_t acquired_total = 0;
  std::uint64_t waited_total = 0;    // acquisitions that found no idle session
  std::uint64_t timeouts_total = 0;  // acquisitions that gave up
  double wait_seconds_total = 0;
};

class Pool {
 public:
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), index_(other.index_) { other.pool_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    soci::session& session() const;
    // The session's prepared statements.
    StatementCache* statements() const;

   private:
    friend class Pool;
    Lease(Pool* pool, std::size_t index) : pool_(pool), index_(index) {}
    Pool* pool_;
    std::size_t index_;
  };

  // Throws StoreUnavailable with a message naming the (redacted) URL when it cannot connect.
  static std::unique_ptr<Pool> open(const PoolOptions& options);
  ~Pool();

  Lease acquire();
  Backend backend() const { return location_.backend; }
  const StoreLocation& location() const { return location_; }
  PoolStats stats() const;

  // Re-opens a session whose connection broke (PostgreSQL restarted, or the primary failed
  // over to another host of a multi-host URL); its prepared statements are dropped first.
  // When it cannot connect, the session stays out of service (closed, marked broken) and the
  // error propagates; acquire() tries again before lending it out, so a pool heals by itself
  // once a primary is reachable.
  void reconnect(soci::session& session);

 private:
  Pool(StoreLocation location, PoolOptions options);
  void open_session(soci::session& session);
  void release(std::size_t index);
  void repair(std::size_t index);

  StoreLocation location_;
  PoolOptions options_;
  std::vector<std::unique_ptr<soci::session>> sessions_;
  // One per session, declared after them so that statements go before their connections.
  std::vector<std::unique_ptr<StatementCache>> statements_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::size_t> idle_;
  // Sessions whose connection was lost and not yet re-opened; touched only by the thread that
  // holds the session's lease.
  std::vector<char> broken_;
  PoolStats stats_;
};

}  // namespace yibao::store
