// 医保钱包 rules (issue 16) at their boundaries: the 3rd and 4th transfer of a day, 21:59 and
// 22:00, 05:59 and 06:00, 2 000.00 and 2 000.01, a pending transfer blocking the next; where a
// quota is held and when it exceeds the balance; why a relative's wallet money cannot pay.
#include <gtest/gtest.h>

#include <algorithm>

#include "domain/wallet_rules.h"

namespace yibao::domain {
namespace {

using core::Reason;

core::TimePoint at(const char* beijing) { return *core::parse_shanghai_datetime(beijing); }

TransferFacts allowed() {
  TransferFacts f;
  f.parties.giver = AidParty{true, true, false, true, "110105"};
  f.parties.receiver = AidParty{true, true, false, false, "310101"};  // 上海, 居民: any scheme, any province
  f.parties.giver_wallet = true;
  f.parties.relation = "parent";
  f.receiver_wallet = true;
  f.amount = 100000;
  f.free = AccountBalances{.current = 50000, .prior = 300000};
  f.now = at("2026-12-05 10:00:00");
  return f;
}

std::vector<Reason> reasons(const std::vector<core::Error>& errors) {
  std::vector<Reason> out;
  for (const auto& e : errors) out.push_back(e.reason);
  return out;
}

bool has(const std::vector<core::Error>& errors, Reason r) {
  const auto all = reasons(errors);
  return std::find(all.begin(), all.end(), r) != all.end();
}

TEST(WalletRules, AnOrdinaryTransferIsAllowed) { EXPECT_TRUE(transfer_blockers(allowed(), RegionPolicy{}).empty()); }

TEST(WalletRules, TheThirdTransferOfADayIsAllowedTheFourthIsNot) {
  auto f = allowed();
  f.sent_today = 2;
  EXPECT_TRUE(transfer_blockers(f, {}).empty());
  f.sent_today = 3;
  EXPECT_EQ(reasons(transfer_blockers(f, {})), std::vector<Reason>{Reason::WALLET_TRANSFER_DAILY_LIMIT});
}

TEST(WalletRules, QuietHoursRunFrom2200ToTheNextMorning0600BeijingTime) {
  auto f = allowed();
  f.now = at("2026-12-05 21:59:59");
  EXPECT_TRUE(transfer_blockers(f, {}).empty());
  f.now = at("2026-12-05 22:00:00");
  EXPECT_EQ(reasons(transfer_blockers(f, {})), std::vector<Reason>{Reason::WALLET_QUIET_HOURS});
  f.now = at("2026-12-06 05:59:59");
  EXPECT_TRUE(has(transfer_blockers(f, {}), Reason::WALLET_QUIET_HOURS));
  f.now = at("2026-12-06 06:00:00");
  EXPECT_TRUE(transfer_blockers(f, {}).empty());
  // 22:00 Beijing is 14:00 UTC: the rule is Beijing's clock, not the server's.
  EXPECT_EQ(beijing_minute_of_day(at("2026-12-05 22:00:00")), 22 * 60);
}

TEST(WalletRules, AtMost200000PerTransfer) {
  auto f = allowed();
  f.amount = 200000;
  EXPECT_TRUE(transfer_blockers(f, {}).empty());
  f.amount = 200001;
  EXPECT_EQ(reasons(transfer_blockers(f, {})), std::vector<Reason>{Reason::WALLET_TRANSFER_AMOUNT_LIMIT});
  f.amount = 0;
  EXPECT_EQ(reasons(transfer_blockers(f, {})), std::vector<Reason>{Reason::MONEY_INVALID});
}

TEST(WalletRules, AnUnacceptedTransferBlocksTheNextAndSaysWhenItReturns) {
  auto f = allowed();
  f.unaccepted_returns_at = at("2026-12-06 06:00:00");
  const auto errors = transfer_blockers(f, {});
  ASSERT_EQ(reasons(errors), std::vector<Reason>{Reason::WALLET_PENDING_TRANSFER});
  EXPECT_NE(errors[0].detail.find("2026-12-06 06:00"), std::string::npos) << errors[0].detail;
}

TEST(WalletRules, TheLimitsAreKnobs) {
  RegionPolicy p;
  p.wallet_daily_transfers = 5;
  p.wallet_transfer_max_fen = 500000;
  p.wallet_quiet_from_minute = 23 * 60;
  auto f = allowed();
  f.sent_today = 4;
  f.amount = 300000;
  f.now = at("2026-12-05 22:30:00");
  EXPECT_TRUE(transfer_blockers(f, p).empty());
}

TEST(WalletRules, AnUnacceptedTransferReturnsAt0600TheNextBeijingDay) {
  EXPECT_EQ(transfer_return_due(at("2026-12-05 06:00:00"), {}), at("2026-12-06 06:00:00"));
  EXPECT_EQ(transfer_return_due(at("2026-12-05 21:59:59"), {}), at("2026-12-06 06:00:00"));
  // 07:30 Beijing is still the previous day in UTC; the Beijing day counts.
  EXPECT_EQ(transfer_return_due(at("2026-12-31 07:30:00"), {}), at("2027-01-01 06:00:00"));
}

TEST(WalletRules, OnlyAnInsuredCloseRelativeOfAnEmployeeWithAWalletMayReceive) {
  auto f = allowed();
  f.parties.relation = "friend";
  EXPECT_TRUE(has(transfer_blockers(f, {}), Reason::WALLET_RELATION_NOT_CLOSE));
  for (const char* r : {"spouse", "parent", "child", "sibling", "grandparent", "maternal_grandparent", "grandchild",
                        "maternal_grandchild"}) {
    EXPECT_TRUE(is_close_relative(r)) << r;
  }
  f = allowed();
  f.parties.giver.employee = false;
  EXPECT_TRUE(has(transfer_blockers(f, {}), Reason::MUTUAL_AID_AUTHORISER_NOT_EMPLOYEE));
  f = allowed();
  f.parties.giver_wallet = false;
  EXPECT_TRUE(has(transfer_blockers(f, {}), Reason::WALLET_NOT_OPENED));
  f = allowed();
  f.receiver_wallet = false;
  EXPECT_EQ(reasons(transfer_blockers(f, {})), std::vector<Reason>{Reason::WALLET_RECEIVER_NOT_OPENED});
  f = allowed();
  f.parties.receiver.insured = false;
  EXPECT_TRUE(has(transfer_blockers(f, {}), Reason::MUTUAL_AID_BENEFICIARY_NOT_INSURED));
  f = allowed();
  f.parties.receiver.waiting = true;  // a waiting period does not stop a wallet gift
  EXPECT_TRUE(transfer_blockers(f, {}).empty());
}

TEST(WalletRules, ATransferComesFromPriorYearsOnlyUnlessTheSourceKnobAllowsCurrent) {
  auto f = allowed();
  f.free = AccountBalances{.current = 300000, .prior = 50000};
  f.amount = 50001;  // 历年 holds 500.00
  EXPECT_EQ(reasons(transfer_blockers(f, {})), std::vector<Reason>{Reason::WALLET_TRANSFER_EXCEEDS_BALANCE});
  RegionPolicy all;
  all.mutual_aid_source = MutualAidSource::all;
  EXPECT_TRUE(transfer_blockers(f, all).empty());
  const auto split = transfer_split(50001, f.free, all);
  EXPECT_EQ(split.prior, 50000);
  EXPECT_EQ(split.current, 1);
}

TEST(WalletRules, AQuotaIsHeldOnPriorYearsFirstAndNeverExceedsWhatTheAccountsCanCover) {
  RegionPolicy prior_only, all;
  all.mutual_aid_source = MutualAidSource::all;
  const AccountBalances free{.current = 20000, .prior = 30000};
  auto s = quota_split(30000, {}, free, prior_only);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->prior, 30000);
  EXPECT_EQ(s->current, 0);
  auto over = quota_split(30001, {}, free, prior_only);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().reason, Reason::QUOTA_EXCEEDS_BALANCE);
  EXPECT_NE(over.error().detail.find("300.00"), std::string::npos);
  s = quota_split(50000, {}, free, all);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->prior, 30000);
  EXPECT_EQ(s->current, 20000);
  EXPECT_FALSE(quota_split(50001, {}, free, all).ok());
  // What the quota already holds stays reservable: raising 200.00 → 400.00 with 200.00 free.
  s = quota_split(40000, HoldSplit{20000, 0}, AccountBalances{.current = 0, .prior = 20000}, prior_only);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->prior, 40000);
  // Lowering gives back 当年 first (the 历年 part is filled first).
  s = quota_split(10000, HoldSplit{30000, 20000}, AccountBalances{0, 0}, all);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->prior, 10000);
  EXPECT_EQ(s->current, 0);
  EXPECT_EQ(quota_split(-1, {}, free, all).error().reason, Reason::MONEY_INVALID);
}

TEST(WalletRules, TheDiagnosisNamesEveryWalletStateThatStopsAPayment) {
  WalletAidFacts f;
  EXPECT_EQ(reasons(wallet_aid_blockers(f)),
            (std::vector<Reason>{Reason::WALLET_GIVER_NOT_OPENED, Reason::WALLET_QUOTA_ZERO}));
  f.giver_wallet = true;
  f.quota_active = true;
  f.quota_left = 100;
  EXPECT_TRUE(wallet_aid_blockers(f).empty());
  f.quota_left = 0;
  f.unaccepted_returns_at = at("2026-12-06 06:00:00");
  f.unaccepted_amount = 80000;
  const auto errors = wallet_aid_blockers(f);
  EXPECT_EQ(reasons(errors), (std::vector<Reason>{Reason::WALLET_QUOTA_ZERO, Reason::WALLET_TRANSFER_UNACCEPTED,
                                                  Reason::WALLET_NOT_OPENED}));
  EXPECT_NE(errors[1].detail.find("2026-12-06 06:00"), std::string::npos) << errors[1].detail;
  EXPECT_NE(errors[1].detail.find("800.00"), std::string::npos) << errors[1].detail;
}

}  // namespace
}  // namespace yibao::domain
