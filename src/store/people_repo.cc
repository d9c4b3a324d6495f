#include "store/people_repo.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "store/ec_token_fetch.h"

namespace yibao::store {
namespace {

// Selecting into plain variables (not soci::row) keeps the column types portable: SQLite
// and PostgreSQL report INTEGER/BIGINT differently, into() converts either.
struct PersonFetch {
  PersonRow row;
  std::string phone;
  soci::indicator phone_ind = soci::i_ok;
  long long merged_into = 0;
  soci::indicator merged_ind = soci::i_ok;
  long long id = 0, created = 0;

  PersonRow take() {
    row.id = id;
    row.created_at_us = created;
    row.phone = phone_ind == soci::i_ok ? std::optional<std::string>(phone) : std::nullopt;
    row.merged_into = merged_ind == soci::i_ok ? std::optional<std::int64_t>(merged_into) : std::nullopt;
    return row;
  }
};

constexpr const char* kPersonColumns =
    "SELECT id, psn_no, id_number, name, gend, birth_date, naty, phone, status, merged_into, created_at_us FROM persons ";

template <class... Uses>
std::vector<PersonRow> fetch_persons(Tx& tx, const std::string& where, Uses&&... uses) {
  PersonFetch f;
  // All bindings go into the one prepare expression: SOCI binds when the statement is built.
  auto st =
      tx.once((kPersonColumns + where), soci::into(f.id), soci::into(f.row.psn_no),
        soci::into(f.row.id_number), soci::into(f.row.name), soci::into(f.row.gend), soci::into(f.row.birth_date),
        soci::into(f.row.naty), soci::into(f.phone, f.phone_ind), soci::into(f.row.status),
        soci::into(f.merged_into, f.merged_ind), soci::into(f.created), std::forward<Uses>(uses)...);
  st.execute(false);
  std::vector<PersonRow> out;
  while (st.fetch()) out.push_back(f.take());
  return out;
}

struct EnrolmentFetch {
  EnrolmentRow row;
  long long id = 0, person_id = 0, created = 0;
  int is_current = 0;
  std::string end_date, emp_name;
  soci::indicator end_ind = soci::i_ok, emp_ind = soci::i_ok;
  EnrolmentRow take() {
    row.id = id;
    row.person_id = person_id;
    row.created_at_us = created;
    row.is_current = is_current != 0;
    row.end_date = end_ind == soci::i_ok ? std::optional<std::string>(end_date) : std::nullopt;
    row.emp_name = emp_ind == soci::i_ok ? std::optional<std::string>(emp_name) : std::nullopt;
    return row;
  }
};

// A person LEFT JOINed with its enrolments: one row per enrolment, or one row with NULL
// enrolment columns when there is none — so every enrolment column is read with an indicator.
struct InsuredFetch {
  PersonFetch person;
  int duplicates = 0;
  long long e_id = 0, e_person = 0, e_created = 0;
  int e_current = 0;
  std::string insutype, admdvs, psn_type, status, start_date, end_date, benefits_from, emp_name;
  soci::indicator id_ind = soci::i_ok, person_ind = soci::i_ok, insutype_ind = soci::i_ok, admdvs_ind = soci::i_ok,
                  psn_type_ind = soci::i_ok, status_ind = soci::i_ok, start_ind = soci::i_ok, end_ind = soci::i_ok,
                  benefits_ind = soci::i_ok, emp_ind = soci::i_ok, current_ind = soci::i_ok, created_ind = soci::i_ok;

  std::optional<EnrolmentRow> enrolment() const {
    if (id_ind != soci::i_ok) return std::nullopt;
    EnrolmentRow e;
    e.id = e_id;
    e.person_id = e_person;
    e.insutype = insutype;
    e.admdvs = admdvs;
    e.psn_type = psn_type;
    e.status = status;
    e.start_date = start_date;
    e.end_date = end_ind == soci::i_ok ? std::optional<std::string>(end_date) : std::nullopt;
    e.benefits_from = benefits_from;
    e.emp_name = emp_ind == soci::i_ok ? std::optional<std::string>(emp_name) : std::nullopt;
    e.is_current = e_current != 0;
    e.created_at_us = e_created;
    return e;
  }

  // The credential's columns, LEFT JOINed too (NULL before its row exists).
  long long c_id = 0, c_locked = 0, c_failing = 0, c_activated = 0, c_updated = 0;
  std::string c_state, c_pin_hash, c_note;
  int c_failures = 0;
  soci::indicator c_id_ind = soci::i_ok, c_state_ind = soci::i_ok, c_pin_ind = soci::i_ok, c_failures_ind = soci::i_ok,
                  c_locked_ind = soci::i_ok, c_note_ind = soci::i_ok, c_failing_ind = soci::i_ok,
                  c_activated_ind = soci::i_ok, c_updated_ind = soci::i_ok;

