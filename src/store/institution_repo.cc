#include "store/institution_repo.h"

#include "store/ec_token_fetch.h"
#include "store/reference_cache.h"

namespace yibao::store {

void InstitutionRepo::upsert(Tx& tx, const InstitutionRow& r, std::int64_t now_us) {
  tx.reference_data_changed();
  const long long now = now_us;
  tx.run("INSERT INTO institutions (code, name, kind, level, admdvs, secret, status, created_at_us)"
              " VALUES (:code, :name, :kind, :level, :admdvs, :secret, :status, :now)"
              " ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, level = excluded.level,"
              " admdvs = excluded.admdvs, secret = excluded.secret, status = excluded.status",
      soci::use(r.code), soci::use(r.name), soci::use(r.kind), soci::use(r.level), soci::use(r.admdvs),
      soci::use(r.secret), soci::use(r.status), soci::use(now));
}

bool InstitutionRepo::insert_new(Tx& tx, const InstitutionRow& r, std::int64_t now_us) {
  tx.reference_data_changed();
  const long long now = now_us;
  return tx.execute("INSERT INTO institutions (code, name, kind, level, admdvs, secret, status, created_at_us)"
                    " VALUES (:code, :name, :kind, :level, :admdvs, :secret, :status, :now) ON CONFLICT (code) DO NOTHING",
                    soci::use(r.code), soci::use(r.name), soci::use(r.kind), soci::use(r.level), soci::use(r.admdvs),
                    soci::use(r.secret), soci::use(r.status), soci::use(now)) == 1;
}

void InstitutionRepo::set_secret(Tx& tx, const std::string& code, const std::string& secret) {
  tx.reference_data_changed();
  tx.run("UPDATE institutions SET secret = :s WHERE code = :c", soci::use(secret), soci::use(code));
}

void InstitutionRepo::set_status(Tx& tx, const std::string& code, const std::string& status) {
  tx.reference_data_changed();
  tx.run("UPDATE institutions SET status = :s WHERE code = :c", soci::use(status), soci::use(code));
}

std::optional<InstitutionRow> InstitutionRepo::find(Tx& tx, const std::string& code) {
  InstitutionRow r;
  tx.run("SELECT code, name, kind, level, admdvs, secret, status FROM institutions WHERE code = :c", soci::use(code),
      soci::into(r.code), soci::into(r.name), soci::into(r.kind), soci::into(r.level), soci::into(r.admdvs),
      soci::into(r.secret), soci::into(r.status));
  if (!tx.sql().got_data()) return std::nullopt;
  return r;
}

std::optional<InstitutionRow> InstitutionRepo::find_cached(Database& db, const std::string& code) {
  auto& cache = db.reference_cache();
  if (auto hit = cache.institutions.find(code, cache.generation(), std::chrono::steady_clock::now())) return *hit;
  return db.lookup([&](Tx& tx) {
    return read_through(tx, cache.institutions, code, KeepMisses::no, [&] { return find(tx, code); });
  });
}

std::vector<InstitutionRow> InstitutionRepo::list(Tx& tx) {
  InstitutionRow r;
  auto st = tx.once("SELECT code, name, kind, level, admdvs, secret, status FROM institutions ORDER BY code",
                        soci::into(r.code), soci::into(r.name), soci::into(r.kind), soci::into(r.level),
                        soci::into(r.admdvs), soci::into(r.secret), soci::into(r.status));
  st.execute(false);
  std::vector<InstitutionRow> out;
  while (st.fetch()) out.push_back(r);
  return out;
}

void InstitutionRepo::insert_ec_token(Tx& tx, const EcTokenRow& r) {
  const long long person = r.person_id, credential = r.credential_id, shown = r.shown_by_person_id.value_or(0),
                  issued = r.issued_at_us, expires = r.expires_at_us;
  soci::indicator shown_ind = r.shown_by_person_id ? soci::i_ok : soci::i_null;
  tx.run("INSERT INTO ec_tokens (token, person_id, credential_id, shown_by_person_id, institution_code, business_type,"
              " issued_at_us, expires_at_us) VALUES (:t, :p, :c, :s, :i, :b, :issued, :expires)",
      soci::use(r.token), soci::use(person), soci::use(credential), soci::use(shown, shown_ind),
      soci::use(r.institution_code), soci::use(r.business_type), soci::use(issued), soci::use(expires));
}

std::optional<EcTokenRow> InstitutionRepo::ec_token(Tx& tx, const std::string& token) {
  EcTokenFetch f;
  std::apply(
      [&](auto&&... into) {
        tx.run("SELECT " + ec_token_columns("t") + " FROM ec_tokens t WHERE t.token = :t", soci::use(token), into...);
      },
      f.intos());
  if (!tx.sql().got_data()) return std::nullopt;
  return f.take();
}

void InstitutionRepo::insert_decode(Tx& tx, const DecodeRow& r) {
  const long long person = r.person_id.value_or(0), shown = r.shown_by_person_id.value_or(0), at = r.decoded_at_us;
  soci::indicator person_ind = r.person_id ? soci::i_ok : soci::i_null;
  soci::indicator shown_ind = r.shown_by_person_id ? soci::i_ok : soci::i_null;
  tx.run("INSERT INTO code_decodes (person_id, shown_by_person_id, institution_code, business_type, operator_id,"
              " operator_name, office_name, device_type, outcome, decoded_at_us)"
              " VALUES (:p, :s, :i, :b, :oid, :oname, :office, :device, :outcome, :at)",
      soci::use(person, person_ind), soci::use(shown, shown_ind), soci::use(r.institution_code), soci::use(r.business_type),
      soci::use(r.operator_id), soci::use(r.operator_name), soci::use(r.office_name), soci::use(r.device_type),
      soci::use(r.outcome), soci::use(at));
}

std::vector<DecodeRow> InstitutionRepo::decodes_of(Tx& tx, std::int64_t person_id, int limit) {
  const long long key = person_id;
  DecodeRow r;
  long long id = 0, shown = 0, at = 0;
  soci::indicator shown_ind = soci::i_ok, name_ind = soci::i_ok;
  auto st =
      tx.once("SELECT d.id, d.shown_by_person_id, d.institution_code, i.name, d.business_type, d.operator_id,"
                           " d.operator_name, d.office_name, d.device_type, d.outcome, d.decoded_at_us"
                           " FROM code_decodes d LEFT JOIN institutions i ON i.code = d.institution_code"
                           " WHERE d.person_id = :p ORDER BY d.decoded_at_us DESC, d.id DESC LIMIT " +
                               std::to_string(std::max(1, std::min(limit, 200))),
       soci::use(key), soci::into(id), soci::into(shown, shown_ind), soci::into(r.institution_code),
       soci::into(r.institution_name, name_ind), soci::into(r.business_type), soci::into(r.operator_id),
       soci::into(r.operator_name), soci::into(r.office_name), soci::into(r.device_type), soci::into(r.outcome),
       soci::into(at));
  st.execute(false);
  std::vector<DecodeRow> out;
  while (st.fetch()) {
    r.id = id;
    r.person_id = person_id;
    r.shown_by_person_id = shown_ind == soci::i_ok ? std::optional<std::int64_t>(shown) : std::nullopt;
    if (name_ind != soci::i_ok) r.institution_name.clear();
    r.decoded_at_us = at;
    out.push_back(r);
  }
  return out;
}

void InstitutionRepo::audit(Tx& tx, const AuditRow& r) {
  const long long subject = r.subject_person_id.value_or(0), at = r.at_us;
  soci::indicator subject_ind = r.subject_person_id ? soci::i_ok : soci::i_null;
  tx.run("INSERT INTO audit_events (actor_kind, actor_id, subject_person_id, action, channel, detail, at_us)"
              " VALUES (:k, :a, :s, :action, :c, :d, :at)",
      soci::use(r.actor_kind), soci::use(r.actor_id), soci::use(subject, subject_ind), soci::use(r.action),
      soci::use(r.channel), soci::use(r.detail), soci::use(at));
}

}  // namespace yibao::store
