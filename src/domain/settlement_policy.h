#pragma once
// Settlement knobs (domain.md §9) for one region and insutype: deductible (起付线) by hospital
// level, pooled-fund ratio (统筹基金支付比例) by level, the retiree bonus, the annual cap (封顶线)
// and the 乙类 pre-self-pay ratio (先行自付). All money in fen, all ratios in integer basis
// points (10000 = 100.00%). The defaults are national-looking figures, not any one region's.

#include <array>
#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace yibao::domain {

struct SettlementPolicy {
  // Index 0/1/2 = hospital level 一级/二级/三级. Pharmacy visits use the outpatient row.
  std::array<std::int64_t, 3> outpatient_deductible_fen{};
  std::array<std::int64_t, 3> inpatient_deductible_fen{};
  // Pooled-fund ratio per level; outpatient and inpatient share it in this version.
  std::array<std::int64_t, 3> fund_ratio_bp{};
  std::int64_t retiree_bonus_bp = 0;          // added for retirees, result capped at 10000
  std::int64_t annual_cap_fen = 0;            // 封顶线: pooled fund per person per year
  std::int64_t pre_self_pay_bp = 1000;        // 乙类先行自付, 10%
};

// 职工 (insutype 310): outpatient 100/150/200 yuan, inpatient 300/600/1300 yuan, ratio
// 90/85/80%, retirees +5%, cap 500,000 yuan, 乙类 10%.
SettlementPolicy employee_settlement_defaults();
// 居民 (insutype 390): outpatient 0/50/100 yuan, inpatient 200/400/800 yuan, ratio 70/65/60%,
// no retiree bonus, cap 300,000 yuan, 乙类 10%.
SettlementPolicy resident_settlement_defaults();
// "310" → employee, "390" → resident; anything else FIELD_INVALID (field "insutype").
core::Result<SettlementPolicy> default_settlement_policy(std::string_view insutype);

// Every amount ≥ 0, every ratio and the bonus in [0, 10000]; FIELD_INVALID naming the knob.
core::Status validate_settlement_policy(const SettlementPolicy& policy);

}  // namespace yibao::domain
