#include "services/mutual_aid_service.h"

#include <algorithm>

#include "core/clock.h"
#include "services/account_service.h"
#include "services/person_loader.h"
#include "services/policy_lookup.h"
#include "services/wallet_service.h"
#include "store/institution_repo.h"
#include "store/people_repo.h"
#include "store/wallet_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

void record(store::Tx& tx, std::int64_t id, const std::string& event, const std::string& reason, const std::string& detail,
            std::int64_t now) {
  store::MutualAidRepo::add_event(tx, store::AidEventRow{id, event, reason, detail, now});
}

}  // namespace

domain::AidParty party_of(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today, bool authoriser) {
  domain::AidParty p;
  auto person = store::PeopleRepo::person_by_id(tx, person_id);
  if (!person || person->status != "active") return p;
  p.found = true;
  const auto rows = store::PeopleRepo::enrolments_of(tx, person_id);
  const store::EnrolmentRow* chosen = nullptr;
  for (const auto& row : rows) {
    const auto e = to_domain(row);
    if (!domain::is_active(e, today)) continue;
    if (authoriser) {
      // The personal account lives with the employee (310) enrolment; prefer the current one.
      if (row.insutype == "310" && (chosen == nullptr || row.is_current)) chosen = &row;
    } else if (chosen == nullptr || row.is_current) {
      chosen = &row;
    }
  }
  if (chosen == nullptr) return p;
  const auto e = to_domain(*chosen);
  p.insured = true;
  p.employee = chosen->insutype == "310";
  p.waiting = domain::is_waiting(e, today);
  p.admdvs = chosen->admdvs;
  return p;
}

domain::RegionPolicy authoriser_policy(store::Tx& tx, const domain::AidParty& authoriser) {
  return authoriser.admdvs.empty() ? domain::RegionPolicy{} : policy_for(tx, authoriser.admdvs);
}

int reevaluate_mutual_aid(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today, std::int64_t now_us) {
  int dissolved = 0;
  for (const auto& row : store::MutualAidRepo::involving(tx, person_id)) {
    if (row.status != "active") continue;
    const auto a = party_of(tx, row.authoriser_person_id, today, true);
    const auto b = party_of(tx, row.beneficiary_person_id, today, false);
    const auto reason = domain::dissolution_reason(a, b, authoriser_policy(tx, a));
    if (!reason) continue;
    if (store::MutualAidRepo::end(tx, row.id, "dissolved", *reason, now_us)) {
      record(tx, row.id, "dissolved", *reason, std::string(domain::dissolution_label(*reason)), now_us);
      ++dissolved;
    }
  }
  // The 2026 wallet's quotas end by the same changes (either side's insurance ends or changes).
  end_quotas_no_longer_allowed(tx, person_id, today, now_us);
  return dissolved;
}

PayerSources payer_sources(store::Tx& tx, std::int64_t patient, const std::vector<std::string>& also) {
  const auto [authorisations, quota_holds] = store::WalletRepo::aid_payers_for(tx, patient);
  std::vector<std::int64_t> persons{patient};
  for (const auto& a : authorisations) persons.push_back(a.authoriser_person_id);
  for (const auto& q : quota_holds) persons.push_back(q.giver_person_id);
  std::sort(persons.begin() + 1, persons.end());
  persons.erase(std::unique(persons.begin() + 1, persons.end()), persons.end());
  std::vector<std::string> codes = also;
  codes.push_back(wallet_account_code(patient));
  PayerSources out;
  const auto balances = personal_balances_of(tx, persons, codes, &out.accounts);
  out.own = balances.at(patient);
  if (auto wallet = out.accounts.find(wallet_account_code(patient)); wallet != out.accounts.end()) {
    out.wallet_balance = wallet->second.available();
  }
  for (const auto& row : authorisations) {
    domain::AidSource s;
    s.authorisation_id = row.id;
    s.authoriser_person_id = row.authoriser_person_id;
    if (auto from = core::parse_date(row.effective_from)) s.effective_from = *from;
    s.filing_sequence = row.id;  // ids grow with time: creation order is filing order
    s.balances = balances.at(row.authoriser_person_id);
    out.aid.push_back(s);
  }
  // 共济额度: one source per quota, its parts the holds on the giver's 当年 and 历年. Under
  // filing_order they come after every authorisation, in the order they were set.
  constexpr std::int64_t kQuotasAfterAuthorisations = std::int64_t{1} << 40;
  for (const auto& q : quota_holds) {
    if (out.aid.empty() || !out.aid.back().quota || out.aid.back().authorisation_id != q.quota_id) {
      domain::AidSource s;
      s.quota = true;
      s.authorisation_id = q.quota_id;
      s.authoriser_person_id = q.giver_person_id;
      s.filing_sequence = kQuotasAfterAuthorisations + q.quota_id;
      out.aid.push_back(s);
    }
    auto& s = out.aid.back();
    if (q.account_kind == "personal_prior") {
      s.balances.prior += q.held;
      s.hold_prior = q.hold_id;
    } else {
      s.balances.current += q.held;
      s.hold_current = q.hold_id;
    }
  }
  return out;
}

