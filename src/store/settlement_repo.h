#pragma once
// Institution settlement storage (issue 7): sign-ins, visits, fee details, settlements and
// reversals, the stored replies of commit/reversal calls (idempotency by institution + msgid)
// and the year-to-date accumulators. Plain rows; the rules live in src/domain, the use cases
// in services/settlement_service.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct VisitRow {
  std::int64_t id = 0;
  std::string mdtrt_id;
  std::string institution_code;
  std::int64_t person_id = 0;
  std::string kind;  // outpatient | inpatient | pharmacy
  std::string insutype;
  std::string med_type;
  std::string ipt_otp_no;
  std::string insuplc_admdvs;
  std::string mdtrtarea_admvs;
  std::string mdtrt_cert_type;
  std::string begntime;
  std::optional<std::string> endtime;
  std::string dise_codg;
  std::string dise_name;
  std::string status = "open";  // open | cancelled | discharged
  std::int64_t created_at_us = 0;
  std::string msgid;  // of the 2201/2401 that opened it ("" before migration 0012, and for pharmacy visits)
  // How many settlements stand on it, when the read says (SettlementRepo::visit): 0 means no
  // batch can be settled yet, so 2204 skips asking batch by batch.
  std::optional<std::int64_t> settled_count;
};

// 代办 (2201/2401 agnterinfo, migration 0014): who registered the visit for the patient.
struct VisitAgent {
  std::string name;
  std::string rlts;       // 代办人关系, the HIS's code as sent
  std::string cert_type;  // 代办人证件类型
  std::string certno;
  std::string tel;
};

struct FeeRow {
  std::int64_t id = 0;
  std::int64_t visit_id = 0;
  std::string feedetl_sn;
  std::string chrg_bchno;
  std::string med_list_codg;
  std::string medins_list_codg;
  std::string chrgitm_lv;
  bool account_scope = true;
  std::int64_t price_cap_fen = 0;
  std::int64_t det_item_fee_sumamt = 0;
  std::int64_t cnt_milli = 0;
  std::int64_t pric_fen = 0;
  std::string status = "open";  // open | settled | cancelled | refunded (2301: nothing left) | refund (the 2301 refund line)
  std::optional<std::string> setl_id;
};

struct SettlementRow {
  std::int64_t id = 0;
  std::string setl_id;
  std::string kind = "settle";  // settle | reversal
  std::optional<std::string> reverses_setl_id;
  std::string status = "settled";  // settled | reversed (settle rows); reversal rows: "reversal"
  std::int64_t visit_id = 0;
  std::int64_t person_id = 0;
  std::string institution_code;
  std::string chrg_bchno;
  std::string msgid;
  std::string insutype;
  std::string med_type;
  int setl_year = 0;
  std::int64_t medfee_sumamt = 0, fulamt_ownpay_amt = 0, overlmt_selfpay = 0, preselfpay_amt = 0, inscp_scp_amt = 0,
               act_pay_dedc = 0, hifp_pay = 0, pool_prop_selfpay = 0, fund_pay_sumamt = 0, psn_part_amt = 0,
               acct_pay = 0, acct_mulaid_pay = 0, psn_cash_pay = 0, hosp_part_amt = 0;
  std::optional<std::string> ec_token;
  std::int64_t settled_at_us = 0;
  // Filled by list queries.
  std::string institution_name;
  std::string mdtrt_id;
  // Filled by settlements_of: the visit's kind (outpatient | inpatient | pharmacy) and its
  // diagnosis — the main one of its latest diseinfo stage, else the visit's dise_name, else "".
  std::string visit_kind;
  std::string diagnosis;
  std::optional<VisitAgent> agent;  // also by settlements_of: the visit's 代办人, if it had one
};

struct StoredReply {
  std::string infno;
  std::string input_digest;  // "" for replies stored before migration 0011
  std::string output;
};

// A person's year under one insutype (migration 0010): the deductible paid on outpatient and
// pharmacy visits, on inpatient stays (each meets its own 起付线), and the pooled fund paid
// (one annual cap).
struct YtdRow {
  std::int64_t deductible_paid = 0;  // outpatient and pharmacy
  std::int64_t inpatient_deductible_paid = 0;
  std::int64_t fund_paid = 0;

  std::int64_t deductible_paid_for(bool inpatient) const { return inpatient ? inpatient_deductible_paid : deductible_paid; }
};

class SettlementRepo {
 public:
  static void insert_sign_in(Tx& tx, const std::string& sign_no, const std::string& institution_code,
                             const std::string& opter_no, std::int64_t now_us);

  // The new visit's id; nullopt when (institution, kind, ipt_otp_no) is taken.
  static std::optional<std::int64_t> insert_visit(Tx& tx, const VisitRow& row);
  static void insert_visit_agent(Tx& tx, std::int64_t visit_id, const VisitAgent& agent, std::int64_t now_us);
  static std::optional<VisitRow> visit(Tx& tx, const std::string& mdtrt_id);
  // The visit an institution opened with this msgid (2601 looks its 2201/2401 up).
  static std::optional<VisitRow> visit_by_msgid(Tx& tx, const std::string& institution_code, const std::string& msgid);
  static void update_visit(Tx& tx, const VisitRow& row);

