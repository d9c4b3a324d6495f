#include "services/agency_service.h"

#include <algorithm>

#include "core/clock.h"
#include "core/id_number.h"
#include "domain/pin_rules.h"
#include "services/account_service.h"
#include "services/mutual_aid_service.h"
#include "services/family_service.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "store/merge_repo.h"
#include "store/rate_limiter.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

void audit(store::Tx& tx, const store::StaffRow& staff, std::optional<std::int64_t> subject, const std::string& action,
           const std::string& detail, std::int64_t now) {
  store::InstitutionRepo::audit(tx, store::AuditRow{"staff", staff.username, subject, action, "agency", detail, now});
}

bool in_scope(const store::StaffRow& staff, const Subject& s) {
  return std::any_of(s.enrolment_rows.begin(), s.enrolment_rows.end(),
                     [&](const store::EnrolmentRow& e) { return staff_covers(staff.admdvs, e.admdvs); });
}

// The merged-away record's 当年 and 历年 balances move to the kept record's accounts in one
// transfer, keyed by the pair, so a retried merge moves them once.
core::Status move_balances(store::Tx& tx, std::int64_t gone_id, const Subject& keep, std::int64_t now_us) {
  const auto from = store::LedgerRepo::accounts(tx, {current_account_code(gone_id), prior_account_code(gone_id)});
  std::int64_t current = 0, prior = 0;
  if (auto it = from.find(current_account_code(gone_id)); it != from.end()) current = it->second.balance();
  if (auto it = from.find(prior_account_code(gone_id)); it != from.end()) prior = it->second.balance();
  if (current <= 0 && prior <= 0) return {};
  const std::string admdvs = keep.current ? keep.current->admdvs
                                          : keep.enrolment_rows.empty() ? "" : keep.enrolment_rows.front().admdvs;
  ensure_personal_accounts(tx, keep.person.id, admdvs, now_us);
  const auto to = store::LedgerRepo::accounts(
      tx, {current_account_code(keep.person.id), prior_account_code(keep.person.id)});
  store::TransferRequest t;
  t.idempotency_key = "merge:" + std::to_string(gone_id) + ":" + std::to_string(keep.person.id);
  t.kind = "merge";
  t.reference = keep.person.psn_no;
  t.note = "重复人员信息合并，个人账户余额并入保留的记录";
  if (current > 0) {
    t.legs.push_back({from.at(current_account_code(gone_id)).id, to.at(current_account_code(keep.person.id)).id,
                      current, "merge:current"});
  }
  if (prior > 0) {
    t.legs.push_back({from.at(prior_account_code(gone_id)).id, to.at(prior_account_code(keep.person.id)).id, prior,
                      "merge:prior"});
  }
  auto posted = store::LedgerRepo::post(tx, t, now_us);
  if (!posted) return posted.error();
  return {};
}

}  // namespace

bool staff_covers(const std::string& staff_admdvs, const std::string& admdvs) {
  if (staff_admdvs.size() != 6 || admdvs.size() != 6) return false;
  if (staff_admdvs.ends_with("0000")) return admdvs.compare(0, 2, staff_admdvs, 0, 2) == 0;
  if (staff_admdvs.ends_with("00")) return admdvs.compare(0, 4, staff_admdvs, 0, 4) == 0;
  return admdvs == staff_admdvs;
}

core::Result<IssuedSession> AgencyService::login(const std::string& username, const std::string& password) {
  const auto now = ctx_.clock.now();
  auto limited = ctx_.db.write([&](store::Tx& tx) {
    return store::RateLimiter::hit(tx, "login-staff", username, 10, std::chrono::minutes(15), now);
  });
  if (!limited.allowed) return Reason::RATE_LIMITED;
  auto staff = ctx_.db.read([&](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, username); });
  if (!staff || !ctx_.hasher.verify(password, staff->password_hash)) return Reason::LOGIN_FAILED;
  return ctx_.db.write([&](store::Tx& tx) {
    store::RateLimiter::clear(tx, "login-staff", username);  // only failures add up
    audit(tx, *staff, std::nullopt, "staff_login", "", now_us(ctx_.clock));
    return sessions_.issue(tx, SubjectKind::staff, staff->id, "agency");
  });
}

core::Result<store::StaffRow> AgencyService::staff(std::int64_t staff_id) {
  auto row = ctx_.db.read([&](store::Tx& tx) { return store::AdminRepo::staff_by_id(tx, staff_id); });
  if (!row) return Reason::STAFF_REQUIRED;
  return *row;
}

std::vector<Subject> AgencyService::search(const store::StaffRow& staff, const store::PersonSearch& query) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.write([&](store::Tx& tx) {
    const std::int64_t stamp = now_us(ctx_.clock);
    std::vector<Subject> out;
    for (const auto& person : store::PeopleRepo::search(tx, query)) {
      auto s = load_subject(tx, person.id, today, stamp, false);
      if (!s || !in_scope(staff, *s)) continue;
      audit(tx, staff, s->person.id, "person_viewed", "search", stamp);
      out.push_back(std::move(*s));
    }
    return out;
  });
}

