#pragma once
// Institution settlement use cases (issue 7; domain.md §9, institution-interface.md §2): one
// function per transaction group, each in ONE transaction. The HTTP layer (fsi_routes) maps
// the wire format; amounts here are int64 fen. Implemented by family: visit_transactions.cc
// (9001, 1101, 2201–2203, 2401/2402), fee_transactions.cc (2204/2205, 2301),
// settle_transactions.cc (pre-settlement and settlement), reverse_transactions.cc,
// settlement_correction.cc (2601); who and which visit a call is about in fsi_parties.h; the
// settlement as load (settlement_load.h) → decide (settlement_decide.h, pure) → apply.
//
// Commit calls (2207/2304/2102) and reversals (2208/2305/2103) are idempotent per institution +
// msgid: the first call claims the msgid, does the work and stores the rendered output in the
// same transaction; a repeat returns that output byte-identical. A refusal stores nothing.
// Money moves only through the ledger: fund pool, the patient's own account, each mutual-aid
// authoriser and the cash desk pay the institution's receivable; a reversal posts the same
// legs back, and restores the year's deductible/fund accumulators.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/drug_trace_rules.h"
#include "domain/remote_treatment.h"
#include "domain/settlement_calculator.h"
#include "services/institution_auth.h"
#include "services/service_context.h"
#include "store/diagnosis_repo.h"
#include "store/institution_repo.h"
#include "store/people_repo.h"
#include "store/settlement_repo.h"

namespace yibao::services {

// Who is calling and the envelope facts every transaction needs.
struct FsiCaller {
  store::InstitutionRow institution;
  std::string infno;
  std::string msgid;
  std::string insuplc_admdvs;  // envelope; may be blank (then the current enrolment's region)
  std::string input_digest;    // of the envelope's input (fsi::input_digest): a replay must match it
  // The request's TIF nonce, not yet spent: a call that writes spends it in its own
  // transaction and marks it; the route spends it on its own otherwise. nullptr: spent already.
  TifNonce* nonce = nullptr;
};

struct CertInput {
  std::string type;  // 01 ecToken, 02 ID number, 03 social security card (card number = ID number)
  std::string no;
  std::string card_sn;
};

// Ledger account codes of the settlement.
std::string fund_account_code(const std::string& insured_admdvs, const std::string& insutype);
std::string institution_receivable_code(const std::string& institution_code);
std::string cash_desk_code(const std::string& institution_code);

struct PersonInfo {
  store::PersonRow person;
  struct Insurance {
    store::EnrolmentRow enrolment;
    std::int64_t balc = 0;  // own personal account (310 only)
  };
  std::vector<Insurance> insurances;
  int age_tenths = 0;  // N(4,1) age × 10
  // The e-credential's state (inactive | active | frozen | revoked). A person whose credential
  // is frozen is still treated with an ID card or social security card (02/03): 1101 answers
  // and says so in exp_content (credential_note); by ecToken (01) it refuses CREDENTIAL_FROZEN.
  std::string credential_state;
  std::string credential_note;  // "" unless the counter must be told
};

struct FeeInput {
  std::string feedetl_sn;
  std::string chrg_bchno;
  std::string med_list_codg;
  std::string medins_list_codg;
  std::int64_t det_item_fee_sumamt = 0;
  std::int64_t cnt_milli = 0;
  std::int64_t pric_fen = 0;
  std::string init_feedetl_sn;  // 2301 refund (negative cnt): the detail it takes back from
  std::vector<domain::TraceCodeInput> trace_codes;  // 药品追溯码 sold on this line (drug_trac_info)
};

struct PricedLine {
  domain::LineResult split;
  std::int64_t cnt_milli = 0;
  std::int64_t pric_fen = 0;
  std::int64_t price_cap_fen = 0;
  std::string med_chrgitm_type;
  std::int64_t pre_self_pay_bp = 0;  // self-pay ratio of the class (乙类 pre-self-pay, 丙 100%)
};

struct VisitOpen {
  std::string kind;  // outpatient (2201) | inpatient (2401)
  std::string psn_no;
  std::string insutype;
  std::string med_type;
  std::string begntime;
  CertInput cert;
  std::string ipt_otp_no;
  std::string dise_codg;
  std::string dise_name;
  std::optional<std::vector<store::DiagnosisRow>> diagnoses;  // 2401 diseinfo (stage admission)
  std::optional<store::VisitAgent> agent;                     // agnterinfo: registered by someone else (代办)
};

struct VisitUpdate {
  std::string mdtrt_id;
  std::string psn_no;
  std::optional<std::string> med_type;
  std::optional<std::string> dise_codg;
  std::optional<std::string> dise_name;
  std::optional<std::string> endtime;  // 2402 discharge
  bool discharge = false;
  // diseinfo: replaces the stage's list (outpatient for 2203, discharge for 2402); nullopt
  // leaves it as it was.
  std::optional<std::vector<store::DiagnosisRow>> diagnoses;
};

struct SettleRequest {
  std::string kind;  // outpatient | inpatient | pharmacy
  std::string psn_no;
  CertInput cert;
  std::string med_type;  // "" = the visit's (2303/2304 do not send it)
  std::int64_t medfee_sumamt = 0;
  std::string mdtrt_id;   // not for pharmacy
  std::string chrg_bchno;  // outpatient batch; inpatient: all open details
  std::string insutype;
  bool acct_used_flag = true;
  bool mid_setl = false;  // 2303/2304 interim settlement
  // Pharmacy (2101/2102): the purchase's details and when it happened.
  std::vector<FeeInput> lines;
  std::string begntime;
  std::string dise_codg;
  std::string dise_name;
  // 2207/2304 drug_trac_info: trace codes of the details being settled (by feedetl_sn);
  // 2102's come with its lines.
  std::vector<domain::TraceCodeInput> trace_codes;
};

// Everything a setlinfo/setldetail/detlcutinfo needs.
struct SettlementView {
  store::PersonRow person;
  store::EnrolmentRow enrolment;
  store::SettlementRow row;  // amounts (negated for a reversal); setl_id empty for a pre-settlement
  std::vector<PricedLine> lines;
  std::string mdtrt_id;
  std::string mdtrt_cert_type;
  std::string setl_time;  // yyyy-MM-dd HH:mm:ss, empty for a pre-settlement
  std::string clr_type;   // 11 outpatient, 21 inpatient, 41 pharmacy
  std::int64_t balc = 0;  // own account balance after
  bool reversal = false;
  int age_tenths = 0;
  // Why mutual aid paid nothing for a patient with authorisers (domain::AidSilence text), ""
  // otherwise: rendered into the output (setldetail memo line), so a replay carries it too.
  std::string aid_note;
};

// Renders the output node stored for idempotent replay.
using OutputRenderer = std::function<std::string(const SettlementView&)>;

// 2601 冲正: the institution names a transaction it sent by msgid (omsgid) and its infno.
struct CorrectionRequest {
  std::string psn_no;
  std::string omsgid;
  std::string oinfno;
};

// What 2601 did. `undone` false: nothing needed doing (the original never reached yibao, was
// refused, or stands undone already) — `memo` says which, in Chinese for the counter.
struct CorrectionOutcome {
  std::string omsgid;
  std::string oinfno;
  bool undone = false;
  std::string memo;
  std::string setl_id;   // the reversal 2601 made (undoing a settlement) or the settlement put back
  std::string mdtrt_id;  // the visit concerned, when there is one
};
using CorrectionRenderer = std::function<std::string(const CorrectionOutcome&)>;

// The transactions 2601 can undo.
bool is_correctable_infno(const std::string& infno);

class SettlementService {
 public:
  explicit SettlementService(ServiceContext& ctx) : ctx_(ctx) {}