  std::optional<CredentialRow> credential(std::int64_t person_id) const {
    if (c_id_ind != soci::i_ok) return std::nullopt;
    const auto opt_i64 = [](long long v, soci::indicator ind) {
      return ind == soci::i_ok ? std::optional<std::int64_t>(v) : std::nullopt;
    };
    CredentialRow c;
    c.id = c_id;
    c.person_id = person_id;
    c.state = c_state;
    c.pin_hash = c_pin_ind == soci::i_ok ? std::optional<std::string>(c_pin_hash) : std::nullopt;
    c.pin_failures = c_failures;
    c.pin_locked_until_us = opt_i64(c_locked, c_locked_ind);
    c.state_note = c_note_ind == soci::i_ok ? std::optional<std::string>(c_note) : std::nullopt;
    c.face_failing_since_us = opt_i64(c_failing, c_failing_ind);
    c.activated_at_us = opt_i64(c_activated, c_activated_ind);
    c.updated_at_us = c_updated;
    return c;
  }
};

// The person with enrolments and credential. `from`: the tables the person's joins hang on
// ("persons p", or another table joined to p); `extra_columns` (", t.x, …") are read into the
// leading `into`s of `bind`, then its `use`s bind the placeholders of `where`.
template <class... Bind>
std::optional<InsuredPerson> fetch_insured_from(Tx& tx, const std::string& extra_columns, const std::string& from,
                                                const std::string& where, Bind&&... bind) {
  InsuredFetch f;
  auto& p = f.person;
  auto st = tx.once(
      "SELECT p.id, p.psn_no, p.id_number, p.name, p.gend, p.birth_date, p.naty, p.phone, p.status, p.merged_into,"
      " p.created_at_us, (SELECT COUNT(*) FROM persons d WHERE d.id_number = p.id_number AND d.status = 'active'),"
      " e.id, e.person_id, e.insutype, e.admdvs, e.psn_type, e.status, e.start_date, e.end_date, e.benefits_from,"
      " e.emp_name, e.is_current, e.created_at_us,"
      " c.id, c.state, c.pin_hash, c.pin_failures, c.pin_locked_until_us, c.state_note, c.face_failing_since_us,"
      " c.activated_at_us, c.updated_at_us" +
          extra_columns + " FROM " + from +
          " LEFT JOIN enrolments e ON e.person_id = p.id LEFT JOIN credentials c ON c.person_id = p.id " + where +
          " ORDER BY e.start_date, e.id",
      soci::into(p.id), soci::into(p.row.psn_no), soci::into(p.row.id_number), soci::into(p.row.name),
      soci::into(p.row.gend), soci::into(p.row.birth_date), soci::into(p.row.naty), soci::into(p.phone, p.phone_ind),
      soci::into(p.row.status), soci::into(p.merged_into, p.merged_ind), soci::into(p.created), soci::into(f.duplicates),
      soci::into(f.e_id, f.id_ind), soci::into(f.e_person, f.person_ind), soci::into(f.insutype, f.insutype_ind),
      soci::into(f.admdvs, f.admdvs_ind), soci::into(f.psn_type, f.psn_type_ind), soci::into(f.status, f.status_ind),
      soci::into(f.start_date, f.start_ind), soci::into(f.end_date, f.end_ind),
      soci::into(f.benefits_from, f.benefits_ind), soci::into(f.emp_name, f.emp_ind),
      soci::into(f.e_current, f.current_ind), soci::into(f.e_created, f.created_ind), soci::into(f.c_id, f.c_id_ind),
      soci::into(f.c_state, f.c_state_ind), soci::into(f.c_pin_hash, f.c_pin_ind), soci::into(f.c_failures, f.c_failures_ind),
      soci::into(f.c_locked, f.c_locked_ind), soci::into(f.c_note, f.c_note_ind), soci::into(f.c_failing, f.c_failing_ind),
      soci::into(f.c_activated, f.c_activated_ind), soci::into(f.c_updated, f.c_updated_ind), std::forward<Bind>(bind)...);
  st.execute(false);
  std::optional<InsuredPerson> out;
  while (st.fetch()) {
    if (!out) {
      out.emplace();
      out->person = p.take();
      out->active_records_with_id_number = f.duplicates;
      out->credential = f.credential(out->person.id);
    }
    if (auto e = f.enrolment()) out->enrolments.push_back(std::move(*e));
  }
  return out;
}

template <class Use>
std::optional<InsuredPerson> fetch_insured(Tx& tx, const std::string& where, Use&& use) {
  return fetch_insured_from(tx, "", "persons p", where, std::forward<Use>(use));
}

}  // namespace

std::int64_t PeopleRepo::insert_person(Tx& tx, const PersonRow& row) {
  long long id = 0;
  soci::indicator phone_ind = row.phone ? soci::i_ok : soci::i_null;
  const std::string phone = row.phone.value_or("");
  const long long created = row.created_at_us;
  tx.run("INSERT INTO persons (psn_no, id_number, name, gend, birth_date, naty, phone, status, created_at_us)"
              " VALUES (:psn_no, :id_number, :name, :gend, :birth, :naty, :phone, :status, :created) RETURNING id",
      soci::use(row.psn_no), soci::use(row.id_number), soci::use(row.name), soci::use(row.gend),
      soci::use(row.birth_date), soci::use(row.naty), soci::use(phone, phone_ind), soci::use(row.status),
      soci::use(created), soci::into(id));
  return id;
}

std::string PeopleRepo::next_psn_no(Tx& tx, const std::string& admdvs) {
  long long max_id = 0;
  soci::indicator ind = soci::i_ok;
  tx.run("SELECT MAX(id) FROM persons", soci::into(max_id, ind));
  if (ind != soci::i_ok) max_id = 0;
  // Region + a 12-digit number; uniqueness is enforced by the UNIQUE constraint, and writers
  // are serialised, so max+1 does not collide. Clients must treat it as opaque.
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%012lld", admdvs.c_str(), max_id + 1);
  return buf;
}

std::optional<PersonRow> PeopleRepo::person_by_id(Tx& tx, std::int64_t id) {
  const long long key = id;
  auto rows = fetch_persons(tx, "WHERE id = :id", soci::use(key));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<PersonRow> PeopleRepo::person_by_psn_no(Tx& tx, const std::string& psn_no) {
  auto rows = fetch_persons(tx, "WHERE psn_no = :p", soci::use(psn_no));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<InsuredPerson> PeopleRepo::insured_by_id(Tx& tx, std::int64_t id) {
  const long long key = id;
  return fetch_insured(tx, "WHERE p.id = :id", soci::use(key));
}

std::optional<InsuredPerson> PeopleRepo::insured_by_psn_no(Tx& tx, const std::string& psn_no) {
  return fetch_insured(tx, "WHERE p.psn_no = :p", soci::use(psn_no));
}

std::optional<InsuredPerson> PeopleRepo::insured_by_credential(Tx& tx, std::int64_t credential_id) {
  const long long key = credential_id;
  return fetch_insured(tx, "WHERE c.id = :c", soci::use(key));
}

std::optional<PeopleRepo::TokenHolder> PeopleRepo::insured_by_ec_token(Tx& tx, const std::string& token) {
  EcTokenFetch t;
  auto insured = std::apply(
      [&](auto&&... into) {
        return fetch_insured_from(tx, ", " + ec_token_columns("t"), "ec_tokens t JOIN persons p ON p.id = t.person_id",
                                  "WHERE t.token = :t", into..., soci::use(token));
      },
      t.intos());
  if (!insured) return std::nullopt;
  return TokenHolder{t.take(), std::move(*insured)};
}

std::vector<PersonRow> PeopleRepo::persons_by_id_number(Tx& tx, const std::string& id_number) {
  return fetch_persons(tx, "WHERE id_number = :n ORDER BY CASE WHEN status = 'active' THEN 0 ELSE 1 END, id",
                       soci::use(id_number));
}

std::vector<PersonRow> PeopleRepo::search(Tx& tx, const PersonSearch& q) {
  // Empty string means "any": one statement shape for every combination of criteria.
  const std::string id_number = q.id_number.value_or(""), name = q.name.value_or(""), psn_no = q.psn_no.value_or("");
  const std::string where =
      "WHERE (:i1 = '' OR id_number = :i2) AND (:n1 = '' OR name = :n2) AND (:p1 = '' OR psn_no = :p2) ORDER BY id LIMIT " +
      std::to_string(std::max(1, std::min(q.limit, 200)));
  return fetch_persons(tx, where, soci::use(id_number, "i1"), soci::use(id_number, "i2"), soci::use(name, "n1"),
                       soci::use(name, "n2"), soci::use(psn_no, "p1"), soci::use(psn_no, "p2"));
}

void PeopleRepo::mark_merged(Tx& tx, std::int64_t person_id, std::int64_t into) {
  const long long id = person_id, target = into;
  tx.run("UPDATE persons SET status = 'merged', merged_into = :into WHERE id = :id", soci::use(target), soci::use(id));
}

std::int64_t PeopleRepo::insert_enrolment(Tx& tx, const EnrolmentRow& row) {
  long long id = 0;
  const long long person = row.person_id, created = row.created_at_us;
  const int current = row.is_current ? 1 : 0;
  const std::string end = row.end_date.value_or(""), emp = row.emp_name.value_or("");
  soci::indicator end_ind = row.end_date ? soci::i_ok : soci::i_null;
  soci::indicator emp_ind = row.emp_name ? soci::i_ok : soci::i_null;
  tx.run("INSERT INTO enrolments (person_id, insutype, admdvs, psn_type, status, start_date, end_date,"
              " benefits_from, emp_name, is_current, created_at_us) VALUES (:person, :insutype, :admdvs, :psn_type,"
              " :status, :start, :end, :benefits, :emp, :current, :created) RETURNING id",
      soci::use(person), soci::use(row.insutype), soci::use(row.admdvs), soci::use(row.psn_type), soci::use(row.status),
      soci::use(row.start_date), soci::use(end, end_ind), soci::use(row.benefits_from), soci::use(emp, emp_ind),
      soci::use(current), soci::use(created), soci::into(id));
  return id;
}

std::vector<EnrolmentRow> PeopleRepo::enrolments_of(Tx& tx, std::int64_t person_id) {
  EnrolmentFetch f;
  const long long person = person_id;
  auto st =
      tx.once("SELECT id, person_id, insutype, admdvs, psn_type, status, start_date, end_date, benefits_from,"
                           " emp_name, is_current, created_at_us FROM enrolments WHERE person_id = :p ORDER BY start_date, id",
       soci::use(person), soci::into(f.id), soci::into(f.person_id), soci::into(f.row.insutype), soci::into(f.row.admdvs),
       soci::into(f.row.psn_type), soci::into(f.row.status), soci::into(f.row.start_date), soci::into(f.end_date, f.end_ind),
       soci::into(f.row.benefits_from), soci::into(f.emp_name, f.emp_ind), soci::into(f.is_current), soci::into(f.created));
  st.execute(false);
  std::vector<EnrolmentRow> out;
  while (st.fetch()) out.push_back(f.take());
  return out;
}

void PeopleRepo::set_current_enrolment(Tx& tx, std::int64_t person_id, std::optional<std::int64_t> enrolment_id) {
  const long long person = person_id;
  // Clear first: the partial unique index allows one current row per person at any moment.
  tx.run("UPDATE enrolments SET is_current = 0 WHERE person_id = :p AND is_current = 1", soci::use(person));
  if (enrolment_id) {
    const long long id = *enrolment_id;
    tx.run("UPDATE enrolments SET is_current = 1 WHERE id = :id AND person_id = :p", soci::use(id), soci::use(person));
  }
}

void PeopleRepo::insert_account(Tx& tx, const AccountRow& row, std::int64_t now_us) {
  const long long person = row.person_id, now = now_us;
  tx.run("INSERT INTO accounts (person_id, phone, password_hash, created_at_us) VALUES (:p, :phone, :hash, :now)",
      soci::use(person), soci::use(row.phone), soci::use(row.password_hash), soci::use(now));
}

std::optional<AccountRow> PeopleRepo::account_by_phone(Tx& tx, const std::string& phone) {
  AccountRow row;
  long long person = 0;
  tx.run("SELECT person_id, phone, password_hash FROM accounts WHERE phone = :phone", soci::use(phone),
      soci::into(person), soci::into(row.phone), soci::into(row.password_hash));
  if (!tx.sql().got_data()) return std::nullopt;
  row.person_id = person;
  return row;
}

std::optional<AccountRow> PeopleRepo::account_of(Tx& tx, std::int64_t person_id) {
  AccountRow row;
  const long long key = person_id;
  long long person = 0;
  tx.run("SELECT person_id, phone, password_hash FROM accounts WHERE person_id = :p", soci::use(key),
      soci::into(person), soci::into(row.phone), soci::into(row.password_hash));
  if (!tx.sql().got_data()) return std::nullopt;
  row.person_id = person;
  return row;
}

}  // namespace yibao::store
