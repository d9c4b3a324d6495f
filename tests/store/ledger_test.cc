// The double-entry ledger and the personal-account jobs (domain.md §8), on both stores:
// balanced immutable transfers, no overdraft even under concurrency, idempotent periods,
// and an audit that re-derives every balance.
#include <atomic>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "services/account_service.h"
#include "store/ledger_repo.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

using store::LedgerRepo;

class Ledger : public ServiceTest {
 protected:
  std::int64_t account(const std::string& code, bool guarded) {
    return db_->write([&](store::Tx& tx) {
      return LedgerRepo::ensure_account(tx, code, guarded ? "personal_current" : "source", std::nullopt, "110105", guarded,
                                        services::now_us(*clock_))
          .id;
    });
  }
  core::Result<store::PostedTransfer> move(store::Database& db, const std::string& key, std::int64_t from,
                                           std::int64_t to, std::int64_t amount) {
    return db.write([&](store::Tx& tx) {
      store::TransferRequest t{key, "correction", "test", "", {store::LedgerLeg{from, to, amount, "test"}}};
      return LedgerRepo::post(tx, t, services::now_us(*clock_));
    });
  }
  std::int64_t balance(std::int64_t id) {
    return db_->read([&](store::Tx& tx) { return LedgerRepo::balance(tx, *LedgerRepo::account_by_id(tx, id)); });
  }
  store::AuditReport audit() { return services::AccountService(*ctx_).audit(); }
};

TEST_P(Ledger, ATransferMovesMoneyBetweenCachedBalancesAndAuditAgrees) {
  const auto source = account("source", false);
  const auto alice = account("alice", true);
  ASSERT_TRUE(move(*db_, "t1", source, alice, 12345).ok());
  EXPECT_EQ(balance(alice), 12345);
  EXPECT_EQ(balance(source), -12345);
  const auto report = audit();
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(report.total_balance, 0);
  EXPECT_EQ(report.entries, 1);
}

TEST_P(Ledger, AGuardedAccountNeverGoesBelowZeroAndARefusalChangesNothing) {
  const auto source = account("source", false);
  const auto alice = account("alice", true);
  const auto bob = account("bob", true);
  ASSERT_TRUE(move(*db_, "fund", source, alice, 1000).ok());
  auto refused = move(*db_, "too-much", alice, bob, 1001);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.reason(), core::Reason::BALANCE_INSUFFICIENT);
  EXPECT_EQ(refused.error().detail, "alice");
  EXPECT_EQ(balance(alice), 1000);
  EXPECT_EQ(balance(bob), 0);
  EXPECT_FALSE(db_->read([](store::Tx& tx) { return LedgerRepo::transfer_exists(tx, "too-much"); }))
      << "a refused transfer leaves no row behind, so a retry with the same key is judged afresh";
  EXPECT_TRUE(move(*db_, "exact", alice, bob, 1000).ok());
  EXPECT_TRUE(audit().clean());
}

TEST_P(Ledger, ATransferOfManyLegsKeepsEveryLegAndReportsTheBalancesItLeft) {
  // More legs than one multi-row INSERT carries (store/multi_row.h), as a funding batch has.
  const auto source = account("source", false);
  std::vector<std::int64_t> people;
  store::TransferRequest t{"batch", "correction", "test", "", {}};
  for (int i = 0; i < 150; ++i) {
    people.push_back(account("person-" + std::to_string(i), true));
    t.legs.push_back(store::LedgerLeg{source, people.back(), 100 + i, "leg-" + std::to_string(i)});
  }
  const auto posted = db_->write([&](store::Tx& tx) { return LedgerRepo::post(tx, t, services::now_us(*clock_)); });
  ASSERT_TRUE(posted.ok());
  ASSERT_EQ(posted->balances_after.size(), 150u) << "each guarded account it moved; not the unbounded source";
  for (int i = 0; i < 150; ++i) {
    EXPECT_EQ(posted->balances_after.at(people[i]), 100 + i);
    EXPECT_EQ(balance(people[i]), 100 + i);
  }
  const auto last = db_->read([&](store::Tx& tx) { return LedgerRepo::entries_of(tx, people[149], 10, 0); });
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].rule, "leg-149");
  const auto report = audit();
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(report.entries, 150);
}

