#include "domain/settlement_policy.h"

#include <string>

namespace yibao::domain {

SettlementPolicy employee_settlement_defaults() {
  SettlementPolicy p;
  p.outpatient_deductible_fen = {10000, 15000, 20000};
  p.inpatient_deductible_fen = {30000, 60000, 130000};
  p.fund_ratio_bp = {9000, 8500, 8000};
  p.retiree_bonus_bp = 500;
  p.annual_cap_fen = 50'000'000;
  p.pre_self_pay_bp = 1000;
  return p;
}

SettlementPolicy resident_settlement_defaults() {
  SettlementPolicy p;
  p.outpatient_deductible_fen = {0, 5000, 10000};
  p.inpatient_deductible_fen = {20000, 40000, 80000};
  p.fund_ratio_bp = {7000, 6500, 6000};
  p.retiree_bonus_bp = 0;
  p.annual_cap_fen = 30'000'000;
  p.pre_self_pay_bp = 1000;
  return p;
}

core::Result<SettlementPolicy> default_settlement_policy(std::string_view insutype) {
  if (insutype == "310") return employee_settlement_defaults();
  if (insutype == "390") return resident_settlement_defaults();
  return core::Error{core::Reason::FIELD_INVALID, "未知险种：" + std::string(insutype), "insutype"};
}

core::Status validate_settlement_policy(const SettlementPolicy& p) {
  auto bad = [](const char* knob) { return core::Status{core::Error{core::Reason::FIELD_INVALID, "结算政策参数超出范围", knob}}; };
  for (auto v : p.outpatient_deductible_fen)
    if (v < 0) return bad("outpatient_deductible_fen");
  for (auto v : p.inpatient_deductible_fen)
    if (v < 0) return bad("inpatient_deductible_fen");
  for (auto v : p.fund_ratio_bp)
    if (v < 0 || v > 10000) return bad("fund_ratio_bp");
  if (p.retiree_bonus_bp < 0 || p.retiree_bonus_bp > 10000) return bad("retiree_bonus_bp");
  if (p.annual_cap_fen < 0) return bad("annual_cap_fen");
  if (p.pre_self_pay_bp < 0 || p.pre_self_pay_bp > 10000) return bad("pre_self_pay_bp");
  return core::Status::Ok();
}

}  // namespace yibao::domain
