// 缴费 for relatives (domain.md §8, issue 4): cash or the authoriser's 历年 account, once per
// year, refused without an authorisation in force, recorded and filterable.
#include <gtest/gtest.h>

#include "services/account_service.h"
#include "services/contribution_service.h"
#include "services/mutual_aid_service.h"
#include "store/ledger_repo.h"
#include "support/result_codes.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

class Contributions : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    contributions_ = std::make_unique<services::ContributionService>(*ctx_);
    aid_ = std::make_unique<services::MutualAidService>(*ctx_);
    zhang = add_person({"张建国", make_id_number("110105", today(), 45, 11)});
    father_id = make_id_number("110105", today(), 78, 13);
    father = add_person({"张德福", father_id, "390", "110105", "normal", "1501"});
    db_->write([&](store::Tx& tx) {
      const auto now = services::now_us(*clock_);
      services::ensure_personal_accounts(tx, zhang, "110105", now);
      const auto income = store::LedgerRepo::ensure_account(tx, "income:110105:310", "contribution_income", std::nullopt,
                                                            "110105", false, now);
      store::TransferRequest t{"fund", "correction", "test", "", {}};
      t.legs.push_back({income.id, store::LedgerRepo::account(tx, services::current_account_code(zhang))->id, 90000, "t"});
      t.legs.push_back({income.id, store::LedgerRepo::account(tx, services::prior_account_code(zhang))->id, 45000, "t"});
      EXPECT_TRUE(store::LedgerRepo::post(tx, t, now).ok());
    });
  }
  services::PayContribution request(services::PayFrom from, const std::string& year = "2027") {
    return services::PayContribution{zhang, father_id, "张德福", year, from, "app"};
  }
  std::unique_ptr<services::ContributionService> contributions_;
  std::unique_ptr<services::MutualAidService> aid_;
  std::int64_t zhang = 0, father = 0;
  std::string father_id;
};

TEST_P(Contributions, PayingFromTheAccountNeedsAnAuthorisationInForce) {
  EXPECT_EQ(code_of(contributions_->pay(request(services::PayFrom::account))), "CONTRIBUTION_NO_AUTHORISATION");
  ASSERT_TRUE(aid_->authorise(zhang, father_id, "张德福", "parent", "app").ok());
  auto paid = contributions_->pay(request(services::PayFrom::account));
  ASSERT_TRUE(paid.ok()) << code_of(paid);
  EXPECT_EQ(paid->amount, 40000) << "the national default contribution";
  EXPECT_EQ(paid->paid_from, "mutual_aid_account");
  auto balances = db_->read([&](store::Tx& tx) { return services::personal_balances(tx, zhang); });
  EXPECT_EQ(balances.current, 90000) << "prior_years: 当年 is never drawn";
  EXPECT_EQ(balances.prior, 5000) << "the 400.00 came from 历年";
}

TEST_P(Contributions, MoreThanThePriorYearsBalanceIsRefusedAndNothingMoves) {
  set_policy("110000", R"({"resident_contribution_fen": 50000})");
  ASSERT_TRUE(aid_->authorise(zhang, father_id, "张德福", "parent", "app").ok());
  EXPECT_EQ(code_of(contributions_->pay(request(services::PayFrom::account))), "BALANCE_INSUFFICIENT");
  auto balances = db_->read([&](store::Tx& tx) { return services::personal_balances(tx, zhang); });
  EXPECT_EQ(balances.prior, 45000);
  EXPECT_TRUE(contributions_->list(zhang, {}).empty());
  // Cash always works.
  EXPECT_TRUE(contributions_->pay(request(services::PayFrom::cash)).ok());
}

TEST_P(Contributions, OncePerPersonAndYearAndOnlyForResidents) {
  ASSERT_TRUE(contributions_->pay(request(services::PayFrom::cash)).ok());
  EXPECT_EQ(code_of(contributions_->pay(request(services::PayFrom::cash))), "CONTRIBUTION_ALREADY_PAID");
  EXPECT_TRUE(contributions_->pay(request(services::PayFrom::cash, "2028")).ok());
  auto self = services::PayContribution{father, make_id_number("110105", today(), 45, 11), "张建国", "2027",
                                        services::PayFrom::cash, "app"};
  EXPECT_EQ(code_of(contributions_->pay(self)), "CONTRIBUTION_NOT_RESIDENT");
}

TEST_P(Contributions, RecordsAreVisibleToPayerAndInsuredWithFilters) {
  ASSERT_TRUE(contributions_->pay(request(services::PayFrom::cash, "2027")).ok());
  ASSERT_TRUE(contributions_->pay(request(services::PayFrom::cash, "2028")).ok());
  EXPECT_EQ(contributions_->list(zhang, {}).size(), 2u);
  EXPECT_EQ(contributions_->list(father, {}).size(), 2u);
  EXPECT_EQ(contributions_->list(father, {"", "", "2028"}).size(), 1u);
  EXPECT_EQ(contributions_->list(father, {"440305", "", ""}).size(), 0u);
  EXPECT_EQ(contributions_->list(zhang, {"110105", "390", "2027"}).size(), 1u);
  EXPECT_TRUE(services::AccountService(*ctx_).audit().clean());
}

YIBAO_INSTANTIATE_STORE_TEST(Contributions);

}  // namespace
}  // namespace yibao::testing
