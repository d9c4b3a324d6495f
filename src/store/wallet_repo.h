#pragma once
// 医保钱包 rows (issue 16, migration 0018): wallets, 共济额度 (quotas) and wallet transfers. The
// money itself is on the ledger: a quota and an unaccepted transfer are holds on the giver's
// personal accounts (LedgerRepo::place_hold, reference quota:<id> / wallet_transfer:<id>), an
// accepted transfer sits on the receiver's `wallet:<person>` account.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct WalletRow {
  std::int64_t person_id = 0;
  std::int64_t opened_by_person_id = 0;
  std::string channel;
  std::int64_t opened_at_us = 0;
};

struct QuotaRow {
  std::int64_t id = 0;
  std::int64_t giver_person_id = 0;
  std::int64_t receiver_person_id = 0;
  std::string relation;
  std::int64_t amount = 0;  // what the giver last set
  std::string status;       // active | ended
  std::string end_reason;   // "" while active
  std::int64_t created_at_us = 0;
  std::int64_t updated_at_us = 0;
};

struct WalletTransferRow {
  std::int64_t id = 0;
  std::int64_t giver_person_id = 0;
  std::int64_t receiver_person_id = 0;
  std::int64_t amount = 0;
  std::string status;  // pending | accepted | returned | reversed
  std::string sent_day;
  std::int64_t sent_at_us = 0;
  std::int64_t returns_at_us = 0;
  std::int64_t closed_at_us = 0;  // 0 while pending
  std::string closed_by;
  std::string close_note;
};

class WalletRepo {
 public:
  static std::optional<WalletRow> wallet(Tx& tx, std::int64_t person_id);
  // False when the person already had one (nothing changes).
  static bool open(Tx& tx, const WalletRow& row);

  static std::int64_t insert_quota(Tx& tx, const QuotaRow& row);
  static std::optional<QuotaRow> active_quota(Tx& tx, std::int64_t giver, std::int64_t receiver);
  // Active quotas the person gives or receives, oldest first.
  static std::vector<QuotaRow> active_quotas_of_giver(Tx& tx, std::int64_t giver);
  static std::vector<QuotaRow> active_quotas_for_receiver(Tx& tx, std::int64_t receiver);
  // The receiver's active quotas with each pending hold that backs them, in one read for the
  // settlement's payer plan.
  struct QuotaHold {
    std::int64_t quota_id = 0;
    std::int64_t giver_person_id = 0;
    std::int64_t hold_id = 0;
    std::string account_kind;  // personal_current | personal_prior
    std::int64_t held = 0;
  };
  static std::vector<QuotaHold> quota_holds_for_receiver(Tx& tx, std::int64_t receiver);
  // Everyone who may pay for `receiver` at a settlement, in one read (issue 17): the active
  // 家庭共济 authorisations (by id) and the quotas with their pending holds (by quota, hold).
  struct AidAuthorisation {
    std::int64_t id = 0;
    std::int64_t authoriser_person_id = 0;
    std::string effective_from;
  };
  struct AidPayers {
    std::vector<AidAuthorisation> authorisations;
    std::vector<QuotaHold> quota_holds;
  };
  static AidPayers aid_payers_for(Tx& tx, std::int64_t receiver);
  static void set_quota_amount(Tx& tx, std::int64_t id, std::int64_t amount, std::int64_t now_us);
  // Ends an active quota; false when it had ended already.
  static bool end_quota(Tx& tx, std::int64_t id, const std::string& reason, std::int64_t now_us);

  static std::int64_t insert_transfer(Tx& tx, const WalletTransferRow& row);
  static std::optional<WalletTransferRow> transfer(Tx& tx, std::int64_t id);
  // Sent or received by the person, newest first.
  static std::vector<WalletTransferRow> transfers_of(Tx& tx, std::int64_t person_id, int limit);
  static int count_sent_on(Tx& tx, std::int64_t giver, const std::string& beijing_day);
  static std::optional<WalletTransferRow> pending_from(Tx& tx, std::int64_t giver);
  static std::vector<WalletTransferRow> pending_to(Tx& tx, std::int64_t receiver);
  // Pending transfers whose return time has come, oldest first.
  static std::vector<WalletTransferRow> due_returns(Tx& tx, std::int64_t now_us, int limit);
  // pending → `status` (or accepted → reversed); false when it was not in `from` any more, so two
  // instances closing one transfer close it once.
  static bool close_transfer(Tx& tx, std::int64_t id, const std::string& from, const std::string& status,
                             const std::string& by, const std::string& note, std::int64_t now_us);
};

}  // namespace yibao::store
