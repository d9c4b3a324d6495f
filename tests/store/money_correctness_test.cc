// Issue 14 on both stores: a merge of duplicate person records moves enrolments, balances and
// bindings once, so the monthly credit pays once; a different transfer under a used ledger
// key is refused; a broken invariant rolls the transaction back. `yibao audit` clean after each.
#include <gtest/gtest.h>

#include "core/invariant.h"
#include "services/account_service.h"
#include "services/family_service.h"
#include "store/ledger_repo.h"
#include "store/mutual_aid_repo.h"
#include "store/people_repo.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

using store::LedgerRepo;

class MoneyCorrectness : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    set_policy("110000", R"({"account_credit_in_service_fen": 15000})");
    add_staff("bj_agent", "110000", "Agent2026demo");
    staff_ = *db_->read([](store::Tx& tx) { return store::AdminRepo::staff_by_username(tx, "bj_agent"); });
  }
  domain::AccountBalances balances(std::int64_t person) {
    return db_->read([&](store::Tx& tx) { return services::personal_balances(tx, person); });
  }
  std::vector<store::EnrolmentRow> enrolments(std::int64_t person) {
    return db_->read([&](store::Tx& tx) { return store::PeopleRepo::enrolments_of(tx, person); });
  }
  bool audit_clean() { return services::AccountService(*ctx_).audit().clean(); }
  store::StaffRow staff_;
};

TEST_P(MoneyCorrectness, AMergeThenAMonthlyCreditMovesTheCreditOnce) {
  const std::string id = make_id_number("110105", today(), 52, 41);
  const auto keep = add_person({"刘洋", id});
  const auto gone = add_person({"刘洋", id});
  fund(gone, 3000, 1000);  // the duplicate record had money of its own

  ASSERT_TRUE(agency_->merge(staff_, psn_no_of(keep), psn_no_of(gone)).ok());
  const auto kept = enrolments(keep);
  ASSERT_EQ(kept.size(), 1u) << "one 310/110105 enrolment stays; the duplicate is history on the merged record";
  EXPECT_TRUE(kept[0].is_current);
  ASSERT_EQ(enrolments(gone).size(), 1u);
  EXPECT_FALSE(enrolments(gone)[0].is_current);
  EXPECT_EQ(balances(keep).current, 3000) << "balances move once, through the ledger";
  EXPECT_EQ(balances(keep).prior, 1000);
  EXPECT_EQ(balances(gone).current, 0);
  EXPECT_EQ(balances(gone).prior, 0);
  EXPECT_TRUE(audit_clean());

  services::AccountService accounts(*ctx_);
  auto credit = accounts.run_monthly_credit("2026-12", "");
  ASSERT_TRUE(credit.ok());
  EXPECT_EQ(credit->posted, 1);
  EXPECT_EQ(credit->moved_fen, 15000) << "150.00, not 300.00";
  EXPECT_EQ(balances(keep).current, 3000 + 15000);
  auto again = accounts.run_monthly_credit("2026-12", "");
  EXPECT_EQ(again->posted, 0);
  EXPECT_EQ(again->already_posted, 1);
  EXPECT_EQ(balances(keep).current, 3000 + 15000);
  EXPECT_TRUE(audit_clean());
}

TEST_P(MoneyCorrectness, TwoLive310EnrolmentsOfOnePersonAreCreditedOnce) {
  // A shape no merge made: a person with two overlapping employee enrolments (a move between
  // employers recorded late). The credit belongs to the person, not to a record.
  const auto person = add_person({"张建国", make_id_number("110105", today(), 45, 11)});
  add_enrolment(person, "310", "110108", "normal", false);
  auto credit = services::AccountService(*ctx_).run_monthly_credit("2026-12", "");
  ASSERT_TRUE(credit.ok());
  EXPECT_EQ(credit->considered, 1);
  EXPECT_EQ(credit->posted, 1);
  EXPECT_EQ(balances(person).current, 15000);
  EXPECT_TRUE(audit_clean());
}

TEST_P(MoneyCorrectness, AMonthCreditedUnderTheOldEnrolmentKeyIsNotCreditedAgain) {
  const auto person = add_person({"张建国", make_id_number("110105", today(), 45, 11)});
  const auto enrolment = enrolments(person)[0].id;
  db_->write([&](store::Tx& tx) {
    const auto now = services::now_us(*clock_);
    services::ensure_personal_accounts(tx, person, "110105", now);
    const auto income = LedgerRepo::ensure_account(tx, "income:110105:310", "contribution_income", std::nullopt,
                                                   "110105", false, now);
    store::TransferRequest t{"monthly_credit:" + std::to_string(enrolment) + ":2026-12", "monthly_credit", "2026-12",
                             "个人账户划入（在职）",
                             {{income.id, LedgerRepo::account(tx, services::current_account_code(person))->id, 15000,
                               "credit:in_service"}}};
    ASSERT_TRUE(LedgerRepo::post(tx, t, now).ok());
  });
  auto credit = services::AccountService(*ctx_).run_monthly_credit("2026-12", "");
  ASSERT_TRUE(credit.ok());
  EXPECT_EQ(credit->posted, 0);
  EXPECT_EQ(credit->already_posted, 1);
  EXPECT_EQ(balances(person).current, 15000);
}