TEST_P(Ledger, TheSameKeyMovesMoneyOnce) {
  const auto source = account("source", false);
  const auto alice = account("alice", true);
  auto first = move(*db_, "once", source, alice, 500);
  auto second = move(*db_, "once", source, alice, 500);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_FALSE(first->already_posted);
  EXPECT_TRUE(second->already_posted);
  EXPECT_EQ(first->id, second->id);
  EXPECT_EQ(balance(alice), 500);
}

TEST_P(Ledger, TwoConcurrentSpendsAgainstOneAccountNeverOverdraw) {
  const auto source = account("source", false);
  const auto payer = account("authoriser-prior", true);
  const auto a = account("hospital-a", false);
  const auto b = account("hospital-b", false);
  ASSERT_TRUE(move(*db_, "fund", source, payer, 10000).ok());
  auto other_pool = open_pool(4);
  store::Database other(*other_pool);
  for (int round = 0; round < 15; ++round) {
    std::atomic<int> succeeded{0};
    std::thread t1([&] {
      if (move(*db_, "spend-a-" + std::to_string(round), payer, a, 6000).ok()) ++succeeded;
    });
    std::thread t2([&] {
      if (move(other, "spend-b-" + std::to_string(round), payer, b, 6000).ok()) ++succeeded;
    });
    t1.join();
    t2.join();
    EXPECT_LE(succeeded.load(), 1) << "round " << round;
    EXPECT_GE(balance(payer), 0);
    // Refill for the next round.
    const auto missing = 10000 - balance(payer);
    if (missing > 0) {
      ASSERT_TRUE(move(*db_, "refill-" + std::to_string(round), source, payer, missing).ok());
    }
  }
  EXPECT_TRUE(audit().clean());
}

TEST_P(Ledger, ThousandsOfRandomOperationsKeepTheAuditClean) {
  const auto source = account("source", false);
  std::vector<std::int64_t> people;
  for (int i = 0; i < 12; ++i) people.push_back(account("p" + std::to_string(i), true));
  std::mt19937 rng(20261123);
  std::uniform_int_distribution<int> who(0, 11), op(0, 9), cents(1, 50000);
  int refused = 0, replayed = 0, different = 0;
  struct Posted {
    std::int64_t from, to, amount;
  };
  std::map<std::string, Posted> posted;  // what each key moved
  for (int i = 0; i < 2000; ++i) {
    const int kind = op(rng);
    const std::string key = "r" + std::to_string(i);
    if (kind < 3) {
      const auto to = people[who(rng)], amount = static_cast<std::int64_t>(cents(rng));
      ASSERT_TRUE(move(*db_, key, source, to, amount).ok());
      posted[key] = {source, to, amount};
    } else if (kind < 9) {
      const auto from = people[who(rng)], to = people[who(rng)];
      if (from == to) continue;
      const auto amount = static_cast<std::int64_t>(cents(rng));
      auto r = move(*db_, key, from, to, amount);
      if (!r.ok()) {
        ASSERT_EQ(r.reason(), core::Reason::BALANCE_INSUFFICIENT);
        ++refused;
      } else {
        posted[key] = {from, to, amount};
      }
    } else {
      // Replay an earlier key: the same transfer never moves money twice; another transfer
      // under it is refused (and moves nothing either).
      const std::string earlier = "r" + std::to_string(i / 2);
      const auto it = posted.find(earlier);
      if (it == posted.end()) continue;
      auto same = move(*db_, earlier, it->second.from, it->second.to, it->second.amount);
      ASSERT_TRUE(same.ok());
      if (same->already_posted) ++replayed;
      auto other = move(*db_, earlier, it->second.from, it->second.to, it->second.amount + 1);
      ASSERT_EQ(other.reason(), core::Reason::LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_LEGS);
      ++different;
    }
  }
  const auto report = audit();
  EXPECT_TRUE(report.clean()) << (report.findings.empty() ? "" : report.findings[0].problem);
  EXPECT_EQ(report.total_balance, 0);
  for (auto p : people) EXPECT_GE(balance(p), 0);
  EXPECT_GT(refused, 0) << "the test must exercise refusals";
  EXPECT_GT(replayed, 0) << "the test must exercise replays";
  EXPECT_EQ(different, replayed) << "every replay was also tried with other legs";
}

