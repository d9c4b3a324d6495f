// Ledger holds (issue 16: TigerBeetle's pending transfers), on both stores: a hold keeps its
// part of a personal account out of its owner's reach, is spent only by legs that name it,
// is given back exactly by a reversal (or freely once voided), and the audit proves holds never
// exceed balances — also with a hold being raised while another connection spends.
#include <atomic>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "services/account_service.h"
#include "store/ledger_repo.h"
#include "support/service_fixture.h"

namespace yibao::testing {
namespace {

using store::LedgerRepo;

class LedgerHold : public ServiceTest {
 protected:
  std::int64_t account(const std::string& code, bool guarded) {
    return db_->write([&](store::Tx& tx) {
      return LedgerRepo::ensure_account(tx, code, guarded ? "personal_prior" : "source", std::nullopt, "110105", guarded,
                                        services::now_us(*clock_))
          .id;
    });
  }
  core::Result<store::PostedTransfer> move(store::Database& db, const std::string& key, store::LedgerLeg leg) {
    return db.write([&](store::Tx& tx) {
      store::TransferRequest t{key, "correction", "test", "", {leg}};
      return LedgerRepo::post(tx, t, services::now_us(*clock_));
    });
  }
  core::Result<store::HoldRow> hold(const std::string& key, std::int64_t on, std::int64_t amount) {
    return db_->write([&](store::Tx& tx) {
      return LedgerRepo::place_hold(tx, {key, "quota", on, amount, "quota:test"}, services::now_us(*clock_));
    });
  }
  store::LedgerAccount read(std::int64_t id) {
    return db_->read([&](store::Tx& tx) { return *LedgerRepo::account_by_id(tx, id); });
  }
  store::HoldRow hold_row(std::int64_t id) {
    return db_->read([&](store::Tx& tx) {
      for (const auto& h : LedgerRepo::holds_by_reference(tx, {"quota:test"})) {
        if (h.id == id) return h;
      }
      return store::HoldRow{};
    });
  }
  store::AuditReport audit() { return services::AccountService(*ctx_).audit(); }
};

TEST_P(LedgerHold, AHoldIsOutOfTheOwnersReachAndSpentOnlyByLegsThatNameIt) {
  const auto source = account("source", false), giver = account("giver-prior", true), hospital = account("hospital", false);
  ASSERT_TRUE(move(*db_, "fund", {source, giver, 100000, "test"}).ok());
  auto h = hold("quota-1", giver, 60000);
  ASSERT_TRUE(h.ok()) << h.error().detail;
  EXPECT_EQ(read(giver).balance(), 100000);
  EXPECT_EQ(read(giver).available(), 40000);

  // The owner may spend what is free, not a fen of what is held.
  auto own = move(*db_, "own-spend", {giver, hospital, 40001, "own"});
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().reason, core::Reason::BALANCE_INSUFFICIENT);
  ASSERT_TRUE(move(*db_, "own-spend-ok", {giver, hospital, 40000, "own"}).ok());

  // The relative's settlement spends through the hold.
  store::LedgerLeg relative{giver, hospital, 25000, "quota"};
  relative.spends_hold = h->id;
  ASSERT_TRUE(move(*db_, "relative", relative).ok());
  EXPECT_EQ(read(giver).balance(), 35000);
  EXPECT_EQ(read(giver).debits_pending, 35000);
  EXPECT_EQ(hold_row(h->id).amount, 35000);
  EXPECT_EQ(hold_row(h->id).spent, 25000);

  // More than the hold still holds is refused, and changes nothing.
  store::LedgerLeg too_much{giver, hospital, 35001, "quota"};
  too_much.spends_hold = h->id;
  auto refused = move(*db_, "relative-2", too_much);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, core::Reason::LEDGER_HOLD_CHANGED);
  EXPECT_EQ(hold_row(h->id).amount, 35000);
  EXPECT_EQ(read(giver).balance(), 35000);
  EXPECT_TRUE(audit().clean());
}

