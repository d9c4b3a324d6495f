// domain.md §8: who pays the personal share.
#include <gtest/gtest.h>

#include "domain/payer_plan.h"

namespace yibao::domain {
namespace {

using namespace std::chrono;
const year_month_day kToday{year{2026}, November, day{23}};

AidSource aid(std::int64_t id, std::int64_t current, std::int64_t prior, year_month_day from = year{2026} / 1 / 1,
              std::int64_t filing = 0) {
  AidSource s;
  s.authorisation_id = id;
  s.authoriser_person_id = 100 + id;
  s.effective_from = from;
  s.filing_sequence = filing;
  s.balances = {current, prior};
  return s;
}

PayerPlanInput base(std::int64_t share) {
  PayerPlanInput in;
  in.share_in_account_scope = share;
  in.today = kToday;
  return in;
}

std::int64_t paid_by(const PayerPlan& plan, std::int64_t authorisation) {
  std::int64_t sum = 0;
  for (const auto& l : plan.lines) {
    if (l.authorisation_id == authorisation) sum += l.amount;
  }
  return sum;
}

TEST(PayerPlan, OwnAccountFirstCurrentThenPrior) {
  auto in = base(10000);
  in.patient_has_account = true;
  in.own = {3000, 5000};
  const auto plan = plan_payers(in);
  ASSERT_GE(plan.lines.size(), 3u);
  EXPECT_EQ(plan.lines[0].payer, Payer::own_current);
  EXPECT_EQ(plan.lines[0].amount, 3000);
  EXPECT_EQ(plan.lines[1].payer, Payer::own_prior);
  EXPECT_EQ(plan.lines[1].amount, 5000);
  EXPECT_EQ(plan.acct_pay, 8000);
  EXPECT_EQ(plan.cash, 2000);
  EXPECT_EQ(plan.total(), 10000);
}

TEST(PayerPlan, PolicyCanPutPriorYearsFirst) {
  auto in = base(4000);
  in.patient_has_account = true;
  in.own = {3000, 5000};
  in.policy.own_account_order = OwnAccountOrder::prior_first;
  const auto plan = plan_payers(in);
  EXPECT_EQ(plan.lines[0].payer, Payer::own_prior);
  EXPECT_EQ(plan.lines[0].amount, 4000);
}

TEST(PayerPlan, UnderPriorYearsOnlyTheAuthorisersCurrentBalanceIsNeverTouched) {
  auto in = base(10000);
  in.aid = {aid(1, 900000, 2000)};
  const auto plan = plan_payers(in);
  EXPECT_EQ(plan.acct_mulaid_pay, 2000);
  EXPECT_EQ(plan.cash, 8000);
  for (const auto& l : plan.lines) EXPECT_NE(l.payer, Payer::aid_current);
}

TEST(PayerPlan, WithSourceAllTheCurrentBalanceMayPay) {
  auto in = base(10000);
  in.policy.mutual_aid_source = MutualAidSource::all;
  in.aid = {aid(1, 6000, 2000)};
  const auto plan = plan_payers(in);
  EXPECT_EQ(plan.acct_mulaid_pay, 8000);
}

TEST(PayerPlan, AuthorisersPayLargestBalanceFirst) {
  auto in = base(7000);
  in.aid = {aid(1, 0, 3000), aid(2, 0, 6000), aid(3, 0, 1000)};
  const auto plan = plan_payers(in);
  EXPECT_EQ(paid_by(plan, 2), 6000);
  EXPECT_EQ(paid_by(plan, 1), 1000);
  EXPECT_EQ(paid_by(plan, 3), 0);
  EXPECT_EQ(plan.lines[0].authorisation_id, 2);
  EXPECT_EQ(plan.lines[0].rule, "mutual_aid:balance_desc:prior_years_only");
}

TEST(PayerPlan, FilingOrderWhenPolicySaysSo) {
  auto in = base(7000);
  in.policy.mutual_aid_order = MutualAidOrder::filing_order;
  in.aid = {aid(1, 0, 3000, year{2026} / 1 / 1, 2), aid(2, 0, 6000, year{2026} / 1 / 1, 3), aid(3, 0, 1000, year{2026} / 1 / 1, 1)};
  const auto plan = plan_payers(in);
  EXPECT_EQ(paid_by(plan, 3), 1000);
  EXPECT_EQ(paid_by(plan, 1), 3000);
  EXPECT_EQ(paid_by(plan, 2), 3000);
}

TEST(PayerPlan, AnAuthorisationEffectiveAfterAdmissionPaysNothingForThatStay) {
  auto in = base(5000);
  in.visit = VisitType::inpatient;
  in.admission_date = year{2026} / 11 / 1;
  in.aid = {aid(1, 0, 9000, year{2026} / 11 / 10), aid(2, 0, 1000, year{2026} / 10 / 1)};
  const auto plan = plan_payers(in);
  EXPECT_EQ(paid_by(plan, 1), 0);
  EXPECT_EQ(paid_by(plan, 2), 1000);
  ASSERT_EQ(plan.passed_over.size(), 1u);
  EXPECT_EQ(plan.passed_over[0].rule, "mutual_aid:effective_after_admission");
  // The same authorisation pays for an outpatient visit today.
  in.visit = VisitType::outpatient;
  in.admission_date.reset();
  EXPECT_EQ(paid_by(plan_payers(in), 1), 5000) << "largest balance first, and it covers the whole share";
}

TEST(PayerPlan, NotYetEffectiveAuthorisationsAreSkipped) {
  auto in = base(5000);
  in.aid = {aid(1, 0, 9000, year{2026} / 12 / 23)};
  const auto plan = plan_payers(in);
  EXPECT_EQ(plan.acct_mulaid_pay, 0);
  EXPECT_EQ(plan.passed_over[0].rule, "mutual_aid:not_yet_effective");
}

TEST(PayerPlan, OnlyTheInScopePartMayBePaidFromAccounts) {
  auto in = base(3000);
  in.share_outside_scope = 2000;
  in.patient_has_account = true;
  in.own = {100000, 0};
  const auto plan = plan_payers(in);
  EXPECT_EQ(plan.acct_pay, 3000);
  EXPECT_EQ(plan.cash, 2000);
  EXPECT_EQ(plan.lines.back().rule, "cash:outside_account_scope");
}

TEST(PayerPlan, NotUsingTheAccountMeansCash) {
  auto in = base(3000);
  in.use_account = false;
  in.patient_has_account = true;
  in.own = {100000, 0};
  in.aid = {aid(1, 0, 9000)};
  const auto plan = plan_payers(in);
  EXPECT_EQ(plan.cash, 3000);
  EXPECT_EQ(plan.acct_pay + plan.acct_mulaid_pay, 0);
}

// Issue 15: when authorisers exist but paid nothing and the patient pays cash, the plan says why.
TEST(PayerPlan, AnAuthorisationBoundAfterAdmissionSaysWhyMutualAidPaidNothing) {
  auto in = base(5000);
  in.visit = VisitType::inpatient;
  in.admission_date = year{2026} / 11 / 1;
  in.aid = {aid(1, 0, 9000, year{2026} / 11 / 10)};
  const auto plan = plan_payers(in);
  EXPECT_EQ(plan.acct_mulaid_pay, 0);
  EXPECT_EQ(plan.cash, 5000);
  ASSERT_TRUE(plan.aid_silence);
  EXPECT_EQ(plan.aid_silence->rule, "mutual_aid:effective_after_admission");
  EXPECT_EQ(plan.aid_silence->text,
            "未在入院前绑定家庭共济（共济自 2026-11-10 起生效，入院日期 2026-11-01），本次住院不能使用共济支付");
}

TEST(PayerPlan, EachPassedOverCauseIsToldOnce) {
  auto in = base(5000);
  in.aid = {aid(1, 0, 9000, year{2026} / 12 / 23), aid(2, 5000, 0), aid(3, 0, 0)};
  const auto plan = plan_payers(in);
  ASSERT_TRUE(plan.aid_silence);
  EXPECT_EQ(plan.aid_silence->rule, "mutual_aid:not_yet_effective");
  EXPECT_EQ(plan.aid_silence->text, "家庭共济尚未生效（自 2026-12-23 起生效）；共济人历年账户余额不足")
      << "under prior_years only the 历年 balance counts; two empty ones are one cause";
}

TEST(PayerPlan, NoAccountUseAndOutOfScopeFeesAreToldAsSuch) {
  auto in = base(3000);
  in.use_account = false;
  in.aid = {aid(1, 0, 9000)};
  ASSERT_TRUE(plan_payers(in).aid_silence);
  EXPECT_EQ(plan_payers(in).aid_silence->rule, "mutual_aid:acct_used_flag_0");

  auto outside = base(0);
  outside.share_outside_scope = 2000;
  outside.aid = {aid(1, 0, 9000)};
  const auto plan = plan_payers(outside);
  ASSERT_TRUE(plan.aid_silence);
  EXPECT_EQ(plan.aid_silence->text, "本次费用不在个人账户支付范围，家庭共济未支付");
}

TEST(PayerPlan, NothingIsToldWhenAidPaidOrWasNotNeededOrThereIsNoAuthoriser) {
  auto paid = base(5000);
  paid.aid = {aid(1, 0, 1000)};
  EXPECT_FALSE(plan_payers(paid).aid_silence) << "aid paid part of it";

  auto own = base(3000);
  own.patient_has_account = true;
  own.own = {100000, 0};
  own.aid = {aid(1, 0, 0)};
  EXPECT_FALSE(plan_payers(own).aid_silence) << "the own account paid everything: no cash";

  auto alone = base(3000);
  EXPECT_FALSE(plan_payers(alone).aid_silence);
}

}  // namespace
}  // namespace yibao::domain
