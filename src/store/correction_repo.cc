#include "store/correction_repo.h"

namespace yibao::store {

CorrectionRepo::Reopened CorrectionRepo::reopened_fees(Tx& tx, const std::string& setl_id) {
  Reopened r;
  tx.run("SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0) FROM fsi_fee_details"
         " WHERE reopened_from = :s",
         soci::use(setl_id), soci::into(r.total), soci::into(r.still_open));
  return r;
}

long long CorrectionRepo::resettle_fees(Tx& tx, const std::string& setl_id) {
  return tx.execute("UPDATE fsi_fee_details SET status = 'settled', setl_id = :s1, reopened_from = NULL"
                    " WHERE reopened_from = :s2 AND status = 'open'",
                    soci::use(setl_id, "s1"), soci::use(setl_id, "s2"));
}

bool CorrectionRepo::mark_settled_again(Tx& tx, const std::string& setl_id) {
  return tx.execute("UPDATE settlements SET status = 'settled' WHERE setl_id = :s AND status = 'reversed'",
                    soci::use(setl_id)) == 1;
}

bool CorrectionRepo::mark_reversal_undone(Tx& tx, const std::string& reversal_setl_id) {
  return tx.execute("UPDATE settlements SET status = 'undone' WHERE setl_id = :s AND kind = 'reversal'"
                    " AND status = 'reversal'",
                    soci::use(reversal_setl_id)) == 1;
}

void CorrectionRepo::mark_corrected(Tx& tx, const std::string& setl_id) {
  tx.execute("UPDATE settlements SET corrected = 1 WHERE setl_id = :s", soci::use(setl_id));
}

}  // namespace yibao::store
