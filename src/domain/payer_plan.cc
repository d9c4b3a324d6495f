#include "domain/payer_plan.h"

#include <algorithm>

#include "core/clock.h"

namespace yibao::domain {
namespace {

void take(PayerPlan& plan, std::int64_t& remaining, std::int64_t available, Payer payer, std::string rule,
          std::optional<std::int64_t> authorisation = {}, std::optional<std::int64_t> authoriser = {},
          std::optional<std::int64_t> hold = {}) {
  const std::int64_t amount = std::min(remaining, std::max<std::int64_t>(available, 0));
  if (amount <= 0) return;
  plan.lines.push_back(PlanLine{payer, authorisation, authoriser, amount, std::move(rule), hold});
  remaining -= amount;
}

// What an authoriser can give under the source knob; a quota, all it still holds.
std::int64_t available_for_aid(const AidSource& s, const RegionPolicy& policy) {
  if (s.quota) return s.balances.current + s.balances.prior;
  return policy.mutual_aid_source == MutualAidSource::prior_years ? s.balances.prior : s.balances.current + s.balances.prior;
}

// The counter's words for one passed-over authorisation.
std::string passed_over_text(const PassedOver& p, const PayerPlanInput& in) {
  if (p.rule == "mutual_aid:effective_after_admission") {
    return "未在入院前绑定家庭共济（共济自 " + core::format_date(p.effective_from) + " 起生效，入院日期 " +
           core::format_date(*in.admission_date) + "），本次住院不能使用共济支付";
  }
  if (p.rule == "mutual_aid:not_yet_effective") {
    return "家庭共济尚未生效（自 " + core::format_date(p.effective_from) + " 起生效）";
  }
  if (p.rule == "wallet:quota_used_up") return "亲属设置的共济额度已用完";
  return in.policy.mutual_aid_source == MutualAidSource::prior_years ? "共济人历年账户余额不足" : "共济人账户余额不足";
}

// Set when authorisers exist, none paid and the patient pays cash; the first cause that
// applies, in the order the plan decides: no account use, nothing in the account scope left
// after the own account, then what passed each authorisation over (distinct texts, joined).
std::optional<AidSilence> why_no_aid(const PayerPlanInput& in, const PayerPlan& plan, std::int64_t in_scope_left) {
  if (in.aid.empty() || plan.acct_mulaid_pay != 0 || plan.cash == 0) return std::nullopt;
  if (!in.use_account) return AidSilence{"mutual_aid:acct_used_flag_0", "本次未使用个人账户（acct_used_flag 为 0），家庭共济未支付"};
  if (in_scope_left == 0) return AidSilence{"mutual_aid:outside_account_scope", "本次费用不在个人账户支付范围，家庭共济未支付"};
  if (plan.passed_over.empty()) return std::nullopt;
  AidSilence out{plan.passed_over.front().rule, ""};
  std::vector<std::string> seen;
  for (const auto& p : plan.passed_over) {
    auto text = passed_over_text(p, in);
    if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
    out.text += (out.text.empty() ? "" : "；") + text;
    seen.push_back(std::move(text));
  }
  return out;
}

}  // namespace

std::string_view payer_code(Payer payer) {
  switch (payer) {
    case Payer::own_current: return "own_current";
    case Payer::own_prior: return "own_prior";
    case Payer::wallet: return "wallet";
    case Payer::aid_current: return "aid_current";
    case Payer::aid_prior: return "aid_prior";
    case Payer::cash: return "cash";
  }
  return "cash";
}

PayerPlan plan_payers(const PayerPlanInput& in) {
  PayerPlan plan;
  std::int64_t remaining = std::max<std::int64_t>(in.share_in_account_scope, 0);
  std::int64_t in_scope_left = remaining;  // after the accounts paid what they could

  if (!in.use_account) {
    take(plan, remaining, remaining, Payer::cash, "cash:acct_used_flag_0");
  } else {
    // 1. The patient's own account.
    if (in.patient_has_account) {
      const bool prior_first = in.policy.own_account_order == OwnAccountOrder::prior_first;
      if (prior_first) {
        take(plan, remaining, in.own.prior, Payer::own_prior, "own:prior_first");
        take(plan, remaining, in.own.current, Payer::own_current, "own:then_current");
      } else {
        take(plan, remaining, in.own.current, Payer::own_current, "own:current_first");
        take(plan, remaining, in.own.prior, Payer::own_prior, "own:then_prior");
      }
    }
    // 2. The patient's 医保钱包: money relatives sent that is the patient's own now, spent
    //    before anything a relative still holds for them.
    take(plan, remaining, in.wallet_balance, Payer::wallet, "wallet:balance");
    // 3. Mutual aid: only authorisations in force today — and, for a stay, before admission —
    //    and the relatives' quotas.
    std::vector<const AidSource*> eligible;
    for (const auto& source : in.aid) {
      if (source.quota) {
        if (available_for_aid(source, in.policy) <= 0) {
          plan.passed_over.push_back({source.authorisation_id, source.effective_from, "wallet:quota_used_up"});
        } else {
          eligible.push_back(&source);
        }
      } else if (source.effective_from > in.today) {
        plan.passed_over.push_back({source.authorisation_id, source.effective_from, "mutual_aid:not_yet_effective"});
      } else if (in.visit == VisitType::inpatient && in.admission_date && source.effective_from > *in.admission_date) {
        plan.passed_over.push_back({source.authorisation_id, source.effective_from, "mutual_aid:effective_after_admission"});
      } else if (available_for_aid(source, in.policy) <= 0) {
        plan.passed_over.push_back({source.authorisation_id, source.effective_from, "mutual_aid:no_balance"});
      } else {
        eligible.push_back(&source);
      }
    }
    if (in.policy.mutual_aid_order == MutualAidOrder::balance_desc) {
      std::stable_sort(eligible.begin(), eligible.end(), [&](const AidSource* a, const AidSource* b) {
        const auto av = available_for_aid(*a, in.policy), bv = available_for_aid(*b, in.policy);
        return av != bv ? av > bv : a->authorisation_id < b->authorisation_id;
      });
    } else {
      std::stable_sort(eligible.begin(), eligible.end(),
                       [](const AidSource* a, const AidSource* b) { return a->filing_sequence < b->filing_sequence; });
    }
    const std::string order = in.policy.mutual_aid_order == MutualAidOrder::balance_desc ? "balance_desc" : "filing_order";
    for (const auto* source : eligible) {
      if (remaining == 0) break;
      if (source->quota) {
        // Reserved 历年 first when it was set, so spent 历年 first.
        take(plan, remaining, source->balances.prior, Payer::aid_prior, "wallet:quota:" + order + ":prior",
             source->authorisation_id, source->authoriser_person_id, source->hold_prior);
        take(plan, remaining, source->balances.current, Payer::aid_current, "wallet:quota:" + order + ":current",
             source->authorisation_id, source->authoriser_person_id, source->hold_current);
      } else if (in.policy.mutual_aid_source == MutualAidSource::prior_years) {
        take(plan, remaining, source->balances.prior, Payer::aid_prior, "mutual_aid:" + order + ":prior_years_only",
             source->authorisation_id, source->authoriser_person_id);
      } else {
        take(plan, remaining, source->balances.current, Payer::aid_current, "mutual_aid:" + order + ":current",
             source->authorisation_id, source->authoriser_person_id);
        take(plan, remaining, source->balances.prior, Payer::aid_prior, "mutual_aid:" + order + ":prior",
             source->authorisation_id, source->authoriser_person_id);
      }
    }
    in_scope_left = remaining;
    take(plan, remaining, remaining, Payer::cash, "cash:accounts_exhausted");
  }
  std::int64_t outside = std::max<std::int64_t>(in.share_outside_scope, 0);
  take(plan, outside, outside, Payer::cash, "cash:outside_account_scope");

  for (const auto& line : plan.lines) {
    switch (line.payer) {
      case Payer::own_current:
      case Payer::own_prior: plan.acct_pay += line.amount; break;
      case Payer::wallet:
      case Payer::aid_current:
      case Payer::aid_prior: plan.acct_mulaid_pay += line.amount; break;
      case Payer::cash: plan.cash += line.amount; break;
    }
  }
  plan.aid_silence = why_no_aid(in, plan, in_scope_left);
  return plan;
}

}  // namespace yibao::domain
