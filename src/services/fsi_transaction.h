#pragma once
// What every institution-interface use case shares, whichever family of transactions it
// serves (visits, fees, settlement, reversal, 2601, …): the call's write transaction that also
// spends its TIF nonce, the claim of its msgid (idempotent replay, refused reuse, a msgid
// already 冲正'd), and the platform's serials. Who and which visit: fsi_parties.h.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "core/result.h"
#include "services/institution_auth.h"
#include "services/service_context.h"
#include "services/settlement_service.h"
#include "store/database.h"

namespace yibao::services {

// Platform serials: the institution's region (6) + yyyyMMddHHmmss (14) + 10 random digits = 30.
std::string serial(const std::string& admdvs, std::chrono::system_clock::time_point now);

// clr_type of a visit kind: 11 outpatient, 21 inpatient, 41 pharmacy.
std::string clr_type_of(const std::string& kind);

// N(4,1) age × 10 on `today`, e.g. 350 or 692 (0 when the birth date does not parse).
int age_tenths_of(const std::string& birth_date, std::chrono::year_month_day today);

// The write transaction of an institution call, which also spends the call's TIF nonce
// (FsiCaller::nonce): one durable commit instead of two. The nonce counts as spent only once
// that transaction committed a success; after a refusal the route spends it on its own.
template <class F>
auto call_write(ServiceContext& ctx, const FsiCaller& caller, F&& fn) {
  using R = std::invoke_result_t<F&, store::Tx&>;
  const auto now = ctx.clock.now();
  R result = ctx.db.write([&](store::Tx& tx) -> R {
    if (caller.nonce != nullptr) {
      if (auto claimed = claim_tif_nonce(tx, *caller.nonce, now); !claimed) return claimed.error();
    }
    return fn(tx);
  });
  if (result.ok() && caller.nonce != nullptr) caller.nonce->spent = true;
  return result;
}

// Claims (institution, msgid) for this call in the caller's transaction. A first claim answers
// nullopt (go on; fill the output in with SettlementRepo::set_reply_output). A repeat of the
// same request answers the stored output. Refusals: FSI_MSGID_REUSED (another transaction, or
// the first is still in flight), MSGID_REUSED_WITH_DIFFERENT_INPUT, FSI_MSGID_CORRECTED (a
// 2601 undid or pre-empted this msgid).
// `output`: the answer when it is known before the work (2201's mdtrt_id), stored with the
// claim so no later update is needed; the claim rolls back with a refusal like everything else.
core::Result<std::optional<std::string>> claim_msgid(store::Tx& tx, const FsiCaller& caller, std::int64_t now_us,
                                                     const std::string& output = "");

// 2202 / 2404 / 2601 of a registration: an open visit without a standing settlement is
// cancelled with its open details. FSI_VISIT_CLOSED, FSI_VISIT_HAS_SETTLEMENT otherwise.
// Its standing trace codes are released (`release_kind`: visit_cancelled, or corrected by 2601).
core::Status cancel_open_visit(store::Tx& tx, const store::VisitRow& visit, const FsiCaller& caller,
                               const std::string& release_kind, std::int64_t now_us);

// A claim that a 2601 wrote over (fence_msgid): the msgid stands corrected.
bool is_corrected_claim(const store::StoredReply& claim);

// 2601's tombstone on the msgid it corrects: a late original arriving after the 冲正 is
// refused (FSI_MSGID_CORRECTED) instead of moving money the institution believes undone.
// False when the original had claimed it already (then it committed: 2601 undoes it).
bool fence_msgid(store::Tx& tx, const FsiCaller& correction, const std::string& omsgid, const std::string& oinfno,
                 std::int64_t now_us);

}  // namespace yibao::services
