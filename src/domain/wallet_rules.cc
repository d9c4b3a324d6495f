#include "domain/wallet_rules.h"

#include <algorithm>

#include "core/money.h"

namespace yibao::domain {
namespace {

using core::Error;
using core::Reason;

std::string yuan(std::int64_t fen) { return core::Money::from_fen(fen).to_string(); }

}  // namespace

bool is_close_relative(std::string_view relation) {
  const auto& all = known_relations();
  return std::find(all.begin(), all.end(), relation) != all.end();
}

int beijing_minute_of_day(core::TimePoint t) {
  const auto local = std::chrono::floor<std::chrono::minutes>(t + core::kShanghaiOffset);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  return static_cast<int>((local - day).count());
}

bool in_quiet_hours(core::TimePoint t, const RegionPolicy& policy) {
  const int m = beijing_minute_of_day(t), from = policy.wallet_quiet_from_minute, until = policy.wallet_quiet_until_minute;
  if (from == until) return false;               // no quiet hours
  if (from < until) return m >= from && m < until;  // inside one day (e.g. 01:00–05:00)
  return m >= from || m < until;                 // across midnight (22:00–06:00)
}

core::TimePoint transfer_return_due(core::TimePoint sent, const RegionPolicy& policy) {
  // Midnight of the Beijing day after, then the quiet hours' end, back in UTC.
  const auto local_day = std::chrono::floor<std::chrono::days>(sent + core::kShanghaiOffset);
  return local_day + std::chrono::days{1} + std::chrono::minutes{policy.wallet_quiet_until_minute} -
         core::kShanghaiOffset;
}

std::vector<Error> gift_blockers(const GiftParties& p) {
  std::vector<Error> out;
  if (!p.giver_wallet) out.emplace_back(Reason::WALLET_NOT_OPENED);
  if (p.same_person) out.emplace_back(Reason::MUTUAL_AID_SELF);
  if (!is_close_relative(p.relation)) out.emplace_back(Reason::WALLET_RELATION_NOT_CLOSE, p.relation, "relation");
  if (!p.giver.employee) {
    out.emplace_back(Reason::MUTUAL_AID_AUTHORISER_NOT_EMPLOYEE);
  } else if (p.giver.waiting) {
    out.emplace_back(Reason::MUTUAL_AID_AUTHORISER_WAITING);
  }
  if (!p.receiver.found) {
    out.emplace_back(Reason::PERSON_UNKNOWN, std::string(), "id_number");
  } else if (!p.receiver.insured) {
    // Any scheme, any province — but insured; a waiting period does not matter to a wallet.
    out.emplace_back(Reason::MUTUAL_AID_BENEFICIARY_NOT_INSURED);
  }
  return out;
}

core::Result<HoldSplit> quota_split(std::int64_t amount, const HoldSplit& held, const AccountBalances& free,
                                    const RegionPolicy& policy) {
  if (amount < 0) return Error{Reason::MONEY_INVALID, "额度不能为负", "amount"};
  const std::int64_t prior_room = held.prior + std::max<std::int64_t>(free.prior, 0);
  const std::int64_t current_room = policy.mutual_aid_source == MutualAidSource::all
                                        ? held.current + std::max<std::int64_t>(free.current, 0)
                                        : 0;
  if (amount > prior_room + current_room) {
    return Error{Reason::QUOTA_EXCEEDS_BALANCE, "最多可设置 " + yuan(prior_room + current_room) + " 元", "amount"};
  }
  HoldSplit out;
  out.prior = std::min(amount, prior_room);
  out.current = amount - out.prior;
  return out;
}

std::vector<Error> transfer_blockers(const TransferFacts& f, const RegionPolicy& policy) {
  auto out = gift_blockers(f.parties);
  if (f.parties.receiver.found && !f.receiver_wallet) out.emplace_back(Reason::WALLET_RECEIVER_NOT_OPENED);
  if (f.amount <= 0) {
    out.emplace_back(Reason::MONEY_INVALID, "转账金额须大于 0", "amount");
  } else if (f.amount > policy.wallet_transfer_max_fen) {
    out.emplace_back(Reason::WALLET_TRANSFER_AMOUNT_LIMIT, "单笔最多 " + yuan(policy.wallet_transfer_max_fen) + " 元",
                     "amount");
  }
  if (in_quiet_hours(f.now, policy)) out.emplace_back(Reason::WALLET_QUIET_HOURS);
  if (f.sent_today >= policy.wallet_daily_transfers) {
    out.emplace_back(Reason::WALLET_TRANSFER_DAILY_LIMIT,
                     "今日已转 " + std::to_string(f.sent_today) + " 笔，每日最多 " +
                         std::to_string(policy.wallet_daily_transfers) + " 笔");
  }
  if (f.unaccepted_returns_at) {
    out.emplace_back(Reason::WALLET_PENDING_TRANSFER,
                     "未接收的资金将于 " + core::format_shanghai_datetime(*f.unaccepted_returns_at).substr(0, 16) + " 退回");
  }
  if (f.amount > 0) {
    const std::int64_t giveable = std::max<std::int64_t>(f.free.prior, 0) +
                                  (policy.mutual_aid_source == MutualAidSource::all ? std::max<std::int64_t>(f.free.current, 0) : 0);
    if (f.amount > giveable) {
      out.emplace_back(Reason::WALLET_TRANSFER_EXCEEDS_BALANCE, "可转余额 " + yuan(giveable) + " 元", "amount");
    }
  }
  return out;
}

HoldSplit transfer_split(std::int64_t amount, const AccountBalances& free, const RegionPolicy& policy) {
  HoldSplit out;
  out.prior = std::min(amount, std::max<std::int64_t>(free.prior, 0));
  out.current = policy.mutual_aid_source == MutualAidSource::all ? amount - out.prior : 0;
  return out;
}

std::vector<Error> wallet_aid_blockers(const WalletAidFacts& f) {
  std::vector<Error> out;
  if (!f.giver_wallet) out.emplace_back(Reason::WALLET_GIVER_NOT_OPENED);
  if (!f.quota_active || f.quota_left <= 0) {
    if (f.wallet_balance <= 0) out.emplace_back(Reason::WALLET_QUOTA_ZERO, f.quota_active ? "额度已用完" : "未设置额度");
  }
  if (f.unaccepted_returns_at) {
    out.emplace_back(Reason::WALLET_TRANSFER_UNACCEPTED,
                     yuan(f.unaccepted_amount) + " 元待接收，未接收将于 " +
                         core::format_shanghai_datetime(*f.unaccepted_returns_at).substr(0, 16) + " 退回");
    if (!f.receiver_wallet) out.emplace_back(Reason::WALLET_NOT_OPENED);
  }
  return out;
}

}  // namespace yibao::domain