core::Result<Subject> AgencyService::load_in_scope(store::Tx& tx, const store::StaffRow& staff,
                                                   const std::string& psn_no, bool writable) {
  auto s = load_subject_by_psn_no(tx, psn_no, core::shanghai_date(ctx_.clock.now()), now_us(ctx_.clock), writable);
  if (!s) return Error{Reason::PERSON_UNKNOWN, {}, "psn_no"};
  if (!in_scope(staff, *s)) return Reason::STAFF_OUT_OF_REGION;
  return std::move(*s);
}

core::Result<Subject> AgencyService::person(const store::StaffRow& staff, const std::string& psn_no,
                                            const std::string& what) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<Subject> {
    auto s = load_in_scope(tx, staff, psn_no, false);
    if (s) audit(tx, staff, s->person.id, "person_viewed", what, now_us(ctx_.clock));
    return s;
  });
}

core::Status AgencyService::freeze(const store::StaffRow& staff, const std::string& psn_no, const std::string& note) {
  if (note.empty()) return Error{Reason::FIELD_MISSING, "请填写冻结原因", "note"};
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto s = load_in_scope(tx, staff, psn_no, true);
    if (!s) return s.error();
    auto credential = s->credential;
    if (credential.state == "revoked") return Reason::CREDENTIAL_REVOKED;
    if (credential.state == "frozen") return Reason::CREDENTIAL_FROZEN;
    const std::int64_t stamp = now_us(ctx_.clock);
    credential.state = "frozen";
    credential.state_note = note;
    credential.updated_at_us = stamp;
    store::CredentialRepo::update(tx, credential);
    audit(tx, staff, s->person.id, "credential_frozen", note, stamp);
    return {};
  });
}

core::Status AgencyService::unfreeze(const store::StaffRow& staff, const std::string& psn_no, const std::string& note) {
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto s = load_in_scope(tx, staff, psn_no, true);
    if (!s) return s.error();
    auto credential = s->credential;
    if (credential.state != "frozen") return Error{Reason::FIELD_INVALID, "该电子凭证未被冻结"};
    const std::int64_t stamp = now_us(ctx_.clock);
    // Back to where it was before the freeze: active if it had ever been activated.
    credential.state = credential.activated_at_us ? "active" : "inactive";
    credential.state_note.reset();
    credential.updated_at_us = stamp;
    store::CredentialRepo::update(tx, credential);
    audit(tx, staff, s->person.id, "credential_unfrozen", note, stamp);
    return {};
  });
}

core::Status AgencyService::merge(const store::StaffRow& staff, const std::string& keep_psn_no,
                                  const std::string& merge_psn_no) {
  if (keep_psn_no == merge_psn_no) return Error{Reason::FIELD_INVALID, "请选择两条不同的人员信息", "merge_psn_no"};
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto keep = load_in_scope(tx, staff, keep_psn_no, true);
    if (!keep) return keep.error();
    auto gone = load_in_scope(tx, staff, merge_psn_no, true);
    if (!gone) return gone.error();
    if (keep->person.id_number != gone->person.id_number) {
      return Error{Reason::FIELD_INVALID, "两条人员信息的身份证号码不一致，不能合并", "merge_psn_no"};
    }
    if (keep->person.status != "active" || gone->person.status != "active") return Reason::PERSON_NOT_ACTIVE;
    const std::int64_t stamp = now_us(ctx_.clock);
    store::MergeMoves moves;
    store::MergeRepo::move_enrolments(tx, gone->person.id, keep->person.id, moves);
    store::MergeRepo::move_bindings(tx, gone->person.id, keep->person.id, stamp, moves);
    store::MergeRepo::move_authorisations(tx, gone->person.id, keep->person.id, stamp, moves);
    if (auto moved = move_balances(tx, gone->person.id, *keep, stamp); !moved) return moved.error();
    store::PeopleRepo::mark_merged(tx, gone->person.id, keep->person.id);
    auto retired = gone->credential;
    retired.state = "revoked";
    retired.state_note = "人员信息已合并至 " + keep->person.psn_no;
    retired.updated_at_us = stamp;
    store::CredentialRepo::update(tx, retired);
    for (const char* channel : {"app", "wechat", "alipay", "bank"}) {
      store::CredentialRepo::end_sessions(tx, "person", gone->person.id, channel, "account_merged", stamp);
    }
    // The kept record keeps its current enrolment, or gets the best active one.
    auto merged = load_subject(tx, keep->person.id, today, stamp, true);
    store::PeopleRepo::set_current_enrolment(tx, keep->person.id, domain::choose_current(merged->enrolments, today));
    reevaluate_mutual_aid(tx, keep->person.id, today, stamp);
    reevaluate_mutual_aid(tx, gone->person.id, today, stamp);
    reevaluate_family(tx, keep->person.id, today, stamp);
    reevaluate_family(tx, gone->person.id, today, stamp);
    audit(tx, staff, keep->person.id, "persons_merged",
          merge_psn_no + " -> " + keep_psn_no + " (enrolments moved " + std::to_string(moves.enrolments_moved) +
              ", duplicates kept as history " + std::to_string(moves.enrolments_left) + ", bindings moved " +
              std::to_string(moves.bindings_moved) + "/ended " + std::to_string(moves.bindings_ended) +
              ", mutual aid moved " + std::to_string(moves.authorisations_moved) + "/ended " +
              std::to_string(moves.authorisations_ended) + ")",
          stamp);
    return {};
  });
}

