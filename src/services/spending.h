#pragma once
// A person's medical spending over a year (issue 7 §7; domain.md §7): every settlement and
// reversal at an institution, the totals by payer — pooled fund, own account, family mutual
// aid, cash — and the same per institution. Shown to the person, to a family holder for a
// bound member (the caller checks the binding) and to agency staff of the person's region.
// Reversals count negative, so the totals are net.

#include <cstdint>
#include <map>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/settlement_repo.h"

namespace yibao::services {

struct SpendingTotals {
  std::int64_t medfee_sumamt = 0;
  std::int64_t fund_pay_sumamt = 0;
  std::int64_t acct_pay = 0;
  std::int64_t acct_mulaid_pay = 0;
  std::int64_t psn_cash_pay = 0;
  std::int64_t count = 0;  // settlements less reversals
};

// One payer of one settlement, as the ledger recorded it: the settlement explanation's
// "who paid what" (issue 16: each 共济额度 and the 医保钱包 on a line of its own).
struct PayerLine {
  std::string kind;  // fund | own_account | wallet | quota | mutual_aid | cash
  std::string label;  // 统筹基金, 本人个人账户, 本人医保钱包, 亲属共济额度, 家庭共济（个人账户）, 现金
  std::string person_name;  // whose quota or account paid (quota, mutual_aid); "" otherwise
  std::int64_t amount = 0;  // negative on a reversal
};

// The kind and label of a payer plan rule ("" kind for a rule that names no payer).
std::pair<std::string, std::string> payer_of_rule(std::string_view rule);

struct Spending {
  int year = 0;
  SpendingTotals totals;
  std::vector<std::pair<std::string, SpendingTotals>> by_institution;  // institution name, first seen first
  std::vector<store::SettlementRow> settlements;                        // newest first, reversals included
  std::map<std::string, std::vector<PayerLine>> payers;                 // by setl_id, in the plan's order
};

Spending spending(store::Tx& tx, std::int64_t person_id, int year);
Spending spending_of(store::Database& db, std::int64_t person_id, int year);

}  // namespace yibao::services
