#pragma once
// What the store did for the current thread: statements sent (BEGIN and COMMIT included) and
// durable commits. The HTTP server reads it around each request (a request runs on one worker
// thread), so /metrics shows the store work per route, and a test can hold a flow to a
// statement budget (issue 17) without counting the background jobs' statements.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace yibao::store {

struct StoreWork {
  std::uint64_t statements = 0;
  std::uint64_t commits = 0;
};

inline StoreWork& thread_store_work() {
  thread_local StoreWork work;
  return work;
}

// YIBAO_STORE_TRACE=1 prints every statement sent to the store on stderr ("store: <sql>"), to
// see where a call's statements go when it exceeds its budget. Read once; off in production.
inline bool store_trace_enabled() {
  static const bool enabled = [] {
    const char* v = std::getenv("YIBAO_STORE_TRACE");
    return v != nullptr && std::string_view(v) == "1";
  }();
  return enabled;
}

inline void count_statement(std::string_view text) {
  ++thread_store_work().statements;
  if (store_trace_enabled()) std::fprintf(stderr, "store: %.*s\n", static_cast<int>(text.size()), text.data());
}

}  // namespace yibao::store