  // Inserts with row.status; false when the visit already has this feedetl_sn.
  static bool insert_fee(Tx& tx, const FeeRow& row, std::int64_t now_us);
  // The same for many details in one statement (a 2204/2301 upload): the serials the visit
  // already had, which were not inserted (empty when all were).
  static std::vector<std::string> insert_fees(Tx& tx, const std::vector<const FeeRow*>& rows, std::int64_t now_us);
  static std::optional<FeeRow> fee(Tx& tx, std::int64_t visit_id, const std::string& feedetl_sn);
  // A 2301 refund: takes quantity and amount back from an open detail (status 'refunded' once
  // nothing is left). False when the detail is no longer open or holds less than asked.
  static bool take_back_fee(Tx& tx, std::int64_t fee_id, std::int64_t cnt_milli, std::int64_t amount_fen);
  // Open details of the visit; `chrg_bchno` empty = all open details.
  static std::vector<FeeRow> open_fees(Tx& tx, std::int64_t visit_id, const std::string& chrg_bchno);
  // What a settlement settles (2206/2207, 2303/2304), in one read: the open details of the
  // batch (`fee_batch` empty = all), whether `settled_batch` already has a standing settlement
  // (nullopt = not asked), and whether trace codes claimed with the visit's details wait to be
  // handed to a settlement (DrugTraceRepo::settle is needed only then).
  struct FeesToSettle {
    std::vector<FeeRow> fees;
    bool batch_settled = false;
    bool trace_codes_waiting = false;
  };
  static FeesToSettle fees_to_settle(Tx& tx, std::int64_t visit_id, const std::string& fee_batch,
                                     const std::optional<std::string>& settled_batch);
  static std::vector<FeeRow> fees_of_settlement(Tx& tx, const std::string& setl_id);
  // Cancels open details (`chrg_bchno` "0000" = all); returns how many.
  static long long cancel_fees(Tx& tx, std::int64_t visit_id, const std::string& chrg_bchno);
  // One open detail → cancelled (2302); false when it was not open.
  static bool cancel_fee(Tx& tx, std::int64_t fee_id);
  // Marks the open details of the batch (`chrg_bchno` empty = all) with id ≤ max_fee_id
  // settled; returns how many changed (the caller compares with what it priced).
  static long long settle_fees(Tx& tx, std::int64_t visit_id, const std::string& chrg_bchno, std::int64_t max_fee_id,
                               const std::string& setl_id);
  // Reopened details remember the settlement (reopened_from), so an undone reversal can settle
  // exactly them again.
  static long long reopen_fees(Tx& tx, const std::string& setl_id);

  static void insert_settlement(Tx& tx, const SettlementRow& row);
  static std::optional<SettlementRow> settlement(Tx& tx, const std::string& setl_id);
  // The settlement or reversal an institution committed with this msgid.
  static std::optional<SettlementRow> settlement_by_msgid(Tx& tx, const std::string& institution_code,
                                                          const std::string& msgid);
  static bool batch_settled(Tx& tx, std::int64_t visit_id, const std::string& chrg_bchno);
  static bool visit_has_settlement(Tx& tx, std::int64_t visit_id);
  // settled → reversed; false when it was not 'settled' (a concurrent reversal won).
  static bool mark_reversed(Tx& tx, const std::string& setl_id);
  // A person's settlements and reversals of `year`, newest first, with institution names.
  static std::vector<SettlementRow> settlements_of(Tx& tx, std::int64_t person_id, int year);

  // Claims (institution, msgid) with an empty output first, fills it in at the end of the same
  // transaction; a concurrent duplicate waits on the claim and then sees the stored reply.
  static void set_reply_output(Tx& tx, const std::string& institution_code, const std::string& msgid,
                               const std::string& output);
  static std::optional<StoredReply> reply(Tx& tx, const std::string& institution_code, const std::string& msgid);
  // A replay of a msgid that 2601 corrected must not answer its old output any more.
  static void mark_reply_corrected(Tx& tx, const std::string& institution_code, const std::string& msgid,
                                   const std::string& mark);
  // false when (institution, msgid) already has a reply.
  static bool insert_reply(Tx& tx, const std::string& institution_code, const std::string& msgid,
                           const std::string& infno, const std::string& input_digest, const std::string& output,
                           std::int64_t now_us);

  // Creates the row if needed and locks it for this transaction (PostgreSQL row lock), so
  // concurrent settlements of one person apply the deductible and cap one after the other.
  static YtdRow lock_ytd(Tx& tx, std::int64_t person_id, int year, const std::string& insutype);
  static YtdRow ytd(Tx& tx, std::int64_t person_id, int year, const std::string& insutype);
  // Adds to the inpatient or the outpatient deductible (`inpatient`) and to the fund total.
  static void add_ytd(Tx& tx, std::int64_t person_id, int year, const std::string& insutype, bool inpatient,
                      std::int64_t deductible_delta, std::int64_t fund_delta);
};

}  // namespace yibao::store
