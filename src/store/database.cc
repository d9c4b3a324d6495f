#include "store/database.h"

#include <chrono>
#include <random>
#include <thread>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include "store/reference_cache.h"

namespace yibao::store {

Database::Database(Pool& pool, int max_attempts)
    : pool_(pool), max_attempts_(max_attempts), reference_(std::make_unique<ReferenceCache>()) {}

Database::~Database() = default;

std::uint64_t Database::reference_generation() const noexcept { return reference_->generation(); }

void Database::reference_changed() noexcept { reference_->bump(); }

void Database::begin(soci::session& session, TxMode mode) {
  count_statement(mode == TxMode::write ? "BEGIN (write)" : "BEGIN (read)");
  if (pool_.backend() == Backend::sqlite) {
    session << (mode == TxMode::write ? "BEGIN IMMEDIATE" : "BEGIN");
  } else {
    session << (mode == TxMode::write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                      : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
}

void Database::commit(soci::session& session, TxMode mode) {
  count_statement("COMMIT");
  if (mode == TxMode::write) ++thread_store_work().commits;
  session << "COMMIT";
}

void Database::rollback(soci::session& session) noexcept {
  count_statement("ROLLBACK");
  try {
    session << "ROLLBACK";
  } catch (...) {
    // Nothing to undo if the connection broke; the server dropped the transaction itself.
  }
}

Database::Failure Database::classify(const std::exception& error, soci::session& session) noexcept {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    const std::string state = pg->sqlstate();
    if (state == "40001" || state == "40P01") return Failure::retry;
    // 08: connection lost; 57P: the server shut down or restarted; 25006: a write reached a
    // server that is (now) a read-only standby — after a failover, the old connection may
    // still point at it. All three: open a new connection (libpq finds the primary) and retry.
    if (state.starts_with("08") || state.starts_with("57P") || state == "25006") return Failure::reconnect_and_retry;
    try {
      if (!session.is_connected()) return Failure::reconnect_and_retry;
    } catch (...) {
      return Failure::reconnect_and_retry;
    }
    return Failure::fatal;
  }
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    const int code = lite->result() & 0xff;  // primary result code
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Failure::retry;
    // The disk is full or failing, or the file cannot be opened or written: the transaction
    // was rolled back whole, and the store is unavailable until space or the file returns.
    if (code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_READONLY) {
      return Failure::unavailable;
    }
    return Failure::fatal;
  }
  if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&error)) {
    if (soci_error->get_error_category() == soci::soci_error::connection_error) {
      return Failure::reconnect_and_retry;
    }
  }
  return Failure::fatal;
}

void Database::backoff(int attempt) noexcept {
  // Jittered, growing pause so that two transactions that just collided do not collide again.
  thread_local std::minstd_rand rng{std::random_device{}()};
  const int ceiling_us = std::min(200 * (1 << std::min(attempt, 6)), 20000);
  std::uniform_int_distribution<int> pause(ceiling_us / 4, ceiling_us);
  std::this_thread::sleep_for(std::chrono::microseconds(pause(rng)));
}

bool Database::ping() noexcept {
  try {
    auto lease = pool_.acquire();
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (pool_.backend() == Backend::postgresql) {
          // Ready means writable: a standby (pg_is_in_recovery) answers queries but would
          // refuse every settlement.
          int standby = 1;
          lease.session() << "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END", soci::into(standby);
          return standby == 0;
        }
        int one = 0;
        lease.session() << "SELECT 1", soci::into(one);
        return one == 1;
      } catch (const soci::soci_error&) {
        // The connection may have broken since it was last used: repair it once, then ask again.
        pool_.reconnect(lease.session());
      }
    }
  } catch (...) {
  }
  return false;
}

}  // namespace yibao::store
