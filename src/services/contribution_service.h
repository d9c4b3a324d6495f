#pragma once
// Contributions for relatives (缴费, domain.md §8; issue 4 item 5): paying a 城乡居民
// contribution for oneself or a relative, in cash or — for a relative the payer has authorised
// under 家庭共济 — from the payer's personal account (only 历年 under `mutual_aid_source =
// prior_years`). The money moves as one ledger transfer into the region's contribution income;
// the record and its printable receipt (缴费凭证) point at it. Since the 2026 医保钱包 (issue 16) a
// 共济额度 a relative set for the insured person pays too: the money is spent from the holds
// behind it, as a settlement spends them.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/service_context.h"
#include "store/contribution_repo.h"

namespace yibao::services {

enum class PayFrom {
  account,  // the payer's personal account under a 家庭共济 authorisation
  cash,
  quota,    // 共济额度 for the insured person: the payer's own quota for them, or, when the insured
            // person pays, every quota they receive, largest first
};

// "现金", "家庭共济（个人账户）", "家庭共济额度（医保钱包）" for a record's paid_from.
std::string paid_from_label(const std::string& paid_from);

struct PayContribution {
  std::int64_t payer_person_id = 0;
  std::string id_number;  // the insured person
  std::string name;
  std::string year;       // "2027"
  PayFrom from = PayFrom::cash;
  std::string via;        // channel
};

struct ContributionView {
  store::ContributionRow row;
  std::string insured_name;
  std::string payer_name;
  bool paid_by_me = false;
};

class ContributionService {
 public:
  explicit ContributionService(ServiceContext& ctx) : ctx_(ctx) {}

  core::Result<store::ContributionRow> pay(const PayContribution& request);
  std::vector<ContributionView> list(std::int64_t person_id, const store::ContributionFilter& filter);
  // The receipt as a PDF, for the payer or the insured only (CONTRIBUTION_NOT_FOUND otherwise).
  core::Result<std::string> receipt_pdf(std::int64_t person_id, const std::string& receipt_no);

 private:
  ServiceContext& ctx_;
};

}  // namespace yibao::services
