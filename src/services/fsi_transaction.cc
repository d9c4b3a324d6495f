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

core::Result<std::optional<std::string>> claim_msgid(store::Tx& tx, const FsiCaller& caller, std::int64_t now_us,
                                                     const std::string& output) {
  if (store::SettlementRepo::insert_reply(tx, caller.institution.code, caller.msgid, caller.infno,
                                          caller.input_digest, output, now_us)) {
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
