#pragma once
// The load step of the settlement pipeline (issue 17: load → decide → apply): everything a
// pre-settlement or settlement needs, read in one pass into SettleFacts for the pure decide
// functions (settlement_decide.h). Refusals that need the store to know (an unknown person or
// visit, a settled batch, 异地 without filing) are answered here; the rest by decide.

#include <string>
#include <vector>

#include "core/result.h"
#include "services/settlement_decide.h"
#include "services/settlement_service.h"
#include "store/database.h"

namespace yibao::services {

// presettle reads the year's accumulators; settle locks them (its row lock orders concurrent
// settlements of one person, so the deductible is never met twice).
enum class LoadFor { presettle, settle };

// Shared by presettle and settle: who, which enrolment, the 异地 rule, the visit and its open
// details (pharmacy: a visit built in memory with the purchase's details classified; the apply
// step writes both), the accumulators and who pays.
// `clock`: the call's one reading of the clock (the day judged, the pharmacy visit's serial).
core::Result<SettleFacts> load_settlement(store::Tx& tx, const FsiCaller& caller, const SettleRequest& r,
                                          LoadFor purpose, const SettleClock& clock);

// 2204/2301/2102 details: at most 500 per call, serials unique within the call.
core::Status check_lines(const std::vector<FeeInput>& lines);

// Details with their catalogue class at the place of treatment on `on_date`; unknown codes are
// self-paid (目录外). `item_types` receives each line's med_chrgitm_type.
std::vector<store::FeeRow> classify(store::Tx& tx, const std::string& place, const std::string& on_date,
                                    std::int64_t visit_id, const std::vector<FeeInput>& lines,
                                    std::vector<std::string>& item_types);

// An inpatient stay's admission date (its begntime), for mutual aid's "effective after admission".
std::optional<std::chrono::year_month_day> admission_of(const store::VisitRow& v);

}  // namespace yibao::services
