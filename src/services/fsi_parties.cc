#include "services/fsi_parties.h"

#include "core/clock.h"
#include "core/id_number.h"
#include "store/institution_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

// The kind of visit a transaction works on (institution-interface.md): 门诊 2202–2208, 住院
// 2301–2305 and 2402–2405, 药店 2103; nullopt for the others.
std::optional<std::string_view> visit_kind_of(std::string_view infno) {
  if (infno >= "2202" && infno <= "2208") return "outpatient";
  if ((infno >= "2301" && infno <= "2305") || (infno >= "2402" && infno <= "2405")) return "inpatient";
  if (infno == "2103") return "pharmacy";
  return std::nullopt;
}

// An ecToken this institution decoded that has not expired.
bool token_usable(const store::EcTokenRow& token, const FsiCaller& caller, std::int64_t now_us) {
  return token.institution_code == caller.institution.code && token.expires_at_us > now_us;
}

}  // namespace

core::Result<store::InsuredPerson> person_by_psn_no(store::Tx& tx, const std::string& psn_no) {
  auto insured = store::PeopleRepo::insured_by_psn_no(tx, psn_no);
  if (!insured) return Error{Reason::PERSON_UNKNOWN, "psn_no", "psn_no"};
  if (insured->person.status != "active") return Error{Reason::PERSON_NOT_ACTIVE};
  return *insured;
}

// The person a credential names: ecToken (01) decoded by this institution and not expired; an
// ID number (02); a social security card (03) whose number is the ID number (third-generation
// cards), with card_sn required.
// `known`: a person already read in this transaction (by psn_no), returned as is when it is the one.
core::Result<store::InsuredPerson> person_by_cert(store::Tx& tx, const FsiCaller& caller, const CertInput& cert,
                                                  std::int64_t now_us, std::optional<store::EcTokenRow>* ec_token,
                                                  const store::InsuredPerson* known) {
  // The psn_no's person needs no second read.
  auto insured = [&](std::int64_t person_id) -> std::optional<store::InsuredPerson> {
    if (known != nullptr && known->person.id == person_id) return *known;
    return store::PeopleRepo::insured_by_id(tx, person_id);
  };
  if (cert.type == "01" && known == nullptr) {
    // The token with the person it names, in one read.
    auto held = store::PeopleRepo::insured_by_ec_token(tx, cert.no);
    if (!held || !token_usable(held->token, caller, now_us)) return Error{Reason::FSI_CERT_INVALID, "ecToken", "mdtrt_cert_no"};
    if (ec_token != nullptr) *ec_token = held->token;
    return std::move(held->insured);
  }
  if (cert.type == "01") {
    auto token = store::InstitutionRepo::ec_token(tx, cert.no);
    if (!token || !token_usable(*token, caller, now_us)) {
      return Error{Reason::FSI_CERT_INVALID, "ecToken", "mdtrt_cert_no"};
    }
    if (ec_token != nullptr) *ec_token = *token;
    auto person = insured(token->person_id);
    if (!person) return Error{Reason::FSI_CERT_INVALID, "ecToken", "mdtrt_cert_no"};
    return *person;
  }
  if (cert.type == "02" || cert.type == "03") {
    if (cert.type == "03" && cert.card_sn.empty()) return Error{Reason::FIELD_MISSING, "卡识别码（card_sn）", "card_sn"};
    // A mistyped number is told as such (ID_NUMBER_CHECKSUM …), not as an unknown person. 03
    // card numbers are ID numbers in this version and are checked the same way.
    const auto today = core::shanghai_date(core::TimePoint{std::chrono::microseconds{now_us}});
    auto id = core::IdNumber::parse(cert.no, today);
    if (!id) return Error{id.reason(), "就诊凭证编号（mdtrt_cert_no）", "mdtrt_cert_no"};
    const auto records = store::PeopleRepo::persons_by_id_number(tx, id->value());
    for (const auto& p : records) {
      if (p.status != "active") continue;
      if (auto person = insured(p.id)) return *person;
    }
    if (records.empty()) return Error{Reason::PERSON_UNKNOWN};
    return Error{Reason::PERSON_NOT_ACTIVE};
  }
  return Error{Reason::FIELD_INVALID, "mdtrt_cert_type 须为 01、02 或 03", "mdtrt_cert_type"};
}

