// Issue 17: the settlement's pure decisions (services/settlement_decide.h), from hand-built
// facts — no store, no clock. Amounts hand-computed to the fen (职工, 三级 outpatient: 起付线
// 200.00, 80 %; domain.md §9).
#include <gtest/gtest.h>

#include <numeric>

#include "services/settlement_decide.h"

namespace yibao::services {
namespace {

using namespace std::chrono;
using core::Reason;

const year_month_day kToday{year{2026}, November, day{20}};
const SettleClock kClock{sys_days{kToday} + hours{2}, 1'795'000'000'000'000, kToday};

store::FeeRow fee(std::int64_t id, std::string sn, std::string lv, std::int64_t pric_fen, std::int64_t cnt_milli) {
  store::FeeRow f;
  f.id = id;
  f.visit_id = 9;
  f.feedetl_sn = std::move(sn);
  f.med_list_codg = "X" + f.feedetl_sn;
  f.chrgitm_lv = std::move(lv);
  f.pric_fen = pric_fen;
  f.cnt_milli = cnt_milli;
  f.det_item_fee_sumamt = (pric_fen * cnt_milli + 500) / 1000;
  f.account_scope = true;
  return f;
}

FsiCaller hospital(std::string infno = "2207") {
  FsiCaller c;
  c.institution.code = "H11010500001";
  c.institution.kind = "hospital";
  c.institution.level = "3";
  c.institution.admdvs = "110105";
  c.infno = std::move(infno);
  c.msgid = "H1101050000120261120100000001";
  return c;
}

// 张建国 (person 7, 职工 in 110100) settles outpatient batch B1: one 甲 drug 25.50 × 20 = 510.00.
SettleFacts outpatient_facts() {
  SettleFacts f;
  f.person.id = 7;
  f.person.psn_no = "P7";
  f.person.birth_date = "1960-11-20";
  f.visit.id = 9;
  f.visit.mdtrt_id = "M9";
  f.visit.kind = "outpatient";
  f.visit.med_type = "11";
  f.batch = "B1";
  f.request.kind = "outpatient";
  f.request.insutype = "310";
  f.request.medfee_sumamt = 51000;
  f.request.cert.type = "02";
  PricingFacts& p = f.pricing;
  p.institution = hospital().institution;
  p.enrolment.insutype = "310";
  p.enrolment.admdvs = "110100";
  p.enrolment.psn_type = "11";
  p.visit_kind = "outpatient";
  p.fees = {fee(41, "1", "01", 2550, 20000)};
  p.item_types = {"11"};
  p.own = {100000, 5000};
  p.today = kToday;
  return f;
}

std::int64_t sum_of(const std::vector<LedgerLegPlan>& legs) {
  return std::accumulate(legs.begin(), legs.end(), std::int64_t{0},
                         [](std::int64_t s, const LedgerLegPlan& l) { return s + l.amount; });
}

// inscp 51000; deductible 20000 → hifp 31000 × 80 % = 24800; the personal 26200 from 当年.
TEST(DecideSettlement, OutpatientPaysFundAndOwnAccountToTheReceivable) {
  auto d = decide_settlement(outpatient_facts(), hospital(), "S1", kClock);
  ASSERT_TRUE(d.ok()) << d.error().detail;
  EXPECT_EQ(d->row.setl_id, "S1");
  EXPECT_EQ(d->row.person_id, 7);
  EXPECT_EQ(d->row.visit_id, 9);
  EXPECT_EQ(d->row.chrg_bchno, "B1");
  EXPECT_EQ(d->row.med_type, "11");
  EXPECT_EQ(d->row.setl_year, 2026);
  EXPECT_EQ(d->row.settled_at_us, kClock.now_us);
  EXPECT_EQ(d->row.act_pay_dedc, 20000);
  EXPECT_EQ(d->row.hifp_pay, 24800);
  EXPECT_EQ(d->row.acct_pay, 26200);
  EXPECT_EQ(d->row.psn_cash_pay, 0);
  EXPECT_EQ(d->receivable_code, "inst:H11010500001:receivable");
  ASSERT_EQ(d->legs.size(), 2u);
  EXPECT_EQ(d->legs[0].debit_code, "fund:110100:310");
  EXPECT_EQ(d->legs[0].open_as, "fund_pool");
  EXPECT_EQ(d->legs[0].amount, 24800);
  EXPECT_EQ(d->legs[1].debit_code, "psn:7:current");
  EXPECT_EQ(d->legs[1].open_as, "");  // a personal account must exist
  EXPECT_EQ(d->legs[1].amount, 26200);
  EXPECT_EQ(sum_of(d->legs), 51000);
  EXPECT_EQ(d->fee_batch, "B1");
  EXPECT_EQ(d->max_fee_id, 41);
  EXPECT_FALSE(d->ytd_inpatient);
  EXPECT_FALSE(d->close_stay);
  EXPECT_EQ(d->view.setl_time, "2026-11-20 10:00:00");
  EXPECT_EQ(d->view.clr_type, "11");
  EXPECT_EQ(d->view.balc, 105000);  // before: the apply step reports the balance after the post
  EXPECT_EQ(d->view.age_tenths, 660);
}

// No own money: the authoriser's 历年 10000 (mutual_aid_source = prior_years), cash 16200.
TEST(DecideSettlement, MutualAidAndCashLegsNameTheirAccounts) {
  auto f = outpatient_facts();
  f.pricing.own = {0, 0};
  domain::AidSource aid;
  aid.authorisation_id = 3;
  aid.authoriser_person_id = 8;
  aid.effective_from = year{2026} / 1 / 1;
  aid.balances = {50000, 10000};
  f.pricing.aid = {aid};
  auto d = decide_settlement(f, hospital(), "S2", kClock);
  ASSERT_TRUE(d.ok()) << d.error().detail;
  ASSERT_EQ(d->legs.size(), 3u);
  EXPECT_EQ(d->legs[1].debit_code, "psn:8:prior");
  EXPECT_EQ(d->legs[1].amount, 10000);
  EXPECT_EQ(d->legs[2].debit_code, "cash:H11010500001");
  EXPECT_EQ(d->legs[2].open_as, "cash_desk");
  EXPECT_EQ(d->legs[2].admdvs, "110105");
  EXPECT_EQ(d->legs[2].amount, 16200);
  EXPECT_EQ(d->row.acct_mulaid_pay, 10000);
  EXPECT_EQ(d->row.psn_cash_pay, 16200);
  EXPECT_EQ(sum_of(d->legs), 51000);
}

TEST(DecideSettlement, InterimAndDischargeSettlementsOfAStay) {
  auto f = outpatient_facts();
  f.visit.kind = f.request.kind = f.pricing.visit_kind = "inpatient";
  f.pricing.fees = {fee(50, "1", "01", 100000, 1000), fee(51, "2", "01", 50000, 1000)};
  f.pricing.item_types = {"11", "11"};
  f.request.medfee_sumamt = 150000;
  f.request.mid_setl = true;
  f.batch = "";
  auto interim = decide_settlement(f, hospital("2304"), "S3", kClock);
  ASSERT_TRUE(interim.ok()) << interim.error().detail;
  EXPECT_EQ(interim->row.chrg_bchno, "mid:S3");
  EXPECT_EQ(interim->fee_batch, "");  // all open details …
  EXPECT_EQ(interim->max_fee_id, 51);  // … up to the last one loaded
  EXPECT_TRUE(interim->ytd_inpatient);
  EXPECT_FALSE(interim->close_stay);
  EXPECT_EQ(interim->view.clr_type, "21");

  f.request.mid_setl = false;
  f.batch = "dscg";
  auto discharge = decide_settlement(f, hospital("2304"), "S4", kClock);
  ASSERT_TRUE(discharge.ok());
  EXPECT_EQ(discharge->row.chrg_bchno, "dscg");
  EXPECT_TRUE(discharge->close_stay);
  // 三级 inpatient 起付线 1300.00: 150000 − 130000 = 20000 at the inpatient ratio.
  EXPECT_EQ(discharge->row.act_pay_dedc, 130000);
}

TEST(DecideSettlement, RefusalsNameTheirRule) {
  auto nothing = outpatient_facts();
  nothing.pricing.fees.clear();
  nothing.pricing.item_types.clear();
  EXPECT_EQ(decide_settlement(nothing, hospital(), "S", kClock).reason(), Reason::FSI_NOTHING_TO_SETTLE);

  auto off_by_a_fen = outpatient_facts();
  off_by_a_fen.request.medfee_sumamt = 51001;
  const auto mismatch = decide_settlement(off_by_a_fen, hospital(), "S", kClock);
  EXPECT_EQ(mismatch.reason(), Reason::FSI_SUMAMT_MISMATCH);
  EXPECT_EQ(mismatch.error().field, "medfee_sumamt");
  EXPECT_NE(mismatch.error().detail.find("510.01"), std::string::npos) << mismatch.error().detail;

  auto used_qr = outpatient_facts();
  used_qr.ec_token = "T1";
  used_qr.ec_token_used = true;
  EXPECT_EQ(decide_settlement(used_qr, hospital(), "S", kClock).reason(), Reason::QR_CONSUMED);
  // The details' refusal first: the counter fixes the sum before it asks for a new code.
  used_qr.request.medfee_sumamt = 1;
  EXPECT_EQ(decide_settlement(used_qr, hospital(), "S", kClock).reason(), Reason::FSI_SUMAMT_MISMATCH);
  // A pre-settlement does not spend the code, so it is not refused for it.
  used_qr.request.medfee_sumamt = 51000;
  EXPECT_TRUE(decide_presettlement(used_qr, kClock).ok());

  auto unknown_scheme = outpatient_facts();
  unknown_scheme.pricing.enrolment.insutype = "999";
  EXPECT_EQ(decide_settlement(unknown_scheme, hospital(), "S", kClock).reason(), Reason::FIELD_INVALID);
}

// The same figures as the settlement, nothing to write; 余额 is what the payment would leave.
TEST(DecidePresettlement, ComputesWithoutASerial) {
  auto v = decide_presettlement(outpatient_facts(), kClock);
  ASSERT_TRUE(v.ok()) << v.error().detail;
  EXPECT_EQ(v->row.setl_id, "");
  EXPECT_EQ(v->setl_time, "");
  EXPECT_EQ(v->row.acct_pay, 26200);
  EXPECT_EQ(v->row.institution_code, "H11010500001");
  EXPECT_EQ(v->balc, 105000 - 26200);
}

ReversalFacts reversal_facts() {
  ReversalFacts f;
  f.original.setl_id = "S1";
  f.original.mdtrt_id = "M9";
  f.original.person_id = 7;
  f.original.insutype = "310";
  f.original.chrg_bchno = "dscg";
  f.original.medfee_sumamt = 51000;
  f.original.hifp_pay = f.original.fund_pay_sumamt = 24800;
  f.original.act_pay_dedc = 20000;
  f.original.psn_part_amt = f.original.acct_pay = 26200;
  f.original.ec_token = "T1";
  f.insured.person.id = 7;
  f.insured.person.birth_date = "1960-11-20";
  store::EnrolmentRow resident, employee;
  resident.insutype = "390";
  employee.insutype = "310";
  f.insured.enrolments = {resident, employee};
  f.visit = store::VisitRow{};
  f.visit->kind = "inpatient";
  f.visit->status = "discharged";
  f.visit->mdtrt_cert_type = "01";
  f.original_legs = {{11, 20, 24800, "hifp_pay"}, {12, 20, 26200, "own:current"}};
  return f;
}

TEST(DecideReversal, NegatesEveryAmountAndSendsEachLegBack) {
  auto d = decide_reversal(reversal_facts(), hospital("2305"), "R1", kClock);
  EXPECT_EQ(d.row.setl_id, "R1");
  EXPECT_EQ(d.row.kind, "reversal");
  EXPECT_EQ(d.row.status, "reversal");
  EXPECT_EQ(d.row.reverses_setl_id, "S1");
  EXPECT_FALSE(d.row.ec_token.has_value());  // the code is not given back
  EXPECT_EQ(d.row.medfee_sumamt, -51000);
  EXPECT_EQ(d.row.fund_pay_sumamt, -24800);
  EXPECT_EQ(d.row.acct_pay, -26200);
  EXPECT_EQ(d.row.act_pay_dedc, -20000);
  EXPECT_EQ(d.transfer.idempotency_key, "reversal:R1");
  ASSERT_EQ(d.transfer.legs.size(), 2u);
  EXPECT_EQ(d.transfer.legs[0].debit_account_id, 20);
  EXPECT_EQ(d.transfer.legs[0].credit_account_id, 11);
  EXPECT_EQ(d.transfer.legs[1].amount, 26200);
  EXPECT_EQ(d.transfer.legs[1].rule, "reversal:own:current");
  EXPECT_TRUE(d.ytd_inpatient);
  EXPECT_TRUE(d.reopen_stay);  // the discharge settlement reversed: the stay is open again
  EXPECT_EQ(d.trace_release, "reversed");
  EXPECT_TRUE(d.view.reversal);
  EXPECT_EQ(d.view.enrolment.insutype, "310");
  EXPECT_EQ(d.view.mdtrt_cert_type, "01");
  EXPECT_EQ(d.view.clr_type, "21");
}

TEST(DecideReversal, InterimSettlementsAndCorrectionsKeepTheStayAndSayWhy) {
  auto f = reversal_facts();
  f.original.chrg_bchno = "mid:S1";
  auto interim = decide_reversal(f, hospital("2601"), "R2", kClock);
  EXPECT_FALSE(interim.reopen_stay);
  EXPECT_EQ(interim.trace_release, "corrected");

  f.visit.reset();  // a visit no longer on record: an outpatient-style reversal
  auto orphan = decide_reversal(f, hospital("2208"), "R3", kClock);
  EXPECT_FALSE(orphan.ytd_inpatient);
  EXPECT_EQ(orphan.view.clr_type, "11");
  EXPECT_EQ(orphan.view.mdtrt_cert_type, "");
}

}  // namespace
}  // namespace yibao::services
