#pragma once
// One-time keys kept in the store so every instance sees them: a nonce or a consumed code
// token claimed on one process is refused on all the others.

#include <chrono>
#include <string>

#include "store/database.h"

namespace yibao::store {

class OneTimeKeys {
 public:
  // Claims `key` in `scope` until `expires_at`. True if this call claimed it; false if it is
  // already held and not yet expired. Runs inside the caller's transaction so that a claim
  // and the work it guards commit or roll back together.
  static bool claim(Tx& tx, const std::string& scope, const std::string& key,
                    std::chrono::system_clock::time_point now, std::chrono::system_clock::time_point expires_at);

  // Is `key` held (claimed and not expired) at `now`? Does not claim it.
  static bool is_claimed(Tx& tx, const std::string& scope, const std::string& key,
                         std::chrono::system_clock::time_point now);

  // Deletes expired keys; returns how many. Cheap to call from a periodic task.
  static long long purge_expired(Tx& tx, std::chrono::system_clock::time_point now);
};

}  // namespace yibao::store
