// 9001 sign-in, 1101 person information, 2201/2401 registration and admission, 2202 cancel,
// 2203/2402 visit changes: each one transaction that also spends the call's TIF nonce.
#include <algorithm>

#include "core/clock.h"
#include "core/masking.h"
#include "log/json_log.h"
#include "services/account_service.h"
#include "services/fsi_parties.h"
#include "services/fsi_transaction.h"
#include "services/settlement_service.h"
#include "services/treatment_checks.h"
#include "store/credential_repo.h"
#include "store/diagnosis_repo.h"
#include "store/institution_repo.h"

namespace yibao::services {

using core::Error;
using core::Reason;

core::Result<std::string> SettlementService::sign_in(const FsiCaller& caller, const std::string& opter_no) {
  const auto now = ctx_.clock.now();
  const std::string sign_no = serial(caller.institution.admdvs, now);
  auto signed_in = call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    store::SettlementRepo::insert_sign_in(tx, sign_no, caller.institution.code, opter_no, now_us(ctx_.clock));
    return {};
  });
  if (!signed_in) return signed_in.error();
  return sign_no;
}

core::Result<PersonInfo> SettlementService::person_info(const FsiCaller& caller, const CertInput& cert) {
  const auto now = now_us(ctx_.clock);
  const auto today = core::shanghai_date(ctx_.clock.now());
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<PersonInfo> {
    auto insured = person_by_cert(tx, caller, cert, now);
    if (!insured) return insured.error();
    const store::PersonRow* person = &insured->person;
    PersonInfo info;
    info.person = *person;
    info.age_tenths = age_tenths_of(person->birth_date, today);
    // Read with the person (no credential row yet: never activated).
    info.credential_state = insured->credential ? insured->credential->state : "inactive";
    if (info.credential_state == "frozen" && cert.type == "01") return Error{Reason::CREDENTIAL_FROZEN};
    if (info.credential_state == "revoked" && cert.type == "01") return Error{Reason::CREDENTIAL_REVOKED};
    info.credential_note = credential_note(info.credential_state);
    const auto balances = personal_balances(tx, person->id);
    const std::int64_t balc = balances.current + balances.prior;
    for (const auto& e : insured->enrolments) {
      info.insurances.push_back({e, e.insutype == "310" ? balc : 0});
    }
    // Current enrolment first: HIS clients usually take insuinfo[0].
    std::stable_sort(info.insurances.begin(), info.insurances.end(),
                     [](const auto& a, const auto& b) { return a.enrolment.is_current && !b.enrolment.is_current; });
    store::InstitutionRepo::audit(tx, store::AuditRow{"institution", caller.institution.code, person->id, "fsi_1101",
                                                      "fsi", "mdtrt_cert_type=" + cert.type, now});
    return info;
  });
}

core::Result<store::VisitRow> SettlementService::open_visit(const FsiCaller& caller, const VisitOpen& r) {
  const auto now = now_us(ctx_.clock);
  const auto today = core::shanghai_date(ctx_.clock.now());
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<store::VisitRow> {
    // The msgid is claimed like a settlement's: a lost answer's retry gets the same visit, and
    // 2601 can find (and undo) the registration by it.
    // The serial is drawn first, so the claim stores the answer (mdtrt_id) at once.
    const std::string mdtrt_id = serial(caller.institution.admdvs, ctx_.clock.now());
    auto replay = claim_msgid(tx, caller, now, mdtrt_id);
    if (!replay) return replay.error();
    if (*replay) {
      auto earlier = store::SettlementRepo::visit(tx, **replay);
      if (!earlier) return Error{Reason::FSI_MSGID_REUSED, caller.msgid, "msgid"};
      return *earlier;
    }
    auto insured = person_checked(tx, caller, r.psn_no, r.cert, now);
    if (!insured) return insured.error();
    const store::PersonRow* person = &insured->person;
    auto enrolment = paying_enrolment(*insured, r.insutype, caller.insuplc_admdvs, today);
    if (!enrolment) return enrolment.error();
    if (auto ok = remote_allowed(tx, *enrolment, caller.institution, person->id, today); !ok) return ok.error();
    store::VisitRow v = new_visit(caller, mdtrt_id, person->id, *enrolment, now);
    v.kind = r.kind;
    v.insutype = r.insutype;
    v.med_type = r.med_type;
    v.ipt_otp_no = r.ipt_otp_no;
    v.mdtrt_cert_type = r.cert.type;
    v.begntime = r.begntime;
    v.dise_codg = r.dise_codg;
    v.dise_name = r.dise_name;
    v.msgid = caller.msgid;
    auto id = store::SettlementRepo::insert_visit(tx, v);
    if (!id) return Error{Reason::FSI_VISIT_DUPLICATE, r.ipt_otp_no, r.kind == "inpatient" ? "ipt_no" : "ipt_otp_no"};
    v.id = *id;
    if (r.diagnoses) store::DiagnosisRepo::replace(tx, v.id, "admission", *r.diagnoses, now);
    if (r.agent) {
      store::SettlementRepo::insert_visit_agent(tx, v.id, *r.agent, now);
      // Masked: the log is read by operators, the agent's name and phone are not theirs to see.
      log::info("visit_registered_by_agent", {{"mdtrt_id", v.mdtrt_id},
                                              {"agnter_name", core::mask_name(r.agent->name)},
                                              {"agnter_rlts", r.agent->rlts},
                                              {"agnter_cert_type", r.agent->cert_type},
                                              {"agnter_tel", core::mask_phone(r.agent->tel)}});
    }
    return v;
  });
}

core::Status SettlementService::cancel_visit(const FsiCaller& caller, const std::string& psn_no,
                                             const std::string& mdtrt_id, const std::string& ipt_otp_no) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    auto found = own_visit(tx, caller, mdtrt_id, psn_no);
    if (!found) return found.error();
    store::VisitRow* visit = &found.value();
    if (visit->ipt_otp_no != ipt_otp_no) return Error{Reason::FSI_VISIT_NOT_FOUND, ipt_otp_no, "ipt_otp_no"};
    return cancel_open_visit(tx, *visit, caller, "visit_cancelled", now_us(ctx_.clock));
  });
}

core::Status SettlementService::update_visit(const FsiCaller& caller, const VisitUpdate& u) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    auto found = own_visit(tx, caller, u.mdtrt_id, u.psn_no);
    if (!found) return found.error();
    store::VisitRow* visit = &found.value();
    if (visit->status != "open") return Error{Reason::FSI_VISIT_CLOSED};
    if (u.med_type) visit->med_type = *u.med_type;
    if (u.dise_codg) visit->dise_codg = *u.dise_codg;
    if (u.dise_name) visit->dise_name = *u.dise_name;
    if (u.endtime) visit->endtime = *u.endtime;
    if (u.discharge) visit->status = "discharged";
    store::SettlementRepo::update_visit(tx, *visit);
    if (u.diagnoses) {
      store::DiagnosisRepo::replace(tx, visit->id, u.discharge ? "discharge" : "outpatient", *u.diagnoses,
                                    now_us(ctx_.clock));
    }
    return {};
  });
}

}  // namespace yibao::services
