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
// on a lock upgrade, after queueing in arrival order behind this process's other writers
// (FifoMutex; the busy timeout then only covers other processes); PostgreSQL runs READ
// COMMITTED and relies on row locks taken in a fixed order (sorted ids) by conditional
// UPDATEs. Reads: one consistent snapshot.
//
// Thread-safety: safe from any thread; each call holds its own pooled session.

#include <atomic>
#include <concepts>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <soci/soci.h>

#include "store/fifo_mutex.h"
#include "store/pool.h"
#include "store/statement_cache.h"
#include "store/store_work.h"

namespace yibao::store {

class ReferenceCache;  // store/reference_cache.h

class Tx {
 public:
  // `statements`: the session's prepared-statement cache, or nullptr.
  // `reference`: the database's cache of reference rows and its generation read before this
  // transaction began (reference_cache.h), or nullptr.
  Tx(soci::session& session, StatementCache* statements, ReferenceCache* reference = nullptr,
     std::uint64_t reference_generation = 0)
      : session_(session), statements_(statements), reference_(reference), reference_generation_(reference_generation) {}
  soci::session& sql() { return session_; }

  // Writers of reference rows (institutions, region policies, catalogue items) call this, so
  // that cached copies are dropped when the transaction ends and the transaction itself reads
  // them uncached.
  void reference_data_changed() { reference_changed_ = true; }
  bool reference_changed() const { return reference_changed_; }
  ReferenceCache* reference_cache() const { return reference_; }
  std::uint64_t reference_generation() const { return reference_generation_; }

  // A statement bound and ready to execute: prepared once per connection and reused
  // (statement_cache.h). Use this (or run/execute/each_row) rather than `sql() << …` or
  // `sql().prepare << …`: a one-time query is parsed and planned on every call, and SOCI's
  // `prepare <<` PREPAREs, EXECUTEs and DEALLOCATEs — three round trips on PostgreSQL.
  template <class... Bindings>
  Statement once(const std::string& text, Bindings&&... bindings) {
    return once_bound(text, [&](soci::statement& st) { (st.exchange(std::forward<Bindings>(bindings)), ...); });
  }
  // The same for bindings only known at run time (an IN list): `bind(statement&)` exchanges them.
  template <class Bind>
  Statement once_bound(const std::string& text, Bind&& bind) {
    count_statement(text);
    if (statements_ != nullptr) {
      if (auto* entry = statements_->take(text)) {
        // Unbinds (and on SQLite resets) and frees the entry even if binding throws.
        Statement handle(entry->statement, entry, statements_->reset_on_release());
        bind(entry->statement);
        entry->statement.define_and_bind();
        return handle;
      }
    }
    const bool keep = statements_ != nullptr && statements_->has_room_for(text);
    soci::statement st(session_);
    bind(st);
    st.alloc();
    st.prepare(text, keep ? soci::details::st_repeatable_query : soci::details::st_one_time_query);
    st.define_and_bind();
    return Statement(st, keep ? statements_->keep(text, st) : nullptr, keep && statements_->reset_on_release());
  }

  // Runs a statement, fetching its first row into the bindings; true when there was one (also
  // what sql().got_data() answers afterwards).
  template <class... Bindings>
  bool run(const std::string& text, Bindings&&... bindings) {
    return once(text, std::forward<Bindings>(bindings)...).execute(true);
  }

  // Runs a statement and returns how many rows it changed (for "INSERT .. ON CONFLICT DO
  // NOTHING" and conditional UPDATEs, whose row count is the answer).
  template <class... Bindings>
  long long execute(const std::string& text, Bindings&&... bindings) {
    auto st = once(text, std::forward<Bindings>(bindings)...);
    st.execute(true);
    return st.get_affected_rows();
  }

  // Calls fn(const soci::row&) for each row of a query whose columns are read by name.
  template <class Fn, class... Bindings>
  void each_row(const std::string& text, Fn&& fn, Bindings&&... bindings) {
    soci::row row;
    auto st = once(text, std::forward<Bindings>(bindings)..., soci::into(row));
    if (!st.execute(true)) return;
    do {
      fn(static_cast<const soci::row&>(row));
    } while (st.fetch());
  }

 private:
  soci::session& session_;
  StatementCache* statements_;
  ReferenceCache* reference_;
  std::uint64_t reference_generation_;
  bool reference_changed_ = false;
};

// lookup: no explicit transaction on either store (a single statement is its own snapshot),
// and never counted as a commit.
enum class TxMode { read, write, autocommit, lookup };

class Database {
 public:
  explicit Database(Pool& pool, int max_attempts = 8);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  template <class F>
  auto write(F&& fn) { return run(pool_, TxMode::write, std::forward<F>(fn)); }
  template <class F>
  auto read(F&& fn) { return run(pool_, TxMode::read, std::forward<F>(fn)); }

