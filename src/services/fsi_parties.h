#pragma once
// Who and what an institution call is about, resolved in one place for every transaction
// family (visits, fees, settlement, reversal, 2601, inpatient changes): the person a psn_no or
// a credential names, that the two agree, and the institution's own visit of the right kind.
// Each refusal is the stable reason the counter is told (institution-interface.md §4).

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "services/settlement_service.h"
#include "store/database.h"
#include "store/institution_repo.h"
#include "store/people_repo.h"
#include "store/settlement_repo.h"

namespace yibao::services {

// The person and their enrolments in one read: every call judges insurance next.
// PERSON_UNKNOWN, PERSON_NOT_ACTIVE.
core::Result<store::InsuredPerson> person_by_psn_no(store::Tx& tx, const std::string& psn_no);

// The person a credential names: ecToken (01) decoded by this institution and not expired; an
// ID number (02); a social security card (03) whose number is the ID number (third-generation
// cards), with card_sn required. `ec_token` (when given) receives the token row of an 01
// credential (with whether a settlement used it).
// `known`: a person already read in this transaction, returned as is when it is the one.
core::Result<store::InsuredPerson> person_by_cert(store::Tx& tx, const FsiCaller& caller, const CertInput& cert,
                                                  std::int64_t now_us, std::optional<store::EcTokenRow>* ec_token = nullptr,
                                                  const store::InsuredPerson* known = nullptr);

// psn_no and the credential must name the same person (FSI_CERT_MISMATCH otherwise).
core::Result<store::InsuredPerson> person_checked(store::Tx& tx, const FsiCaller& caller, const std::string& psn_no,
                                                  const CertInput& cert, std::int64_t now_us,
                                                  std::optional<store::EcTokenRow>* ec_token = nullptr);

// What the counter is told about a credential that cannot be used (frozen, revoked) while the
// person may still be treated with an ID card or social security card; "" otherwise.
std::string credential_note(const std::string& state);

// A visit used with another kind's transaction (a 2402 discharge of an outpatient visit, a
// 2202 cancelling a stay) is refused, so one kind's rules never apply to the other's visit.
core::Status kind_matches(const FsiCaller& caller, const std::string& visit_kind);

// This institution's visit for this person, of the kind the transaction works on; `patient`
// (when given) receives the person with their enrolments. `known`: the person already read by
// psn_no in this transaction (spares reading it again). FSI_VISIT_NOT_FOUND otherwise.
core::Result<store::VisitRow> own_visit(store::Tx& tx, const FsiCaller& caller, const std::string& mdtrt_id,
                                        const std::string& psn_no, store::InsuredPerson* patient = nullptr,
                                        const store::PersonRow* known = nullptr);

// A new visit of this institution for this person: where it is treated (the institution's
// region) and who pays (the paying enrolment's insured region). The caller fills in the kind
// and what the request says.
store::VisitRow new_visit(const FsiCaller& caller, const std::string& mdtrt_id, std::int64_t person_id,
                          const store::EnrolmentRow& enrolment, std::int64_t now_us);

}  // namespace yibao::services
