#include "store/catalogue_repo.h"

#include "store/reference_cache.h"

namespace yibao::store {

void CatalogueRepo::upsert(Tx& tx, const CatalogueItem& c) {
  tx.reference_data_changed();
  const long long cap = c.price_cap_fen;
  const int scope = c.account_scope ? 1 : 0;
  tx.run("INSERT INTO catalogue_items (admdvs, med_list_codg, name, chrgitm_lv, med_chrgitm_type, price_cap_fen,"
              " account_scope) VALUES (:a, :c, :n, :lv, :t, :cap, :scope) ON CONFLICT (admdvs, med_list_codg) DO UPDATE"
              " SET name = excluded.name, chrgitm_lv = excluded.chrgitm_lv, med_chrgitm_type = excluded.med_chrgitm_type,"
              " price_cap_fen = excluded.price_cap_fen, account_scope = excluded.account_scope",
      soci::use(c.admdvs), soci::use(c.med_list_codg), soci::use(c.name), soci::use(c.chrgitm_lv),
      soci::use(c.med_chrgitm_type), soci::use(cap), soci::use(scope));
}

std::map<std::string, CatalogueItem> CatalogueRepo::find_many(Tx& tx, const std::string& admdvs,
                                                              const std::vector<std::string>& codes) {
  // Each code at this place, found or not, from the cache; the rest in one query.
  if (tx.reference_cache() == nullptr) return find_many_uncached(tx, admdvs, codes);
  return read_through_many(tx, tx.reference_cache()->catalogue, admdvs, codes,
                           [&](const std::vector<std::string>& missing) { return find_many_uncached(tx, admdvs, missing); });
}

std::map<std::string, CatalogueItem> CatalogueRepo::find_many_uncached(Tx& tx, const std::string& admdvs,
                                                                       const std::vector<std::string>& codes) {
  std::map<std::string, CatalogueItem> out;
  if (codes.empty()) return out;
  // One statement with one placeholder per code (bounded by the caller's batch size).
  std::string sql =
      "SELECT admdvs, med_list_codg, name, chrgitm_lv, med_chrgitm_type, price_cap_fen, account_scope"
      " FROM catalogue_items WHERE admdvs IN (:region, '000000') AND med_list_codg IN (";
  for (std::size_t i = 0; i < codes.size(); ++i) sql += (i ? ", :c" : ":c") + std::to_string(i);
  sql += ")";
  CatalogueItem item;
  long long cap = 0;
  int scope = 0;
  auto st = tx.once_bound(sql, [&](soci::statement& s) {
    s.exchange(soci::into(item.admdvs));
    s.exchange(soci::into(item.med_list_codg));
    s.exchange(soci::into(item.name));
    s.exchange(soci::into(item.chrgitm_lv));
    s.exchange(soci::into(item.med_chrgitm_type));
    s.exchange(soci::into(cap));
    s.exchange(soci::into(scope));
    s.exchange(soci::use(admdvs));
    for (const auto& code : codes) s.exchange(soci::use(code));
  });
  st.execute(false);
  while (st.fetch()) {
    item.price_cap_fen = cap;
    item.account_scope = scope != 0;
    auto it = out.find(item.med_list_codg);
    // The place of treatment's own row wins over the national one.
    if (it == out.end() || item.admdvs != kNationalCatalogue) out[item.med_list_codg] = item;
  }
  return out;
}

std::int64_t CatalogueRepo::count(Tx& tx) {
  long long n = 0;
  tx.run("SELECT COUNT(*) FROM catalogue_items", soci::into(n));
  return n;
}

}  // namespace yibao::store
