// domain.md §9: the settlement calculator — every amount hand-computed to the fen.
#include <gtest/gtest.h>

#include <random>

#include "domain/settlement_calculator.h"

namespace yibao::domain {
namespace {

using namespace std::chrono;
const year_month_day kToday{year{2026}, November, day{20}};

FeeLine line(std::string sn, std::string lv, std::int64_t pric_fen, std::int64_t cnt_milli, std::int64_t cap = 0,
             bool account_scope = true) {
  FeeLine l;
  l.feedetl_sn = sn;
  l.med_list_codg = "X" + sn;
  l.chrgitm_lv = std::move(lv);
  l.pric_fen = pric_fen;
  l.cnt_milli = cnt_milli;
  l.det_item_fee_sumamt = (pric_fen * cnt_milli + 500) / 1000;
  l.price_cap_fen = cap;
  l.account_scope = account_scope;
  return l;
}

SettlementInput employee(int level, VisitType visit) {
  SettlementInput in;
  in.policy = employee_settlement_defaults();
  in.hosp_level = level;
  in.visit = visit;
  in.patient_has_account = true;
  in.today = kToday;
  return in;
}

AidSource aid(std::int64_t id, std::int64_t current, std::int64_t prior) {
  AidSource s;
  s.authorisation_id = id;
  s.authoriser_person_id = 100 + id;
  s.effective_from = year{2026} / 1 / 1;
  s.balances = {current, prior};
  return s;
}

Settlement run(const SettlementInput& in) {
  auto r = calculate_settlement(in);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
  EXPECT_TRUE(check_identities(r.value()).ok());
  return r.value();
}

TEST(SettlementPolicy, DefaultsByInsutype) {
  ASSERT_TRUE(default_settlement_policy("310").ok());
  EXPECT_EQ(default_settlement_policy("310")->inpatient_deductible_fen[2], 130000);
  EXPECT_EQ(default_settlement_policy("390")->fund_ratio_bp[0], 7000);
  EXPECT_EQ(default_settlement_policy("390")->annual_cap_fen, 30'000'000);
  EXPECT_EQ(default_settlement_policy("999").reason(), core::Reason::FIELD_INVALID);
  SettlementPolicy bad = employee_settlement_defaults();
  bad.fund_ratio_bp[1] = 10001;
  EXPECT_EQ(validate_settlement_policy(bad).error().field, "fund_ratio_bp");
}

// 1. Outpatient, 职工, 三级, one 甲 drug 25.50 × 20 = 510.00 yuan = 51000 fen, account used.
//    inscp 51000; deductible (outpatient 三级) 20000, none paid → act_pay_dedc 20000;
//    base 31000 × 80% = 24800 = hifp_pay; psn_part 51000 − 24800 = 26200; own 当年 100000 pays it.
TEST(SettlementCalculator, OutpatientEmployeeOneJiaDrug) {
  auto in = employee(3, VisitType::outpatient);
  in.lines = {line("1", "01", 2550, 20000)};
  in.own = {100000, 5000};
  const auto s = run(in);
  EXPECT_EQ(s.medfee_sumamt, 51000);
  EXPECT_EQ(s.inscp_scp_amt, 51000);
  EXPECT_EQ(s.fulamt_ownpay_amt + s.overlmt_selfpay + s.preselfpay_amt, 0);
  EXPECT_EQ(s.act_pay_dedc, 20000);
  EXPECT_EQ(s.pool_prop_selfpay, 8000);
  EXPECT_EQ(s.hifp_pay, 24800);
  EXPECT_EQ(s.fund_pay_sumamt, 24800);
  EXPECT_EQ(s.psn_part_amt, 26200);
  EXPECT_EQ(s.acct_pay, 26200);
  EXPECT_EQ(s.acct_mulaid_pay, 0);
  EXPECT_EQ(s.psn_cash_pay, 0);
  ASSERT_EQ(s.plan.lines.size(), 1u);
  EXPECT_EQ(s.plan.lines[0].payer, Payer::own_current);
  EXPECT_EQ(s.ytd_after.deductible_paid, 20000);
  EXPECT_EQ(s.ytd_after.fund_paid, 24800);
}

// 2. The DoD case. Inpatient, 职工 in service, 三级 (deductible 130000, ratio 8000, cap
//    50,000,000, 乙类 10%). YTD: deductible 60000 already paid (an earlier 二级 stay), fund
//    49,700,000 already paid → only 300,000 of cap left.
//    Lines (amount = round(pric × cnt)):
//      L1 甲 drug 123.45 × 4, NOT account scope: 49380 → inscp 49380
//      L2 乙 item 300.00 × 2, cap 250.00:        60000 → overlmt (30000−25000)×2 = 10000;
//                                                 pre = 10% × 50000 = 5000; inscp 45000
//      L3 乙 drug 33.33 × 3:                      9999 → pre = 10% × 9999 = 999.9 → 1000 (half-up);
//                                                 inscp 8999
//      L4 丙 item 800.00 × 1, NOT account scope:  80000 → fulamt 80000
//      L5 甲 surgery 5000.00 × 1:                500000 → inscp 500000
//    medfee 699379 = fulamt 80000 + overlmt 10000 + pre 6000 + inscp 603379.
//    deductible left 130000 − 60000 = 70000 ≤ 603379 → act_pay_dedc 70000.
//    base 603379 − 70000 = 533379; × 8000 bp = 4,267,032,000 / 10000 = 426703.2 → 426703;
//    cap left 50,000,000 − 49,700,000 = 300000 < 426703 → hifp_pay 300000 (the cap bites).
//    fund_pay_sumamt 300000; psn_part 699379 − 300000 = 399379.
//    Split: inscp outside scope = L1 49380; fund attributed there = 300000 × 49380 / 603379
//      = 24551.73 → 24552; share_outside = (49380 + 80000) − 24552 = 104828;
//      share_in = 399379 − 104828 = 294551.
//    Payer plan: own 当年 50000 + 历年 20000 = acct_pay 70000 → 224551 left.
//      Aid (prior_years, balance_desc): auth 2 历年 150000 before auth 1 历年 60000 (auth 1's
//      当年 500000 is never touched): 150000 + 60000 = acct_mulaid_pay 210000 → 14551 left.
//      Cash: 14551 (accounts exhausted) + 104828 (outside scope) = psn_cash_pay 119379.
//    Check: 70000 + 210000 + 119379 = 399379. YTD after: deductible 130000, fund 50,000,000.
TEST(SettlementCalculator, InpatientDodCase) {
  auto in = employee(3, VisitType::inpatient);
  in.lines = {line("L1", "01", 12345, 4000, 0, false), line("L2", "02", 30000, 2000, 25000),
              line("L3", "02", 3333, 3000), line("L4", "03", 80000, 1000, 0, false), line("L5", "01", 500000, 1000)};
  in.ytd = {60000, 49'700'000};
  in.own = {50000, 20000};
  in.aid = {aid(1, 500000, 60000), aid(2, 0, 150000)};
  in.admission_date = year{2026} / 11 / 10;
  const auto s = run(in);

  ASSERT_EQ(s.lines.size(), 5u);
  auto expect_line = [&](std::size_t i, std::int64_t amt, std::int64_t ful, std::int64_t over, std::int64_t pre,
                         std::int64_t inscp) {
    SCOPED_TRACE(s.lines[i].feedetl_sn);
    EXPECT_EQ(s.lines[i].det_item_fee_sumamt, amt);
    EXPECT_EQ(s.lines[i].fulamt_ownpay_amt, ful);
    EXPECT_EQ(s.lines[i].overlmt_amt, over);
    EXPECT_EQ(s.lines[i].preselfpay_amt, pre);
    EXPECT_EQ(s.lines[i].inscp_scp_amt, inscp);
    EXPECT_EQ(s.lines[i].memo, "");
  };
  expect_line(0, 49380, 0, 0, 0, 49380);
  expect_line(1, 60000, 0, 10000, 5000, 45000);
  expect_line(2, 9999, 0, 0, 1000, 8999);
  expect_line(3, 80000, 80000, 0, 0, 0);
  expect_line(4, 500000, 0, 0, 0, 500000);

  EXPECT_EQ(s.medfee_sumamt, 699379);
  EXPECT_EQ(s.fulamt_ownpay_amt, 80000);
  EXPECT_EQ(s.overlmt_selfpay, 10000);
  EXPECT_EQ(s.preselfpay_amt, 6000);
  EXPECT_EQ(s.inscp_scp_amt, 603379);
  EXPECT_EQ(s.act_pay_dedc, 70000);
  EXPECT_EQ(s.hifp_pay, 300000);
  EXPECT_EQ(s.pool_prop_selfpay, 8000);
  EXPECT_EQ(s.cvlserv_pay, 0);
  EXPECT_EQ(s.hifes_pay, 0);
  EXPECT_EQ(s.hifmi_pay, 0);
  EXPECT_EQ(s.hifob_pay, 0);
  EXPECT_EQ(s.maf_pay, 0);
  EXPECT_EQ(s.oth_pay, 0);
  EXPECT_EQ(s.fund_pay_sumamt, 300000);
  EXPECT_EQ(s.psn_part_amt, 399379);
  EXPECT_EQ(s.share_outside_scope, 104828);
  EXPECT_EQ(s.share_in_account_scope, 294551);
  EXPECT_EQ(s.acct_pay, 70000);
  EXPECT_EQ(s.acct_mulaid_pay, 210000);
  EXPECT_EQ(s.psn_cash_pay, 119379);
  EXPECT_EQ(s.hosp_part_amt, 0);
  EXPECT_EQ(s.ytd_after.deductible_paid, 130000);
  EXPECT_EQ(s.ytd_after.fund_paid, 50'000'000);

  ASSERT_EQ(s.plan.lines.size(), 6u);
  EXPECT_EQ(s.plan.lines[0].payer, Payer::own_current);
  EXPECT_EQ(s.plan.lines[0].amount, 50000);
  EXPECT_EQ(s.plan.lines[1].payer, Payer::own_prior);
  EXPECT_EQ(s.plan.lines[1].amount, 20000);
  EXPECT_EQ(s.plan.lines[2].payer, Payer::aid_prior);
  EXPECT_EQ(s.plan.lines[2].authorisation_id, 2);
  EXPECT_EQ(s.plan.lines[2].amount, 150000);
  EXPECT_EQ(s.plan.lines[2].rule, "mutual_aid:balance_desc:prior_years_only");
  EXPECT_EQ(s.plan.lines[3].payer, Payer::aid_prior);
  EXPECT_EQ(s.plan.lines[3].authorisation_id, 1);
  EXPECT_EQ(s.plan.lines[3].amount, 60000);
  EXPECT_EQ(s.plan.lines[4].rule, "cash:accounts_exhausted");
  EXPECT_EQ(s.plan.lines[4].amount, 14551);
  EXPECT_EQ(s.plan.lines[5].rule, "cash:outside_account_scope");
  EXPECT_EQ(s.plan.lines[5].amount, 104828);
  EXPECT_TRUE(check_identities(s).ok());
}

// 3. Two 二级 inpatient stays (deductible 60000, ratio 8500), no account.
//    Visit 1: 甲 100000 → dedc 60000; base 40000 × 85% = 34000; YTD deductible 60000, fund 34000.
//    Visit 2: 甲 50000 → dedc min(60000 − 60000, …) = 0; 50000 × 85% = 42500.
TEST(SettlementCalculator, DeductibleAccumulatesOverTheYear) {
  auto in = employee(2, VisitType::inpatient);
  in.patient_has_account = false;
  in.lines = {line("1", "01", 100000, 1000)};
  const auto first = run(in);
  EXPECT_EQ(first.act_pay_dedc, 60000);
  EXPECT_EQ(first.hifp_pay, 34000);
  EXPECT_EQ(first.psn_cash_pay, 66000);
  EXPECT_EQ(first.ytd_after.deductible_paid, 60000);
  EXPECT_EQ(first.ytd_after.fund_paid, 34000);

  in.ytd = first.ytd_after;
  in.lines = {line("2", "01", 50000, 1000)};
  const auto second = run(in);
  EXPECT_EQ(second.act_pay_dedc, 0);
  EXPECT_EQ(second.hifp_pay, 42500);
  EXPECT_EQ(second.psn_part_amt, 7500);
  EXPECT_EQ(second.psn_cash_pay, 7500);
  EXPECT_EQ(second.ytd_after.deductible_paid, 60000);
  EXPECT_EQ(second.ytd_after.fund_paid, 76500);
}

// 4. Retiree: 三级 8000 + 500 = 8500; 一级 9000 + 500 = 9500; a 9800 ratio + 500 caps at 10000.
//    Inpatient 三级, 甲 230000, deductible 130000 → base 100000 × 85% = 85000.
TEST(SettlementCalculator, RetireeBonusRatio) {
  auto in = employee(3, VisitType::inpatient);
  in.retired = true;
  in.lines = {line("1", "01", 230000, 1000)};
  auto s = run(in);
  EXPECT_EQ(s.pool_prop_selfpay, 8500);
  EXPECT_EQ(s.act_pay_dedc, 130000);
  EXPECT_EQ(s.hifp_pay, 85000);
  EXPECT_EQ(s.psn_part_amt, 145000);

  in.hosp_level = 1;  // deductible 30000: base 200000 × 95% = 190000
  s = run(in);
  EXPECT_EQ(s.pool_prop_selfpay, 9500);
  EXPECT_EQ(s.hifp_pay, 190000);

  in.policy.fund_ratio_bp[0] = 9800;  // capped: base 200000 × 100%
  s = run(in);
  EXPECT_EQ(s.pool_prop_selfpay, 10000);
  EXPECT_EQ(s.hifp_pay, 200000);
  EXPECT_EQ(s.psn_part_amt, 30000);
}

// 5. acct_used_flag 0: outpatient 一级 (deductible 10000, 90%), 甲 30000 → hifp 18000,
//    psn_part 12000, all cash although the account holds plenty.
TEST(SettlementCalculator, NoAccountUseMeansAllCash) {
  auto in = employee(1, VisitType::outpatient);
  in.acct_used_flag = false;
  in.own = {1'000'000, 1'000'000};
  in.aid = {aid(1, 0, 1'000'000)};
  in.lines = {line("1", "01", 30000, 1000)};
  const auto s = run(in);
  EXPECT_EQ(s.hifp_pay, 18000);
  EXPECT_EQ(s.psn_part_amt, 12000);
  EXPECT_EQ(s.acct_pay, 0);
  EXPECT_EQ(s.acct_mulaid_pay, 0);
  EXPECT_EQ(s.psn_cash_pay, 12000);
  ASSERT_EQ(s.plan.lines.size(), 1u);
  EXPECT_EQ(s.plan.lines[0].rule, "cash:acct_used_flag_0");
}

// 6. A line whose class is not in the catalogue is fully self-paid with the memo; nothing in
//    scope, no deductible consumed, no fund. 12.34 × 2.5 = 30.85 → 3085.
TEST(SettlementCalculator, UnknownCatalogueCodeIsFullySelfPaid) {
  auto in = employee(3, VisitType::outpatient);
  in.lines = {line("1", "", 1234, 2500)};
  in.own = {100000, 0};
  const auto s = run(in);
  ASSERT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.lines[0].det_item_fee_sumamt, 3085);
  EXPECT_EQ(s.lines[0].fulamt_ownpay_amt, 3085);
  EXPECT_EQ(s.lines[0].memo, kOutOfCatalogueMemo);
  EXPECT_EQ(s.inscp_scp_amt, 0);
  EXPECT_EQ(s.act_pay_dedc, 0);
  EXPECT_EQ(s.hifp_pay, 0);
  EXPECT_EQ(s.psn_part_amt, 3085);
  EXPECT_EQ(s.acct_pay, 3085);  // the line is in account scope by default
  EXPECT_EQ(s.ytd_after.deductible_paid, 0);
}

TEST(SettlementCalculator, RefusesInvalidInput) {
  auto in = employee(3, VisitType::outpatient);
  auto refused_field = [&](const FeeLine& l) {
    in.lines = {l};
    auto r = calculate_settlement(in);
    EXPECT_FALSE(r.ok());
    if (r.ok()) return std::string{};
    EXPECT_EQ(r.reason(), core::Reason::FIELD_INVALID);
    return r.error().field;
  };
  auto negative = line("1", "01", 100, 1000);
  negative.det_item_fee_sumamt = -100;
  negative.pric_fen = -100;
  EXPECT_EQ(refused_field(negative), "det_item_fee_sumamt");
  auto zero_cnt = line("1", "01", 100, 1000);
  zero_cnt.cnt_milli = 0;
  EXPECT_EQ(refused_field(zero_cnt), "cnt");
  auto mismatch = line("1", "01", 100, 3000);  // 300
  mismatch.det_item_fee_sumamt = 302;
  EXPECT_EQ(refused_field(mismatch), "det_item_fee_sumamt");
  mismatch.det_item_fee_sumamt = 301;  // within the 1-fen tolerance
  in.lines = {mismatch};
  EXPECT_TRUE(calculate_settlement(in).ok());
  in.hosp_level = 4;
  EXPECT_EQ(calculate_settlement(in).reason(), core::Reason::FIELD_INVALID);
  in.hosp_level = 3;
  in.lines.clear();
  EXPECT_EQ(calculate_settlement(in).reason(), core::Reason::FIELD_INVALID);
}

TEST(SettlementCalculator, CheckIdentitiesCatchesABrokenSettlement) {
  auto in = employee(3, VisitType::outpatient);
  in.lines = {line("1", "01", 50000, 1000)};
  auto s = run(in);
  ASSERT_TRUE(check_identities(s).ok());
  auto broken = s;
  broken.psn_cash_pay += 1;
  EXPECT_EQ(check_identities(broken).reason(), core::Reason::INTERNAL_ERROR);
  broken = s;
  broken.hifp_pay -= 1;
  EXPECT_FALSE(check_identities(broken).ok());
  broken = s;
  broken.lines[0].inscp_scp_amt -= 1;
  EXPECT_FALSE(check_identities(broken).ok());
}

// 7. Random baskets: the identities hold and no amount goes negative.
TEST(SettlementCalculator, IdentitiesHoldOverRandomBaskets) {
  std::mt19937 rng(20261120);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  const char* classes[] = {"01", "02", "03", "", "99"};
  for (int round = 0; round < 400; ++round) {
    SCOPED_TRACE(round);
    auto in = employee(static_cast<int>(pick(1, 3)), pick(0, 1) ? VisitType::inpatient : VisitType::outpatient);
    if (pick(0, 1)) in.policy = resident_settlement_defaults();
    in.retired = pick(0, 1) == 1;
    in.acct_used_flag = pick(0, 3) != 0;
    in.patient_has_account = pick(0, 3) != 0;
    in.own = {pick(0, 200000), pick(0, 200000)};
    for (int a = 0, n = static_cast<int>(pick(0, 3)); a < n; ++a) in.aid.push_back(aid(a + 1, pick(0, 90000), pick(0, 90000)));
    in.ytd = {pick(0, 150000), pick(0, 1) ? pick(49'000'000, 50'500'000) : pick(0, 1'000'000)};
    for (int i = 0, n = static_cast<int>(pick(1, 8)); i < n; ++i) {
      const std::int64_t price = pick(1, 300000);
      const std::int64_t cap = pick(0, 2) == 0 ? pick(1, 300000) : 0;
      in.lines.push_back(line(std::to_string(i), classes[pick(0, 4)], price, pick(1, 20000), cap, pick(0, 3) != 0));
      if (pick(0, 4) == 0) in.lines.back().det_item_fee_sumamt += pick(-1, 1);  // within tolerance
      if (in.lines.back().det_item_fee_sumamt < 0) in.lines.back().det_item_fee_sumamt = 0;
    }
    auto r = calculate_settlement(in);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    const auto& s = r.value();
    ASSERT_TRUE(check_identities(s).ok());
    EXPECT_EQ(s.medfee_sumamt, s.fund_pay_sumamt + s.psn_part_amt + s.hosp_part_amt);
    EXPECT_EQ(s.psn_part_amt, s.acct_pay + s.acct_mulaid_pay + s.psn_cash_pay);
    EXPECT_EQ(s.medfee_sumamt, s.fulamt_ownpay_amt + s.overlmt_selfpay + s.preselfpay_amt + s.inscp_scp_amt);
    EXPECT_LE(s.ytd_after.fund_paid, std::max(in.ytd.fund_paid, in.policy.annual_cap_fen));
    if (!in.acct_used_flag) {
      EXPECT_EQ(s.acct_pay + s.acct_mulaid_pay, 0);
    }
  }
}

}  // namespace
}  // namespace yibao::domain