TEST_P(Ledger, AuditFindsACachedBalanceThatDisagreesWithTheEntries) {
  const auto source = account("source", false);
  const auto alice = account("alice", true);
  ASSERT_TRUE(move(*db_, "t", source, alice, 700).ok());
  db_->write([&](store::Tx& tx) { tx.run("UPDATE ledger_accounts SET credits_posted = 99999 WHERE code = 'alice'"); });
  const auto report = audit();
  EXPECT_FALSE(report.clean());
  ASSERT_FALSE(report.findings.empty());
  EXPECT_EQ(report.findings[0].account_code, "alice");
}

TEST_P(Ledger, MonthlyCreditAndYearRolloverRunTwiceMoveMoneyOnce) {
  set_policy("110000", R"({"account_credit_in_service_fen": 20000, "account_credit_retired_fen": 12000})");
  const auto worker = add_person({"张建国", make_id_number("110105", today(), 45, 11)});
  const auto retiree = add_person({"王大爷", make_id_number("110105", today(), 70, 13), "310", "110105", "normal", "1201"});
  add_person({"李秀英", make_id_number("110105", today(), 43, 12), "390", "110105", "normal", "1501"});
  services::AccountService accounts(*ctx_);

  auto first = accounts.run_monthly_credit("2026-11", "");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->considered, 2) << "residents (390) have no personal account";
  EXPECT_EQ(first->posted, 2);
  EXPECT_EQ(first->moved_fen, 32000);
  auto again = accounts.run_monthly_credit("2026-11", "");
  EXPECT_EQ(again->posted, 0);
  EXPECT_EQ(again->already_posted, 2);
  ASSERT_TRUE(accounts.run_monthly_credit("2026-12", "").ok());
  auto balances = db_->read([&](store::Tx& tx) { return services::personal_balances(tx, worker); });
  EXPECT_EQ(balances.current, 40000);
  EXPECT_EQ(balances.prior, 0);

  auto rollover = accounts.run_year_rollover("2026", "");
  ASSERT_TRUE(rollover.ok());
  EXPECT_EQ(rollover->posted, 2);
  EXPECT_EQ(accounts.run_year_rollover("2026", "")->posted, 0);
  balances = db_->read([&](store::Tx& tx) { return services::personal_balances(tx, worker); });
  EXPECT_EQ(balances.current, 0);
  EXPECT_EQ(balances.prior, 40000);
  auto retired = db_->read([&](store::Tx& tx) { return services::personal_balances(tx, retiree); });
  EXPECT_EQ(retired.prior, 24000);

  // The next year's credits start 当年 afresh; rolling 2026 over again cannot sweep them.
  ASSERT_TRUE(accounts.run_monthly_credit("2027-01", "").ok());
  EXPECT_EQ(accounts.run_year_rollover("2026", "")->posted, 0);
  balances = db_->read([&](store::Tx& tx) { return services::personal_balances(tx, worker); });
  EXPECT_EQ(balances.current, 20000);
  EXPECT_TRUE(audit().clean());
  EXPECT_EQ(accounts.run_monthly_credit("2026-13", "").reason(), core::Reason::LEDGER_PERIOD_INVALID);
}

TEST_P(Ledger, JobsOnlyTouchTheStaffMembersRegion) {
  add_person({"张建国", make_id_number("110105", today(), 45, 11)});
  add_person({"王芳", make_id_number("310104", today(), 35, 22), "310", "310104"});
  services::AccountService accounts(*ctx_);
  auto beijing = accounts.run_monthly_credit("2026-11", "110000");
  EXPECT_EQ(beijing->posted, 1);
  auto all = accounts.run_monthly_credit("2026-11", "");
  EXPECT_EQ(all->posted, 1);
  EXPECT_EQ(all->already_posted, 1);
}

YIBAO_INSTANTIATE_STORE_TEST(Ledger);

}  // namespace
}  // namespace yibao::testing
