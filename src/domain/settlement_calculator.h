#pragma once
// The settlement calculator (domain.md §9): a pure function from a fee basket, the settlement
// policy, the year-to-date accumulators and the payer inputs to every amount of the 2207
// `setlinfo` this version knows, plus the per-line 2204-style split and the payer plan. No I/O.
//
// Units: money is int64 fen; quantity `cnt_milli` is cnt × 1000 (N(16,4) truncated to 3
// decimals is the caller's job — a 4th decimal must be refused there); unit prices `pric_fen`
// and `price_cap_fen` are whole fen per unit (this version does not carry sub-fen prices).
//
// Rounding rule (the only one): every product of a non-negative amount with a ratio or a
// quantity is rounded HALF-UP to the fen, i.e. round(a × b / d) = (a × b + d/2) / d, computed
// in 128-bit so it never overflows. No floating point anywhere.
//
// Per line (chrgitm_lv):
//   "01" 甲: overlimit part self-paid, the rest in scope.
//   "02" 乙: overlimit part self-paid; preselfpay = round(pre_self_pay_bp × (amount − overlimit));
//            the rest in scope.
//   "03" 丙: the whole amount is fulamt_ownpay.
//   other  : not in the catalogue → fulamt_ownpay with memo "目录外项目，全部自费".
//   overlmt_amt = round((pric − cap) × cnt) when cap > 0 and pric > cap, clamped to [0, amount].
//   amount = fulamt_ownpay + overlmt + preselfpay + inscp, always.
//
// Totals: act_pay_dedc = min(max(0, deductible[visit][level] − ytd.deductible_paid), inscp);
//   hifp_pay = min(round(ratio × (inscp − act_pay_dedc)), max(0, annual_cap − ytd.fund_paid));
//   ratio = fund_ratio_bp[level] (+ retiree_bonus_bp for retirees, capped at 10000), reported in
//   pool_prop_selfpay as basis points. Other funds are 0 in this version; hosp_part_amt = 0.
//   psn_part_amt = medfee_sumamt − fund_pay_sumamt − hosp_part_amt.
//
// Account-scope split of the personal share (per-line attribution): the pooled fund pays only
// in-scope money, so it is attributed to lines in proportion to their inscp_scp_amt; the part
// attributed to lines outside the account scope is round(hifp_pay × inscp_outside / inscp)
// (half-up; 0 when inscp is 0). Then
//   share_outside_scope    = Σ amount(non-account-scope lines) − that fund part
//   share_in_account_scope = psn_part_amt − share_outside_scope
// Both are ≥ 0 and sum to psn_part_amt exactly. They go to plan_payers() → acct_pay,
// acct_mulaid_pay, psn_cash_pay.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/payer_plan.h"
#include "domain/policy.h"
#include "domain/settlement_policy.h"

namespace yibao::domain {

inline constexpr std::string_view kOutOfCatalogueMemo = "目录外项目，全部自费";

struct FeeLine {
  std::string feedetl_sn;
  std::string med_list_codg;
  std::string chrgitm_lv;               // "01" 甲, "02" 乙, "03" 丙, anything else 目录外
  std::int64_t det_item_fee_sumamt = 0;  // fen
  std::int64_t cnt_milli = 0;            // quantity × 1000, > 0
  std::int64_t pric_fen = 0;             // unit price, fen
  std::int64_t price_cap_fen = 0;        // unit price cap, fen; 0 = no cap
  bool account_scope = true;             // 个账支付范围
};

struct LineResult {
  std::string feedetl_sn;
  std::string med_list_codg;
  std::string chrgitm_lv;
  std::int64_t det_item_fee_sumamt = 0;
  bool account_scope = true;
  std::int64_t fulamt_ownpay_amt = 0;
  std::int64_t overlmt_amt = 0;
  std::int64_t preselfpay_amt = 0;
  std::int64_t inscp_scp_amt = 0;
  std::string memo;
};

struct YearToDate {
  std::int64_t deductible_paid = 0;  // 起付线 already met this year by this visit type (outpatient or inpatient), fen
  std::int64_t fund_paid = 0;        // pooled fund already paid this year, fen
};

struct SettlementInput {
  SettlementPolicy policy;
  int hosp_level = 3;  // 1, 2 or 3
  bool retired = false;
  VisitType visit = VisitType::outpatient;
  std::vector<FeeLine> lines;
  YearToDate ytd;
  // Payer-plan inputs (domain::plan_payers).
  bool acct_used_flag = true;
  bool patient_has_account = false;
  AccountBalances own;
  std::int64_t wallet_balance = 0;  // the patient's 医保钱包 (issue 16)
  std::vector<AidSource> aid;
  std::optional<std::chrono::year_month_day> admission_date;
  std::chrono::year_month_day today{};
  RegionPolicy region;
};

struct Settlement {
  std::int64_t medfee_sumamt = 0;
  std::int64_t fulamt_ownpay_amt = 0;
  std::int64_t overlmt_selfpay = 0;
  std::int64_t preselfpay_amt = 0;
  std::int64_t inscp_scp_amt = 0;
  std::int64_t act_pay_dedc = 0;
  std::int64_t hifp_pay = 0;
  std::int64_t pool_prop_selfpay = 0;  // basis points (N(5,4) on the wire: bp / 10000)
  std::int64_t cvlserv_pay = 0;
  std::int64_t hifes_pay = 0;
  std::int64_t hifmi_pay = 0;
  std::int64_t hifob_pay = 0;
  std::int64_t maf_pay = 0;
  std::int64_t oth_pay = 0;
  std::int64_t fund_pay_sumamt = 0;
  std::int64_t psn_part_amt = 0;
  std::int64_t acct_pay = 0;
  std::int64_t acct_mulaid_pay = 0;
  std::int64_t psn_cash_pay = 0;
  std::int64_t hosp_part_amt = 0;

  std::int64_t share_in_account_scope = 0;
  std::int64_t share_outside_scope = 0;
  std::vector<LineResult> lines;
  PayerPlan plan;
  YearToDate ytd_after;  // deductible_paid + act_pay_dedc, fund_paid + fund_pay_sumamt
};

// FIELD_INVALID (with the field) on: hospital level not 1–3, an invalid policy, a negative
// amount / price / cap / YTD, quantity ≤ 0, amount ≠ round(pric × cnt) beyond ±1 fen, an amount
// beyond 10^13 fen per line or 10^15 fen in total, or an empty basket.
core::Result<Settlement> calculate_settlement(const SettlementInput& input);

// The identities of §9: medfee = fund_pay_sumamt + psn_part + hosp_part; psn_part = acct_pay +
// acct_mulaid_pay + psn_cash_pay; medfee = fulamt + overlmt + preselfpay + inscp; fund_pay_sumamt
// = the sum of the funds; every line splits exactly and the lines add up to the totals; the
// payer plan adds up; no amount is negative. INTERNAL_ERROR naming the broken identity.
core::Status check_identities(const Settlement& s);

}  // namespace yibao::domain
