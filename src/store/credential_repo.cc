#include "store/credential_repo.h"

namespace yibao::store {
namespace {

template <class T>
std::optional<T> opt(const T& value, soci::indicator ind) {
  return ind == soci::i_ok ? std::optional<T>(value) : std::nullopt;
}

struct CredentialFetch {
  long long id = 0, person = 0, locked = 0, failing = 0, activated = 0, updated = 0;
  std::string state, pin_hash, note;
  int failures = 0;
  soci::indicator pin_ind = soci::i_ok, locked_ind = soci::i_ok, note_ind = soci::i_ok, failing_ind = soci::i_ok,
                  activated_ind = soci::i_ok;

  CredentialRow take() const {
    CredentialRow r;
    r.id = id;
    r.person_id = person;
    r.state = state;
    r.pin_hash = opt(pin_hash, pin_ind);
    r.pin_failures = failures;
    r.pin_locked_until_us = opt<std::int64_t>(locked, locked_ind);
    r.state_note = opt(note, note_ind);
    r.face_failing_since_us = opt<std::int64_t>(failing, failing_ind);
    r.activated_at_us = opt<std::int64_t>(activated, activated_ind);
    r.updated_at_us = updated;
    return r;
  }
};

template <class Use>
std::optional<CredentialRow> fetch_credential(Tx& tx, const std::string& where, Use&& use) {
  CredentialFetch f;
  tx.run(("SELECT id, person_id, state, pin_hash, pin_failures, pin_locked_until_us, state_note,"
               " face_failing_since_us, activated_at_us, updated_at_us FROM credentials " + where),
      std::forward<Use>(use), soci::into(f.id), soci::into(f.person), soci::into(f.state), soci::into(f.pin_hash, f.pin_ind),
      soci::into(f.failures), soci::into(f.locked, f.locked_ind), soci::into(f.note, f.note_ind),
      soci::into(f.failing, f.failing_ind), soci::into(f.activated, f.activated_ind), soci::into(f.updated));
  if (!tx.sql().got_data()) return std::nullopt;
  return f.take();
}

}  // namespace

CredentialRow CredentialRepo::ensure_for_person(Tx& tx, std::int64_t person_id, std::int64_t now_us) {
  const long long person = person_id, now = now_us;
  tx.run("INSERT INTO credentials (person_id, state, pin_failures, updated_at_us) VALUES (:p, 'inactive', 0, :now)"
              " ON CONFLICT (person_id) DO NOTHING",
      soci::use(person), soci::use(now));
  return *for_person(tx, person_id);
}

std::optional<CredentialRow> CredentialRepo::for_person(Tx& tx, std::int64_t person_id) {
  const long long key = person_id;
  return fetch_credential(tx, "WHERE person_id = :p", soci::use(key));
}

std::optional<CredentialRow> CredentialRepo::by_id(Tx& tx, std::int64_t credential_id) {
  const long long key = credential_id;
  return fetch_credential(tx, "WHERE id = :id", soci::use(key));
}

void CredentialRepo::update(Tx& tx, const CredentialRow& r) {
  const long long id = r.id, locked = r.pin_locked_until_us.value_or(0), failing = r.face_failing_since_us.value_or(0),
                  activated = r.activated_at_us.value_or(0), updated = r.updated_at_us;
  const std::string pin = r.pin_hash.value_or(""), note = r.state_note.value_or("");
  soci::indicator pin_ind = r.pin_hash ? soci::i_ok : soci::i_null;
  soci::indicator locked_ind = r.pin_locked_until_us ? soci::i_ok : soci::i_null;
  soci::indicator note_ind = r.state_note ? soci::i_ok : soci::i_null;
  soci::indicator failing_ind = r.face_failing_since_us ? soci::i_ok : soci::i_null;
  soci::indicator activated_ind = r.activated_at_us ? soci::i_ok : soci::i_null;
  tx.run("UPDATE credentials SET state = :state, pin_hash = :pin, pin_failures = :failures,"
              " pin_locked_until_us = :locked, state_note = :note, face_failing_since_us = :failing,"
              " activated_at_us = :activated, updated_at_us = :updated WHERE id = :id",
      soci::use(r.state), soci::use(pin, pin_ind), soci::use(r.pin_failures), soci::use(locked, locked_ind),
      soci::use(note, note_ind), soci::use(failing, failing_ind), soci::use(activated, activated_ind), soci::use(updated),
      soci::use(id));
}

std::vector<ChannelRow> CredentialRepo::channels(Tx& tx, std::int64_t credential_id) {
  const long long key = credential_id;
  ChannelRow row;
  long long activated = 0, removed = 0;
  soci::indicator removed_ind = soci::i_ok;
  auto st = tx.once("SELECT channel, status, activated_at_us, activated_by, removed_at_us"
                                             " FROM credential_channels WHERE credential_id = :c ORDER BY activated_at_us",
                        soci::use(key), soci::into(row.channel), soci::into(row.status), soci::into(activated),
                        soci::into(row.activated_by), soci::into(removed, removed_ind));
  st.execute(false);
  std::vector<ChannelRow> out;
  while (st.fetch()) {
    row.activated_at_us = activated;
    row.removed_at_us = opt<std::int64_t>(removed, removed_ind);
    out.push_back(row);
  }
  return out;
}

void CredentialRepo::activate_channel(Tx& tx, std::int64_t credential_id, const std::string& channel,
                                      const std::string& activated_by, std::int64_t now_us) {
  const long long key = credential_id, now = now_us;
  tx.run("INSERT INTO credential_channels (credential_id, channel, status, activated_at_us, activated_by)"
              " VALUES (:c, :channel, 'active', :now, :by)"
              " ON CONFLICT (credential_id, channel) DO UPDATE SET status = 'active',"
              " activated_at_us = excluded.activated_at_us, activated_by = excluded.activated_by, removed_at_us = NULL",
      soci::use(key), soci::use(channel), soci::use(now), soci::use(activated_by));
}

bool CredentialRepo::remove_channel(Tx& tx, std::int64_t credential_id, const std::string& channel, std::int64_t now_us) {
  const long long key = credential_id, now = now_us;
  return tx.execute("UPDATE credential_channels SET status = 'removed', removed_at_us = :now"
                    " WHERE credential_id = :c AND channel = :channel AND status = 'active'",
                    soci::use(now, "now"), soci::use(key, "c"), soci::use(channel, "channel")) == 1;
}

void CredentialRepo::insert_face_check(Tx& tx, const FaceCheckRow& r) {
  const long long started = r.started_at_us;
  tx.run("INSERT INTO face_checks (ticket, id_number, purpose, channel, started_at_us) VALUES (:t, :n, :p, :c, :s)",
      soci::use(r.ticket), soci::use(r.id_number), soci::use(r.purpose), soci::use(r.channel), soci::use(started));
}

std::optional<FaceCheckRow> CredentialRepo::face_check(Tx& tx, const std::string& ticket) {
  FaceCheckRow r;
  long long started = 0, used = 0;
  std::string outcome;
  soci::indicator outcome_ind = soci::i_ok, used_ind = soci::i_ok;
  tx.run("SELECT ticket, id_number, purpose, channel, started_at_us, outcome, used_at_us FROM face_checks"
              " WHERE ticket = :t",
      soci::use(ticket), soci::into(r.ticket), soci::into(r.id_number), soci::into(r.purpose), soci::into(r.channel),
      soci::into(started), soci::into(outcome, outcome_ind), soci::into(used, used_ind));
  if (!tx.sql().got_data()) return std::nullopt;
  r.started_at_us = started;
  r.outcome = opt(outcome, outcome_ind);
  r.used_at_us = opt<std::int64_t>(used, used_ind);
  return r;
}

bool CredentialRepo::record_face_outcome(Tx& tx, const std::string& ticket, const std::string& outcome, bool used,
                                         std::int64_t now_us) {
  const long long now = now_us;
  if (used) {
    return tx.execute("UPDATE face_checks SET outcome = :o, used_at_us = :now WHERE ticket = :t AND used_at_us IS NULL",
                      soci::use(outcome, "o"), soci::use(now, "now"), soci::use(ticket, "t")) == 1;
  }
  return tx.execute("UPDATE face_checks SET outcome = :o WHERE ticket = :t AND used_at_us IS NULL",
                    soci::use(outcome, "o"), soci::use(ticket, "t")) == 1;
}

void CredentialRepo::insert_session(Tx& tx, const SessionRow& r) {
  const long long subject = r.subject_id, created = r.created_at_us, expires = r.expires_at_us;
  tx.run("INSERT INTO sessions (token_hash, subject_kind, subject_id, channel, created_at_us, expires_at_us)"
              " VALUES (:h, :k, :s, :c, :created, :expires)",
      soci::use(r.token_hash), soci::use(r.subject_kind), soci::use(subject), soci::use(r.channel), soci::use(created),
      soci::use(expires));
}

std::optional<SessionRow> CredentialRepo::session(Tx& tx, const std::string& token_hash) {
  SessionRow r;
  long long subject = 0, created = 0, expires = 0, ended = 0;
  std::string reason;
  soci::indicator ended_ind = soci::i_ok, reason_ind = soci::i_ok;
  tx.run("SELECT token_hash, subject_kind, subject_id, channel, created_at_us, expires_at_us, ended_at_us, end_reason"
              " FROM sessions WHERE token_hash = :h",
      soci::use(token_hash), soci::into(r.token_hash), soci::into(r.subject_kind), soci::into(subject), soci::into(r.channel),
      soci::into(created), soci::into(expires), soci::into(ended, ended_ind), soci::into(reason, reason_ind));
  if (!tx.sql().got_data()) return std::nullopt;
  r.subject_id = subject;
  r.created_at_us = created;
  r.expires_at_us = expires;
  r.ended_at_us = opt<std::int64_t>(ended, ended_ind);
  r.end_reason = opt(reason, reason_ind);
  return r;
}

void CredentialRepo::end_session(Tx& tx, const std::string& token_hash, const std::string& reason, std::int64_t now_us) {
  const long long now = now_us;
  tx.run("UPDATE sessions SET ended_at_us = :now, end_reason = :r WHERE token_hash = :h AND ended_at_us IS NULL",
      soci::use(now), soci::use(reason), soci::use(token_hash));
}

long long CredentialRepo::end_sessions(Tx& tx, const std::string& kind, std::int64_t subject_id,
                                       const std::string& channel, const std::string& reason, std::int64_t now_us) {
  const long long subject = subject_id, now = now_us;
  return tx.execute("UPDATE sessions SET ended_at_us = :now, end_reason = :r WHERE subject_kind = :k AND subject_id = :s"
                    " AND channel = :c AND ended_at_us IS NULL AND expires_at_us > :now2",
                    soci::use(now, "now"), soci::use(reason, "r"), soci::use(kind, "k"), soci::use(subject, "s"),
                    soci::use(channel, "c"), soci::use(now, "now2"));
}

}  // namespace yibao::store
