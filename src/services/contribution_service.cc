#include "services/contribution_service.h"

#include <algorithm>
#include <map>

#include <sodium.h>

#include "core/admdvs.h"
#include "core/clock.h"
#include "core/id_number.h"
#include "core/money.h"
#include "docs/documents.h"
#include "domain/enrolment_rules.h"
#include "services/account_service.h"
#include "services/mutual_aid_service.h"
#include "services/person_loader.h"
#include "services/policy_lookup.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "store/mutual_aid_repo.h"
#include "store/people_repo.h"
#include "store/wallet_repo.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

std::string new_receipt_no(std::chrono::system_clock::time_point now) {
  // JF + yyyyMMdd + 8 random digits: readable on paper, not guessable.
  const std::string date = core::format_shanghai_compact(now).substr(0, 8);
  std::string digits;
  for (int i = 0; i < 8; ++i) digits += static_cast<char>('0' + randombytes_uniform(10));
  return "JF" + date + digits;
}

std::string income_code(const std::string& admdvs) { return "income:" + admdvs + ":390"; }

// The legs that spend `amount` from 共济额度 for `insured`: the payer's own quota for them, or when
// the insured person pays for themselves, every quota they receive, the largest first (as a
// settlement takes them). Each leg spends the hold it draws on, 历年 before 当年.
core::Result<std::vector<store::LedgerLeg>> quota_legs(store::Tx& tx, std::int64_t payer, std::int64_t insured,
                                                       std::int64_t income_id, std::int64_t amount) {
  std::map<std::int64_t, std::vector<store::WalletRepo::QuotaHold>> by_quota;
  std::map<std::int64_t, std::int64_t> left;
  for (const auto& h : store::WalletRepo::quota_holds_for_receiver(tx, insured)) {
    if (payer != insured && h.giver_person_id != payer) continue;
    by_quota[h.quota_id].push_back(h);
    left[h.quota_id] += h.held;
  }
  if (by_quota.empty()) {
    return payer == insured ? Error{Reason::WALLET_QUOTA_ZERO, "未设置额度"} : Error{Reason::WALLET_QUOTA_NOT_SET};
  }
  std::vector<std::int64_t> order;
  for (const auto& [id, held] : left) order.push_back(id);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return left[a] > left[b]; });
  std::vector<store::LedgerLeg> legs;
  std::int64_t remaining = amount;
  for (const auto id : order) {
    auto& holds = by_quota[id];
    std::stable_sort(holds.begin(), holds.end(), [](const auto& a, const auto& b) {
      return (a.account_kind == "personal_prior") > (b.account_kind == "personal_prior");
    });
    for (const auto& h : holds) {
      const auto take = std::min(remaining, h.held);
      if (take <= 0) continue;
      const auto account = store::LedgerRepo::account(tx, h.account_kind == "personal_prior"
                                                              ? prior_account_code(h.giver_person_id)
                                                              : current_account_code(h.giver_person_id));
      if (!account) continue;
      const std::string part = h.account_kind == "personal_prior" ? "prior" : "current";
      store::LedgerLeg leg{account->id, income_id, take, "contribution:wallet_quota:" + part};
      leg.spends_hold = h.hold_id;
      legs.push_back(std::move(leg));
      remaining -= take;
    }
  }
  if (remaining > 0) return Error{Reason::CONTRIBUTION_QUOTA_SHORT, "共济额度可用 " + core::Money::from_fen(amount - remaining).to_string() + " 元"};
  return legs;
}

}  // namespace

std::string paid_from_label(const std::string& paid_from) {
  if (paid_from == "cash") return "现金";
  if (paid_from == "wallet_quota") return "家庭共济额度（医保钱包）";
  return "家庭共济（个人账户）";
}

