#include "store/reconciliation_repo.h"

namespace yibao::store {
namespace {

// The WHERE clause both reads share; every filter is bound, "" / -1 meaning "any".
constexpr const char* kWhere =
    " FROM settlements s JOIN fsi_visits v ON v.id = s.visit_id JOIN persons p ON p.id = s.person_id"
    " WHERE s.institution_code = :i AND s.settled_at_us >= :f AND s.settled_at_us < :t AND s.status <> 'undone'"
    " AND s.corrected = 0"
    // The casts give PostgreSQL each switch parameter's type, as query_repo's reads do.
    " AND (CAST(:t1 AS TEXT) = '' OR s.insutype = :t2) AND (CAST(:k1 AS TEXT) = '' OR v.kind = :k2)"
    " AND (CAST(:a1 AS TEXT) = '' OR v.insuplc_admdvs = :a2) AND (CAST(:r AS INTEGER) = 0 OR s.kind = 'reversal')";

template <class Run>
void with_filter(const ReconFilter& f, Run&& run) {
  const long long from = f.from_us, to = f.to_us;
  const int reversals = f.reversals_only ? 1 : 0;
  const std::string kind = f.visit_kind.value_or("");
  run(soci::use(f.institution_code, "i"), soci::use(from, "f"), soci::use(to, "t"), soci::use(f.insutype, "t1"),
      soci::use(f.insutype, "t2"), soci::use(kind, "k1"), soci::use(kind, "k2"), soci::use(f.clr_admdvs, "a1"),
      soci::use(f.clr_admdvs, "a2"), soci::use(reversals, "r"));
}

}  // namespace

domain::ReconTotals ReconciliationRepo::totals(Tx& tx, const ReconFilter& filter) {
  long long count = 0, medfee = 0, fund = 0, acct = 0;
  with_filter(filter, [&](auto&&... uses) {
    tx.run(std::string("SELECT COUNT(*), COALESCE(SUM(s.medfee_sumamt), 0), COALESCE(SUM(s.fund_pay_sumamt), 0),"
                       " COALESCE(SUM(s.acct_pay), 0)") + kWhere,
           uses..., soci::into(count), soci::into(medfee), soci::into(fund), soci::into(acct));
  });
  return {medfee, fund, acct, count};
}

std::vector<domain::ReconRow> ReconciliationRepo::rows(Tx& tx, const ReconFilter& filter) {
  std::vector<domain::ReconRow> out;
  domain::ReconRow row;
  long long medfee = 0, fund = 0, acct = 0;
  std::string kind;
  with_filter(filter, [&](auto&&... uses) {
    auto st = tx.once(std::string("SELECT s.setl_id, v.mdtrt_id, p.psn_no, s.medfee_sumamt, s.fund_pay_sumamt,"
                                  " s.acct_pay, s.kind, s.msgid") + kWhere + " ORDER BY s.setl_id",
                      uses..., soci::into(row.setl_id), soci::into(row.mdtrt_id), soci::into(row.psn_no),
                      soci::into(medfee), soci::into(fund), soci::into(acct), soci::into(kind), soci::into(row.msgid));
    st.execute(false);
    while (st.fetch()) {
      row.medfee_sumamt = medfee;
      row.fund_pay_sumamt = fund;
      row.acct_pay = acct;
      row.refd_setl_flag = kind == "reversal" ? "1" : "0";
      out.push_back(row);
    }
  });
  return out;
}

}  // namespace yibao::store
