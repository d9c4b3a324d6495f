#pragma once
// The medical-item catalogue (医保目录): national code, class 甲/乙/丙 (chrgitm_lv 01/02/03),
// unit price cap and the personal-account scope flag. Rows under admdvs "000000" are the
// national list; a row for a province, city or county overrides it at every place of
// treatment in that region (the most specific row wins).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

inline constexpr const char* kNationalCatalogue = "000000";

struct CatalogueItem {
  std::string admdvs = kNationalCatalogue;
  std::string med_list_codg;
  std::string name;
  std::string chrgitm_lv;        // 01 甲 / 02 乙 / 03 丙
  std::string med_chrgitm_type;  // 01 床位费 … 09 西药费 … (institution-interface §3)
  std::int64_t price_cap_fen = 0;  // 0 = no cap
  bool account_scope = true;
  // Validity and versioning (migration 0013; 1312 downloads increments by updt_time).
  std::string begndate = "2026-01-01";  // yyyy-MM-dd
  std::optional<std::string> enddate;   // none: open-ended
  std::string vali_flag = "1";          // 1 有效 / 0 无效
  std::string updt_time;                // yyyy-MM-dd HH:mm:ss (Asia/Shanghai); see upsert
  std::int64_t ver = 1;                 // read only: upsert numbers the versions
};

// A 1312 page request; empty strings are "no filter".
struct CataloguePageQuery {
  std::string hilist_code;  // med_list_codg, exact
  std::string admdvs;       // insu_admdvs, exact ("000000" the national list)
  std::string begndate;     // rows valid from this date or later
  std::string updt_time;    // rows changed at or after this time (the increment since)
  int page_num = 1;         // from 1
  int page_size = 100;
};

struct CataloguePage {
  std::vector<CatalogueItem> rows;  // in updt_time, admdvs, code order: pages stay stable
  std::int64_t record_counts = 0;   // all rows matching the filter
};

// The regions whose rows may apply at a place of treatment, besides the national list: the
// place itself, its city and its province (one code repeated for a city- or province-level
// place, or one that is not a region code).
struct CatalogueLevels {
  std::string place, city, province;
};
CatalogueLevels catalogue_levels(const std::string& place);

class CatalogueRepo {
 public:
  // Inserts as version 1, or updates the row when anything in it changed and then raises its
  // ver by one; updt_time is item.updt_time, or the wall-clock time when that is empty. An
  // identical re-load (the demo seed on every start) changes nothing, so no download sees it.
  static void upsert(Tx& tx, const CatalogueItem& item);
  static CataloguePage page(Tx& tx, const CataloguePageQuery& query);
  // The items for `codes` at the place of treatment `admdvs` (its own row, else its city's, else
  // its province's, else the national one), in one query for the codes not in the reference cache (reference_cache.h). Unknown
  // codes are absent from the map.
  // `on_date` (yyyy-MM-dd, settlement: the day of the fees) keeps only rows valid that day
  // (begndate ≤ day ≤ enddate), so an expired regional row falls back to the next level; ""
  // ignores validity dates (displays of stored details).
  static std::map<std::string, CatalogueItem> find_many(Tx& tx, const std::string& admdvs,
                                                        const std::vector<std::string>& codes,
                                                        const std::string& on_date = "");
  static std::int64_t count(Tx& tx);

 private:
  static std::map<std::string, CatalogueItem> find_many_uncached(Tx& tx, const std::string& admdvs,
                                                                 const std::vector<std::string>& codes,
                                                                 const std::string& on_date);
};

}  // namespace yibao::store
