#include "store/admin_repo.h"

#include "store/reference_cache.h"

namespace yibao::store {

std::optional<PolicyRow> AdminRepo::policy(Tx& tx, const std::string& admdvs) {
  PolicyRow r;
  long long updated = 0;
  tx.run("SELECT admdvs, name, knobs, version, updated_at_us, updated_by FROM region_policies WHERE admdvs = :a",
      soci::use(admdvs), soci::into(r.admdvs), soci::into(r.name), soci::into(r.knobs), soci::into(r.version),
      soci::into(updated), soci::into(r.updated_by));
  if (!tx.sql().got_data()) return std::nullopt;
  r.updated_at_us = updated;
  return r;
}

std::optional<PolicyRow> AdminRepo::most_specific_policy(Tx& tx, const std::string& region, const std::string& city,
                                                         const std::string& province) {
  if (tx.reference_cache() == nullptr) return most_specific_policy_uncached(tx, region, city, province);
  return read_through(tx, tx.reference_cache()->policies, region + '/' + city + '/' + province, KeepMisses::yes,
                      [&] { return most_specific_policy_uncached(tx, region, city, province); });
}

std::optional<PolicyRow> AdminRepo::most_specific_policy_uncached(Tx& tx, const std::string& region,
                                                                  const std::string& city,
                                                                  const std::string& province) {
  PolicyRow r;
  long long updated = 0;
  tx.run("SELECT admdvs, name, knobs, version, updated_at_us, updated_by FROM region_policies"
              " WHERE admdvs IN (:r, :c, :p) ORDER BY admdvs DESC LIMIT 1",
      soci::use(region), soci::use(city), soci::use(province), soci::into(r.admdvs), soci::into(r.name),
      soci::into(r.knobs), soci::into(r.version), soci::into(updated), soci::into(r.updated_by));
  if (!tx.sql().got_data()) return std::nullopt;
  r.updated_at_us = updated;
  return r;
}

std::vector<PolicyRow> AdminRepo::policies(Tx& tx) {
  PolicyRow r;
  long long updated = 0;
  auto st = tx.once("SELECT admdvs, name, knobs, version, updated_at_us, updated_by"
                                             " FROM region_policies ORDER BY admdvs",
                        soci::into(r.admdvs), soci::into(r.name), soci::into(r.knobs), soci::into(r.version),
                        soci::into(updated), soci::into(r.updated_by));
  st.execute(false);
  std::vector<PolicyRow> out;
  while (st.fetch()) {
    r.updated_at_us = updated;
    out.push_back(r);
  }
  return out;
}

void AdminRepo::save_policy(Tx& tx, const PolicyRow& r, const std::string& note) {
  tx.reference_data_changed();
  const long long at = r.updated_at_us;
  tx.run("INSERT INTO region_policies (admdvs, name, knobs, version, updated_at_us, updated_by)"
              " VALUES (:a, :n, :k, :v, :at, :by) ON CONFLICT (admdvs) DO UPDATE SET name = excluded.name,"
              " knobs = excluded.knobs, version = excluded.version, updated_at_us = excluded.updated_at_us,"
              " updated_by = excluded.updated_by",
      soci::use(r.admdvs), soci::use(r.name), soci::use(r.knobs), soci::use(r.version), soci::use(at),
      soci::use(r.updated_by));
  tx.run("INSERT INTO region_policy_history (admdvs, version, knobs, changed_at_us, changed_by, note)"
              " VALUES (:a, :v, :k, :at, :by, :note)",
      soci::use(r.admdvs), soci::use(r.version), soci::use(r.knobs), soci::use(at), soci::use(r.updated_by),
      soci::use(note));
}

std::vector<PolicyHistoryRow> AdminRepo::policy_history(Tx& tx, const std::string& admdvs, int limit) {
  PolicyHistoryRow r;
  long long at = 0;
  auto st = tx.once("SELECT version, knobs, changed_at_us, changed_by, note FROM region_policy_history"
                                             " WHERE admdvs = :a ORDER BY version DESC, id DESC LIMIT :n",
                        soci::use(admdvs), soci::use(limit), soci::into(r.version), soci::into(r.knobs), soci::into(at),
                        soci::into(r.changed_by), soci::into(r.note));
  st.execute(false);
  std::vector<PolicyHistoryRow> out;
  while (st.fetch()) {
    r.changed_at_us = at;
    out.push_back(r);
  }
  return out;
}

std::int64_t AdminRepo::insert_staff(Tx& tx, const StaffRow& r, std::int64_t now_us) {
  long long id = 0;
  const long long now = now_us;
  tx.run("INSERT INTO staff (username, name, password_hash, admdvs, created_at_us) VALUES (:u, :n, :h, :a, :now)"
              " RETURNING id",
      soci::use(r.username), soci::use(r.name), soci::use(r.password_hash), soci::use(r.admdvs), soci::use(now),
      soci::into(id));
  return id;
}

std::optional<StaffRow> AdminRepo::staff_by_username(Tx& tx, const std::string& username) {
  StaffRow r;
  long long id = 0;
  tx.run("SELECT id, username, name, password_hash, admdvs FROM staff WHERE username = :u", soci::use(username),
      soci::into(id), soci::into(r.username), soci::into(r.name), soci::into(r.password_hash), soci::into(r.admdvs));
  if (!tx.sql().got_data()) return std::nullopt;
  r.id = id;
  return r;
}

std::optional<StaffRow> AdminRepo::staff_by_id(Tx& tx, std::int64_t staff_id) {
  StaffRow r;
  long long id = 0;
  const long long key = staff_id;
  tx.run("SELECT id, username, name, password_hash, admdvs FROM staff WHERE id = :id", soci::use(key), soci::into(id),
      soci::into(r.username), soci::into(r.name), soci::into(r.password_hash), soci::into(r.admdvs));
  if (!tx.sql().got_data()) return std::nullopt;
  r.id = id;
  return r;
}

}  // namespace yibao::store
