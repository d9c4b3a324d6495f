#pragma once
// Database: the one way services touch the store. Each call runs a function inside one
// transaction and retries the whole function when the database says "try again":
// PostgreSQL serialization failures (40001) and deadlocks (40P01), SQLite BUSY/LOCKED, and a
// broken connection (reconnect first). So the function must be safe to run more than once:
// it may only touch the database through the Tx it is given.
//
// A function that returns a failed core::Result/core::Status is a refusal: the transaction is
// rolled back, so "bad input changes nothing" holds even if it wrote before deciding.
//
// Writes: SQLite takes the write lock up front (BEGIN IMMEDIATE) so two writers never deadlock
// on a lock upgrade; PostgreSQL runs READ COMMITTED and relies on row locks taken in a fixed
// order (sorted ids) by conditional UPDATEs. Reads: one consistent snapshot.
//
// Thread-safety: safe from any thread; each call holds its own pooled session.

#include <atomic>
#include <concepts>
#include <cstdint>
#include <exception>
#include <string>
#include <type_traits>
#include <utility>

#include <soci/soci.h>

#include "store/pool.h"

namespace yibao::store {

class Tx {
 public:
  explicit Tx(soci::session& session) : session_(session) {}
  soci::session& sql() { return session_; }

  // Runs a statement and returns how many rows it changed (for "INSERT .. ON CONFLICT DO
  // NOTHING" and conditional UPDATEs, whose row count is the answer).
  template <class... Bindings>
  long long execute(const std::string& statement, Bindings&&... bindings) {
    soci::statement st = ((session_.prepare << statement), ..., std::forward<Bindings>(bindings));
    st.execute(true);
    return st.get_affected_rows();
  }

 private:
  soci::session& session_;
};

enum class TxMode { read, write };

class Database {
 public:
  explicit Database(Pool& pool, int max_attempts = 8) : pool_(pool), max_attempts_(max_attempts) {}

  template <class F>
  auto write(F&& fn) { return run(TxMode::write, std::forward<F>(fn)); }
  template <class F>
  auto read(F&& fn) { return run(TxMode::read, std::forward<F>(fn)); }

  Pool& pool() { return pool_; }
  Backend backend() const { return pool_.backend(); }

  // Is the database answering? Used by /readyz. Never throws.
  bool ping() noexcept;

  std::uint64_t retries_total() const { return retries_total_.load(); }

 private:
  enum class Failure { retry, reconnect_and_retry, fatal };

  template <class R>
  static bool is_refusal(const R& r) {
    if constexpr (requires { { r.ok() } -> std::convertible_to<bool>; }) {
      return !r.ok();
    } else {
      return false;
    }
  }

  void begin(soci::session& session, TxMode mode);
  void commit(soci::session& session);
  void rollback(soci::session& session) noexcept;
  Failure classify(const std::exception& error, soci::session& session) noexcept;
  void backoff(int attempt) noexcept;

  template <class F>
  auto run(TxMode mode, F&& fn) -> std::invoke_result_t<F&, Tx&> {
    using R = std::invoke_result_t<F&, Tx&>;
    for (int attempt = 1;; ++attempt) {
      auto lease = pool_.acquire();
      soci::session& session = lease.session();
      bool began = false;
      try {
        begin(session, mode);
        began = true;
        Tx tx(session);
        if constexpr (std::is_void_v<R>) {
          fn(tx);
          commit(session);
          return;
        } else {
          R result = fn(tx);
          if (is_refusal(result)) {
            rollback(session);
          } else {
            commit(session);
          }
          return result;
        }
      } catch (const soci::soci_error& error) {
        if (began) rollback(session);
        const Failure failure = classify(error, session);
        if (failure == Failure::fatal || attempt >= max_attempts_) throw;
        if (failure == Failure::reconnect_and_retry) {
          try {
            pool_.reconnect(session);
          } catch (const std::exception& e) {
            throw StoreUnavailable(std::string("数据库连接已断开且无法重连: ") + e.what());
          }
        }
        retries_total_.fetch_add(1);
        backoff(attempt);
      } catch (...) {
        if (began) rollback(session);
        throw;
      }
    }
  }

  Pool& pool_;
  int max_attempts_;
  std::atomic<std::uint64_t> retries_total_{0};
};

}  // namespace yibao::store
