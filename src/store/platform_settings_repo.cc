#include "store/platform_settings_repo.h"

namespace yibao::store {

std::optional<std::string> PlatformSettingsRepo::get(Tx& tx, const std::string& name) {
  std::string value;
  tx.run("SELECT value FROM platform_settings WHERE name = :n", soci::use(name), soci::into(value));
  if (!tx.sql().got_data()) return std::nullopt;
  return value;
}

void PlatformSettingsRepo::put(Tx& tx, const std::string& name, const std::string& value, const std::string& by,
                               std::int64_t now_us) {
  const long long now = now_us;
  tx.execute("INSERT INTO platform_settings (name, value, updated_at_us, updated_by) VALUES (:n, :v, :t, :b)"
             " ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at_us = excluded.updated_at_us,"
             " updated_by = excluded.updated_by",
             soci::use(name), soci::use(value), soci::use(now), soci::use(by));
}

}  // namespace yibao::store