  // 9001: the sign_no.
  core::Result<std::string> sign_in(const FsiCaller& caller, const std::string& opter_no);
  // 1101: by ecToken (01), ID number (02) or card (03).
  core::Result<PersonInfo> person_info(const FsiCaller& caller, const CertInput& cert);
  // 2201 / 2401.
  core::Result<store::VisitRow> open_visit(const FsiCaller& caller, const VisitOpen& request);
  // 2202: only without a standing settlement.
  core::Status cancel_visit(const FsiCaller& caller, const std::string& psn_no, const std::string& mdtrt_id,
                            const std::string& ipt_otp_no);
  // 2203 / 2402.
  core::Status update_visit(const FsiCaller& caller, const VisitUpdate& update);
  // 2204 / 2301: stores the details (classified by the place of treatment's catalogue) and
  // returns the per-line split.
  core::Result<std::vector<PricedLine>> upload_fees(const FsiCaller& caller, const std::string& mdtrt_id,
                                                    const std::string& psn_no, const std::vector<FeeInput>& lines);
  // 2205: "0000" cancels every open detail.
  core::Status cancel_fees(const FsiCaller& caller, const std::string& mdtrt_id, const std::string& psn_no,
                           const std::string& chrg_bchno);
  // 2206 / 2303 / 2101: computes, commits nothing.
  core::Result<SettlementView> presettle(const FsiCaller& caller, const SettleRequest& request);
  // 2207 / 2304 / 2102: the output text (stored, or replayed).
  core::Result<std::string> settle(const FsiCaller& caller, const SettleRequest& request, const OutputRenderer& render);
  // 2208 / 2305 / 2103.
  core::Result<std::string> reverse(const FsiCaller& caller, const std::string& setl_id, const std::string& mdtrt_id,
                                    const std::string& psn_no, const OutputRenderer& render);
  // 2601 (settlement_correction.cc): undoes the transaction this institution sent as `omsgid`,
  // whether or not its answer arrived — a settlement (2207/2304/2102) is reversed, a reversal
  // (2208/2305/2103) is undone (the settlement stands again, every fen back), a registration
  // or admission (2201/2401) is cancelled. The omsgid is fenced: an original still on its way
  // is refused FSI_MSGID_CORRECTED when it arrives. Idempotent by the 2601's own msgid.
  core::Result<std::string> correct(const FsiCaller& caller, const CorrectionRequest& request,
                                    const CorrectionRenderer& render);

 private:
  // The reversal of a standing settlement inside the caller's transaction (2208/2305/2103 and
  // 2601): marks it reversed, writes the negated row, reopens its details, takes back the
  // year's accumulators and every ledger leg; stores the rendered output under caller.msgid.
  core::Result<std::string> reverse_settlement(store::Tx& tx, const FsiCaller& caller,
                                               const store::SettlementRow& original,
                                               const store::InsuredPerson& insured, const OutputRenderer& render,
                                               std::chrono::system_clock::time_point now_tp);
  // 2601 of a reversal: the settlement it reversed stands again.
  core::Result<CorrectionOutcome> undo_reversal(store::Tx& tx, const FsiCaller& caller,
                                                const store::SettlementRow& reversal);
  // 2601 of a registration or admission: cancelled, as 2202 would.
  core::Result<CorrectionOutcome> undo_visit(store::Tx& tx, const FsiCaller& caller, const store::VisitRow& visit);
  ServiceContext& ctx_;
};

}  // namespace yibao::services
