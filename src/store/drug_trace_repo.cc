#include "store/drug_trace_repo.h"

#include "store/fsi_rows.h"

namespace yibao::store {
namespace {

constexpr const char* kColumns =
    "u.id, u.drug_trac_codg, u.trdn_flag, u.min_prcunt_type, u.institution_code, u.source_infno, u.msgid, u.visit_id,"
    " u.feedetl_sn, u.setl_id, u.person_id, u.med_list_codg, u.sold_at_us, u.released_at_us, u.release_kind, u.released_by";

TraceUseRow use_from(const soci::row& r) {
  TraceUseRow u;
  u.id = num(r, 0);
  u.code = r.get<std::string>(1);
  u.trdn_flag = r.get<std::string>(2);
  u.min_prcunt_type = r.get<std::string>(3);
  u.institution_code = r.get<std::string>(4);
  u.source_infno = r.get<std::string>(5);
  u.msgid = r.get<std::string>(6);
  if (r.get_indicator(7) == soci::i_ok) u.visit_id = num(r, 7);
  u.feedetl_sn = r.get<std::string>(8);
  if (r.get_indicator(9) == soci::i_ok) u.setl_id = r.get<std::string>(9);
  if (r.get_indicator(10) == soci::i_ok) u.person_id = num(r, 10);
  u.med_list_codg = r.get<std::string>(11);
  u.sold_at_us = num(r, 12);
  if (r.get_indicator(13) == soci::i_ok) u.released_at_us = num(r, 13);
  if (r.get_indicator(14) == soci::i_ok) u.release_kind = r.get<std::string>(14);
  if (r.get_indicator(15) == soci::i_ok) u.released_by = r.get<std::string>(15);
  return u;
}

std::vector<TraceUseRow> uses(Tx& tx, const std::string& sql, const std::string& a, const std::string& b = "") {
  std::vector<TraceUseRow> out;
  if (b.empty()) {
    tx.each_row(sql, [&](const soci::row& r) { out.push_back(use_from(r)); }, soci::use(a));
  } else {
    tx.each_row(sql, [&](const soci::row& r) { out.push_back(use_from(r)); }, soci::use(a), soci::use(b));
  }
  return out;
}

}  // namespace

void DrugTraceRepo::lock_code(Tx& tx, const std::string& code, std::int64_t now_us) {
  const long long now = now_us;
  tx.execute("INSERT INTO drug_trace_codes (drug_trac_codg, last_claim_at_us) VALUES (:c, :t)"
             " ON CONFLICT (drug_trac_codg) DO UPDATE SET last_claim_at_us = excluded.last_claim_at_us",
             soci::use(code), soci::use(now));
}

std::vector<TraceUseRow> DrugTraceRepo::standing(Tx& tx, const std::string& code) {
  return uses(tx, std::string("SELECT ") + kColumns +
                      " FROM drug_trace_uses u WHERE u.drug_trac_codg = :c AND u.released_at_us IS NULL ORDER BY u.id",
              code);
}

void DrugTraceRepo::insert(Tx& tx, const TraceUseRow& u) {
  long long visit = u.visit_id.value_or(0), person = u.person_id.value_or(0);
  soci::indicator visit_ind = u.visit_id ? soci::i_ok : soci::i_null;
  soci::indicator person_ind = u.person_id ? soci::i_ok : soci::i_null;
  std::string setl = u.setl_id.value_or("");
  soci::indicator setl_ind = u.setl_id ? soci::i_ok : soci::i_null;
  const long long sold = u.sold_at_us;
  tx.execute("INSERT INTO drug_trace_uses (drug_trac_codg, trdn_flag, min_prcunt_type, institution_code, source_infno,"
             " msgid, visit_id, feedetl_sn, setl_id, person_id, med_list_codg, sold_at_us)"
             " VALUES (:c, :f, :m, :i, :n, :g, :v, :s, :st, :p, :l, :t)",
             soci::use(u.code), soci::use(u.trdn_flag), soci::use(u.min_prcunt_type), soci::use(u.institution_code),
             soci::use(u.source_infno), soci::use(u.msgid), soci::use(visit, visit_ind), soci::use(u.feedetl_sn),
             soci::use(setl, setl_ind), soci::use(person, person_ind), soci::use(u.med_list_codg), soci::use(sold));
}

std::vector<TraceUseRow> DrugTraceRepo::history(Tx& tx, const std::string& code) {
  std::vector<TraceUseRow> out;
  tx.each_row(std::string("SELECT ") + kColumns +
                  ", COALESCE(i.name, u.institution_code) AS institution_name FROM drug_trace_uses u"
                  " LEFT JOIN institutions i ON i.code = u.institution_code WHERE u.drug_trac_codg = :c ORDER BY u.id",
              [&](const soci::row& r) {
                auto u = use_from(r);
                u.institution_name = r.get<std::string>(16);
                out.push_back(std::move(u));
              },
              soci::use(code));
  return out;
}

long long DrugTraceRepo::release_cancelled_fees(Tx& tx, std::int64_t visit_id, const std::string& kind,
                                                const std::string& by, std::int64_t now_us) {
  const long long visit = visit_id, now = now_us;
  return tx.execute("UPDATE drug_trace_uses SET released_at_us = :t, release_kind = :k, released_by = :b"
                    " WHERE visit_id = :v AND released_at_us IS NULL AND setl_id IS NULL AND feedetl_sn IN"
                    " (SELECT f.feedetl_sn FROM fsi_fee_details f WHERE f.visit_id = :v2 AND f.status = 'cancelled')",
                    soci::use(now), soci::use(kind), soci::use(by), soci::use(visit), soci::use(visit));
}

long long DrugTraceRepo::release_visit(Tx& tx, std::int64_t visit_id, const std::string& kind, const std::string& by,
                                       std::int64_t now_us) {
  const long long visit = visit_id, now = now_us;
  return tx.execute("UPDATE drug_trace_uses SET released_at_us = :t, release_kind = :k, released_by = :b"
                    " WHERE visit_id = :v AND released_at_us IS NULL AND setl_id IS NULL",
                    soci::use(now), soci::use(kind), soci::use(by), soci::use(visit));
}

void DrugTraceRepo::settle(Tx& tx, std::int64_t visit_id, const std::string& setl_id) {
  const long long visit = visit_id;
  tx.execute("UPDATE drug_trace_uses SET setl_id = :s WHERE visit_id = :v AND released_at_us IS NULL AND setl_id IS NULL"
             " AND feedetl_sn IN (SELECT f.feedetl_sn FROM fsi_fee_details f WHERE f.visit_id = :v2 AND f.setl_id = :s2)",
             soci::use(setl_id), soci::use(visit), soci::use(visit), soci::use(setl_id));
}

long long DrugTraceRepo::release_settlement(Tx& tx, const std::string& setl_id, const std::string& kind,
                                            const std::string& by, std::int64_t now_us) {
  const long long now = now_us;
  return tx.execute("UPDATE drug_trace_uses SET released_at_us = :t, release_kind = :k, released_by = :b"
                    " WHERE setl_id = :s AND released_at_us IS NULL",
                    soci::use(now), soci::use(kind), soci::use(by), soci::use(setl_id));
}

std::vector<TraceUseRow> DrugTraceRepo::released_by(Tx& tx, const std::string& by, const std::string& setl_id) {
  return uses(tx, std::string("SELECT ") + kColumns +
                      " FROM drug_trace_uses u WHERE u.released_by = :b AND u.setl_id = :s ORDER BY u.id",
              by, setl_id);
}

void DrugTraceRepo::unrelease(Tx& tx, std::int64_t use_id) {
  const long long id = use_id;
  tx.execute("UPDATE drug_trace_uses SET released_at_us = NULL, release_kind = NULL, released_by = NULL WHERE id = :i",
             soci::use(id));
}

long long DrugTraceRepo::release_upload(Tx& tx, const std::string& institution_code, const std::string& code,
                                        const std::string& by, std::int64_t now_us) {
  const long long now = now_us;
  return tx.execute("UPDATE drug_trace_uses SET released_at_us = :t, release_kind = 'returned', released_by = :b"
                    " WHERE drug_trac_codg = :c AND institution_code = :i AND source_infno = '3505'"
                    " AND released_at_us IS NULL",
                    soci::use(now), soci::use(by), soci::use(code), soci::use(institution_code));
}

}  // namespace yibao::store
