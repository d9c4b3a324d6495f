#include "store/query_repo.h"

#include "store/fsi_rows.h"

namespace yibao::store {

std::vector<VisitRow> QueryRepo::visits(Tx& tx, const VisitQuery& q, int limit) {
  const long long person = q.person_id;
  const long long max_rows = limit;
  // Absent filters bind "" and are switched off in SQL, so one statement serves every call.
  const std::string med_type = q.med_type.value_or(""), mdtrt_id = q.mdtrt_id.value_or("");
  std::vector<VisitRow> out;
  tx.each_row(
      std::string("SELECT ") + kVisitColumns +
          " FROM fsi_visits WHERE person_id = :p AND institution_code = :i AND begntime >= :b AND begntime <= :e"
      " AND (CAST(:mt AS TEXT) = '' OR med_type = :mt2) AND (CAST(:m AS TEXT) = '' OR mdtrt_id = :m2) ORDER BY begntime, id LIMIT :n",
      [&](const soci::row& r) { out.push_back(visit_from(r)); },
      soci::use(person), soci::use(q.institution_code), soci::use(q.begntime), soci::use(q.endtime),
      soci::use(med_type), soci::use(med_type), soci::use(mdtrt_id), soci::use(mdtrt_id), soci::use(max_rows));
  return out;
}

std::vector<FeeRow> QueryRepo::standing_fees(Tx& tx, std::int64_t visit_id) {
  const long long visit = visit_id;
  std::vector<FeeRow> out;
  tx.each_row(
      std::string("SELECT ") + kFeeColumns + " FROM fsi_fee_details"
      " WHERE visit_id = :v AND status IN ('open', 'settled') ORDER BY id",
      [&](const soci::row& r) { out.push_back(fee_from(r)); },
      soci::use(visit));
  return out;
}

bool QueryRepo::has_visit(Tx& tx, std::int64_t person_id, const std::string& institution_code) {
  const long long person = person_id;
  int n = 0;
  tx.run("SELECT COUNT(*) FROM fsi_visits WHERE person_id = :p AND institution_code = :i", soci::use(person),
         soci::use(institution_code), soci::into(n));
  return n > 0;
}

}  // namespace yibao::store
