#pragma once
// 医保钱包 and the 2026 cross-province 家庭共济 (issue 16): who may give to whom, the wallet
// transfer limits (the 2025 pilot rules), where a 共济额度 is held, and why a relative's wallet
// or quota cannot pay. Pure functions over facts the wallet service reads; the limits are the
// giver's region knobs (policy.h), with the national defaults.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/mutual_aid_rules.h"
#include "domain/payer_plan.h"
#include "domain/policy.h"

namespace yibao::domain {

// 近亲属 (the 2026 notice): spouse, parents, children, siblings, grandparents, grandchildren —
// every relation domain.md §7 knows, in any scheme and any province.
bool is_close_relative(std::string_view relation);

// The Beijing minute of the day, and whether no transfer may be sent then: from
// `wallet_quiet_from_minute` (22:00) up to `wallet_quiet_until_minute` (06:00) the next day.
int beijing_minute_of_day(core::TimePoint t);
bool in_quiet_hours(core::TimePoint t, const RegionPolicy& policy);

// When an unaccepted transfer sent at `sent` goes back: the end of quiet hours (06:00) on the
// Beijing day after the one it was sent on.
core::TimePoint transfer_return_due(core::TimePoint sent, const RegionPolicy& policy);

// Both sides of a gift, as the service finds them.
struct GiftParties {
  AidParty giver;           // `employee` and `waiting` of the giver's 职工 enrolment
  AidParty receiver;        // any scheme, any province
  bool giver_wallet = false;
  bool same_person = false;
  std::string relation;
};

// The rules a quota and a transfer share, in checking order.
std::vector<core::Error> gift_blockers(const GiftParties& parties);

// Where money a giver reserves or sends comes from: 历年 first, then 当年 when the source knob
// (`mutual_aid_source`) allows it.
struct HoldSplit {
  std::int64_t prior = 0;    // on the 历年 account
  std::int64_t current = 0;  // on the 当年 account
  std::int64_t total() const { return prior + current; }
};

// The quota's holds after setting it to `amount`: what the holds already reserve stays
// reservable, plus what is free. QUOTA_EXCEEDS_BALANCE (detail: the most it can be) when the
// accounts cannot cover it; MONEY_INVALID for a negative amount.
core::Result<HoldSplit> quota_split(std::int64_t amount, const HoldSplit& held, const AccountBalances& free,
                                    const RegionPolicy& policy);

struct TransferFacts {
  GiftParties parties;
  bool receiver_wallet = false;
  std::int64_t amount = 0;
  int sent_today = 0;  // transfers this wallet sent on the Beijing day of `now`, any outcome
  std::optional<core::TimePoint> unaccepted_returns_at;  // one of its transfers waits for acceptance
  AccountBalances free;  // the giver's available (unheld) balances
  core::TimePoint now{};
};

// Every rule that blocks sending this transfer now, in checking order (empty: allowed).
std::vector<core::Error> transfer_blockers(const TransferFacts& facts, const RegionPolicy& policy);

// Where a transfer's money comes from (the same order as a quota's); only called once allowed.
HoldSplit transfer_split(std::int64_t amount, const AccountBalances& free, const RegionPolicy& policy);

// "Why can't my relative's wallet money pay for me?" — from the receiver's side, one giver.
struct WalletAidFacts {
  bool giver_wallet = false;
  bool quota_active = false;
  std::int64_t quota_left = 0;   // what the quota's holds still reserve
  bool receiver_wallet = false;
  std::int64_t wallet_balance = 0;
  std::optional<core::TimePoint> unaccepted_returns_at;  // a transfer to the receiver not yet accepted
  std::int64_t unaccepted_amount = 0;
};
std::vector<core::Error> wallet_aid_blockers(const WalletAidFacts& facts);

}  // namespace yibao::domain