// What the counter is told about a credential that cannot be used, while the person may still
// be treated with an ID card or social security card.
std::string credential_note(const std::string& state) {
  if (state == "frozen") return "该参保人的医保电子凭证已被冻结，本次可凭身份证或社保卡就医；解冻请联系参保地医保经办机构";
  if (state == "revoked") return "该参保人的医保电子凭证已注销，本次可凭身份证或社保卡就医";
  return {};
}

// psn_no and the credential must name the same person.
core::Result<store::InsuredPerson> person_checked(store::Tx& tx, const FsiCaller& caller, const std::string& psn_no,
                                                  const CertInput& cert, std::int64_t now_us,
                                                  std::optional<store::EcTokenRow>* ec_token) {
  if (cert.type == "01") {
    // The usual call: the token and the person it names in one read, that person the psn_no's
    // and active. Anything else is answered as below, psn_no first, so the refusal is the same.
    auto held = store::PeopleRepo::insured_by_ec_token(tx, cert.no);
    if (held && held->insured.person.psn_no == psn_no && held->insured.person.status == "active" &&
        token_usable(held->token, caller, now_us)) {
      if (ec_token != nullptr) *ec_token = held->token;
      return std::move(held->insured);
    }
  }
  auto person = person_by_psn_no(tx, psn_no);
  if (!person) return person.error();
  auto by_cert = person_by_cert(tx, caller, cert, now_us, ec_token, &*person);
  if (!by_cert) return by_cert.error();
  if (by_cert->person.id != person->person.id) return Error{Reason::FSI_CERT_MISMATCH};
  return person;
}

// A visit used with another kind's transaction (a 2402 discharge of an outpatient visit, a
// 2202 cancelling a stay) is refused, so one kind's rules never apply to the other's visit.
core::Status kind_matches(const FsiCaller& caller, const std::string& visit_kind) {
  const auto wanted = visit_kind_of(caller.infno);
  if (!wanted || *wanted == visit_kind) return {};
  const char* is = visit_kind == "inpatient" ? "住院就诊" : visit_kind == "pharmacy" ? "药店购药" : "门诊就诊";
  return Error{Reason::FSI_VISIT_KIND_MISMATCH, std::string("该 mdtrt_id 是") + is + "，不能用 " + caller.infno + " 办理",
               "mdtrt_id"};
}

// This institution's visit for this person, of the kind the transaction works on; `patient`
// (when given) receives the person with their enrolments. `known`: the person already read by
// psn_no in this transaction (spares reading it again).
core::Result<store::VisitRow> own_visit(store::Tx& tx, const FsiCaller& caller, const std::string& mdtrt_id,
                                        const std::string& psn_no, store::InsuredPerson* patient,
                                        const store::PersonRow* known) {
  auto visit = store::SettlementRepo::visit(tx, mdtrt_id);
  if (!visit || visit->institution_code != caller.institution.code) {
    return Error{Reason::FSI_VISIT_NOT_FOUND, mdtrt_id, "mdtrt_id"};
  }
  if (auto ok = kind_matches(caller, visit->kind); !ok) return ok.error();
  const Error not_theirs{Reason::FSI_VISIT_NOT_FOUND, mdtrt_id, "psn_no"};
  if (known != nullptr && known->id == visit->person_id) {
    if (known->psn_no != psn_no) return not_theirs;
  } else if (patient != nullptr) {
    auto insured = store::PeopleRepo::insured_by_id(tx, visit->person_id);
    if (!insured || insured->person.psn_no != psn_no) return not_theirs;
    *patient = std::move(*insured);
  } else {
    auto person = store::PeopleRepo::person_by_id(tx, visit->person_id);
    if (!person || person->psn_no != psn_no) return not_theirs;
  }
  return *visit;
}

store::VisitRow new_visit(const FsiCaller& caller, const std::string& mdtrt_id, std::int64_t person_id,
                          const store::EnrolmentRow& enrolment, std::int64_t now_us) {
  store::VisitRow v;
  v.mdtrt_id = mdtrt_id;
  v.institution_code = caller.institution.code;
  v.person_id = person_id;
  v.insuplc_admdvs = enrolment.admdvs;
  v.mdtrtarea_admvs = caller.institution.admdvs;
  v.created_at_us = now_us;
  return v;
}

}  // namespace yibao::services
