#pragma once
// 个人医保钱包 and the 2026 cross-province 家庭共济 (issue 16). The rules are pure functions in
// domain/wallet_rules.h; this service reads the facts, asks them, and writes the outcome in one
// transaction each:
//
// - open / open_for_member (代开通 by the holder of the member's 亲情账户 binding);
// - set_quota: a 共济额度 for a member of the giver's 亲情账户 is a pair of holds on the giver's
//   历年/当年 accounts (LedgerRepo holds): no money moves, the giver cannot spend it, only the
//   relative's settlements do (mutual_aid_service payer_sources), and lowering it gives back
//   exactly what is still held;
// - send / accept / return_due: a wallet transfer is held on the giver's accounts until the
//   receiver accepts (posted to their `wallet:<person>` account) or 06:00 Beijing time the
//   next day passes (the holds are voided: nothing moved, nothing to move back);
// - end_quotas_no_longer_allowed: the hook that ends quotas when either side stops qualifying.
//
// Every change queues an SMS in the notification outbox (FamilyService delivers it).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/payer_plan.h"
#include "domain/policy.h"
#include "services/service_context.h"
#include "store/ledger_repo.h"
#include "store/wallet_repo.h"

namespace yibao::services {

struct QuotaView {
  store::QuotaRow row;
  std::int64_t left = 0;   // what its holds still reserve
  std::int64_t spent = 0;  // what the relative's settlements took from it (net of reversals)
};

struct WalletRelative {
  std::int64_t person_id = 0;
  std::string name;
  std::string relation;
  bool wallet_opened = false;
  std::optional<QuotaView> quota;
};

// A relative who may give to the person (the holder of their 亲情账户 binding) and why their
// wallet cannot pay for the person now — the receiver's "why can't my family's money pay?".
struct WalletGiver {
  std::int64_t person_id = 0;
  std::string name;
  std::string relation;
  std::vector<core::Error> aid_blockers;  // empty: it can pay
};

struct ReceivedQuota {
  QuotaView quota;
  std::string giver_name;
};

struct TransferView {
  store::WalletTransferRow row;
  bool outgoing = false;
  std::string counterpart_name;
};

struct WalletView {
  std::optional<store::WalletRow> wallet;
  std::string phone;                 // "" when none is on record
  std::int64_t balance = 0;          // the 医保钱包: accepted transfers, not yet spent
  bool has_account = false;          // an employee (职工) personal account
  domain::AccountBalances own;       // … its 当年/历年 balances
  std::int64_t held = 0;             // … of which quotas and unaccepted transfers hold
  std::vector<WalletRelative> relatives;  // the members of the person's 亲情账户
  std::vector<ReceivedQuota> received;
  std::vector<WalletGiver> givers;
  std::vector<TransferView> transfers;    // newest first
  domain::RegionPolicy policy;       // the person's region knobs (the limits shown)
};

// What agency staff see of a person's wallet: the person's view and every hold behind it (the
// quotas they give and their unaccepted transfers, pending or closed).
struct StaffWalletView {
  WalletView view;
  std::vector<store::HoldRow> holds;
};

// A staff reversal of a transfer (wrongly sent, a complaint): `staff_id` acting, `reason` kept on
// the transfer and in the audit log.
struct TransferReversal {
  std::int64_t staff_id = 0;
  std::int64_t person_id = 0;  // the giver or the receiver, whose record staff opened
  std::int64_t transfer_id = 0;
  std::string reason;
};

struct ReturnReport {
  int returned = 0;
  std::int64_t amount = 0;
};

class WalletService {
 public:
  explicit WalletService(ServiceContext& ctx) : ctx_(ctx) {}

  WalletView view(std::int64_t person_id);
  core::Status open(std::int64_t person_id, const std::string& channel);
  // 代开通: FAMILY_NOT_BOUND unless `holder` holds an active binding of `member`. The member's
  // wallet, opened now or before.
  core::Result<store::WalletRow> open_for_member(std::int64_t holder, std::int64_t member, const std::string& channel);
  // QUOTA_EXCEEDS_BALANCE, the gift rules (WALLET_NOT_OPENED, …), FAMILY_NOT_BOUND; 0 ends it.
  core::Result<QuotaView> set_quota(std::int64_t giver, std::int64_t receiver, std::int64_t amount);
  // Both answer the transfer as its caller sees it (the other side's name).
  core::Result<TransferView> send(std::int64_t giver, std::int64_t receiver, std::int64_t amount);
  core::Result<TransferView> accept(std::int64_t receiver, std::int64_t transfer_id);
  StaffWalletView staff_view(std::int64_t person_id);
  // Staff undo a transfer: an unaccepted one is closed and its holds voided (nothing moved); an
  // accepted one moves back from the receiver's wallet to the giver's 历年/当年 accounts it came
  // from, as one ledger transfer. FIELD_MISSING without a reason; WALLET_TRANSFER_NOT_FOUND when
  // it is not the person's; WALLET_TRANSFER_CLOSED once returned or reversed;
  // WALLET_REVERSAL_SPENT when the receiver has already spent part of it.
  core::Result<TransferView> reverse(const TransferReversal& request);
  // The 06:00 job: every unaccepted transfer whose time has come goes back. Safe to run twice
  // or on two instances at once: each transfer is closed by one conditional UPDATE.
  ReturnReport return_due(int limit = 500);

 private:
  ServiceContext& ctx_;
};

// Ends the active quotas `person_id` gives or receives whose rules no longer hold (the giver is
// no longer employee-insured, the receiver no longer insured, the binding ended), giving back
// what they still hold. Call in the transaction of any enrolment or binding change.
// "Why can't my wallet pay for them?" — domain::wallet_aid_blockers over what the store holds
// for `giver` and `receiver` now: the giver's wallet, the quota and what it still holds, a
// transfer waiting for the receiver (returning at 06:00 on its date). Empty: it can pay.
std::vector<core::Error> wallet_aid_diagnosis(store::Tx& tx, std::int64_t giver, std::int64_t receiver);

int end_quotas_no_longer_allowed(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today,
                                 std::int64_t now_us);

}  // namespace yibao::services
