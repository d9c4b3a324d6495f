// Start-up and shutdown of the real binary: migrate twice, refusals with clear messages and
// non-zero exits, SIGTERM, the placeholder page, and two instances sharing one PostgreSQL.
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/server_process.h"
#include "support/test_store.h"

namespace yibao::testing {
namespace {

TEST(Lifecycle, MigrateTwiceChangesNothingOnSqlite) {
  ScratchDatabase db(store::Backend::sqlite);
  const auto first = run_yibao({"migrate", "--store", db.url()});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("已应用迁移"), std::string::npos) << first.output;
  const auto second = run_yibao({"migrate", "--store", db.url()});
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("无需迁移"), std::string::npos) << second.output;
}

TEST(Lifecycle, MigrateTwiceChangesNothingOnPostgres) {
  ScratchDatabase db(store::Backend::postgresql);
  ASSERT_EQ(run_yibao({"migrate", "--store", db.url()}).exit_code, 0);
  const auto second = run_yibao({"migrate", "--store", db.url()});
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("无需迁移"), std::string::npos) << second.output;
}

TEST(Lifecycle, BadConfigValueStopsStartupWithExit2AndNamesTheSetting) {
  const auto r = run_yibao({"serve", "--set", "server.port=99999"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("server.port"), std::string::npos) << r.output;
  const auto env = run_yibao({"serve"}, {{"YIBAO_STORE_POOL_SIZE", "lots"}});
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_NE(env.output.find("YIBAO_STORE_POOL_SIZE"), std::string::npos) << env.output;
  const auto url = run_yibao({"serve", "--store", "mysql://nope"});
  EXPECT_EQ(url.exit_code, 2);
  EXPECT_NE(url.output.find("store.url"), std::string::npos) << url.output;
  // A standby for reads is PostgreSQL's: an SQLite "replica" is refused by name.
  const auto replica = run_yibao({"serve", "--set", "store.replica_url=sqlite:/tmp/other.db"});
  EXPECT_EQ(replica.exit_code, 2);
  EXPECT_NE(replica.output.find("store.replica_url"), std::string::npos) << replica.output;
}

TEST(Lifecycle, UnreachableDatabaseStopsStartupWithExit1) {
  const auto r = run_yibao({"serve", "--store", "postgresql://yibao@127.0.0.1:1/none?connect_timeout=2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("无法连接数据库"), std::string::npos) << r.output;
}

TEST(Lifecycle, ServeRefusesAnUnmigratedDatabase) {
  ScratchDatabase db(store::Backend::sqlite);
  const auto r = run_yibao({"serve", "--store", db.url(), "--port", "0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("yibao migrate"), std::string::npos) << r.output;
}

TEST(Lifecycle, SigtermShutsDownCleanly) {
  ScratchDatabase db(store::Backend::sqlite);
  ASSERT_EQ(run_yibao({"migrate", "--store", db.url()}).exit_code, 0);
  ServerProcess server(db.url(), {"--web-root", "/nonexistent-web-root"});
  // Without a built web app the root shows the placeholder page.
  const auto page = http_get(server.port(), "/");
  EXPECT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find("医保服务平台"), std::string::npos);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_NE(server.output().find("\"msg\":\"stopped\""), std::string::npos) << server.output();
}

TEST(Lifecycle, TwoInstancesShareOnePostgres) {
  ScratchDatabase db(store::Backend::postgresql);
  // Both instances run their migrations at the same moment, as a rolling deploy would.
  CommandResult a_migrate, b_migrate;
  std::thread ta([&] { a_migrate = run_yibao({"migrate", "--store", db.url()}); });
  std::thread tb([&] { b_migrate = run_yibao({"migrate", "--store", db.url()}); });
  ta.join();
  tb.join();
  ASSERT_EQ(a_migrate.exit_code, 0) << a_migrate.output;
  ASSERT_EQ(b_migrate.exit_code, 0) << b_migrate.output;
  EXPECT_TRUE(a_migrate.output.find("无需迁移") != std::string::npos ||
              b_migrate.output.find("无需迁移") != std::string::npos);

  ServerProcess a(db.url());
  ServerProcess b(db.url());
  ASSERT_NE(a.port(), b.port());
  for (auto* server : {&a, &b}) {
    const auto r = http_get(server->port(), "/readyz");
    EXPECT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(boost::json::parse(r.body).at("store").as_string(), "postgresql");
  }
  EXPECT_EQ(a.stop(), 0);
  // One instance going away does not disturb the other.
  EXPECT_EQ(http_get(b.port(), "/readyz").status, 200u);
  EXPECT_EQ(b.stop(), 0);
}

}  // namespace
}  // namespace yibao::testing
