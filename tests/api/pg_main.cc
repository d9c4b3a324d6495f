// api_pg_tests: the institution-interface suites again, with the server on PostgreSQL
// (support/test_store.h api_backend()). Chosen here rather than by ctest's environment, so
// running the binary by hand tests what ctest tests.
#include <cstdlib>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
  ::setenv("YIBAO_API_STORE", "postgresql", 1);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
