// Reads that may lag go to the standby when one is attached (store.replica_url, OPERATIONS.md),
// and to the primary while the standby is down; everything else stays on the primary.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "store/database.h"
#include "store/migrator.h"
#include "support/test_store.h"

namespace yibao::testing {
namespace {

class ReplicaReadTest : public StoreTest {
 protected:
  // A second database standing in for the standby: same schema, its own marker row, so a read
  // shows which side answered.
  void SetUp() override {
    StoreTest::SetUp();
    replica_db_ = std::make_unique<ScratchDatabase>(GetParam());
    store::PoolOptions options;
    options.url = replica_db_->url();
    options.size = 2;
    replica_pool_ = store::Pool::open(options);
    core::SystemClock clock;
    store::migrate(*replica_pool_, store::migrations_for(GetParam(), store::embedded_migration_files()), clock);
    mark(*pool_, "primary");
    mark(*replica_pool_, "standby");
    db_->attach_replica(*replica_pool_);
  }
  void TearDown() override {
    db_.reset();
    replica_pool_.reset();
    replica_db_.reset();
    StoreTest::TearDown();
  }
  static void mark(store::Pool& pool, const std::string& who) {
    store::Database(pool).write([&](store::Tx& tx) {
      tx.execute("INSERT INTO platform_settings (name, value, updated_at_us, updated_by) VALUES ('who', :v, 0, 'test')",
                 soci::use(who));
    });
  }
  static std::string who(store::Tx& tx) {
    std::string value;
    tx.run("SELECT value FROM platform_settings WHERE name = 'who'", soci::into(value));
    return value;
  }

  std::unique_ptr<ScratchDatabase> replica_db_;
  std::unique_ptr<store::Pool> replica_pool_;
};

TEST_P(ReplicaReadTest, ReplicaReadsGoToTheStandbyAndEverythingElseToThePrimary) {
  EXPECT_EQ(db_->replica_read([](store::Tx& tx) { return who(tx); }), "standby");
  EXPECT_EQ(db_->read([](store::Tx& tx) { return who(tx); }), "primary");
  EXPECT_EQ(db_->write([](store::Tx& tx) { return who(tx); }), "primary");
  EXPECT_EQ(db_->replica_fallbacks_total(), 0u);
}

TEST_P(ReplicaReadTest, WithoutAStandbyReplicaReadsUseThePrimary) {
  store::Database plain(*pool_);
  EXPECT_EQ(plain.replica_read([](store::Tx& tx) { return who(tx); }), "primary");
}

YIBAO_INSTANTIATE_STORE_TEST(ReplicaReadTest);

// PostgreSQL only: an open SQLite file cannot be taken away from its connections, and
// store.replica_url accepts nothing but PostgreSQL.
class ReplicaFallbackTest : public ReplicaReadTest {};

TEST_P(ReplicaFallbackTest, WhileTheStandbyIsGoneReplicaReadsFallBackToThePrimary) {  // The standby's database disappears under open connections (its backends are terminated):
  // reconnecting fails, and the read is answered by the primary instead of failing the page.
  replica_db_.reset();  // DROP DATABASE … WITH (FORCE)
  EXPECT_EQ(db_->replica_read([](store::Tx& tx) { return who(tx); }), "primary");
  EXPECT_GE(db_->replica_fallbacks_total(), 1u);
}

INSTANTIATE_TEST_SUITE_P(PostgreSQL, ReplicaFallbackTest, ::testing::Values(store::Backend::postgresql),
                         backend_param_name);

}  // namespace
}  // namespace yibao::testing
