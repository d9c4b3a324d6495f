#include "services/fsi_transaction.h"

#include <sodium.h>

#include "core/clock.h"
#include "store/drug_trace_repo.h"
#include "store/people_repo.h"
#include "store/settlement_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

// The digest a 2601 writes over the msgid it corrected (fsi_replies.input_digest).
constexpr std::string_view kCorrectedMark = "corrected-by:";

std::string random_digits(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += static_cast<char>('0' + randombytes_uniform(10));
  return out;
}

// The kind of visit a transaction works on (institution-interface.md): 门诊 2202–2208, 住院
// 2301–2305 and 2402–2405, 药店 2103; nullopt for the others.
std::optional<std::string_view> visit_kind_of(std::string_view infno) {
  if (infno >= "2202" && infno <= "2208") return "outpatient";
  if ((infno >= "2301" && infno <= "2305") || (infno >= "2402" && infno <= "2405")) return "inpatient";
  if (infno == "2103") return "pharmacy";
  return std::nullopt;
}

}  // namespace

std::string serial(const std::string& admdvs, std::chrono::system_clock::time_point now) {
  return admdvs + core::format_shanghai_compact(now) + random_digits(10);
}

std::string clr_type_of(const std::string& kind) {
  if (kind == "inpatient") return "21";
  if (kind == "pharmacy") return "41";
  return "11";
}

int age_tenths_of(const std::string& birth_date, std::chrono::year_month_day today) {
  auto birth = core::parse_date(birth_date);
  if (!birth) return 0;
  const auto days = (std::chrono::sys_days{today} - std::chrono::sys_days{*birth}).count();
  return static_cast<int>(days * 10 / 365);  // N(4,1), e.g. 35.0 or 69.2
}

core::Result<std::optional<std::string>> claim_msgid(store::Tx& tx, const FsiCaller& caller, std::int64_t now_us) {
  if (store::SettlementRepo::insert_reply(tx, caller.institution.code, caller.msgid, caller.infno,
                                          caller.input_digest, "", now_us)) {
    return std::optional<std::string>{};
  }
  auto stored = store::SettlementRepo::reply(tx, caller.institution.code, caller.msgid);
  if (stored && is_corrected_claim(*stored)) {
    return Error{Reason::FSI_MSGID_CORRECTED, stored->input_digest.substr(kCorrectedMark.size()), "msgid"};
  }
  if (!stored || stored->infno != caller.infno || stored->output.empty()) {
    return Error{Reason::FSI_MSGID_REUSED, caller.msgid, "msgid"};
  }
  // Replies stored before digests were kept (migration 0011) have none to compare.
  if (!stored->input_digest.empty() && stored->input_digest != caller.input_digest) {
    return Error{Reason::MSGID_REUSED_WITH_DIFFERENT_INPUT, caller.msgid, "msgid"};
  }
  return std::optional<std::string>{stored->output};
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

core::Status cancel_open_visit(store::Tx& tx, const store::VisitRow& visit, const FsiCaller& caller,
                               const std::string& release_kind, std::int64_t now_us) {
  if (visit.status != "open") return Error{Reason::FSI_VISIT_CLOSED, visit.mdtrt_id, "mdtrt_id"};
  if (store::SettlementRepo::visit_has_settlement(tx, visit.id)) {
    return Error{Reason::FSI_VISIT_HAS_SETTLEMENT, visit.mdtrt_id, "mdtrt_id"};
  }
  store::SettlementRepo::cancel_fees(tx, visit.id, "0000");
  auto cancelled = visit;
  cancelled.status = "cancelled";
  store::SettlementRepo::update_visit(tx, cancelled);
  store::DrugTraceRepo::release_visit(tx, visit.id, release_kind, caller.msgid, now_us);
  return {};
}

bool is_corrected_claim(const store::StoredReply& claim) { return claim.input_digest.starts_with(kCorrectedMark); }

bool fence_msgid(store::Tx& tx, const FsiCaller& correction, const std::string& omsgid, const std::string& oinfno,
                 std::int64_t now_us) {
  const std::string mark = std::string(kCorrectedMark) + correction.msgid;
  // ON CONFLICT waits for an original still in flight on PostgreSQL (its claim's row lock), so
  // either the original committed first and is undone, or it meets this tombstone.
  if (store::SettlementRepo::insert_reply(tx, correction.institution.code, omsgid, oinfno, mark, "", now_us)) {
    return true;
  }
  store::SettlementRepo::mark_reply_corrected(tx, correction.institution.code, omsgid, mark);
  return false;
}

}  // namespace yibao::services
