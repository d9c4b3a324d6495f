// 家庭共济 (domain.md §8) through the use cases, on both stores: who may authorise whom,
// filing, waiting days, revocation, automatic dissolution with its reason, and the payer plan
// fed from the ledger.
#include <gtest/gtest.h>

#include "domain/payer_plan.h"
#include "services/account_service.h"
#include "services/mutual_aid_service.h"
#include "store/ledger_repo.h"
#include "store/mutual_aid_repo.h"
#include "support/result_codes.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

using namespace std::chrono_literals;

class MutualAid : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    aid_ = std::make_unique<services::MutualAidService>(*ctx_);
    zhang_id = make_id_number("110105", today(), 45, 11);
    zhang = add_person({"张建国", zhang_id});
    wife_id = make_id_number("110105", today(), 43, 12);
    wife = add_person({"李秀英", wife_id, "390", "110105", "normal", "1501"});
    father_id = make_id_number("110105", today(), 78, 13);
    father = add_person({"张德福", father_id, "390", "110105", "normal", "1501"});
  }
  std::vector<std::string> blockers(const services::AidCheck& c) {
    std::vector<std::string> out;
    for (const auto& b : c.blockers) out.emplace_back(core::info(b.reason).code);
    return out;
  }
  std::unique_ptr<services::MutualAidService> aid_;
  std::string zhang_id, wife_id, father_id;
  std::int64_t zhang = 0, wife = 0, father = 0;
};

TEST_P(MutualAid, AnEmployeeAuthorisesASpouseEffectiveAtOnceByDefault) {
  auto row = aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app");
  ASSERT_TRUE(row.ok()) << code_of(row);
  EXPECT_EQ(row->effective_from, core::format_date(today()));
  EXPECT_EQ(code_of(aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app")), "MUTUAL_AID_ALREADY_AUTHORISED");
}

TEST_P(MutualAid, OnlyEmployeesMayAuthorise) {
  EXPECT_EQ(code_of(aid_->authorise(wife, zhang_id, "张建国", "spouse", "app")), "MUTUAL_AID_AUTHORISER_NOT_EMPLOYEE");
}

TEST_P(MutualAid, RelationsFollowThePolicyKnob) {
  const auto brother_id = make_id_number("110105", today(), 40, 15);
  add_person({"张建业", brother_id, "390", "110105", "normal", "1501"});
  EXPECT_EQ(code_of(aid_->authorise(zhang, brother_id, "张建业", "sibling", "app")), "MUTUAL_AID_RELATION_NOT_ALLOWED");
  EXPECT_EQ(code_of(aid_->authorise(zhang, brother_id, "张建业", "neighbour", "app")), "RELATION_INVALID");
  set_policy("110000", R"({"mutual_aid_relations": ["spouse","parent","child","sibling"]})");
  EXPECT_TRUE(aid_->authorise(zhang, brother_id, "张建业", "sibling", "app").ok());
}

TEST_P(MutualAid, ScopeIsSamePoolByDefaultAndWidensWithThePolicy) {
  const auto sister_id = make_id_number("310104", today(), 30, 16);
  add_person({"张晓梅", sister_id, "390", "310104", "normal", "1501"});
  set_policy("110000", R"({"mutual_aid_relations": ["spouse","parent","child","sibling"]})");
  EXPECT_EQ(code_of(aid_->authorise(zhang, sister_id, "张晓梅", "sibling", "app")), "MUTUAL_AID_OUT_OF_SCOPE");
  set_policy("110000", R"({"mutual_aid_relations": ["spouse","parent","child","sibling"], "mutual_aid_scope": "national"})");
  EXPECT_TRUE(aid_->authorise(zhang, sister_id, "张晓梅", "sibling", "app").ok());
}

TEST_P(MutualAid, ABeneficiaryInTheWaitingPeriodIsNotInsuredForMutualAid) {
  const auto baby_id = make_id_number("110105", today(), 1, 17);
  const auto baby = add_person({"张小宝", baby_id, "390", "110105", "normal", "1401"});
  db_->write([&](store::Tx& tx) {
    tx.run("UPDATE enrolments SET benefits_from = '2099-01-01' WHERE person_id = :p", soci::use(static_cast<long long>(baby)));
  });
  EXPECT_EQ(code_of(aid_->authorise(zhang, baby_id, "张小宝", "child", "app")), "MUTUAL_AID_BENEFICIARY_WAITING");
}

TEST_P(MutualAid, RegionsThatRequireFilingRefuseWithoutItAndTheWaitingDaysSetTheEffectiveDate) {
  set_policy("110000", R"({"mutual_aid_filing": true, "mutual_aid_waiting_days": 30})");
  EXPECT_EQ(code_of(aid_->authorise(zhang, father_id, "张德福", "parent", "app")), "MUTUAL_AID_FILING_REQUIRED");
  const auto what_if = aid_->check(zhang, father_id, "张德福", "parent");
  EXPECT_EQ(blockers(what_if), std::vector<std::string>{"MUTUAL_AID_FILING_REQUIRED"});
  EXPECT_EQ(what_if.effective_from, (std::chrono::year_month_day{std::chrono::sys_days{today()} + std::chrono::days{30}}));
  ASSERT_TRUE(aid_->file(zhang, father_id, "张德福", "parent", "app").ok());
  auto row = aid_->authorise(zhang, father_id, "张德福", "parent", "app");
  ASSERT_TRUE(row.ok()) << code_of(row);
  EXPECT_EQ(row->effective_from, core::format_date(what_if.effective_from));
}

TEST_P(MutualAid, DiagnoseListsEveryBlockingRule) {
  set_policy("110000", R"({"mutual_aid_filing": true})");
  const auto sister_id = make_id_number("310104", today(), 30, 16);
  add_person({"张晓梅", sister_id, "390", "310104", "normal", "1501"});
  const auto check = aid_->check(zhang, sister_id, "张晓梅", "sibling");
  EXPECT_EQ(blockers(check), (std::vector<std::string>{"MUTUAL_AID_RELATION_NOT_ALLOWED", "MUTUAL_AID_OUT_OF_SCOPE",
                                                        "MUTUAL_AID_FILING_REQUIRED"}));
}

TEST_P(MutualAid, ARegionChangeDissolvesTheAuthorisationWithItsReason) {
  auto row = aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app");
  ASSERT_TRUE(row.ok());
  const auto shanghai = add_enrolment(wife, "390", "310104", "normal", false);
  ASSERT_TRUE(credentials_->switch_enrolment(wife, shanghai).ok());
  auto views = aid_->list(zhang);
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].row.status, "dissolved");
  EXPECT_EQ(views[0].row.end_reason, "out_of_scope");
  ASSERT_EQ(views[0].events.size(), 2u);
  EXPECT_EQ(views[0].events[1].event, "dissolved");
  EXPECT_NE(views[0].events[1].detail.find("参保地变更"), std::string::npos);
  // The beneficiary sees the same history.
  EXPECT_EQ(aid_->list(wife)[0].row.end_reason, "out_of_scope");
}

