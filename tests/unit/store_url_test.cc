// Choosing the store by URL (engineering.md): sqlite:PATH or postgresql://…
#include <gtest/gtest.h>

#include "store/store_url.h"

namespace yibao::store {
namespace {

TEST(StoreUrl, SqlitePathIsTakenAsIs) {
  const auto loc = parse_store_url("sqlite:var/yibao.db");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->backend, Backend::sqlite);
  EXPECT_EQ(loc->target, "var/yibao.db");
}

TEST(StoreUrl, PostgresUriBecomesLibpqConninfo) {
  const auto loc = parse_store_url("postgresql://yibao:s%40cret@db.local:5433/yibao?connect_timeout=3");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->backend, Backend::postgresql);
  EXPECT_EQ(loc->target, "password='s@cret' user='yibao' port='5433' host='db.local' dbname='yibao' connect_timeout='3'");
}

TEST(StoreUrl, RedactedFormHidesThePassword) {
  const auto loc = parse_store_url("postgresql://yibao:hunter2@db.local/yibao");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->redacted(), "postgresql://yibao:***@db.local/yibao");
}

TEST(StoreUrl, UnknownSchemesAndEmptyPathsAreRefused) {
  EXPECT_FALSE(parse_store_url("mysql://x/y").ok());
  EXPECT_FALSE(parse_store_url("sqlite:").ok());
  EXPECT_FALSE(parse_store_url("postgresql://").ok());
  EXPECT_FALSE(parse_store_url("postgresql://h:port/db").ok());
}

// High availability (OPERATIONS.md): several hosts, libpq picks the primary among them.
TEST(StoreUrl, SeveralHostsBecomeLibpqHostAndPortLists) {
  auto loc = parse_store_url("postgresql://yibao@pg1:5432,pg2:5433/yibao?target_session_attrs=read-write");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->target, "user='yibao' port='5432,5433' host='pg1,pg2' dbname='yibao' target_session_attrs='read-write'");
}

TEST(StoreUrl, AHostWithoutAPortTakesTheDefaultInItsPlace) {
  auto loc = parse_store_url("postgresql://pg1,pg2:6000/yibao");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->target, "port=',6000' host='pg1,pg2' dbname='yibao'");
  auto v6 = parse_store_url("postgresql://[::1]:5432,[fe80::2]/yibao");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->target, "port='5432,' host='::1,fe80::2' dbname='yibao'");
}

TEST(StoreUrl, MalformedHostListsAreRefused) {
  EXPECT_FALSE(parse_store_url("postgresql://pg1,,pg2/yibao").ok());
  EXPECT_FALSE(parse_store_url("postgresql://pg1:,pg2/yibao").ok());
  EXPECT_FALSE(parse_store_url("postgresql://pg1:x,pg2/yibao").ok());
  EXPECT_FALSE(parse_store_url("postgresql://[::1/yibao").ok());
}

}  // namespace
}  // namespace yibao::store
