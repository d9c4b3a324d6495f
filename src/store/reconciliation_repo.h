#pragma once
// What reconciliation (3201/3202) reads of an institution's settlements: rows committed in a
// period [from_us, to_us), by insutype, visit kind (clr_type) and 清算机构 (the insured place).
// A reversal counts with its negated amounts. What 2601 corrected does not count: a reversal it
// undid, and a settlement it reversed together with that reversal — the institution never had
// their answers, so its books hold neither.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/reconciliation.h"
#include "store/database.h"

namespace yibao::store {

struct ReconFilter {
  std::string institution_code;
  std::string insutype;                  // "" = any
  std::optional<std::string> visit_kind;  // outpatient | inpatient | pharmacy; nullopt = any
  std::string clr_admdvs;                // "" = any
  std::int64_t from_us = 0;
  std::int64_t to_us = 0;
  bool reversals_only = false;
};

class ReconciliationRepo {
 public:
  static domain::ReconTotals totals(Tx& tx, const ReconFilter& filter);
  static std::vector<domain::ReconRow> rows(Tx& tx, const ReconFilter& filter);
};

}  // namespace yibao::store
