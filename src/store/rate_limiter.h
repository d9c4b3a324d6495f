#pragma once
// Fixed-window rate limits kept in the store, so a client cannot multiply its allowance by
// spreading attempts over several instances.

#include <chrono>
#include <string>

#include "store/database.h"

namespace yibao::store {

struct RateLimitDecision {
  bool allowed;
  int hits;                                   // hits in the current window, this one included
  std::chrono::seconds retry_after{0};        // when refused: until the window ends
};

class RateLimiter {
 public:
  // Records one hit for (scope, key) and says whether it is within `limit` per `window`.
  static RateLimitDecision hit(Tx& tx, const std::string& scope, const std::string& key, int limit,
                               std::chrono::seconds window, std::chrono::system_clock::time_point now);
  // Forgets the hits of (scope, key): a successful login clears its failures.
  static void clear(Tx& tx, const std::string& scope, const std::string& key);
};

}  // namespace yibao::store
