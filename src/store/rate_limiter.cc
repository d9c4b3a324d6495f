#include "store/rate_limiter.h"

#include "store/time_codec.h"

namespace yibao::store {

RateLimitDecision RateLimiter::hit(Tx& tx, const std::string& scope, const std::string& key, int limit,
                                   std::chrono::seconds window, std::chrono::system_clock::time_point now) {
  const std::int64_t window_us = std::chrono::duration_cast<std::chrono::microseconds>(window).count();
  const std::int64_t now_us = to_epoch_us(now);
  const std::int64_t window_start = now_us - (now_us % window_us);
  int hits = 0;
  // One statement, so two instances counting at once cannot both read the old value.
  tx.run("INSERT INTO rate_limit_counters (scope, key, window_start_us, hits) VALUES (:scope, :key, :start, 1)"
              " ON CONFLICT (scope, key) DO UPDATE SET"
              "  hits = CASE WHEN rate_limit_counters.window_start_us = excluded.window_start_us"
              "              THEN rate_limit_counters.hits + 1 ELSE 1 END,"
              "  window_start_us = excluded.window_start_us"
              " RETURNING hits",
      soci::use(scope, "scope"), soci::use(key, "key"), soci::use(window_start, "start"), soci::into(hits));
  RateLimitDecision decision{hits <= limit, hits, std::chrono::seconds(0)};
  if (!decision.allowed) {
    decision.retry_after = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::microseconds(window_start + window_us - now_us) + std::chrono::microseconds(999999));
  }
  return decision;
}

void RateLimiter::clear(Tx& tx, const std::string& scope, const std::string& key) {
  tx.run("DELETE FROM rate_limit_counters WHERE scope = :s AND key = :k", soci::use(scope), soci::use(key));
}

}  // namespace yibao::store