AidCheck MutualAidService::check_in(store::Tx& tx, std::int64_t authoriser, const std::string& id_number,
                                    const std::string& name, const std::string& relation,
                                    std::optional<std::chrono::year_month_day> admission_date) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  AidCheck out;
  domain::AuthorisationFacts facts;
  facts.relation = relation;
  facts.authoriser = party_of(tx, authoriser, today, true);
  for (const auto& record : store::PeopleRepo::persons_by_id_number(tx, id_number)) {
    if (record.status == "active" && record.name == name) {
      out.beneficiary_person_id = record.id;
      out.beneficiary_name = record.name;
      break;
    }
  }
  if (out.beneficiary_person_id) {
    facts.beneficiary = party_of(tx, *out.beneficiary_person_id, today, false);
    facts.same_person = *out.beneficiary_person_id == authoriser;
    facts.filed = store::MutualAidRepo::has_filing(tx, authoriser, *out.beneficiary_person_id);
  }
  const auto policy = authoriser_policy(tx, facts.authoriser);
  domain::PaymentFacts pay;
  pay.today = today;
  pay.admission_date = admission_date;
  pay.authoriser = facts.authoriser;
  pay.beneficiary = facts.beneficiary;
  if (out.beneficiary_person_id) {
    for (const auto& row : store::MutualAidRepo::involving(tx, authoriser)) {
      if (row.status != "active" || row.beneficiary_person_id != *out.beneficiary_person_id) continue;
      facts.already_active = true;
      pay.authorised = true;
      if (auto from = core::parse_date(row.effective_from)) pay.effective_from = *from;
    }
  }
  const auto balances = personal_balances(tx, authoriser);
  pay.available_fen = policy.mutual_aid_source == domain::MutualAidSource::prior_years ? balances.prior
                                                                                       : balances.current + balances.prior;
  out.blockers = domain::authorisation_blockers(facts, policy);
  out.payment_blockers = domain::payment_blockers(pay, policy);
  out.effective_from = domain::effective_from(today, policy);
  return out;
}

AidCheck MutualAidService::check(std::int64_t authoriser, const std::string& id_number, const std::string& name,
                                 const std::string& relation, std::optional<std::chrono::year_month_day> admission_date) {
  return ctx_.db.read([&](store::Tx& tx) { return check_in(tx, authoriser, id_number, name, relation, admission_date); });
}

core::Status MutualAidService::file(std::int64_t authoriser, const std::string& id_number, const std::string& name,
                                    const std::string& relation, const std::string& via) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto c = check_in(tx, authoriser, id_number, name, relation);
    // Filing is the step before authorising: every other rule must already hold.
    for (const auto& blocker : c.blockers) {
      if (blocker.reason != Reason::MUTUAL_AID_FILING_REQUIRED) return blocker;
    }
    const std::int64_t stamp = now_us(ctx_.clock);
    store::MutualAidRepo::insert_filing(tx, authoriser, *c.beneficiary_person_id, relation, via, stamp);
    store::InstitutionRepo::audit(tx, store::AuditRow{"person", std::to_string(authoriser), *c.beneficiary_person_id,
                                                      "mutual_aid_filed", via, relation, stamp});
    return {};
  });
}

core::Result<store::AuthorisationRow> MutualAidService::authorise(std::int64_t authoriser, const std::string& id_number,
                                                                  const std::string& name, const std::string& relation,
                                                                  const std::string& via) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<store::AuthorisationRow> {
    auto c = check_in(tx, authoriser, id_number, name, relation);
    if (!c.blockers.empty()) return c.blockers.front();
    const std::int64_t stamp = now_us(ctx_.clock);
    store::AuthorisationRow row;
    row.authoriser_person_id = authoriser;
    row.beneficiary_person_id = *c.beneficiary_person_id;
    row.relation = relation;
    row.status = "active";
    row.effective_from = core::format_date(c.effective_from);
    row.created_at_us = stamp;
    row.id = store::MutualAidRepo::insert(tx, row);
    record(tx, row.id, "created", "authoriser_request", "生效日期 " + row.effective_from + "，渠道 " + via, stamp);
    store::InstitutionRepo::audit(tx, store::AuditRow{"person", std::to_string(authoriser), row.beneficiary_person_id,
                                                      "mutual_aid_authorised", via, relation, stamp});
    return row;
  });
}

core::Status MutualAidService::revoke(std::int64_t authoriser, std::int64_t authorisation_id) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto row = store::MutualAidRepo::find(tx, authorisation_id);
    if (!row || row->authoriser_person_id != authoriser) return Reason::MUTUAL_AID_NOT_FOUND;
    const std::int64_t stamp = now_us(ctx_.clock);
    if (!store::MutualAidRepo::end(tx, authorisation_id, "revoked", "authoriser_revoked", stamp)) {
      return Reason::MUTUAL_AID_NOT_ACTIVE;
    }
    record(tx, authorisation_id, "revoked", "authoriser_revoked", "授权人主动解除", stamp);
    return {};
  });
}

std::vector<AidView> MutualAidService::list(std::int64_t person_id) {
  return ctx_.db.read([&](store::Tx& tx) {
    std::vector<AidView> out;
    for (const auto& row : store::MutualAidRepo::involving(tx, person_id)) {
      AidView v;
      v.row = row;
      if (auto a = store::PeopleRepo::person_by_id(tx, row.authoriser_person_id)) v.authoriser_name = a->name;
      if (auto b = store::PeopleRepo::person_by_id(tx, row.beneficiary_person_id)) v.beneficiary_name = b->name;
      v.events = store::MutualAidRepo::events(tx, row.id);
      out.push_back(std::move(v));
    }
    return out;
  });
}

}  // namespace yibao::services
