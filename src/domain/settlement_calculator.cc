#include "domain/settlement_calculator.h"

#include <algorithm>

namespace yibao::domain {
namespace {

__extension__ typedef __int128 Wide;

constexpr std::int64_t kMaxLineFen = 10'000'000'000'000;       // 10^13 fen
constexpr std::int64_t kMaxTotalFen = 1'000'000'000'000'000;   // 10^15 fen
constexpr std::int64_t kMaxCntMilli = 1'000'000'000'000;       // 10^9 units

// round(a × b / d) half-up, for a, b ≥ 0 and d > 0. The result must fit (callers ensure it).
std::int64_t mul_div_half_up(std::int64_t a, std::int64_t b, std::int64_t d) {
  const Wide n = static_cast<Wide>(a) * static_cast<Wide>(b) + d / 2;
  return static_cast<std::int64_t>(n / d);
}
std::int64_t apply_bp(std::int64_t amount, std::int64_t bp) { return mul_div_half_up(amount, bp, 10000); }

core::Error invalid(std::string detail, std::string field) {
  return core::Error{core::Reason::FIELD_INVALID, std::move(detail), std::move(field)};
}

core::Result<LineResult> split_line(const FeeLine& l, const SettlementPolicy& policy) {
  const std::string at = "（明细 " + l.feedetl_sn + "）";
  if (l.det_item_fee_sumamt < 0) return invalid("金额不能为负" + at, "det_item_fee_sumamt");
  if (l.det_item_fee_sumamt > kMaxLineFen) return invalid("金额过大" + at, "det_item_fee_sumamt");
  if (l.cnt_milli <= 0 || l.cnt_milli > kMaxCntMilli) return invalid("数量必须大于 0" + at, "cnt");
  if (l.pric_fen < 0 || l.pric_fen > kMaxLineFen) return invalid("单价不正确" + at, "pric");
  if (l.price_cap_fen < 0 || l.price_cap_fen > kMaxLineFen) return invalid("限价不正确" + at, "pric_uplmt_amt");
  const Wide expected = (static_cast<Wide>(l.pric_fen) * l.cnt_milli + 500) / 1000;
  const Wide diff = expected - l.det_item_fee_sumamt;
  if (diff > 1 || diff < -1) return invalid("明细金额与单价×数量不符" + at, "det_item_fee_sumamt");

  LineResult r;
  r.feedetl_sn = l.feedetl_sn;
  r.med_list_codg = l.med_list_codg;
  r.chrgitm_lv = l.chrgitm_lv;
  r.det_item_fee_sumamt = l.det_item_fee_sumamt;
  r.account_scope = l.account_scope;
  const std::int64_t amount = l.det_item_fee_sumamt;
  const bool jia = l.chrgitm_lv == "01", yi = l.chrgitm_lv == "02", bing = l.chrgitm_lv == "03";
  if (!jia && !yi) {
    r.fulamt_ownpay_amt = amount;
    if (!bing) r.memo = std::string(kOutOfCatalogueMemo);
    return r;
  }
  if (l.price_cap_fen > 0 && l.pric_fen > l.price_cap_fen) {
    r.overlmt_amt = std::clamp<std::int64_t>(mul_div_half_up(l.pric_fen - l.price_cap_fen, l.cnt_milli, 1000), 0, amount);
  }
  if (yi) r.preselfpay_amt = apply_bp(amount - r.overlmt_amt, policy.pre_self_pay_bp);
  r.inscp_scp_amt = amount - r.overlmt_amt - r.preselfpay_amt;
  return r;
}

}  // namespace

core::Result<Settlement> calculate_settlement(const SettlementInput& in) {
  if (in.hosp_level < 1 || in.hosp_level > 3) return invalid("医院等级应为 1、2 或 3", "hosp_lv");
  if (auto st = validate_settlement_policy(in.policy); !st.ok()) return st.error();
  if (in.lines.empty()) return invalid("没有费用明细", "feedetail");
  if (in.ytd.deductible_paid < 0) return invalid("年度累计起付线不能为负", "ytd.deductible_paid");
  if (in.ytd.fund_paid < 0) return invalid("年度累计统筹支付不能为负", "ytd.fund_paid");
  if (in.ytd.deductible_paid > kMaxTotalFen || in.ytd.fund_paid > kMaxTotalFen)
    return invalid("年度累计金额过大", "ytd");

  Settlement s;
  std::int64_t amount_outside = 0, inscp_outside = 0;
  for (const auto& line : in.lines) {
    auto r = split_line(line, in.policy);
    if (!r.ok()) return r.error();
    const LineResult& lr = r.value();
    s.medfee_sumamt += lr.det_item_fee_sumamt;
    if (s.medfee_sumamt > kMaxTotalFen) return invalid("费用总额过大", "medfee_sumamt");
    s.fulamt_ownpay_amt += lr.fulamt_ownpay_amt;
    s.overlmt_selfpay += lr.overlmt_amt;
    s.preselfpay_amt += lr.preselfpay_amt;
    s.inscp_scp_amt += lr.inscp_scp_amt;
    if (!lr.account_scope) {
      amount_outside += lr.det_item_fee_sumamt;
      inscp_outside += lr.inscp_scp_amt;
    }
    s.lines.push_back(std::move(r).value());
  }

  const std::size_t lv = static_cast<std::size_t>(in.hosp_level - 1);
  const std::int64_t deductible = in.visit == VisitType::inpatient ? in.policy.inpatient_deductible_fen[lv]
                                                                   : in.policy.outpatient_deductible_fen[lv];
  const std::int64_t deductible_left = std::max<std::int64_t>(0, deductible - in.ytd.deductible_paid);
  s.act_pay_dedc = std::min(deductible_left, s.inscp_scp_amt);

  std::int64_t ratio = in.policy.fund_ratio_bp[lv];
  if (in.retired) ratio = std::min<std::int64_t>(10000, ratio + in.policy.retiree_bonus_bp);
  s.pool_prop_selfpay = ratio;
  const std::int64_t by_ratio = apply_bp(s.inscp_scp_amt - s.act_pay_dedc, ratio);
  const std::int64_t cap_left = std::max<std::int64_t>(0, in.policy.annual_cap_fen - in.ytd.fund_paid);
  s.hifp_pay = std::min(by_ratio, cap_left);
  s.fund_pay_sumamt = s.hifp_pay + s.cvlserv_pay + s.hifes_pay + s.hifmi_pay + s.hifob_pay + s.maf_pay + s.oth_pay;
  s.psn_part_amt = s.medfee_sumamt - s.fund_pay_sumamt - s.hosp_part_amt;

  const std::int64_t fund_outside =
      s.inscp_scp_amt == 0 ? 0 : mul_div_half_up(s.hifp_pay, inscp_outside, s.inscp_scp_amt);
  s.share_outside_scope = amount_outside - fund_outside;
  s.share_in_account_scope = s.psn_part_amt - s.share_outside_scope;

  PayerPlanInput p;
  p.share_in_account_scope = s.share_in_account_scope;
  p.share_outside_scope = s.share_outside_scope;
  p.use_account = in.acct_used_flag;
  p.patient_has_account = in.patient_has_account;
  p.own = in.own;
  p.wallet_balance = in.wallet_balance;
  p.visit = in.visit;
  p.admission_date = in.admission_date;
  p.today = in.today;
  p.aid = in.aid;
  p.policy = in.region;
  s.plan = plan_payers(p);
  s.acct_pay = s.plan.acct_pay;
  s.acct_mulaid_pay = s.plan.acct_mulaid_pay;
  s.psn_cash_pay = s.plan.cash;

  s.ytd_after.deductible_paid = in.ytd.deductible_paid + s.act_pay_dedc;
  s.ytd_after.fund_paid = in.ytd.fund_paid + s.fund_pay_sumamt;

  if (auto st = check_identities(s); !st.ok()) return st.error();
  return s;
}

core::Status check_identities(const Settlement& s) {
  auto broken = [](const char* what) { return core::Status{core::Error{core::Reason::INTERNAL_ERROR, what, "setlinfo"}}; };
  for (std::int64_t v : {s.medfee_sumamt, s.fulamt_ownpay_amt, s.overlmt_selfpay, s.preselfpay_amt, s.inscp_scp_amt,
                         s.act_pay_dedc, s.hifp_pay, s.pool_prop_selfpay, s.cvlserv_pay, s.hifes_pay, s.hifmi_pay,
                         s.hifob_pay, s.maf_pay, s.oth_pay, s.fund_pay_sumamt, s.psn_part_amt, s.acct_pay,
                         s.acct_mulaid_pay, s.psn_cash_pay, s.hosp_part_amt, s.share_in_account_scope,
                         s.share_outside_scope})
    if (v < 0) return broken("negative amount");
  if (s.medfee_sumamt != s.fund_pay_sumamt + s.psn_part_amt + s.hosp_part_amt)
    return broken("medfee_sumamt != fund_pay_sumamt + psn_part_amt + hosp_part_amt");
  if (s.psn_part_amt != s.acct_pay + s.acct_mulaid_pay + s.psn_cash_pay)
    return broken("psn_part_amt != acct_pay + acct_mulaid_pay + psn_cash_pay");
  if (s.medfee_sumamt != s.fulamt_ownpay_amt + s.overlmt_selfpay + s.preselfpay_amt + s.inscp_scp_amt)
    return broken("medfee_sumamt != fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt");
  if (s.fund_pay_sumamt !=
      s.hifp_pay + s.cvlserv_pay + s.hifes_pay + s.hifmi_pay + s.hifob_pay + s.maf_pay + s.oth_pay)
    return broken("fund_pay_sumamt != sum of funds");
  if (s.act_pay_dedc > s.inscp_scp_amt || s.hifp_pay > s.inscp_scp_amt - s.act_pay_dedc)
    return broken("fund or deductible beyond the in-scope amount");
  if (s.pool_prop_selfpay > 10000) return broken("pool_prop_selfpay > 10000");
  if (s.psn_part_amt != s.share_in_account_scope + s.share_outside_scope)
    return broken("psn_part_amt != share_in_account_scope + share_outside_scope");
  std::int64_t med = 0, ful = 0, over = 0, pre = 0, in = 0;
  for (const auto& l : s.lines) {
    if (l.fulamt_ownpay_amt < 0 || l.overlmt_amt < 0 || l.preselfpay_amt < 0 || l.inscp_scp_amt < 0)
      return broken("negative line amount");
    if (l.det_item_fee_sumamt != l.fulamt_ownpay_amt + l.overlmt_amt + l.preselfpay_amt + l.inscp_scp_amt)
      return broken("line amount != fulamt_ownpay + overlmt + preselfpay + inscp");
    med += l.det_item_fee_sumamt;
    ful += l.fulamt_ownpay_amt;
    over += l.overlmt_amt;
    pre += l.preselfpay_amt;
    in += l.inscp_scp_amt;
  }
  if (med != s.medfee_sumamt || ful != s.fulamt_ownpay_amt || over != s.overlmt_selfpay || pre != s.preselfpay_amt ||
      in != s.inscp_scp_amt)
    return broken("lines do not add up to the totals");
  if (s.plan.acct_pay != s.acct_pay || s.plan.acct_mulaid_pay != s.acct_mulaid_pay || s.plan.cash != s.psn_cash_pay)
    return broken("payer plan differs from setlinfo");
  std::int64_t planned = 0;
  for (const auto& l : s.plan.lines) planned += l.amount;
  if (planned != s.psn_part_amt) return broken("payer plan lines != psn_part_amt");
  return core::Status::Ok();
}

}  // namespace yibao::domain
