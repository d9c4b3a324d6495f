#pragma once
// 亲情账户 rows: bindings (draft → active → unbound, with the reason kept), consent records,
// 户口簿 upload metadata, and the notification outbox. Not-yet values are "" and 0.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct FamilyBindingRow {
  std::int64_t id = 0;
  std::int64_t holder_person_id = 0;
  std::int64_t member_person_id = 0;
  std::string route;     // id_number | birth_certificate
  std::string relation;
  std::string status;    // draft | active | unbound | abandoned
  std::string channel;
  std::string member_name;
  std::string member_id_number;
  std::string certificate_no;
  std::string mother_id_number;
  std::string mother_name;
  std::string document_sha256;
  std::string face_ticket;
  std::int64_t face_passed_at_us = 0;
  std::int64_t created_at_us = 0;
  std::int64_t bound_at_us = 0;
  std::string bound_month;  // yyyy-MM
  std::int64_t unbound_at_us = 0;
  std::string unbind_reason;
  std::string unbind_note;
  std::string unbound_by;
};

struct FamilyConsentRow {
  std::int64_t binding_id = 0;
  std::int64_t person_id = 0;
  std::string kind;  // commitment_signed | notice_accepted
  std::string document_sha256;
  std::string channel;
  std::int64_t at_us = 0;
};

struct FamilyUploadRow {
  std::int64_t binding_id = 0;
  std::string side;  // holder | member
  std::string sha256;
  std::string content_type;
  std::int64_t size_bytes = 0;
  std::int64_t uploaded_at_us = 0;
};

struct OutboxRow {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string phone;
  std::string template_code;
  std::string text;
  std::string topic;
  std::string status;  // pending | sent | failed
  int attempts = 0;
  std::int64_t next_attempt_at_us = 0;
  std::string last_error;
  std::int64_t created_at_us = 0;
  std::int64_t sent_at_us = 0;
};

class FamilyRepo {
 public:
  // Serialises binding decisions about these persons (the holder and the member): a no-op
  // conditional UPDATE of their rows in ascending id order, so on PostgreSQL a concurrent
  // completion waits and then counts what the first one committed (SQLite writers are serial).
  static void lock_persons(Tx& tx, std::int64_t a, std::int64_t b);
  static std::int64_t insert(Tx& tx, const FamilyBindingRow& row);
  static std::optional<FamilyBindingRow> find(Tx& tx, std::int64_t id);
  // Writes the mutable columns (status, document, face, bound/unbound fields).
  static void update(Tx& tx, const FamilyBindingRow& row);
  // Draft -> active; false if it was not a draft any more (a concurrent completion).
  static bool activate(Tx& tx, std::int64_t id, std::int64_t now_us, const std::string& month);
  // Active -> unbound with the reason; false if it was not active any more.
  static bool unbind(Tx& tx, std::int64_t id, const std::string& reason, const std::string& note,
                     const std::string& by, std::int64_t now_us);

  // Every binding (not drafts) where the person is the holder / the member, newest first.
  static std::vector<FamilyBindingRow> as_holder(Tx& tx, std::int64_t holder);
  static std::vector<FamilyBindingRow> as_member(Tx& tx, std::int64_t member);
  static std::optional<FamilyBindingRow> active_pair(Tx& tx, std::int64_t holder, std::int64_t member);
  // Holders with at least one active binding.
  static std::vector<std::int64_t> holders_with_active(Tx& tx);
  static int count_active_of_holder(Tx& tx, std::int64_t holder);
  static int count_active_holders_of_member(Tx& tx, std::int64_t member, std::int64_t except_holder);
  // Bindings created (made active) by the holder in the natural month, whatever happened since.
  static int count_bound_in_month(Tx& tx, std::int64_t holder, const std::string& month);

  static void add_consent(Tx& tx, const FamilyConsentRow& row);
  static std::vector<FamilyConsentRow> consents(Tx& tx, std::int64_t binding_id);

  static void put_upload(Tx& tx, const FamilyUploadRow& row);
  static std::vector<FamilyUploadRow> uploads(Tx& tx, std::int64_t binding_id);

  static std::int64_t enqueue(Tx& tx, const OutboxRow& row);
  // Pending messages due at `now`, oldest first.
  static std::vector<OutboxRow> due(Tx& tx, std::int64_t now_us, int limit);
  // Leases a due row to this sender until `lease_until_us`; false if another instance took it
  // (or it is no longer due). A sender that dies mid-send leaves it to be retried after the lease.
  static bool claim(Tx& tx, std::int64_t id, std::int64_t due_at_us, std::int64_t lease_until_us);
  static std::vector<OutboxRow> outbox_of(Tx& tx, std::int64_t person_id);
  static std::vector<OutboxRow> outbox_topic(Tx& tx, const std::string& topic);
  static void record_attempt(Tx& tx, std::int64_t id, const std::string& status, int attempts,
                             std::int64_t next_attempt_at_us, const std::string& last_error, std::int64_t sent_at_us);
};

}  // namespace yibao::store
