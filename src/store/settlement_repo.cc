#include "store/settlement_repo.h"

#include <set>

#include "store/fsi_rows.h"
#include "store/multi_row.h"

namespace yibao::store {
namespace {

constexpr const char* kSettlementColumns =
    "s.id, s.setl_id, s.kind, s.reverses_setl_id, s.status, s.visit_id, s.person_id, s.institution_code, s.chrg_bchno,"
    " s.msgid, s.insutype, s.med_type, s.setl_year, s.medfee_sumamt, s.fulamt_ownpay_amt, s.overlmt_selfpay,"
    " s.preselfpay_amt, s.inscp_scp_amt, s.act_pay_dedc, s.hifp_pay, s.pool_prop_selfpay, s.fund_pay_sumamt,"
    " s.psn_part_amt, s.acct_pay, s.acct_mulaid_pay, s.psn_cash_pay, s.hosp_part_amt, s.ec_token, s.settled_at_us,"
    " i.name, v.mdtrt_id";

SettlementRow settlement_from(const soci::row& r) {
  SettlementRow s;
  int i = 0;
  s.id = num(r, i++);
  s.setl_id = r.get<std::string>(i++);
  s.kind = r.get<std::string>(i++);
  if (r.get_indicator(i) == soci::i_ok) s.reverses_setl_id = r.get<std::string>(i);
  ++i;
  s.status = r.get<std::string>(i++);
  s.visit_id = num(r, i++);
  s.person_id = num(r, i++);
  s.institution_code = r.get<std::string>(i++);
  s.chrg_bchno = r.get<std::string>(i++);
  s.msgid = r.get<std::string>(i++);
  s.insutype = r.get<std::string>(i++);
  s.med_type = r.get<std::string>(i++);
  s.setl_year = static_cast<int>(num(r, i++));
  for (std::int64_t* field : {&s.medfee_sumamt, &s.fulamt_ownpay_amt, &s.overlmt_selfpay, &s.preselfpay_amt,
                              &s.inscp_scp_amt, &s.act_pay_dedc, &s.hifp_pay, &s.pool_prop_selfpay, &s.fund_pay_sumamt,
                              &s.psn_part_amt, &s.acct_pay, &s.acct_mulaid_pay, &s.psn_cash_pay, &s.hosp_part_amt}) {
    *field = num(r, i++);
  }
  if (r.get_indicator(i) == soci::i_ok) s.ec_token = r.get<std::string>(i);
  ++i;
  s.settled_at_us = num(r, i++);
  if (r.get_indicator(i) == soci::i_ok) s.institution_name = r.get<std::string>(i);
  ++i;
  s.mdtrt_id = r.get<std::string>(i++);
  return s;
}

}  // namespace

void SettlementRepo::insert_sign_in(Tx& tx, const std::string& sign_no, const std::string& institution_code,
                                    const std::string& opter_no, std::int64_t now_us) {
  const long long now = now_us;
  tx.run("INSERT INTO fsi_sign_ins (sign_no, institution_code, opter_no, signed_in_at_us) VALUES (:s, :i, :o, :t)",
      soci::use(sign_no), soci::use(institution_code), soci::use(opter_no), soci::use(now));
}

std::optional<std::int64_t> SettlementRepo::insert_visit(Tx& tx, const VisitRow& v) {
  const long long person = v.person_id, created = v.created_at_us;
  std::string endtime = v.endtime.value_or("");
  soci::indicator end_ind = v.endtime ? soci::i_ok : soci::i_null;
  long long id = 0;
  // The unique (institution, kind, ipt_otp_no) index answers "taken", also for two concurrent
  // registrations of one number: no row comes back.
  const bool inserted = tx.run(
      "INSERT INTO fsi_visits (mdtrt_id, institution_code, person_id, kind, insutype, med_type, ipt_otp_no,"
      " insuplc_admdvs, mdtrtarea_admvs, mdtrt_cert_type, begntime, endtime, dise_codg, dise_name, status,"
      " created_at_us, msgid) VALUES (:m, :i, :p, :k, :t, :mt, :n, :ia, :ma, :ct, :b, :e, :dc, :dn, :s, :c, :g)"
      " ON CONFLICT (institution_code, kind, ipt_otp_no) DO NOTHING RETURNING id",
      soci::use(v.mdtrt_id), soci::use(v.institution_code), soci::use(person), soci::use(v.kind), soci::use(v.insutype),
      soci::use(v.med_type), soci::use(v.ipt_otp_no), soci::use(v.insuplc_admdvs), soci::use(v.mdtrtarea_admvs),
      soci::use(v.mdtrt_cert_type), soci::use(v.begntime), soci::use(endtime, end_ind), soci::use(v.dise_codg),
      soci::use(v.dise_name), soci::use(v.status), soci::use(created), soci::use(v.msgid), soci::into(id));
  if (!inserted) return std::nullopt;
  return id;
}

void SettlementRepo::insert_visit_agent(Tx& tx, std::int64_t visit_id, const VisitAgent& a, std::int64_t now_us) {
  const long long visit = visit_id, now = now_us;
  tx.execute("INSERT INTO visit_agents (visit_id, agnter_name, agnter_rlts, agnter_cert_type, agnter_certno, agnter_tel,"
             " created_at_us) VALUES (:v, :n, :r, :t, :c, :p, :at)",
             soci::use(visit), soci::use(a.name), soci::use(a.rlts), soci::use(a.cert_type), soci::use(a.certno),
             soci::use(a.tel), soci::use(now));
}

std::optional<VisitRow> SettlementRepo::visit(Tx& tx, const std::string& mdtrt_id) {
  soci::row r;
  if (!tx.run(std::string("SELECT ") + kVisitColumns +
                  ", (SELECT COUNT(*) FROM settlements s WHERE s.visit_id = fsi_visits.id AND s.status = 'settled')"
                  " FROM fsi_visits WHERE mdtrt_id = :m",
              soci::use(mdtrt_id), soci::into(r))) {
    return std::nullopt;
  }
  auto v = visit_from(r);
  v.settled_count = num(r, 18);
  return v;
}

std::optional<VisitRow> SettlementRepo::visit_by_msgid(Tx& tx, const std::string& institution_code,
                                                       const std::string& msgid) {
  soci::row r;
  if (!tx.run(std::string("SELECT ") + kVisitColumns + " FROM fsi_visits WHERE institution_code = :i AND msgid = :m",
              soci::use(institution_code), soci::use(msgid), soci::into(r))) {
    return std::nullopt;
  }
  return visit_from(r);
}

void SettlementRepo::update_visit(Tx& tx, const VisitRow& v) {
  const long long id = v.id;
  std::string endtime = v.endtime.value_or("");
  soci::indicator end_ind = v.endtime ? soci::i_ok : soci::i_null;
  tx.run("UPDATE fsi_visits SET med_type = :mt, begntime = :b, endtime = :e, dise_codg = :dc, dise_name = :dn,"
              " status = :s WHERE id = :id",
      soci::use(v.med_type), soci::use(v.begntime), soci::use(endtime, end_ind), soci::use(v.dise_codg),
      soci::use(v.dise_name), soci::use(v.status), soci::use(id));
}

bool SettlementRepo::insert_fee(Tx& tx, const FeeRow& f, std::int64_t now_us) {
  return insert_fees(tx, {&f}, now_us).empty();
}

std::vector<std::string> SettlementRepo::insert_fees(Tx& tx, const std::vector<const FeeRow*>& rows,
                                                     std::int64_t now_us) {
  struct Bound {  // the values SOCI binds by reference, kept alive until the statement ran
    long long visit, cap, amount, cnt, pric, now;
    int scope;
  };
  std::set<std::string> inserted;
  in_chunks(rows.size(), [&](std::size_t first, std::size_t count) {
    std::vector<Bound> bound;
    for (std::size_t i = first; i < first + count; ++i) {
      const FeeRow& f = *rows[i];
      bound.push_back({f.visit_id, f.price_cap_fen, f.det_item_fee_sumamt, f.cnt_milli, f.pric_fen, now_us,
                       f.account_scope ? 1 : 0});
    }
    std::string inserted_sn;
    auto st = tx.once_bound(
        "INSERT INTO fsi_fee_details (visit_id, feedetl_sn, chrg_bchno, med_list_codg, medins_list_codg, chrgitm_lv,"
        " account_scope, price_cap_fen, det_item_fee_sumamt, cnt_milli, pric_fen, status, created_at_us) VALUES " +
            row_placeholders({"v", "sn", "b", "c", "mc", "lv", "scope", "cap", "amt", "cnt", "pric", "status", "now"},
                             count) +
            " ON CONFLICT (visit_id, feedetl_sn) DO NOTHING RETURNING feedetl_sn",
        [&](soci::statement& s) {
          for (std::size_t i = 0; i < count; ++i) {
            const FeeRow& f = *rows[first + i];
            Bound& b = bound[i];
            const auto n = std::to_string(i);
            s.exchange(soci::use(b.visit, "v" + n));
            s.exchange(soci::use(f.feedetl_sn, "sn" + n));
            s.exchange(soci::use(f.chrg_bchno, "b" + n));
            s.exchange(soci::use(f.med_list_codg, "c" + n));
            s.exchange(soci::use(f.medins_list_codg, "mc" + n));
            s.exchange(soci::use(f.chrgitm_lv, "lv" + n));
            s.exchange(soci::use(b.scope, "scope" + n));
            s.exchange(soci::use(b.cap, "cap" + n));
            s.exchange(soci::use(b.amount, "amt" + n));
            s.exchange(soci::use(b.cnt, "cnt" + n));
            s.exchange(soci::use(b.pric, "pric" + n));
            s.exchange(soci::use(f.status, "status" + n));
            s.exchange(soci::use(b.now, "now" + n));
          }
          s.exchange(soci::into(inserted_sn));
        });
    if (st.execute(true)) {
      do {
        inserted.insert(inserted_sn);
      } while (st.fetch());
    }
  });
  std::vector<std::string> duplicates;
  for (const FeeRow* f : rows) {
    if (!inserted.contains(f->feedetl_sn)) duplicates.push_back(f->feedetl_sn);
  }
  return duplicates;
}

std::optional<FeeRow> SettlementRepo::fee(Tx& tx, std::int64_t visit_id, const std::string& feedetl_sn) {
  const long long visit = visit_id;
  std::optional<FeeRow> out;
  tx.each_row(std::string("SELECT ") + kFeeColumns + " FROM fsi_fee_details WHERE visit_id = :v AND feedetl_sn = :sn",
              [&](const soci::row& r) { out = fee_from(r); }, soci::use(visit), soci::use(feedetl_sn));
  return out;
}

bool SettlementRepo::take_back_fee(Tx& tx, std::int64_t fee_id, std::int64_t cnt_milli, std::int64_t amount_fen) {
  const long long id = fee_id, cnt = cnt_milli, amount = amount_fen;
  return tx.execute("UPDATE fsi_fee_details SET cnt_milli = cnt_milli - :cnt, det_item_fee_sumamt = det_item_fee_sumamt - :amt,"
                    " status = CASE WHEN cnt_milli = :cnt2 THEN 'refunded' ELSE status END"
                    " WHERE id = :id AND status = 'open' AND cnt_milli >= :cnt3 AND det_item_fee_sumamt >= :amt2",
                    soci::use(cnt, "cnt"), soci::use(amount, "amt"), soci::use(cnt, "cnt2"), soci::use(id, "id"),
                    soci::use(cnt, "cnt3"), soci::use(amount, "amt2")) == 1;
}

std::vector<FeeRow> SettlementRepo::open_fees(Tx& tx, std::int64_t visit_id, const std::string& chrg_bchno) {
  const long long visit = visit_id;
  const int all = chrg_bchno.empty() ? 1 : 0;
  std::vector<FeeRow> out;
  tx.each_row(std::string("SELECT ") + kFeeColumns +
                  " FROM fsi_fee_details WHERE visit_id = :v AND status = 'open' AND (:all = 1 OR chrg_bchno = :b)"
                  " ORDER BY id",
              [&](const soci::row& r) { out.push_back(fee_from(r)); }, soci::use(visit), soci::use(all),
              soci::use(chrg_bchno));
  return out;
}

SettlementRepo::FeesToSettle SettlementRepo::fees_to_settle(Tx& tx, std::int64_t visit_id, const std::string& fee_batch,
                                                            const std::optional<std::string>& settled_batch) {
  const long long visit = visit_id;
  const int all = fee_batch.empty() ? 1 : 0, check = settled_batch ? 1 : 0;
  const std::string batch = settled_batch.value_or("");
  FeesToSettle out;
  // The two counts ride on every detail row (columns 14 and 15); they cost an index probe each.
  tx.each_row(std::string("SELECT ") + kFeeColumns +
                  ", (SELECT COUNT(*) FROM settlements s WHERE :check = 1 AND s.visit_id = :v1 AND s.chrg_bchno = :sb"
                  " AND s.status = 'settled'),"
                  " (SELECT COUNT(*) FROM drug_trace_uses u WHERE u.visit_id = :v2 AND u.released_at_us IS NULL"
                  " AND u.setl_id IS NULL)"
                  " FROM fsi_fee_details WHERE visit_id = :v AND status = 'open' AND (:all = 1 OR chrg_bchno = :b)"
                  " ORDER BY id",
              [&](const soci::row& r) {
                out.fees.push_back(fee_from(r));
                out.batch_settled = num(r, 14) > 0;
                out.trace_codes_waiting = num(r, 15) > 0;
              },
              soci::use(check), soci::use(visit), soci::use(batch), soci::use(visit), soci::use(visit),
              soci::use(all), soci::use(fee_batch));
  // No open detail: the batch may still have been settled (the refusal says which).
  if (out.fees.empty() && check == 1) out.batch_settled = batch_settled(tx, visit_id, batch);
  return out;
}

std::vector<FeeRow> SettlementRepo::fees_of_settlement(Tx& tx, const std::string& setl_id) {
  std::vector<FeeRow> out;
  tx.each_row(std::string("SELECT ") + kFeeColumns + " FROM fsi_fee_details WHERE setl_id = :s ORDER BY id",
              [&](const soci::row& r) { out.push_back(fee_from(r)); }, soci::use(setl_id));
  return out;
}

long long SettlementRepo::cancel_fees(Tx& tx, std::int64_t visit_id, const std::string& chrg_bchno) {
  const long long visit = visit_id;
  const int all = chrg_bchno == "0000" ? 1 : 0;
  return tx.execute("UPDATE fsi_fee_details SET status = 'cancelled' WHERE visit_id = :v AND status = 'open'"
                    " AND (:all = 1 OR chrg_bchno = :b)",
                    soci::use(visit), soci::use(all), soci::use(chrg_bchno));
}

bool SettlementRepo::cancel_fee(Tx& tx, std::int64_t fee_id) {
  const long long id = fee_id;
  return tx.execute("UPDATE fsi_fee_details SET status = 'cancelled' WHERE id = :id AND status = 'open'", soci::use(id)) ==
         1;
}

long long SettlementRepo::settle_fees(Tx& tx, std::int64_t visit_id, const std::string& chrg_bchno,
                                      std::int64_t max_fee_id, const std::string& setl_id) {
  const long long visit = visit_id, max_id = max_fee_id;
  const int all = chrg_bchno.empty() ? 1 : 0;
  return tx.execute("UPDATE fsi_fee_details SET status = 'settled', setl_id = :s WHERE visit_id = :v AND status = 'open'"
                    " AND (:all = 1 OR chrg_bchno = :b) AND id <= :max",
                    soci::use(setl_id), soci::use(visit), soci::use(all), soci::use(chrg_bchno), soci::use(max_id));
}

long long SettlementRepo::reopen_fees(Tx& tx, const std::string& setl_id) {
  return tx.execute("UPDATE fsi_fee_details SET status = 'open', setl_id = NULL, reopened_from = :s1"
                    " WHERE setl_id = :s2 AND status = 'settled'",
                    soci::use(setl_id, "s1"), soci::use(setl_id, "s2"));
}

void SettlementRepo::insert_settlement(Tx& tx, const SettlementRow& s) {
  const long long visit = s.visit_id, person = s.person_id, at = s.settled_at_us;
  long long a[14] = {s.medfee_sumamt, s.fulamt_ownpay_amt, s.overlmt_selfpay, s.preselfpay_amt, s.inscp_scp_amt,
                     s.act_pay_dedc,  s.hifp_pay,          s.pool_prop_selfpay, s.fund_pay_sumamt, s.psn_part_amt,
                     s.acct_pay,      s.acct_mulaid_pay,   s.psn_cash_pay,    s.hosp_part_amt};
  std::string reverses = s.reverses_setl_id.value_or("");
  soci::indicator reverses_ind = s.reverses_setl_id ? soci::i_ok : soci::i_null;
  std::string token = s.ec_token.value_or("");
  soci::indicator token_ind = s.ec_token ? soci::i_ok : soci::i_null;
  const int year = s.setl_year;
  tx.run("INSERT INTO settlements (setl_id, kind, reverses_setl_id, status, visit_id, person_id, institution_code,"
              " chrg_bchno, msgid, insutype, med_type, setl_year, medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay,"
              " preselfpay_amt, inscp_scp_amt, act_pay_dedc, hifp_pay, pool_prop_selfpay, fund_pay_sumamt, psn_part_amt,"
              " acct_pay, acct_mulaid_pay, psn_cash_pay, hosp_part_amt, ec_token, settled_at_us) VALUES (:sid, :kind,"
              " :rev, :status, :visit, :person, :inst, :batch, :msgid, :insutype, :medtype, :year, :a0, :a1, :a2, :a3,"
              " :a4, :a5, :a6, :a7, :a8, :a9, :a10, :a11, :a12, :a13, :token, :at)",
      soci::use(s.setl_id), soci::use(s.kind), soci::use(reverses, reverses_ind), soci::use(s.status), soci::use(visit),
      soci::use(person), soci::use(s.institution_code), soci::use(s.chrg_bchno), soci::use(s.msgid),
      soci::use(s.insutype), soci::use(s.med_type), soci::use(year), soci::use(a[0]), soci::use(a[1]), soci::use(a[2]),
      soci::use(a[3]), soci::use(a[4]), soci::use(a[5]), soci::use(a[6]), soci::use(a[7]), soci::use(a[8]),
      soci::use(a[9]), soci::use(a[10]), soci::use(a[11]), soci::use(a[12]), soci::use(a[13]),
      soci::use(token, token_ind), soci::use(at));
}

std::optional<SettlementRow> SettlementRepo::settlement(Tx& tx, const std::string& setl_id) {
  soci::row r;
  if (!tx.run(std::string("SELECT ") + kSettlementColumns +
                  " FROM settlements s JOIN fsi_visits v ON v.id = s.visit_id LEFT JOIN institutions i"
                  " ON i.code = s.institution_code WHERE s.setl_id = :s",
              soci::use(setl_id), soci::into(r))) {
    return std::nullopt;
  }
  return settlement_from(r);
}

std::optional<SettlementRow> SettlementRepo::settlement_by_msgid(Tx& tx, const std::string& institution_code,
                                                                const std::string& msgid) {
  soci::row r;
  if (!tx.run(std::string("SELECT ") + kSettlementColumns +
                  " FROM settlements s JOIN fsi_visits v ON v.id = s.visit_id LEFT JOIN institutions i"
                  " ON i.code = s.institution_code WHERE s.institution_code = :c AND s.msgid = :m",
              soci::use(institution_code), soci::use(msgid), soci::into(r))) {
    return std::nullopt;
  }
  return settlement_from(r);
}

bool SettlementRepo::batch_settled(Tx& tx, std::int64_t visit_id, const std::string& chrg_bchno) {
  const long long visit = visit_id;
  int n = 0;
  tx.run("SELECT COUNT(*) FROM settlements WHERE visit_id = :v AND chrg_bchno = :b AND status = 'settled'",
      soci::use(visit), soci::use(chrg_bchno), soci::into(n));
  return n > 0;
}

bool SettlementRepo::visit_has_settlement(Tx& tx, std::int64_t visit_id) {
  const long long visit = visit_id;
  int n = 0;
  tx.run("SELECT COUNT(*) FROM settlements WHERE visit_id = :v AND status = 'settled'", soci::use(visit),
      soci::into(n));
  return n > 0;
}

bool SettlementRepo::mark_reversed(Tx& tx, const std::string& setl_id) {
  return tx.execute("UPDATE settlements SET status = 'reversed' WHERE setl_id = :s AND status = 'settled'",
                    soci::use(setl_id)) == 1;
}

std::vector<SettlementRow> SettlementRepo::settlements_of(Tx& tx, std::int64_t person_id, int year) {
  const long long person = person_id;
  std::vector<SettlementRow> out;
  // The diagnosis a person would recognise: discharge before admission before outpatient, the
  // main one first, invalidated entries (vali_flag 0) never.
  tx.each_row(std::string("SELECT ") + kSettlementColumns +
                  ", v.kind AS visit_kind, COALESCE((SELECT d.diag_name FROM fsi_diagnoses d"
                  " WHERE d.visit_id = v.id AND d.vali_flag <> '0' ORDER BY CASE d.stage WHEN 'discharge' THEN 0"
                  " WHEN 'admission' THEN 1 ELSE 2 END, CASE d.maindiag_flag WHEN '1' THEN 0 ELSE 1 END,"
                  " d.diag_srt_no, d.id LIMIT 1), v.dise_name, '') AS diagnosis,"
                  " a.agnter_name, a.agnter_rlts, a.agnter_cert_type, a.agnter_certno, a.agnter_tel"
                  " FROM settlements s JOIN fsi_visits v ON v.id = s.visit_id LEFT JOIN institutions i"
                  " ON i.code = s.institution_code LEFT JOIN visit_agents a ON a.visit_id = v.id WHERE s.person_id = :p AND s.setl_year = :y AND s.status <> 'undone'"
                  " ORDER BY s.settled_at_us DESC, s.id DESC",
              [&](const soci::row& r) {
                auto row = settlement_from(r);
                row.visit_kind = r.get<std::string>("visit_kind");
                row.diagnosis = r.get<std::string>("diagnosis");
                if (r.get_indicator("agnter_name") == soci::i_ok) {
                  row.agent = VisitAgent{r.get<std::string>("agnter_name"), r.get<std::string>("agnter_rlts"),
                                         r.get<std::string>("agnter_cert_type"), r.get<std::string>("agnter_certno"),
                                         r.get<std::string>("agnter_tel")};
                }
                out.push_back(std::move(row));
              },
              soci::use(person), soci::use(year));
  return out;
}

std::optional<StoredReply> SettlementRepo::reply(Tx& tx, const std::string& institution_code, const std::string& msgid) {
  StoredReply r;
  tx.run("SELECT infno, input_digest, output FROM fsi_replies WHERE institution_code = :i AND msgid = :m",
      soci::use(institution_code), soci::use(msgid), soci::into(r.infno), soci::into(r.input_digest),
      soci::into(r.output));
  if (!tx.sql().got_data()) return std::nullopt;
  return r;
}

bool SettlementRepo::insert_reply(Tx& tx, const std::string& institution_code, const std::string& msgid,
                                  const std::string& infno, const std::string& input_digest,
                                  const std::string& output, std::int64_t now_us) {
  const long long now = now_us;
  return tx.execute("INSERT INTO fsi_replies (institution_code, msgid, infno, input_digest, output, created_at_us)"
                    " VALUES (:i, :m, :n, :h, :o, :t) ON CONFLICT (institution_code, msgid) DO NOTHING",
                    soci::use(institution_code), soci::use(msgid), soci::use(infno), soci::use(input_digest),
                    soci::use(output), soci::use(now)) == 1;
}

YtdRow SettlementRepo::lock_ytd(Tx& tx, std::int64_t person_id, int year, const std::string& insutype) {
  const long long person = person_id;
  long long deductible = 0, inpatient = 0, fund = 0;
  // One statement: creates the year's row if needed, and the no-op update takes its row lock
  // until commit (PostgreSQL; SQLite writers are serial) and returns the newest committed totals.
  tx.run("INSERT INTO settlement_ytd (person_id, setl_year, insutype, deductible_paid, inpatient_deductible_paid,"
         " fund_paid) VALUES (:p, :y, :t, 0, 0, 0) ON CONFLICT (person_id, setl_year, insutype) DO UPDATE SET"
         " fund_paid = settlement_ytd.fund_paid RETURNING deductible_paid, inpatient_deductible_paid, fund_paid",
         soci::use(person), soci::use(year), soci::use(insutype), soci::into(deductible), soci::into(inpatient),
         soci::into(fund));
  return {deductible, inpatient, fund};
}

YtdRow SettlementRepo::ytd(Tx& tx, std::int64_t person_id, int year, const std::string& insutype) {
  const long long person = person_id;
  long long deductible = 0, inpatient = 0, fund = 0;
  tx.run("SELECT deductible_paid, inpatient_deductible_paid, fund_paid FROM settlement_ytd WHERE person_id = :p"
         " AND setl_year = :y AND insutype = :t",
         soci::use(person), soci::use(year), soci::use(insutype), soci::into(deductible), soci::into(inpatient),
         soci::into(fund));
  if (!tx.sql().got_data()) return {};
  return {deductible, inpatient, fund};
}

void SettlementRepo::add_ytd(Tx& tx, std::int64_t person_id, int year, const std::string& insutype, bool inpatient,
                             std::int64_t deductible_delta, std::int64_t fund_delta) {
  const long long person = person_id, f = fund_delta;
  const long long outpatient_d = inpatient ? 0 : deductible_delta, inpatient_d = inpatient ? deductible_delta : 0;
  tx.execute("INSERT INTO settlement_ytd (person_id, setl_year, insutype, deductible_paid, inpatient_deductible_paid,"
             " fund_paid) VALUES (:p, :y, :t, :d, :i, :f) ON CONFLICT (person_id, setl_year, insutype) DO UPDATE SET"
             " deductible_paid = settlement_ytd.deductible_paid + excluded.deductible_paid,"
             " inpatient_deductible_paid = settlement_ytd.inpatient_deductible_paid + excluded.inpatient_deductible_paid,"
             " fund_paid = settlement_ytd.fund_paid + excluded.fund_paid",
             soci::use(person), soci::use(year), soci::use(insutype), soci::use(outpatient_d), soci::use(inpatient_d),
             soci::use(f));
}

void SettlementRepo::mark_reply_corrected(Tx& tx, const std::string& institution_code, const std::string& msgid,
                                          const std::string& mark) {
  tx.execute("UPDATE fsi_replies SET input_digest = :d WHERE institution_code = :i AND msgid = :m", soci::use(mark),
             soci::use(institution_code), soci::use(msgid));
}

void SettlementRepo::set_reply_output(Tx& tx, const std::string& institution_code, const std::string& msgid,
                                      const std::string& output) {
  tx.execute("UPDATE fsi_replies SET output = :o WHERE institution_code = :i AND msgid = :m", soci::use(output),
             soci::use(institution_code), soci::use(msgid));
}

}  // namespace yibao::store
