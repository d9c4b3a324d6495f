#include "store/catalogue_repo.h"

#include "core/admdvs.h"
#include "core/clock.h"
#include "store/reference_cache.h"

namespace yibao::store {
namespace {

constexpr const char* kColumns =
    "admdvs, med_list_codg, name, chrgitm_lv, med_chrgitm_type, price_cap_fen, account_scope, begndate, enddate,"
    " vali_flag, updt_time, ver";

// Binds the into() targets of kColumns; `fill` completes `item` from them after each fetch.
struct Columns {
  CatalogueItem item;
  long long cap = 0, ver = 0;
  int scope = 0;
  std::string enddate;
  soci::indicator enddate_ind = soci::i_null;

  void bind(soci::statement& s) {
    s.exchange(soci::into(item.admdvs));
    s.exchange(soci::into(item.med_list_codg));
    s.exchange(soci::into(item.name));
    s.exchange(soci::into(item.chrgitm_lv));
    s.exchange(soci::into(item.med_chrgitm_type));
    s.exchange(soci::into(cap));
    s.exchange(soci::into(scope));
    s.exchange(soci::into(item.begndate));
    s.exchange(soci::into(enddate, enddate_ind));
    s.exchange(soci::into(item.vali_flag));
    s.exchange(soci::into(item.updt_time));
    s.exchange(soci::into(ver));
  }
  CatalogueItem fill() {
    item.price_cap_fen = cap;
    item.account_scope = scope != 0;
    item.ver = ver;
    item.enddate = enddate_ind == soci::i_ok ? std::optional<std::string>(enddate) : std::nullopt;
    return item;
  }
};

// The page filter; absent filters bind "" and are switched off in SQL (one statement for all).
constexpr const char* kPageWhere =
    " FROM catalogue_items WHERE (CAST(:c AS TEXT) = '' OR med_list_codg = :c2)"
    " AND (CAST(:a AS TEXT) = '' OR admdvs = :a2) AND (CAST(:b AS TEXT) = '' OR begndate >= :b2)"
    " AND (CAST(:u AS TEXT) = '' OR updt_time >= :u2)";

}  // namespace

CatalogueLevels catalogue_levels(const std::string& place) {
  const auto code = core::Admdvs::parse(place);
  if (!code) return {place, place, place};
  return {place, code->city_code(), code->province_code()};
}

void CatalogueRepo::upsert(Tx& tx, const CatalogueItem& c) {
  tx.reference_data_changed();
  const long long cap = c.price_cap_fen;
  const int scope = c.account_scope ? 1 : 0;
  // Staff edits and imports stamp the platform's (injected) clock; the seed leaves it empty.
  const std::string updt_time = c.updt_time.empty() ? core::format_shanghai_datetime(core::SystemClock{}.now()) : c.updt_time;
  std::string enddate = c.enddate.value_or("");
  soci::indicator enddate_ind = c.enddate ? soci::i_ok : soci::i_null;
  tx.run("INSERT INTO catalogue_items (admdvs, med_list_codg, name, chrgitm_lv, med_chrgitm_type, price_cap_fen,"
         " account_scope, begndate, enddate, vali_flag, updt_time, ver) VALUES (:a, :c, :n, :lv, :t, :cap, :scope, :bd,"
         " :ed, :vf, :ut, 1) ON CONFLICT (admdvs, med_list_codg) DO UPDATE SET name = excluded.name,"
         " chrgitm_lv = excluded.chrgitm_lv, med_chrgitm_type = excluded.med_chrgitm_type,"
         " price_cap_fen = excluded.price_cap_fen, account_scope = excluded.account_scope, begndate = excluded.begndate,"
         " enddate = excluded.enddate, vali_flag = excluded.vali_flag, updt_time = excluded.updt_time,"
         " ver = catalogue_items.ver + 1"
         " WHERE catalogue_items.name <> excluded.name OR catalogue_items.chrgitm_lv <> excluded.chrgitm_lv"
         " OR catalogue_items.med_chrgitm_type <> excluded.med_chrgitm_type"
         " OR catalogue_items.price_cap_fen <> excluded.price_cap_fen"
         " OR catalogue_items.account_scope <> excluded.account_scope OR catalogue_items.begndate <> excluded.begndate"
         " OR COALESCE(catalogue_items.enddate, '') <> COALESCE(excluded.enddate, '')"
         " OR catalogue_items.vali_flag <> excluded.vali_flag",
         soci::use(c.admdvs), soci::use(c.med_list_codg), soci::use(c.name), soci::use(c.chrgitm_lv),
         soci::use(c.med_chrgitm_type), soci::use(cap), soci::use(scope), soci::use(c.begndate),
         soci::use(enddate, enddate_ind), soci::use(c.vali_flag), soci::use(updt_time));
}

CataloguePage CatalogueRepo::page(Tx& tx, const CataloguePageQuery& q) {
  CataloguePage out;
  long long total = 0;
  tx.run(std::string("SELECT COUNT(*)") + kPageWhere, soci::use(q.hilist_code), soci::use(q.hilist_code),
         soci::use(q.admdvs), soci::use(q.admdvs), soci::use(q.begndate), soci::use(q.begndate), soci::use(q.updt_time),
         soci::use(q.updt_time), soci::into(total));
  out.record_counts = total;
  const long long limit = q.page_size, offset = static_cast<long long>(q.page_num - 1) * q.page_size;
  if (total == 0 || offset >= total) return out;
  Columns cols;
  auto st = tx.once_bound(std::string("SELECT ") + kColumns + kPageWhere +
                              " ORDER BY updt_time, admdvs, med_list_codg LIMIT :n OFFSET :o",
                          [&](soci::statement& s) {
                            cols.bind(s);
                            for (const auto* v : {&q.hilist_code, &q.admdvs, &q.begndate, &q.updt_time}) {
                              s.exchange(soci::use(*v));
                              s.exchange(soci::use(*v));
                            }
                            s.exchange(soci::use(limit));
                            s.exchange(soci::use(offset));
                          });
  st.execute(false);
  while (st.fetch()) out.rows.push_back(cols.fill());
  return out;
}

std::map<std::string, CatalogueItem> CatalogueRepo::find_many(Tx& tx, const std::string& admdvs,
                                                              const std::vector<std::string>& codes,
                                                              const std::string& on_date) {
  // Each code at this place on this day, found or not, from the cache; the rest in one query.
  if (tx.reference_cache() == nullptr) return find_many_uncached(tx, admdvs, codes, on_date);
  return read_through_many(tx, tx.reference_cache()->catalogue, admdvs + "@" + on_date, codes,
                           [&](const std::vector<std::string>& missing) {
                             return find_many_uncached(tx, admdvs, missing, on_date);
                           });
}

std::map<std::string, CatalogueItem> CatalogueRepo::find_many_uncached(Tx& tx, const std::string& admdvs,
                                                                       const std::vector<std::string>& codes,
                                                                       const std::string& on_date) {
  std::map<std::string, CatalogueItem> out;
  if (codes.empty()) return out;
  // One statement with one placeholder per code (bounded by the caller's batch size).
  // The place's own row, its city's, its province's, the national one: the most specific wins.
  // A withdrawn row (vali_flag 0) is no row: a region's withdrawn override falls back to the
  // national one, a withdrawn national row leaves the item outside the catalogue.
  const auto levels = catalogue_levels(admdvs);
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM catalogue_items WHERE admdvs IN (:region, :city, :province, '000000') AND vali_flag <> '0'"
                    " AND (CAST(:day AS TEXT) = '' OR (begndate <= :day2 AND (enddate IS NULL OR enddate >= :day3)))"
                    " AND med_list_codg IN (";
  for (std::size_t i = 0; i < codes.size(); ++i) sql += (i ? ", :c" : ":c") + std::to_string(i);
  sql += ")";
  Columns cols;
  auto st = tx.once_bound(sql, [&](soci::statement& s) {
    cols.bind(s);
    s.exchange(soci::use(levels.place));
    s.exchange(soci::use(levels.city));
    s.exchange(soci::use(levels.province));
    for (int i = 0; i < 3; ++i) s.exchange(soci::use(on_date));
    for (const auto& code : codes) s.exchange(soci::use(code));
  });
  st.execute(false);
  while (st.fetch()) {
    auto item = cols.fill();
    auto it = out.find(item.med_list_codg);
    // Within one lineage codes sort place ≥ city ≥ province > 000000: the greatest is the most specific.
    if (it == out.end() || item.admdvs > it->second.admdvs) out[item.med_list_codg] = item;
  }
  return out;
}

std::int64_t CatalogueRepo::count(Tx& tx) {
  long long n = 0;
  tx.run("SELECT COUNT(*) FROM catalogue_items", soci::into(n));
  return n;
}

}  // namespace yibao::store