TEST_P(MoneyCorrectness, AMergeMovesBindingsAndMutualAidOnceAndEndsTheDuplicates) {
  const std::string id = make_id_number("110105", today(), 52, 41);
  const auto keep = add_person({"刘洋", id});
  const auto gone = add_person({"刘洋", id});
  const auto child = add_person({"刘小明", make_id_number("110105", today(), 10, 42), "390", "110105", "normal", "1501"});
  const auto mother = add_person({"王秀兰", make_id_number("110105", today(), 75, 44), "390", "110105", "normal", "1501"});
  const auto now = services::now_us(*clock_);
  auto binding = [&](std::int64_t holder, std::int64_t member, const std::string& relation) {
    db_->write([&](store::Tx& tx) {
      tx.run("INSERT INTO family_bindings (holder_person_id, member_person_id, route, relation, status, channel,"
             " member_name, member_id_number, created_at_us, bound_at_us, bound_month)"
             " VALUES (:h, :m, 'id_number', :r, 'active', 'app', 'x', 'x', :t1, :t2, '2026-11')",
             soci::use(static_cast<long long>(holder)), soci::use(static_cast<long long>(member)), soci::use(relation),
             soci::use(static_cast<long long>(now)), soci::use(static_cast<long long>(now)));
    });
  };
  binding(keep, child, "子女");   // both records hold the child: one binding must stay
  binding(gone, child, "子女");
  binding(gone, mother, "父母");  // only the duplicate holds the mother: it moves
  db_->write([&](store::Tx& tx) {
    store::AuthorisationRow a;
    a.authoriser_person_id = gone;
    a.beneficiary_person_id = child;
    a.relation = "子女";
    a.status = "active";
    a.effective_from = "2026-11-01";
    a.created_at_us = now;
    store::MutualAidRepo::insert(tx, a);
  });

  ASSERT_TRUE(agency_->merge(staff_, psn_no_of(keep), psn_no_of(gone)).ok());
  const auto active = db_->read([&](store::Tx& tx) {
    std::vector<std::string> out;
    tx.each_row("SELECT holder_person_id, member_person_id FROM family_bindings WHERE status = 'active' ORDER BY id",
                [&](const soci::row& r) {
                  out.push_back(std::to_string(r.get<long long>(0)) + "->" + std::to_string(r.get<long long>(1)));
                });
    return out;
  });
  EXPECT_EQ(active, (std::vector<std::string>{std::to_string(keep) + "->" + std::to_string(child),
                                              std::to_string(keep) + "->" + std::to_string(mother)}));
  const auto aid = db_->read([&](store::Tx& tx) { return store::MutualAidRepo::active_for_beneficiary(tx, child); });
  ASSERT_EQ(aid.size(), 1u);
  EXPECT_EQ(aid[0].authoriser_person_id, keep) << "the authorisation moves to the kept record";
}

TEST_P(MoneyCorrectness, ADifferentTransferUnderAUsedKeyIsRefusedAndMovesNothing) {
  const auto person = add_person({"张建国", make_id_number("110105", today(), 45, 11)});
  fund(person, 10000, 0);
  const auto post = [&](std::int64_t amount, const std::string& rule) {
    return db_->write([&](store::Tx& tx) {
      const auto from = LedgerRepo::account(tx, services::current_account_code(person))->id;
      const auto to = LedgerRepo::ensure_account(tx, "cash:test", "cash_desk", std::nullopt, "110105", false, 0).id;
      store::TransferRequest t{"spend:1", "correction", "test", "", {{from, to, amount, rule}}};
      return LedgerRepo::post(tx, t, services::now_us(*clock_));
    });
  };
  auto first = post(2500, "test");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->already_posted);
  auto same = post(2500, "test");
  ASSERT_TRUE(same.ok()) << "the same transfer again is a replay";
  EXPECT_TRUE(same->already_posted);
  EXPECT_EQ(same->id, first->id);
  for (auto [amount, rule] : {std::pair{2600, "test"}, std::pair{2500, "other"}}) {
    auto different = post(amount, rule);
    ASSERT_FALSE(different.ok());
    EXPECT_EQ(different.reason(), core::Reason::LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_LEGS);
    EXPECT_EQ(different.error().detail, "spend:1");
  }
  EXPECT_EQ(balances(person).current, 7500);
  EXPECT_TRUE(audit_clean());
}

TEST_P(MoneyCorrectness, ABrokenInvariantRollsTheWholeTransactionBack) {
  const auto person = add_person({"张建国", make_id_number("110105", today(), 45, 11)});
  EXPECT_THROW(db_->write([&](store::Tx& tx) {
    const auto now = services::now_us(*clock_);
    services::ensure_personal_accounts(tx, person, "110105", now);
    const auto income = LedgerRepo::ensure_account(tx, "income:110105:310", "contribution_income", std::nullopt,
                                                   "110105", false, now);
    store::TransferRequest t{"half-written", "correction", "test", "",
                             {{income.id, LedgerRepo::account(tx, services::current_account_code(person))->id, 100, "t"}}};
    EXPECT_TRUE(LedgerRepo::post(tx, t, now).ok());
    YIBAO_INVARIANT(false, "a test's broken invariant");
  }), core::InvariantViolation);
  EXPECT_FALSE(db_->read([](store::Tx& tx) { return LedgerRepo::transfer_exists(tx, "half-written"); }));
  EXPECT_EQ(balances(person).current, 0);
  EXPECT_TRUE(audit_clean());
}

YIBAO_INSTANTIATE_STORE_TEST(MoneyCorrectness);

}  // namespace
}  // namespace yibao::testing
