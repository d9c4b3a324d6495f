// Migrations on both stores: idempotent, safe when two instances start at once, and refusing
// to run over an edited or newer schema.
#include <thread>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "store/migrator.h"
#include "support/test_store.h"

namespace yibao::store {
namespace {

using testing::StoreTest;

std::vector<Migration> bundled(Backend backend) { return migrations_for(backend, embedded_migration_files()); }

// Every table and column, so "changes nothing" can be checked literally.
std::string schema_fingerprint(Pool& pool) {
  Database db(pool);
  return db.read([&](Tx& tx) {
    std::string out;
    soci::rowset<soci::row> rows =
        pool.backend() == Backend::sqlite
            ? (tx.sql().prepare << "SELECT m.name || '.' || p.name || ':' || p.type FROM sqlite_master m "
                                   "JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1")
            : (tx.sql().prepare << "SELECT table_name || '.' || column_name || ':' || data_type "
                                   "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1");
    for (const auto& row : rows) out += row.get<std::string>(0) + "\n";
    int count = 0;
    tx.run("SELECT COUNT(*) FROM schema_migrations", soci::into(count));
    return out + "migrations=" + std::to_string(count);
  });
}

class Migrations : public StoreTest {};

TEST_P(Migrations, SecondRunChangesNothing) {
  core::SystemClock clock;
  const std::string before = schema_fingerprint(*pool_);
  const auto outcome = migrate(*pool_, bundled(GetParam()), clock);
  EXPECT_TRUE(outcome.applied.empty());
  EXPECT_EQ(outcome.schema_version, bundled(GetParam()).back().version);
  EXPECT_EQ(schema_fingerprint(*pool_), before);
  EXPECT_NE(before.find("one_time_keys.key"), std::string::npos) << before;
}

TEST_P(Migrations, ConcurrentStartupsApplyEachMigrationOnce) {
  // A fresh database and two "instances" migrating it at the same moment.
  testing::ScratchDatabase fresh(GetParam());
  PoolOptions options;
  options.url = fresh.url();
  options.size = 2;
  auto a = Pool::open(options);
  auto b = Pool::open(options);
  core::SystemClock clock;
  MigrationOutcome first, second;
  std::thread ta([&] { first = migrate(*a, bundled(GetParam()), clock); });
  std::thread tb([&] { second = migrate(*b, bundled(GetParam()), clock); });
  ta.join();
  tb.join();
  EXPECT_EQ(first.applied.size() + second.applied.size(), bundled(GetParam()).size());
  EXPECT_TRUE(first.applied.empty() || second.applied.empty());
  EXPECT_EQ(schema_version(*a), bundled(GetParam()).back().version);
}

TEST_P(Migrations, RefusesAMigrationEditedAfterItWasApplied) {
  auto edited = bundled(GetParam());
  edited.front().sql += "\n-- an innocent-looking edit\n";
  core::SystemClock clock;
  EXPECT_THROW(migrate(*pool_, edited, clock), MigrationError);
}

TEST_P(Migrations, RefusesADatabaseNewerThanTheBinary) {
  core::SystemClock clock;
  auto newer = bundled(GetParam());
  newer.push_back(Migration{newer.back().version + 1, "from_the_future", "CREATE TABLE future_table (id INTEGER)"});
  EXPECT_EQ(migrate(*pool_, newer, clock).applied.size(), 1u);
  EXPECT_THROW(migrate(*pool_, bundled(GetParam()), clock), MigrationError);
}

TEST_P(Migrations, AFailingMigrationLeavesTheSchemaAsItWas) {
  core::SystemClock clock;
  auto broken = bundled(GetParam());
  const int next = broken.back().version + 1;
  broken.push_back(Migration{next, "half_done", "CREATE TABLE half_done (id INTEGER); SELECT * FROM no_such_table"});
  const std::string before = schema_fingerprint(*pool_);
  EXPECT_ANY_THROW(migrate(*pool_, broken, clock));
  EXPECT_EQ(schema_fingerprint(*pool_), before);
}

YIBAO_INSTANTIATE_STORE_TEST(Migrations);

}  // namespace
}  // namespace yibao::store