TEST_P(LedgerHold, AReversalRestoresTheHoldExactlyOrFreesTheMoneyOnceTheHoldIsVoided) {
  const auto source = account("source", false), giver = account("giver-prior", true), hospital = account("hospital", false);
  ASSERT_TRUE(move(*db_, "fund", {source, giver, 50000, "test"}).ok());
  auto h = hold("quota-1", giver, 30000);
  ASSERT_TRUE(h.ok());
  store::LedgerLeg spend{giver, hospital, 12000, "quota"};
  spend.spends_hold = h->id;
  ASSERT_TRUE(move(*db_, "settle-1", spend).ok());
  ASSERT_TRUE(move(*db_, "settle-2", spend).ok());

  // Reversal of settle-1: legs_of names the hold it spent; swapped, it restores it.
  const auto legs = db_->read([&](store::Tx& tx) { return LedgerRepo::legs_of(tx, "settle-1"); });
  ASSERT_EQ(legs.size(), 1u);
  ASSERT_EQ(legs[0].spends_hold, h->id);
  store::LedgerLeg back{legs[0].credit_account_id, legs[0].debit_account_id, legs[0].amount, "reversal"};
  back.restores_hold = legs[0].spends_hold;
  ASSERT_TRUE(move(*db_, "reverse-1", back).ok());
  EXPECT_EQ(hold_row(h->id).amount, 18000);
  EXPECT_EQ(hold_row(h->id).spent, 12000);
  EXPECT_EQ(read(giver).available(), 50000 - 12000 - 18000);
  EXPECT_TRUE(audit().clean());

  // The quota ends: what it holds is free again; a later reversal's money comes back free too.
  auto closed = db_->write([&](store::Tx& tx) { return LedgerRepo::close_hold(tx, h->id, "voided", 1); });
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->released, 18000);
  EXPECT_EQ(read(giver).debits_pending, 0);
  auto again = db_->write([&](store::Tx& tx) { return LedgerRepo::close_hold(tx, h->id, "voided", 1); });
  EXPECT_FALSE(again.has_value()) << "a hold closes once";
  back.amount = 12000;
  ASSERT_TRUE(move(*db_, "reverse-2", back).ok());
  EXPECT_EQ(read(giver).available(), 50000);
  EXPECT_EQ(hold_row(h->id).spent, 12000) << "the voided hold took nothing back";
  const auto legs2 = db_->read([&](store::Tx& tx) { return LedgerRepo::legs_of(tx, "reverse-2"); });
  EXPECT_FALSE(legs2[0].restores_hold.has_value());
  EXPECT_TRUE(audit().clean());
}

TEST_P(LedgerHold, PlacingAndRaisingAHoldNeedsThatMuchAvailableAndTheSameKeyHoldsOnce) {
  const auto source = account("source", false), giver = account("giver-prior", true);
  ASSERT_TRUE(move(*db_, "fund", {source, giver, 10000, "test"}).ok());
  auto first = hold("quota-1", giver, 7000);
  ASSERT_TRUE(first.ok());
  auto replay = hold("quota-1", giver, 7000);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->id, first->id);
  EXPECT_EQ(read(giver).debits_pending, 7000) << "the same key holds once";
  auto second = hold("quota-2", giver, 3001);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().reason, core::Reason::BALANCE_INSUFFICIENT);
  auto raised = db_->write([&](store::Tx& tx) { return LedgerRepo::adjust_hold(tx, first->id, 3001, 1); });
  ASSERT_FALSE(raised.ok());
  EXPECT_EQ(read(giver).debits_pending, 7000);
  auto lowered = db_->write([&](store::Tx& tx) { return LedgerRepo::adjust_hold(tx, first->id, -7001, 1); });
  ASSERT_FALSE(lowered.ok());
  EXPECT_EQ(lowered.error().reason, core::Reason::LEDGER_HOLD_CHANGED);
  auto to_max = db_->write([&](store::Tx& tx) { return LedgerRepo::adjust_hold(tx, first->id, 3000, 1); });
  ASSERT_TRUE(to_max.ok());
  EXPECT_EQ(read(giver).available(), 0);
  EXPECT_TRUE(audit().clean());
}

TEST_P(LedgerHold, RaisingAHoldWhileAnotherConnectionSpendsNeverOverdraws) {
  const auto source = account("source", false), giver = account("giver-prior", true), hospital = account("hospital", false);
  auto h = hold("quota-1", giver, 0);
  ASSERT_TRUE(h.ok());
  auto other_pool = open_pool(4);
  store::Database other(*other_pool);
  for (int round = 0; round < 15; ++round) {
    const auto r = std::to_string(round);
    ASSERT_TRUE(move(*db_, "fund-" + r, {source, giver, 10000, "test"}).ok());
    std::atomic<int> succeeded{0};
    std::thread quota([&] {
      auto raised = db_->write([&](store::Tx& tx) { return LedgerRepo::adjust_hold(tx, h->id, 6000, 1); });
      if (raised.ok()) ++succeeded;
    });
    std::thread spend([&] {
      if (move(other, "own-" + r, {giver, hospital, 6000, "own"}).ok()) ++succeeded;
    });
    quota.join();
    spend.join();
    EXPECT_LE(succeeded.load(), 1) << "round " << round;
    const auto a = read(giver);
    EXPECT_GE(a.available(), 0) << "round " << round;
    // Empty it for the next round: spend what is held through the hold, and what is free.
    if (a.debits_pending > 0) {
      store::LedgerLeg through{giver, hospital, a.debits_pending, "quota"};
      through.spends_hold = h->id;
      ASSERT_TRUE(move(*db_, "drain-hold-" + r, through).ok());
    }
    if (const auto free = read(giver).available(); free > 0) {
      ASSERT_TRUE(move(*db_, "drain-" + r, {giver, hospital, free, "own"}).ok());
    }
  }
  EXPECT_TRUE(audit().clean());
}

YIBAO_INSTANTIATE_STORE_TEST(LedgerHold);

}  // namespace
}  // namespace yibao::testing
