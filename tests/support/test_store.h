#pragma once
// Runs one test body on both stores (after drogon's db_test): a fresh SQLite file, and a fresh
// database in the throwaway PostgreSQL cluster started by the postgres_start ctest fixture.
// Without that cluster the PostgreSQL cases fail — they never skip.

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "store/database.h"
#include "store/pool.h"

namespace yibao::testing {

// The URL of the cluster's maintenance database, or a test failure if it is not running.
std::string postgres_admin_url();

// A fresh, empty database; dropped (PostgreSQL) or deleted (SQLite) by the destructor.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(store::Backend backend);
  ~ScratchDatabase();
  const std::string& url() const { return url_; }

 private:
  store::Backend backend_;
  std::string name_;
  std::string url_;
};

std::string unique_name(const std::string& prefix);

// The store the HTTP suites boot the server on: YIBAO_API_STORE=postgresql (set by ctest for
// the api_pg_tests copy of the institution-interface suites), SQLite otherwise.
store::Backend api_backend();

// Parameterised over "sqlite" and "postgresql": a migrated scratch database per test.
class StoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  std::unique_ptr<store::Pool> open_pool(int size = 4);  // another "instance" on the same database

  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<store::Pool> pool_;
  std::unique_ptr<store::Database> db_;
};

std::string backend_param_name(const ::testing::TestParamInfo<store::Backend>& info);

#define YIBAO_INSTANTIATE_STORE_TEST(suite)                                                             \
  INSTANTIATE_TEST_SUITE_P(BothStores, suite,                                                           \
                           ::testing::Values(::yibao::store::Backend::sqlite,                           \
                                             ::yibao::store::Backend::postgresql),                      \
                           ::yibao::testing::backend_param_name)

}  // namespace yibao::testing