core::Status AgencyService::set_enrolment_status(const store::StaffRow& staff, const std::string& psn_no,
                                                 std::int64_t enrolment_id, const std::string& status,
                                                 const std::string& note) {
  const auto parsed = domain::parse_enrolment_status(status);
  if (!parsed) return Error{Reason::FIELD_INVALID, "status 须为 normal、paused 或 terminated", "status"};
  if (note.empty()) return Error{Reason::FIELD_MISSING, "请填写变更原因", "note"};
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto s = load_in_scope(tx, staff, psn_no, true);
    if (!s) return s.error();
    const auto it = std::find_if(s->enrolment_rows.begin(), s->enrolment_rows.end(),
                                 [&](const store::EnrolmentRow& e) { return e.id == enrolment_id; });
    if (it == s->enrolment_rows.end()) return Reason::ENROLMENT_NOT_FOUND;
    if (!staff_covers(staff.admdvs, it->admdvs)) return Reason::STAFF_OUT_OF_REGION;
    const std::int64_t stamp = now_us(ctx_.clock);
    const long long id = enrolment_id;
    const std::string end_date = core::format_date(today);
    soci::indicator end_ind = *parsed == domain::EnrolmentStatus::terminated ? soci::i_ok : soci::i_null;
    tx.run("UPDATE enrolments SET status = :s, end_date = :e WHERE id = :id", soci::use(status),
        soci::use(end_date, end_ind), soci::use(id));
    // The current enrolment must stay an active one, and mutual aid may dissolve.
    auto after = load_subject(tx, s->person.id, today, stamp, true);
    store::PeopleRepo::set_current_enrolment(tx, s->person.id, domain::choose_current(after->enrolments, today));
    reevaluate_mutual_aid(tx, s->person.id, today, stamp);
    reevaluate_family(tx, s->person.id, today, stamp);
    audit(tx, staff, s->person.id, "enrolment_status_changed", std::to_string(enrolment_id) + " " + status + " " + note, stamp);
    return {};
  });
}

core::Status AgencyService::offline_activate(const store::StaffRow& staff, const std::string& psn_no,
                                             const std::string& channel, const std::string& pin) {
  if (!domain::parse_channel(channel)) return Error{Reason::CHANNEL_INVALID, {}, "channel"};
  const auto now = ctx_.clock.now();
  const auto today = core::shanghai_date(now);
  auto first = ctx_.db.read([&](store::Tx& tx) { return load_in_scope(tx, staff, psn_no, false); });
  if (!first) return first.error();
  if (auto st = domain::check_credential(first->facts, domain::CredentialUse::activate); !st) return st;
  const auto& c = first->credential;
  if (!c.face_failing_since_us ||
      now - store::from_epoch_us(*c.face_failing_since_us) < kOfflineActivationAfter) {
    return Reason::OFFLINE_ACTIVATION_TOO_EARLY;
  }
  std::string pin_hash;
  if (!c.pin_hash) {
    auto id = core::IdNumber::parse(first->person.id_number, today);
    if (!id) return id.error();
    if (auto st = domain::check_new_pin(pin, id->birth_date()); !st) return st;
    pin_hash = ctx_.hasher.hash(pin);
  } else if (!ctx_.hasher.verify(pin, *c.pin_hash)) {
    return Error{Reason::PIN_MISMATCH, {}, "pin"};
  }
  return ctx_.db.write([&](store::Tx& tx) -> core::Status {
    auto s = load_in_scope(tx, staff, psn_no, true);
    if (!s) return s.error();
    const std::int64_t stamp = now_us(ctx_.clock);
    auto credential = s->credential;
    if (!pin_hash.empty()) credential.pin_hash = pin_hash;
    credential.state = "active";
    if (!credential.activated_at_us) credential.activated_at_us = stamp;
    credential.face_failing_since_us.reset();
    credential.updated_at_us = stamp;
    store::CredentialRepo::update(tx, credential);
    store::CredentialRepo::activate_channel(tx, credential.id, channel, "offline:" + staff.username, stamp);
    audit(tx, staff, s->person.id, "offline_activation", channel, stamp);
    return {};
  });
}

}  // namespace yibao::services
