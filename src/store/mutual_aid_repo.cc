#include "store/mutual_aid_repo.h"

namespace yibao::store {
namespace {

constexpr const char* kColumns =
    "SELECT id, authoriser_person_id, beneficiary_person_id, relation, status, effective_from, created_at_us,"
    " ended_at_us, end_reason FROM mutual_aid_authorisations ";

template <class... Uses>
std::vector<AuthorisationRow> fetch(Tx& tx, const std::string& where, Uses&&... uses) {
  AuthorisationRow r;
  long long id = 0, a = 0, b = 0, created = 0, ended = 0;
  std::string reason;
  soci::indicator ended_ind = soci::i_ok, reason_ind = soci::i_ok;
  auto st = tx.once((kColumns + where), soci::into(id), soci::into(a), soci::into(b),
                         soci::into(r.relation), soci::into(r.status), soci::into(r.effective_from), soci::into(created),
                         soci::into(ended, ended_ind), soci::into(reason, reason_ind), std::forward<Uses>(uses)...);
  st.execute(false);
  std::vector<AuthorisationRow> out;
  while (st.fetch()) {
    r.id = id;
    r.authoriser_person_id = a;
    r.beneficiary_person_id = b;
    r.created_at_us = created;
    r.ended_at_us = ended_ind == soci::i_ok ? std::optional<std::int64_t>(ended) : std::nullopt;
    r.end_reason = reason_ind == soci::i_ok ? std::optional<std::string>(reason) : std::nullopt;
    out.push_back(r);
  }
  return out;
}

}  // namespace

void MutualAidRepo::insert_filing(Tx& tx, std::int64_t authoriser, std::int64_t beneficiary, const std::string& relation,
                                  const std::string& via, std::int64_t now_us) {
  const long long a = authoriser, b = beneficiary, now = now_us;
  tx.run("INSERT INTO mutual_aid_filings (authoriser_person_id, beneficiary_person_id, relation, filed_at_us, filed_via)"
              " VALUES (:a, :b, :r, :now, :via)",
      soci::use(a), soci::use(b), soci::use(relation), soci::use(now), soci::use(via));
}

bool MutualAidRepo::has_filing(Tx& tx, std::int64_t authoriser, std::int64_t beneficiary) {
  const long long a = authoriser, b = beneficiary;
  int count = 0;
  tx.run("SELECT COUNT(*) FROM mutual_aid_filings WHERE authoriser_person_id = :a AND beneficiary_person_id = :b",
      soci::use(a), soci::use(b), soci::into(count));
  return count > 0;
}

std::int64_t MutualAidRepo::insert(Tx& tx, const AuthorisationRow& r) {
  long long id = 0;
  const long long a = r.authoriser_person_id, b = r.beneficiary_person_id, created = r.created_at_us;
  tx.run("INSERT INTO mutual_aid_authorisations (authoriser_person_id, beneficiary_person_id, relation, status,"
              " effective_from, created_at_us) VALUES (:a, :b, :r, 'active', :from, :created) RETURNING id",
      soci::use(a), soci::use(b), soci::use(r.relation), soci::use(r.effective_from), soci::use(created), soci::into(id));
  return id;
}

std::optional<AuthorisationRow> MutualAidRepo::find(Tx& tx, std::int64_t id) {
  const long long key = id;
  auto rows = fetch(tx, "WHERE id = :id", soci::use(key));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

bool MutualAidRepo::end(Tx& tx, std::int64_t id, const std::string& status, const std::string& reason, std::int64_t now_us) {
  const long long key = id, now = now_us;
  return tx.execute("UPDATE mutual_aid_authorisations SET status = :s, ended_at_us = :now, end_reason = :r"
                    " WHERE id = :id AND status = 'active'",
                    soci::use(status, "s"), soci::use(now, "now"), soci::use(reason, "r"), soci::use(key, "id")) == 1;
}

std::vector<AuthorisationRow> MutualAidRepo::involving(Tx& tx, std::int64_t person_id) {
  const long long p = person_id;
  return fetch(tx, "WHERE authoriser_person_id = :p1 OR beneficiary_person_id = :p2 ORDER BY id DESC", soci::use(p, "p1"),
               soci::use(p, "p2"));
}

std::vector<AuthorisationRow> MutualAidRepo::active_for_beneficiary(Tx& tx, std::int64_t beneficiary) {
  const long long b = beneficiary;
  return fetch(tx, "WHERE beneficiary_person_id = :b AND status = 'active' ORDER BY id", soci::use(b));
}

void MutualAidRepo::add_event(Tx& tx, const AidEventRow& r) {
  const long long id = r.authorisation_id, at = r.at_us;
  tx.run("INSERT INTO mutual_aid_events (authorisation_id, event, reason, detail, at_us) VALUES (:i, :e, :r, :d, :at)",
      soci::use(id), soci::use(r.event), soci::use(r.reason), soci::use(r.detail), soci::use(at));
}

std::vector<AidEventRow> MutualAidRepo::events(Tx& tx, std::int64_t authorisation_id) {
  const long long key = authorisation_id;
  AidEventRow r;
  long long at = 0;
  auto st = tx.once("SELECT event, reason, detail, at_us FROM mutual_aid_events"
                                             " WHERE authorisation_id = :i ORDER BY id",
                        soci::use(key), soci::into(r.event), soci::into(r.reason), soci::into(r.detail), soci::into(at));
  st.execute(false);
  std::vector<AidEventRow> out;
  while (st.fetch()) {
    r.authorisation_id = authorisation_id;
    r.at_us = at;
    out.push_back(r);
  }
  return out;
}

}  // namespace yibao::store
