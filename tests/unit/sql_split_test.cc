// Migration files are split into statements for SOCI, which runs one statement per call.
#include <gtest/gtest.h>

#include "store/migrator.h"

namespace yibao::store {
namespace {

TEST(SqlSplit, SplitsOnSemicolonsOutsideStringsAndComments) {
  const auto parts = split_sql_statements(
      "-- a comment; not a split\nCREATE TABLE a (x TEXT DEFAULT 'a;b');\n\nINSERT INTO a VALUES ('it''s; fine');\n  \n");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_NE(parts[0].find("'a;b'"), std::string::npos);
  EXPECT_NE(parts[1].find("'it''s; fine'"), std::string::npos);
}

TEST(SqlSplit, DialectSpecificFileReplacesTheSharedOne) {
  const std::vector<MigrationFile> files = {
      {1, "base", "any", "CREATE TABLE t (id INTEGER)"},
      {2, "ids", "sqlite", "SQLITE"},
      {2, "ids", "postgresql", "POSTGRES"},
  };
  const auto pg = migrations_for(Backend::postgresql, files);
  ASSERT_EQ(pg.size(), 2u);
  EXPECT_EQ(pg[1].sql, "POSTGRES");
  EXPECT_EQ(migrations_for(Backend::sqlite, files)[1].sql, "SQLITE");
}

TEST(SqlSplit, AVersionMissingForOneDialectIsAPackagingError) {
  const std::vector<MigrationFile> files = {{1, "only_pg", "postgresql", "X"}};
  EXPECT_THROW(migrations_for(Backend::sqlite, files), MigrationError);
}

}  // namespace
}  // namespace yibao::store
