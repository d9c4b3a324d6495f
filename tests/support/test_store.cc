#include "support/test_store.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string_view>

#include "core/clock.h"
#include "store/migrator.h"

#include <soci/postgresql/soci-postgresql.h>
#include <unistd.h>

namespace yibao::testing {

std::string unique_name(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 100000);
}

std::string postgres_admin_url() {
  std::ifstream in(YIBAO_TEST_PG_URL_FILE);
  std::string url;
  std::getline(in, url);
  if (url.empty()) {
    ADD_FAILURE() << "PostgreSQL test cluster not running (" << YIBAO_TEST_PG_URL_FILE
                  << " missing); run the tests through ctest so the postgres_start fixture starts it";
  }
  return url;
}

namespace {
std::string with_database(const std::string& admin_url, const std::string& db) {
  const auto slash = admin_url.rfind('/');
  return admin_url.substr(0, slash + 1) + db;
}
}  // namespace

ScratchDatabase::ScratchDatabase(store::Backend backend) : backend_(backend) {
  if (backend == store::Backend::sqlite) {
    std::filesystem::create_directories(YIBAO_TEST_TMP_DIR);
    name_ = std::string(YIBAO_TEST_TMP_DIR) + "/" + unique_name("store") + ".db";
    url_ = "sqlite:" + name_;
  } else {
    const std::string admin = postgres_admin_url();
    if (admin.empty()) throw std::runtime_error("no PostgreSQL test cluster");
    name_ = unique_name("t");
    soci::session admin_session(soci::postgresql, store::parse_store_url(admin)->target);
    admin_session << "CREATE DATABASE " + name_;
    url_ = with_database(admin, name_);
  }
}

ScratchDatabase::~ScratchDatabase() {
  try {
    if (backend_ == store::Backend::sqlite) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(name_ + suffix);
    } else {
      soci::session admin_session(soci::postgresql, store::parse_store_url(postgres_admin_url())->target);
      admin_session << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
    }
  } catch (...) {
    // Cleanup is best effort: the cluster is deleted at the end of the run anyway.
  }
}

void StoreTest::SetUp() {
  scratch_ = std::make_unique<ScratchDatabase>(GetParam());
  pool_ = open_pool(4);
  core::SystemClock clock;
  store::migrate(*pool_, store::migrations_for(GetParam(), store::embedded_migration_files()), clock);
  db_ = std::make_unique<store::Database>(*pool_);
}

void StoreTest::TearDown() {
  db_.reset();
  pool_.reset();
  scratch_.reset();
}

std::unique_ptr<store::Pool> StoreTest::open_pool(int size) {
  store::PoolOptions options;
  options.url = scratch_->url();
  options.size = size;
  options.acquire_timeout = std::chrono::milliseconds(10000);
  return store::Pool::open(options);
}

store::Backend api_backend() {
  const char* v = std::getenv("YIBAO_API_STORE");
  return v != nullptr && std::string_view(v) == "postgresql" ? store::Backend::postgresql : store::Backend::sqlite;
}

std::string backend_param_name(const ::testing::TestParamInfo<store::Backend>& info) {
  return std::string(store::backend_name(info.param));
}

}  // namespace yibao::testing
