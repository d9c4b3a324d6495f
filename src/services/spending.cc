#include "services/spending.h"

#include <map>

namespace yibao::services {

Spending spending(store::Tx& tx, std::int64_t person_id, int year) {
  Spending out;
  out.year = year;
  out.settlements = store::SettlementRepo::settlements_of(tx, person_id, year);
  std::map<std::string, SpendingTotals> by_institution;
  std::vector<std::string> order;
  for (const auto& s : out.settlements) {
    auto add = [&](SpendingTotals& t) {
      t.medfee_sumamt += s.medfee_sumamt;
      t.fund_pay_sumamt += s.fund_pay_sumamt;
      t.acct_pay += s.acct_pay;
      t.acct_mulaid_pay += s.acct_mulaid_pay;
      t.psn_cash_pay += s.psn_cash_pay;
      t.count += s.kind == "settle" ? 1 : -1;
    };
    add(out.totals);
    const std::string name = s.institution_name.empty() ? s.institution_code : s.institution_name;
    if (!by_institution.count(name)) order.push_back(name);
    add(by_institution[name]);
  }
  for (const auto& name : order) out.by_institution.emplace_back(name, by_institution[name]);
  return out;
}

Spending spending_of(store::Database& db, std::int64_t person_id, int year) {
  // What a family reads back about its own visits: a standby may answer it (OPERATIONS.md).
  return db.replica_read([&](store::Tx& tx) { return spending(tx, person_id, year); });
}

}  // namespace yibao::services
