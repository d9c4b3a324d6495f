// The session pool: configured sessions, exhaustion, and a clear failure for a bad database.
#include <gtest/gtest.h>

#include "store/pool.h"
#include "support/test_store.h"

namespace yibao::store {
namespace {

using testing::StoreTest;

class PoolBehaviour : public StoreTest {};

TEST_P(PoolBehaviour, GivesUpWithStoreUnavailableWhenExhausted) {
  PoolOptions options;
  options.url = scratch_->url();
  options.size = 1;
  options.acquire_timeout = std::chrono::milliseconds(50);
  auto pool = Pool::open(options);
  auto held = pool->acquire();
  EXPECT_THROW(pool->acquire(), StoreUnavailable);
  const auto stats = pool->stats();
  EXPECT_EQ(stats.size, 1);
  EXPECT_EQ(stats.in_use, 1);
  EXPECT_EQ(stats.timeouts_total, 1u);
}

TEST_P(PoolBehaviour, ReturnsSessionsForReuse) {
  for (int i = 0; i < 20; ++i) {
    auto lease = pool_->acquire();
    int one = 0;
    lease.session() << "SELECT 1", soci::into(one);
    EXPECT_EQ(one, 1);
  }
  EXPECT_EQ(pool_->stats().in_use, 0);
}

TEST_P(PoolBehaviour, PingSaysTheStoreIsReachable) { EXPECT_TRUE(db_->ping()); }

YIBAO_INSTANTIATE_STORE_TEST(PoolBehaviour);

TEST(SqlitePool, EverySessionHasWalFullSyncBusyTimeoutAndForeignKeys) {
  testing::ScratchDatabase scratch(Backend::sqlite);
  PoolOptions options;
  options.url = scratch.url();
  options.size = 3;
  options.busy_timeout = std::chrono::milliseconds(4321);
  auto pool = Pool::open(options);
  std::vector<Pool::Lease> leases;
  for (int i = 0; i < 3; ++i) leases.push_back(pool->acquire());
  for (auto& lease : leases) {
    std::string mode;
    int sync = -1, timeout = -1, fk = -1;
    lease.session() << "PRAGMA journal_mode", soci::into(mode);
    lease.session() << "PRAGMA synchronous", soci::into(sync);
    lease.session() << "PRAGMA busy_timeout", soci::into(timeout);
    lease.session() << "PRAGMA foreign_keys", soci::into(fk);
    EXPECT_EQ(mode, "wal");
    EXPECT_EQ(sync, 2);  // FULL
    EXPECT_EQ(timeout, 4321);
    EXPECT_EQ(fk, 1);
  }
}

TEST(PostgresPool, AnUnreachableDatabaseFailsToOpenWithTheRedactedUrl) {
  PoolOptions options;
  options.url = "postgresql://someone:hunter2@127.0.0.1:1/nowhere?connect_timeout=2";
  try {
    Pool::open(options);
    FAIL() << "expected StoreUnavailable";
  } catch (const StoreUnavailable& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("127.0.0.1:1"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << "the password must not be printed: " << message;
  }
}

}  // namespace
}  // namespace yibao::store
