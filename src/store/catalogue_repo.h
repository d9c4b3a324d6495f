#pragma once
// The medical-item catalogue (医保目录): national code, class 甲/乙/丙 (chrgitm_lv 01/02/03),
// unit price cap and the personal-account scope flag. Rows under admdvs "000000" are the
// national list; a row for a region overrides it at that place of treatment.

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
};

class CatalogueRepo {
 public:
  static void upsert(Tx& tx, const CatalogueItem& item);
  // The items for `codes` at the place of treatment `admdvs` (its own row, else the national
  // one), in one query for the codes not in the reference cache (reference_cache.h). Unknown
  // codes are absent from the map.
  static std::map<std::string, CatalogueItem> find_many(Tx& tx, const std::string& admdvs,
                                                        const std::vector<std::string>& codes);
  static std::int64_t count(Tx& tx);

 private:
  static std::map<std::string, CatalogueItem> find_many_uncached(Tx& tx, const std::string& admdvs,
                                                                 const std::vector<std::string>& codes);
};

}  // namespace yibao::store
