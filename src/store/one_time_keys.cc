#include "store/one_time_keys.h"

#include "store/time_codec.h"

namespace yibao::store {

bool OneTimeKeys::claim(Tx& tx, const std::string& scope, const std::string& key,
                        std::chrono::system_clock::time_point now, std::chrono::system_clock::time_point expires_at) {
  const std::int64_t now_us = to_epoch_us(now);
  const std::int64_t expires_us = to_epoch_us(expires_at);
  // Inserted (new key) or updated (the old claim had expired) both count as one changed row;
  // a live claim makes the WHERE false and changes nothing.
  const long long changed = tx.execute(
      "INSERT INTO one_time_keys (scope, key, expires_at_us) VALUES (:scope, :key, :expires)"
      " ON CONFLICT (scope, key) DO UPDATE SET expires_at_us = excluded.expires_at_us"
      " WHERE one_time_keys.expires_at_us <= :now",
      soci::use(scope, "scope"), soci::use(key, "key"), soci::use(expires_us, "expires"), soci::use(now_us, "now"));
  return changed == 1;
}

bool OneTimeKeys::is_claimed(Tx& tx, const std::string& scope, const std::string& key,
                             std::chrono::system_clock::time_point now) {
  const std::int64_t now_us = to_epoch_us(now);
  int count = 0;
  tx.run("SELECT COUNT(*) FROM one_time_keys WHERE scope = :scope AND key = :key AND expires_at_us > :now",
      soci::use(scope), soci::use(key), soci::use(now_us), soci::into(count));
  return count > 0;
}

long long OneTimeKeys::purge_expired(Tx& tx, std::chrono::system_clock::time_point now) {
  const std::int64_t now_us = to_epoch_us(now);
  return tx.execute("DELETE FROM one_time_keys WHERE expires_at_us <= :now", soci::use(now_us, "now"));
}

}  // namespace yibao::store
