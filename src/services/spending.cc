#include "services/spending.h"

#include <algorithm>
#include <map>

#include "store/ledger_repo.h"
#include "store/people_repo.h"

namespace yibao::services {

std::pair<std::string, std::string> payer_of_rule(std::string_view rule) {
  if (rule == "hifp_pay") return {"fund", "统筹基金"};
  if (rule.starts_with("own:")) return {"own_account", "本人个人账户"};
  if (rule == "wallet:balance") return {"wallet", "本人医保钱包"};
  if (rule.starts_with("wallet:quota:")) return {"quota", "亲属共济额度"};
  if (rule.starts_with("mutual_aid:")) return {"mutual_aid", "家庭共济（个人账户）"};
  if (rule.starts_with("cash:")) return {"cash", "现金"};
  return {};
}

namespace {

// The ledger's legs of the listed settlements, one line per payer (a quota's 历年 and 当年 legs
// are one line).
std::map<std::string, std::vector<PayerLine>> payer_lines(store::Tx& tx, const std::vector<store::SettlementRow>& rows) {
  std::map<std::string, std::vector<PayerLine>> out;
  std::vector<std::string> ids;
  for (const auto& r : rows) ids.push_back(r.setl_id);
  std::map<std::int64_t, std::string> names;
  for (const auto& part : store::LedgerRepo::payer_parts(tx, ids)) {
    auto [kind, label] = payer_of_rule(part.rule);
    if (kind.empty()) continue;
    std::string name;
    if ((kind == "quota" || kind == "mutual_aid") && part.payer_person_id) {
      auto [it, fresh] = names.try_emplace(*part.payer_person_id);
      if (fresh) {
        if (auto p = store::PeopleRepo::person_by_id(tx, *part.payer_person_id)) it->second = p->name;
      }
      name = it->second;
    }
    auto& lines = out[part.setl_id];
    auto same = std::find_if(lines.begin(), lines.end(), [&](const PayerLine& l) { return l.kind == kind && l.person_name == name; });
    if (same != lines.end()) {
      same->amount += part.amount;
    } else {
      lines.push_back({kind, label, name, part.amount});
    }
  }
  return out;
}

}  // namespace

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
  out.payers = payer_lines(tx, out.settlements);
  return out;
}

Spending spending_of(store::Database& db, std::int64_t person_id, int year) {
  // What a family reads back about its own visits: a standby may answer it (OPERATIONS.md).
  return db.replica_read([&](store::Tx& tx) { return spending(tx, person_id, year); });
}

}  // namespace yibao::services
