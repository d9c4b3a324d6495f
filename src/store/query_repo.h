#pragma once
// Reads behind the institution interface's queries (issue 15: 5201, 5205, 5206): a person's
// visits at one institution in a period. Every read is scoped to the calling institution, so a
// query can never list another institution's visit.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/settlement_repo.h"

namespace yibao::store {

struct VisitQuery {
  std::int64_t person_id = 0;
  std::string institution_code;
  // Visits that began in [begntime, endtime]; both "yyyy-MM-dd HH:mm:ss", so the text order is
  // the time order.
  std::string begntime;
  std::string endtime;
  std::optional<std::string> med_type;
  std::optional<std::string> mdtrt_id;
};

class QueryRepo {
 public:
  // Oldest first; at most `limit` rows (the caller bounds what one answer may carry).
  static std::vector<VisitRow> visits(Tx& tx, const VisitQuery& query, int limit);
  // The visit's details that stand (open or settled; not cancelled, not 2301 refund lines),
  // in upload order.
  static std::vector<FeeRow> standing_fees(Tx& tx, std::int64_t visit_id);
  // Whether the person ever had a visit at the institution (any status).
  static bool has_visit(Tx& tx, std::int64_t person_id, const std::string& institution_code);
};

}  // namespace yibao::store
