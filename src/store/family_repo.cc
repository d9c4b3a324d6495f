#include "store/family_repo.h"

#include <algorithm>

namespace yibao::store {
namespace {

constexpr const char* kBindingColumns =
    "SELECT id, holder_person_id, member_person_id, route, relation, status, channel, member_name, member_id_number,"
    " certificate_no, mother_id_number, mother_name, document_sha256, face_ticket, face_passed_at_us, created_at_us,"
    " bound_at_us, bound_month, unbound_at_us, unbind_reason, unbind_note, unbound_by FROM family_bindings ";

template <class... Uses>
std::vector<FamilyBindingRow> fetch(Tx& tx, const std::string& where, Uses&&... uses) {
  FamilyBindingRow r;
  long long id = 0, holder = 0, member = 0, face_at = 0, created = 0, bound = 0, unbound = 0;
  auto st =
      tx.once((kBindingColumns + where), soci::into(id), soci::into(holder), soci::into(member),
        soci::into(r.route), soci::into(r.relation), soci::into(r.status), soci::into(r.channel),
        soci::into(r.member_name), soci::into(r.member_id_number), soci::into(r.certificate_no),
        soci::into(r.mother_id_number), soci::into(r.mother_name), soci::into(r.document_sha256),
        soci::into(r.face_ticket), soci::into(face_at), soci::into(created), soci::into(bound),
        soci::into(r.bound_month), soci::into(unbound), soci::into(r.unbind_reason), soci::into(r.unbind_note),
        soci::into(r.unbound_by), std::forward<Uses>(uses)...);
  st.execute(false);
  std::vector<FamilyBindingRow> out;
  while (st.fetch()) {
    r.id = id;
    r.holder_person_id = holder;
    r.member_person_id = member;
    r.face_passed_at_us = face_at;
    r.created_at_us = created;
    r.bound_at_us = bound;
    r.unbound_at_us = unbound;
    out.push_back(r);
  }
  return out;
}

constexpr const char* kOutboxColumns =
    "SELECT id, person_id, phone, template_code, text, topic, status, attempts, next_attempt_at_us, last_error,"
    " created_at_us, sent_at_us FROM notification_outbox ";

template <class... Uses>
std::vector<OutboxRow> fetch_outbox(Tx& tx, const std::string& where, Uses&&... uses) {
  OutboxRow r;
  long long id = 0, person = 0, next = 0, created = 0, sent = 0;
  int attempts = 0;
  auto st = tx.once((kOutboxColumns + where), soci::into(id), soci::into(person),
                         soci::into(r.phone), soci::into(r.template_code), soci::into(r.text), soci::into(r.topic),
                         soci::into(r.status), soci::into(attempts), soci::into(next), soci::into(r.last_error),
                         soci::into(created), soci::into(sent), std::forward<Uses>(uses)...);
  st.execute(false);
  std::vector<OutboxRow> out;
  while (st.fetch()) {
    r.id = id;
    r.person_id = person;
    r.attempts = attempts;
    r.next_attempt_at_us = next;
    r.created_at_us = created;
    r.sent_at_us = sent;
    out.push_back(r);
  }
  return out;
}

}  // namespace

void FamilyRepo::lock_persons(Tx& tx, std::int64_t a, std::int64_t b) {
  for (const long long id : {std::min(a, b), std::max(a, b)}) {
    tx.execute("UPDATE persons SET status = status WHERE id = :id", soci::use(id, "id"));
  }
}

std::int64_t FamilyRepo::insert(Tx& tx, const FamilyBindingRow& r) {
  long long id = 0;
  const long long holder = r.holder_person_id, member = r.member_person_id, created = r.created_at_us;
  tx.run("INSERT INTO family_bindings (holder_person_id, member_person_id, route, relation, status, channel,"
              " member_name, member_id_number, certificate_no, mother_id_number, mother_name, document_sha256,"
              " created_at_us) VALUES (:h, :m, :route, :rel, :st, :ch, :mn, :mid, :cert, :moid, :mon, :doc, :created)"
              " RETURNING id",
      soci::use(holder), soci::use(member), soci::use(r.route), soci::use(r.relation), soci::use(r.status),
      soci::use(r.channel), soci::use(r.member_name), soci::use(r.member_id_number), soci::use(r.certificate_no),
      soci::use(r.mother_id_number), soci::use(r.mother_name), soci::use(r.document_sha256), soci::use(created),
      soci::into(id));
  return id;
}

std::optional<FamilyBindingRow> FamilyRepo::find(Tx& tx, std::int64_t id) {
  const long long key = id;
  auto rows = fetch(tx, "WHERE id = :id", soci::use(key));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

void FamilyRepo::update(Tx& tx, const FamilyBindingRow& r) {
  const long long key = r.id, face_at = r.face_passed_at_us;
  tx.execute("UPDATE family_bindings SET document_sha256 = :doc, face_ticket = :ft, face_passed_at_us = :fa,"
             " status = :st WHERE id = :id",
             soci::use(r.document_sha256, "doc"), soci::use(r.face_ticket, "ft"), soci::use(face_at, "fa"),
             soci::use(r.status, "st"), soci::use(key, "id"));
}

bool FamilyRepo::activate(Tx& tx, std::int64_t id, std::int64_t now_us, const std::string& month) {
  const long long key = id, now = now_us;
  return tx.execute("UPDATE family_bindings SET status = 'active', bound_at_us = :now, bound_month = :m"
                    " WHERE id = :id AND status = 'draft'",
                    soci::use(now, "now"), soci::use(month, "m"), soci::use(key, "id")) == 1;
}

bool FamilyRepo::unbind(Tx& tx, std::int64_t id, const std::string& reason, const std::string& note,
                        const std::string& by, std::int64_t now_us) {
  const long long key = id, now = now_us;
  return tx.execute("UPDATE family_bindings SET status = 'unbound', unbound_at_us = :now, unbind_reason = :r,"
                    " unbind_note = :n, unbound_by = :b WHERE id = :id AND status = 'active'",
                    soci::use(now, "now"), soci::use(reason, "r"), soci::use(note, "n"), soci::use(by, "b"),
                    soci::use(key, "id")) == 1;
}

std::vector<FamilyBindingRow> FamilyRepo::as_holder(Tx& tx, std::int64_t holder) {
  const long long h = holder;
  return fetch(tx, "WHERE holder_person_id = :h AND status IN ('active', 'unbound') ORDER BY id DESC", soci::use(h));
}

std::vector<FamilyBindingRow> FamilyRepo::as_member(Tx& tx, std::int64_t member) {
  const long long m = member;
  return fetch(tx, "WHERE member_person_id = :m AND status IN ('active', 'unbound') ORDER BY id DESC", soci::use(m));
}

std::optional<FamilyBindingRow> FamilyRepo::active_pair(Tx& tx, std::int64_t holder, std::int64_t member) {
  const long long h = holder, m = member;
  auto rows = fetch(tx, "WHERE holder_person_id = :h AND member_person_id = :m AND status = 'active'", soci::use(h, "h"),
                    soci::use(m, "m"));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<std::int64_t> FamilyRepo::holders_with_active(Tx& tx) {
  long long h = 0;
  auto st = tx.once("SELECT DISTINCT holder_person_id FROM family_bindings WHERE status = 'active'"
                                             " ORDER BY holder_person_id",
                        soci::into(h));
  st.execute(false);
  std::vector<std::int64_t> out;
  while (st.fetch()) out.push_back(h);
  return out;
}

int FamilyRepo::count_active_of_holder(Tx& tx, std::int64_t holder) {
  const long long h = holder;
  int count = 0;
  tx.run("SELECT COUNT(*) FROM family_bindings WHERE holder_person_id = :h AND status = 'active'", soci::use(h),
      soci::into(count));
  return count;
}

int FamilyRepo::count_active_holders_of_member(Tx& tx, std::int64_t member, std::int64_t except_holder) {
  const long long m = member, h = except_holder;
  int count = 0;
  tx.run("SELECT COUNT(*) FROM family_bindings WHERE member_person_id = :m AND status = 'active'"
              " AND holder_person_id <> :h",
      soci::use(m), soci::use(h), soci::into(count));
  return count;
}

int FamilyRepo::count_bound_in_month(Tx& tx, std::int64_t holder, const std::string& month) {
  const long long h = holder;
  int count = 0;
  tx.run("SELECT COUNT(*) FROM family_bindings WHERE holder_person_id = :h AND bound_month = :m"
              " AND status IN ('active', 'unbound')",
      soci::use(h), soci::use(month), soci::into(count));
  return count;
}

void FamilyRepo::add_consent(Tx& tx, const FamilyConsentRow& r) {
  const long long b = r.binding_id, p = r.person_id, at = r.at_us;
  tx.run("INSERT INTO family_consents (binding_id, person_id, kind, document_sha256, channel, at_us)"
              " VALUES (:b, :p, :k, :d, :c, :at)",
      soci::use(b), soci::use(p), soci::use(r.kind), soci::use(r.document_sha256), soci::use(r.channel), soci::use(at));
}

std::vector<FamilyConsentRow> FamilyRepo::consents(Tx& tx, std::int64_t binding_id) {
  const long long key = binding_id;
  FamilyConsentRow r;
  long long p = 0, at = 0;
  auto st = tx.once("SELECT person_id, kind, document_sha256, channel, at_us FROM family_consents"
                                             " WHERE binding_id = :b ORDER BY id",
                        soci::use(key), soci::into(p), soci::into(r.kind), soci::into(r.document_sha256),
                        soci::into(r.channel), soci::into(at));
  st.execute(false);
  std::vector<FamilyConsentRow> out;
  while (st.fetch()) {
    r.binding_id = binding_id;
    r.person_id = p;
    r.at_us = at;
    out.push_back(r);
  }
  return out;
}

void FamilyRepo::put_upload(Tx& tx, const FamilyUploadRow& r) {
  const long long b = r.binding_id, size = r.size_bytes, at = r.uploaded_at_us;
  tx.run("INSERT INTO family_uploads (binding_id, side, sha256, content_type, size_bytes, uploaded_at_us)"
              " VALUES (:b, :s, :h, :ct, :sz, :at) ON CONFLICT (binding_id, side) DO UPDATE SET sha256 = excluded.sha256,"
              " content_type = excluded.content_type, size_bytes = excluded.size_bytes,"
              " uploaded_at_us = excluded.uploaded_at_us",
      soci::use(b), soci::use(r.side), soci::use(r.sha256), soci::use(r.content_type), soci::use(size), soci::use(at));
}

std::vector<FamilyUploadRow> FamilyRepo::uploads(Tx& tx, std::int64_t binding_id) {
  const long long key = binding_id;
  FamilyUploadRow r;
  long long size = 0, at = 0;
  auto st = tx.once("SELECT side, sha256, content_type, size_bytes, uploaded_at_us FROM family_uploads"
                                             " WHERE binding_id = :b ORDER BY side",
                        soci::use(key), soci::into(r.side), soci::into(r.sha256), soci::into(r.content_type),
                        soci::into(size), soci::into(at));
  st.execute(false);
  std::vector<FamilyUploadRow> out;
  while (st.fetch()) {
    r.binding_id = binding_id;
    r.size_bytes = size;
    r.uploaded_at_us = at;
    out.push_back(r);
  }
  return out;
}

std::int64_t FamilyRepo::enqueue(Tx& tx, const OutboxRow& r) {
  long long id = 0;
  const long long p = r.person_id, next = r.next_attempt_at_us, created = r.created_at_us;
  tx.run("INSERT INTO notification_outbox (person_id, phone, template_code, text, topic, status, attempts,"
              " next_attempt_at_us, created_at_us) VALUES (:p, :ph, :t, :x, :topic, 'pending', 0, :next, :created)"
              " RETURNING id",
      soci::use(p), soci::use(r.phone), soci::use(r.template_code), soci::use(r.text), soci::use(r.topic),
      soci::use(next), soci::use(created), soci::into(id));
  return id;
}

std::vector<OutboxRow> FamilyRepo::due(Tx& tx, std::int64_t now_us, int limit) {
  const long long now = now_us;
  const int lim = limit;
  return fetch_outbox(tx, "WHERE status = 'pending' AND next_attempt_at_us <= :now ORDER BY id LIMIT :lim",
                      soci::use(now, "now"), soci::use(lim, "lim"));
}

bool FamilyRepo::claim(Tx& tx, std::int64_t id, std::int64_t due_at_us, std::int64_t lease_until_us) {
  const long long key = id, due = due_at_us, lease = lease_until_us;
  return tx.execute("UPDATE notification_outbox SET next_attempt_at_us = :lease"
                    " WHERE id = :id AND status = 'pending' AND next_attempt_at_us = :due",
                    soci::use(lease, "lease"), soci::use(key, "id"), soci::use(due, "due")) == 1;
}

std::vector<OutboxRow> FamilyRepo::outbox_of(Tx& tx, std::int64_t person_id) {
  const long long p = person_id;
  return fetch_outbox(tx, "WHERE person_id = :p ORDER BY id", soci::use(p));
}

std::vector<OutboxRow> FamilyRepo::outbox_topic(Tx& tx, const std::string& topic) {
  return fetch_outbox(tx, "WHERE topic = :t ORDER BY id", soci::use(topic));
}

void FamilyRepo::record_attempt(Tx& tx, std::int64_t id, const std::string& status, int attempts,
                                std::int64_t next_attempt_at_us, const std::string& last_error, std::int64_t sent_at_us) {
  const long long key = id, next = next_attempt_at_us, sent = sent_at_us;
  const int a = attempts;
  tx.execute("UPDATE notification_outbox SET status = :s, attempts = :a, next_attempt_at_us = :n, last_error = :e,"
             " sent_at_us = :sent WHERE id = :id",
             soci::use(status, "s"), soci::use(a, "a"), soci::use(next, "n"), soci::use(last_error, "e"),
             soci::use(sent, "sent"), soci::use(key, "id"));
}

}  // namespace yibao::store
