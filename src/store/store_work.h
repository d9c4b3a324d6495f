#pragma once
// What the store did for the current thread: statements sent (BEGIN and COMMIT included) and
// durable commits. The HTTP server reads it around each request (a request runs on one worker
// thread), so /metrics shows the store work per route, and a test can hold a flow to a
// statement budget (issue 17) without counting the background jobs' statements.

#include <cstdint>

namespace yibao::store {

struct StoreWork {
  std::uint64_t statements = 0;
  std::uint64_t commits = 0;
};

inline StoreWork& thread_store_work() {
  thread_local StoreWork work;
  return work;
}

}  // namespace yibao::store