core::Result<store::ContributionRow> ContributionService::pay(const PayContribution& req) {
  if (req.year.size() != 4 || req.year.find_first_not_of("0123456789") != std::string::npos) {
    return Error{Reason::LEDGER_PERIOD_INVALID, req.year, "year"};
  }
  const auto now = ctx_.clock.now();
  const auto today = core::shanghai_date(now);
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<store::ContributionRow> {
    const std::int64_t stamp = now_us(ctx_.clock);
    auto insured = load_subject_by_identity(tx, req.id_number, req.name, today, stamp, false);
    if (!insured) return insured.error();
    const store::EnrolmentRow* resident = nullptr;
    for (const auto& row : insured->enrolment_rows) {
      if (row.insutype == "390" && row.status == "normal" && (resident == nullptr || row.is_current)) resident = &row;
    }
    if (resident == nullptr) return Reason::CONTRIBUTION_NOT_RESIDENT;
    if (store::ContributionRepo::exists(tx, insured->person.id, "390", req.year)) return Reason::CONTRIBUTION_ALREADY_PAID;
    const std::int64_t amount = policy_for(tx, resident->admdvs).resident_contribution_fen;
    if (amount <= 0) return Error{Reason::FIELD_INVALID, "当地未设置城乡居民缴费标准"};

    const auto income = store::LedgerRepo::ensure_account(tx, income_code(resident->admdvs), "contribution_income",
                                                          std::nullopt, resident->admdvs, false, stamp);
    store::TransferRequest t;
    t.kind = "contribution";
    t.reference = req.year;
    t.note = req.year + " 年度城乡居民医保缴费";
    std::string paid_from = "cash";
    if (req.from == PayFrom::cash) {
      const auto cash = store::LedgerRepo::ensure_account(tx, "cash:external", "cash", std::nullopt, "", false, stamp);
      t.legs.push_back(store::LedgerLeg{cash.id, income.id, amount, "contribution:cash"});
    } else if (req.from == PayFrom::quota) {
      auto legs = quota_legs(tx, req.payer_person_id, insured->person.id, income.id, amount);
      if (!legs) return legs.error();
      t.legs = std::move(*legs);
      paid_from = "wallet_quota";
    } else {
      // From the payer's account only under an authorisation in force today.
      bool authorised = false;
      for (const auto& row : store::MutualAidRepo::active_for_beneficiary(tx, insured->person.id)) {
        auto from = core::parse_date(row.effective_from);
        if (row.authoriser_person_id == req.payer_person_id && from && *from <= today) authorised = true;
      }
      if (!authorised) return Reason::CONTRIBUTION_NO_AUTHORISATION;
      const auto payer_accounts = store::PeopleRepo::enrolments_of(tx, req.payer_person_id);
      std::string payer_admdvs;
      for (const auto& e : payer_accounts) {
        if (e.insutype == "310" && e.status == "normal") payer_admdvs = e.admdvs;
      }
      const auto policy = payer_admdvs.empty() ? domain::RegionPolicy{} : policy_for(tx, payer_admdvs);
      const auto balances = personal_balances(tx, req.payer_person_id);
      std::int64_t remaining = amount;
      const auto prior = store::LedgerRepo::account(tx, prior_account_code(req.payer_person_id));
      const auto current = store::LedgerRepo::account(tx, current_account_code(req.payer_person_id));
      if (policy.mutual_aid_source == domain::MutualAidSource::all && current && balances.current > 0) {
        const auto take = std::min(remaining, balances.current);
        t.legs.push_back(store::LedgerLeg{current->id, income.id, take, "contribution:mutual_aid:current"});
        remaining -= take;
      }
      if (remaining > 0) {
        if (!prior) return Error{Reason::BALANCE_INSUFFICIENT, prior_account_code(req.payer_person_id)};
        // More than the balance is refused by the ledger itself (BALANCE_INSUFFICIENT).
        t.legs.push_back(store::LedgerLeg{prior->id, income.id, remaining, "contribution:mutual_aid:prior_years"});
      }
      paid_from = "mutual_aid_account";
    }
    store::ContributionRow row;
    row.receipt_no = new_receipt_no(now);
    t.idempotency_key = "contribution:" + row.receipt_no;
    auto posted = store::LedgerRepo::post(tx, t, stamp);
    if (!posted) return posted.error();
    row.insured_person_id = insured->person.id;
    row.payer_person_id = req.payer_person_id;
    row.insutype = "390";
    row.admdvs = resident->admdvs;
    row.year = req.year;
    row.amount = amount;
    row.paid_from = paid_from;
    row.transfer_id = posted->id;
    row.paid_at_us = stamp;
    row.id = store::ContributionRepo::insert(tx, row);
    store::InstitutionRepo::audit(tx, store::AuditRow{"person", std::to_string(req.payer_person_id), insured->person.id,
                                                      "contribution_paid", req.via, row.receipt_no, stamp});
    return row;
  });
}

std::vector<ContributionView> ContributionService::list(std::int64_t person_id, const store::ContributionFilter& filter) {
  return ctx_.db.read([&](store::Tx& tx) {
    std::vector<ContributionView> out;
    for (const auto& row : store::ContributionRepo::involving(tx, person_id, filter)) {
      ContributionView v;
      v.row = row;
      v.paid_by_me = row.payer_person_id == person_id;
      if (auto p = store::PeopleRepo::person_by_id(tx, row.insured_person_id)) v.insured_name = p->name;
      if (auto p = store::PeopleRepo::person_by_id(tx, row.payer_person_id)) v.payer_name = p->name;
      out.push_back(std::move(v));
    }
    return out;
  });
}

core::Result<std::string> ContributionService::receipt_pdf(std::int64_t person_id, const std::string& receipt_no) {
  auto receipt = ctx_.db.read([&](store::Tx& tx) -> core::Result<docs::ContributionReceipt> {
    auto row = store::ContributionRepo::by_receipt(tx, receipt_no);
    // Someone else's receipt looks exactly like a missing one.
    if (!row || (row->payer_person_id != person_id && row->insured_person_id != person_id)) {
      return Reason::CONTRIBUTION_NOT_FOUND;
    }
    const auto payer = store::PeopleRepo::person_by_id(tx, row->payer_person_id);
    const auto insured = store::PeopleRepo::person_by_id(tx, row->insured_person_id);
    docs::ContributionReceipt r;
    r.receipt_no = row->receipt_no;
    r.payer_name = payer->name;
    r.payer_id_masked = core::mask_id_number(payer->id_number);
    r.insured_name = insured->name;
    r.insured_id_masked = core::mask_id_number(insured->id_number);
    auto code = core::Admdvs::parse(row->admdvs);
    const auto* region = code ? ctx_.regions.lookup(*code) : nullptr;
    r.insured_admdvs_name = region != nullptr ? region->full_name : row->admdvs;
    r.insutype_label = row->insutype == "390" ? "城乡居民基本医疗保险" : "职工基本医疗保险";
    r.year = row->year;
    r.amount_yuan = core::Money::from_fen(row->amount).to_string();
    r.paid_from_label = paid_from_label(row->paid_from);
    r.paid_at = core::format_shanghai_datetime(store::from_epoch_us(row->paid_at_us));
    r.collecting_agency = r.insured_admdvs_name + "医疗保障局（演示）";
    return r;
  });
  if (!receipt) return receipt.error();
  return docs::render_contribution_receipt(*receipt);
}

}  // namespace yibao::services