  // A read that may lag the primary by a moment: on the standby attached with attach_replica()
  // (store.replica_url, OPERATIONS.md), else on the primary. For what a person reads back about
  // themselves later (spending, records), never for a read that decides a write or answers an
  // institution right after its own call. Falls back to the primary while the standby is down.
  template <class F>
  auto replica_read(F&& fn) {
    if (replica_ != nullptr) {
      try {
        return run(*replica_, TxMode::read, fn);
      } catch (const StoreUnavailable&) {
        replica_fallbacks_total_.fetch_add(1);
      }
    }
    return run(pool_, TxMode::read, std::forward<F>(fn));
  }
  // Sends replica_read() to `replica` (a pool on a standby of the same database); it must
  // outlive the Database.
  void attach_replica(Pool& replica) { replica_ = &replica; }
  Pool* replica() { return replica_; }
  // Runs fn without an explicit transaction on PostgreSQL: each statement commits on its own,
  // which saves the BEGIN and COMMIT round trips of a single write (a TIF nonce spent on its
  // own). Only for a write that stands alone — a refusal rolls nothing back. On SQLite it is an
  // ordinary write transaction, so writers keep queueing in arrival order.
  template <class F>
  auto autocommit(F&& fn) { return run(pool_, TxMode::autocommit, std::forward<F>(fn)); }
  // A lookup that needs no snapshot shared with other statements (an institution's key, a
  // session): one statement without BEGIN and COMMIT on both stores — on SQLite the statement's
  // own implicit read transaction ends when the statement cache resets it.
  template <class F>
  auto lookup(F&& fn) {
    return run(pool_, TxMode::lookup, std::forward<F>(fn));
  }

  Pool& pool() { return pool_; }
  ReferenceCache& reference_cache() { return *reference_; }
  Backend backend() const { return pool_.backend(); }

  // Is the database answering? Used by /readyz. Never throws.
  bool ping() noexcept;

  std::uint64_t retries_total() const { return retries_total_.load(); }
  std::uint64_t replica_fallbacks_total() const { return replica_fallbacks_total_.load(); }

 private:
  enum class Failure { retry, reconnect_and_retry, unavailable, fatal };

  template <class R>
  static bool is_refusal(const R& r) {
    if constexpr (requires { { r.ok() } -> std::convertible_to<bool>; }) {
      return !r.ok();
    } else {
      return false;
    }
  }

  void begin(soci::session& session, TxMode mode);
  void commit(soci::session& session, TxMode mode);
  void rollback(soci::session& session) noexcept;
  Failure classify(const std::exception& error, soci::session& session) noexcept;
  void backoff(int attempt) noexcept;
  std::uint64_t reference_generation() const noexcept;
  void reference_changed() noexcept;

  // Ends a transaction's reference changes: declared after its Tx, so it runs after the commit.
  struct ReferenceChanges {
    Database& db;
    const Tx& tx;
    ~ReferenceChanges() {
      if (tx.reference_changed()) db.reference_changed();
    }
  };

  template <class F>
  auto run(Pool& pool, TxMode mode, F&& fn) -> std::invoke_result_t<F&, Tx&> {
    using R = std::invoke_result_t<F&, Tx&>;
    const bool counts_commits = mode == TxMode::autocommit;
    if (mode == TxMode::autocommit && pool.backend() == Backend::sqlite) mode = TxMode::write;
    const bool explicit_tx = mode != TxMode::autocommit && mode != TxMode::lookup;
    for (int attempt = 1;; ++attempt) {
      std::optional<std::unique_lock<FifoMutex>> writer_turn;  // released after commit/rollback
      if (mode == TxMode::write && pool.backend() == Backend::sqlite) writer_turn.emplace(sqlite_writers_);
      // Read before BEGIN, so the transaction's snapshot is at least as new as this generation.
      const std::uint64_t generation = reference_generation();
      auto lease = pool.acquire();
      soci::session& session = lease.session();
      bool began = false;
      try {
        if (explicit_tx) {
          begin(session, mode);
          began = true;
        }
        Tx tx(session, lease.statements(), reference_.get(), generation);
        const ReferenceChanges changes{*this, tx};
        const std::uint64_t statements_before = thread_store_work().statements;
        // On PostgreSQL each statement of autocommit() commits on its own (lookup() only reads).
        const auto count_autocommits = [&] {
          if (mode == TxMode::autocommit && counts_commits) {
            thread_store_work().commits += thread_store_work().statements - statements_before;
          }
        };
        if constexpr (std::is_void_v<R>) {
          fn(tx);
          count_autocommits();
          if (began) commit(session, mode);
          return;
        } else {
          R result = fn(tx);
          count_autocommits();
          if (!began) return result;
          if (is_refusal(result)) {
            rollback(session);
          } else {
            commit(session, mode);
          }
          return result;
        }
      } catch (const soci::soci_error& error) {
        if (began) rollback(session);
        const Failure failure = classify(error, session);
        if (failure == Failure::unavailable) throw StoreUnavailable(std::string("数据库无法写入: ") + error.what());
        if (failure == Failure::fatal || attempt >= max_attempts_) throw;
        if (failure == Failure::reconnect_and_retry) {
          try {
            pool.reconnect(session);
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
  Pool* replica_ = nullptr;
  int max_attempts_;
  FifoMutex sqlite_writers_;
  std::unique_ptr<ReferenceCache> reference_;
  std::atomic<std::uint64_t> retries_total_{0};
  std::atomic<std::uint64_t> replica_fallbacks_total_{0};
};

}  // namespace yibao::store
