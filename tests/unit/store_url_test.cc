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

}  // namespace
}  // namespace yibao::store
