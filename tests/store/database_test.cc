// The transaction runner on both stores: commit, rollback on refusal and on exceptions, and no
// lost update when many threads (and two pools, i.e. two instances) write the same row.
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/database.h"
#include "support/test_store.h"

namespace yibao::store {
namespace {

using testing::StoreTest;

class Transactions : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([](Tx& tx) {
      tx.run("CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)");
      tx.run("INSERT INTO counters (name, value) VALUES ('c', 0)");
    });
  }
  long long counter(Database& db) {
    return db.read([](Tx& tx) {
      long long v = -1;
      tx.run("SELECT value FROM counters WHERE name = 'c'", soci::into(v));
      return v;
    });
  }
};

TEST_P(Transactions, CommitsWhatTheFunctionWrote) {
  db_->write([](Tx& tx) { tx.run("UPDATE counters SET value = 5 WHERE name = 'c'"); });
  EXPECT_EQ(counter(*db_), 5);
}

TEST_P(Transactions, ARefusalRollsBackEverythingWrittenBeforeIt) {
  const core::Status refused = db_->write([](Tx& tx) -> core::Status {
    tx.run("UPDATE counters SET value = 99 WHERE name = 'c'");
    return core::Error{core::Reason::FIELD_INVALID, "refused after writing"};
  });
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(counter(*db_), 0);
}

TEST_P(Transactions, AnExceptionRollsBack) {
  EXPECT_THROW(db_->write([](Tx& tx) {
    tx.run("UPDATE counters SET value = 42 WHERE name = 'c'");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(counter(*db_), 0);
}

TEST_P(Transactions, ExecuteReportsChangedRows) {
  const long long changed = db_->write([](Tx& tx) {
    return tx.execute("UPDATE counters SET value = value + 1 WHERE name = :n AND value >= :min",
                      soci::use(std::string("c"), "n"), soci::use(0LL, "min"));
  });
  EXPECT_EQ(changed, 1);
  const long long unchanged = db_->write([](Tx& tx) {
    return tx.execute("UPDATE counters SET value = value + 1 WHERE name = :n AND value >= :min",
                      soci::use(std::string("c"), "n"), soci::use(1000LL, "min"));
  });
  EXPECT_EQ(unchanged, 0);
}

TEST_P(Transactions, ConcurrentReadModifyWriteLosesNoUpdateAcrossInstances) {
  // Read, then write back +1: the pattern that loses updates without proper locking. Two pools
  // stand for two yibao processes on one database.
  auto other_pool = open_pool(4);
  Database other(*other_pool);
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    Database& db = t % 2 == 0 ? *db_ : other;
    threads.emplace_back([&db] {
      for (int i = 0; i < kEach; ++i) {
        db.write([](Tx& tx) {
          // Taking the row lock first (a no-op update) is how the ledger serialises writers to
          // one account on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises them.
          tx.execute("UPDATE counters SET value = value WHERE name = 'c'");
          long long v = 0;
          tx.run("SELECT value FROM counters WHERE name = 'c'", soci::into(v));
          tx.run("UPDATE counters SET value = :v WHERE name = 'c'", soci::use(v + 1));
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter(*db_), kThreads * kEach);
}

TEST_P(Transactions, AStatementRunAgainWhileItsRowsAreReadGetsItsOwnBindings) {
  db_->write([](Tx& tx) { tx.run("INSERT INTO counters (name, value) VALUES ('d', 7)"); });
  const auto pairs = db_->read([](Tx& tx) {
    const std::string query = "SELECT name, value FROM counters WHERE value >= :min ORDER BY name";
    std::vector<std::string> out;
    std::string name, inner_name;
    long long value = 0, inner_value = 0, from = 0;
    auto outer = tx.once(query, soci::use(from, "min"), soci::into(name), soci::into(value));
    outer.execute(false);
    while (outer.fetch()) {
      // The same SQL text while `outer` is still being read: it must not be rebound under it.
      auto inner = tx.once(query, soci::use(value, "min"), soci::into(inner_name), soci::into(inner_value));
      inner.execute(true);
      out.push_back(name + ">" + inner_name);
    }
    return out;
  });
  EXPECT_EQ(pairs, (std::vector<std::string>{"c>c", "d>d"}));
}

TEST_P(Transactions, AReusedStatementTakesNewBindingsAndOutlivesAFailedTransaction) {
  const auto set = [&](long long v) {
    db_->write([&](Tx& tx) { tx.execute("UPDATE counters SET value = :v WHERE name = 'c'", soci::use(v, "v")); });
  };
  for (long long v : {1LL, 2LL, 3LL}) {
    set(v);
    EXPECT_EQ(counter(*db_), v);
  }
  // A failing statement (a duplicate key) aborts its transaction; cached statements still work.
  EXPECT_THROW(db_->write([](Tx& tx) { tx.run("INSERT INTO counters (name, value) VALUES ('c', 1)"); }),
               soci::soci_error);
  set(9);
  EXPECT_EQ(counter(*db_), 9);
}

TEST_P(Transactions, AutocommitCommitsEachStatementOnPostgresqlAndIsOneWriteTransactionOnSqlite) {
  const core::Status refused = db_->autocommit([](Tx& tx) -> core::Status {
    tx.run("UPDATE counters SET value = 3 WHERE name = 'c'");
    return core::Error{core::Reason::FIELD_INVALID, "refused after writing"};
  });
  EXPECT_FALSE(refused.ok());
  // Which is why autocommit is only for a lookup plus one claim that stands on its own.
  EXPECT_EQ(counter(*db_), GetParam() == Backend::postgresql ? 3 : 0);
}

YIBAO_INSTANTIATE_STORE_TEST(Transactions);

// SQLite's WAL snapshots have no PostgreSQL counterpart: this suite runs on SQLite only (a
// skipped PostgreSQL run would count as neither pass nor failure).
class SqliteTransactions : public Transactions {};

TEST_P(SqliteTransactions, ACachedStatementLeftMidResultHoldsNoReadSnapshotAfterItsTransaction) {
  // On SQLite an un-reset statement keeps its read transaction, and the WAL behind it, alive:
  // a checkpoint could then never finish. The cache resets what it takes back.
  db_->write([](Tx& tx) { tx.run("INSERT INTO counters (name, value) VALUES ('d', 1), ('e', 2)"); });
  for (int i = 0; i < 2; ++i) {  // the second time, the statement comes out of the cache
    const auto first = db_->read([](Tx& tx) {
      std::string name;
      tx.run("SELECT name FROM counters ORDER BY name", soci::into(name));  // first of three rows only
      return name;
    });
    EXPECT_EQ(first, "c");
  }
  db_->write([](Tx& tx) { tx.run("UPDATE counters SET value = value + 1 WHERE name = 'c'"); });
  int busy = -1, log_frames = -1, checkpointed = -1;
  {
    auto lease = pool_->acquire();  // outside any transaction, as a checkpoint must run
    lease.session() << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy), soci::into(log_frames),
        soci::into(checkpointed);
  }
  EXPECT_EQ(busy, 0) << "no connection still reads an old snapshot";
}

INSTANTIATE_TEST_SUITE_P(SqliteOnly, SqliteTransactions, ::testing::Values(Backend::sqlite),
                         ::yibao::testing::backend_param_name);

}  // namespace
}  // namespace yibao::store