TEST_P(MutualAid, AnEndedEmployeeEnrolmentDissolvesItToo) {
  ASSERT_TRUE(aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app").ok());
  add_staff("bj_agent", "110000", "Agent2026demo");
  auto staff = db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "bj_agent"); });
  auto enrolments = db_->read([&](store::Tx& tx) { return store::PeopleRepo::enrolments_of(tx, zhang); });
  ASSERT_TRUE(agency_->set_enrolment_status(*staff, psn_no_of(zhang), enrolments[0].id, "terminated", "离职").ok());
  EXPECT_EQ(aid_->list(zhang)[0].row.end_reason, "authoriser_not_employee");
}

TEST_P(MutualAid, RevokingEndsItAndOnlyTheAuthoriserMay) {
  auto row = aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app");
  EXPECT_EQ(code_of(aid_->revoke(wife, row->id)), "MUTUAL_AID_NOT_FOUND");
  ASSERT_TRUE(aid_->revoke(zhang, row->id).ok());
  EXPECT_EQ(code_of(aid_->revoke(zhang, row->id)), "MUTUAL_AID_NOT_ACTIVE");
  EXPECT_EQ(aid_->list(zhang)[0].row.end_reason, "authoriser_revoked");
}

TEST_P(MutualAid, ThePayerPlanDrawsOnlyPriorYearsFromTheAuthoriser) {
  fund(zhang, 90000, 30000);
  ASSERT_TRUE(aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app").ok());
  auto sources = db_->read([&](store::Tx& tx) { return services::payer_sources(tx, wife).aid; });
  ASSERT_EQ(sources.size(), 1u);
  domain::PayerPlanInput in;
  in.share_in_account_scope = 50000;
  in.today = today();
  in.aid = sources;
  const auto plan = domain::plan_payers(in);
  EXPECT_EQ(plan.acct_mulaid_pay, 30000) << "only the 历年 balance, never 当年";
  EXPECT_EQ(plan.cash, 20000);
}

TEST_P(MutualAid, CanMyAccountPayForThemNowListsEveryBlockingRule) {
  auto codes = [](const std::vector<core::Error>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.emplace_back(core::info(e.reason).code);
    return out;
  };
  EXPECT_EQ(codes(aid_->check(zhang, wife_id, "李秀英", "spouse").payment_blockers),
            std::vector<std::string>{"MUTUAL_AID_NOT_AUTHORISED"});
  set_policy("110000", R"({"mutual_aid_waiting_days": 30})");
  ASSERT_TRUE(aid_->authorise(zhang, wife_id, "李秀英", "spouse", "app").ok());
  // Not effective yet, and nothing in 历年 to give: both said at once.
  EXPECT_EQ(codes(aid_->check(zhang, wife_id, "李秀英", "spouse").payment_blockers),
            (std::vector<std::string>{"MUTUAL_AID_NOT_YET_EFFECTIVE", "MUTUAL_AID_NO_BALANCE"}));
  fund(zhang, 0, 8000);
  clock_->advance(std::chrono::days{31});
  EXPECT_TRUE(aid_->check(zhang, wife_id, "李秀英", "spouse").payment_blockers.empty());
  // A stay that began before the authorisation took effect is not paid.
  const auto admitted = std::chrono::year_month_day{std::chrono::sys_days{today()} - std::chrono::days{20}};
  EXPECT_EQ(codes(aid_->check(zhang, wife_id, "李秀英", "spouse", admitted).payment_blockers),
            std::vector<std::string>{"MUTUAL_AID_AFTER_ADMISSION"});
}

YIBAO_INSTANTIATE_STORE_TEST(MutualAid);

}  // namespace
}  // namespace yibao::testing
