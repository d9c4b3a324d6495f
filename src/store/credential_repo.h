#pragma once
// The e-credential, its per-channel activations, face-check tickets and sessions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace yibao::store {

struct CredentialRow {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string state = "inactive";  // inactive | active | frozen | revoked
  std::optional<std::string> pin_hash;
  int pin_failures = 0;
  std::optional<std::int64_t> pin_locked_until_us;
  std::optional<std::string> state_note;
  std::optional<std::int64_t> face_failing_since_us;
  std::optional<std::int64_t> activated_at_us;
  std::int64_t updated_at_us = 0;
};

struct ChannelRow {
  std::string channel;
  std::string status;  // active | removed
  std::int64_t activated_at_us = 0;
  std::string activated_by;  // "face" | "offline:<staff username>"
  std::optional<std::int64_t> removed_at_us;
};

struct FaceCheckRow {
  std::string ticket;
  std::string id_number;
  std::string purpose;
  std::string channel;
  std::int64_t started_at_us = 0;
  std::optional<std::string> outcome;  // passed | mismatch | no_live_face | ...
  std::optional<std::int64_t> used_at_us;
};

struct SessionRow {
  std::string token_hash;
  std::string subject_kind;  // person | staff
  std::int64_t subject_id = 0;
  std::string channel;
  std::int64_t created_at_us = 0;
  std::int64_t expires_at_us = 0;
  std::optional<std::int64_t> ended_at_us;
  std::optional<std::string> end_reason;
};

class CredentialRepo {
 public:
  // The person's credential, creating an inactive one on first sight.
  static CredentialRow ensure_for_person(Tx& tx, std::int64_t person_id, std::int64_t now_us);
  static std::optional<CredentialRow> for_person(Tx& tx, std::int64_t person_id);
  static std::optional<CredentialRow> by_id(Tx& tx, std::int64_t credential_id);
  // Writes every mutable column of `row` (by id).
  static void update(Tx& tx, const CredentialRow& row);

  static std::vector<ChannelRow> channels(Tx& tx, std::int64_t credential_id);
  static void activate_channel(Tx& tx, std::int64_t credential_id, const std::string& channel,
                               const std::string& activated_by, std::int64_t now_us);
  // True if an active channel was removed.
  static bool remove_channel(Tx& tx, std::int64_t credential_id, const std::string& channel, std::int64_t now_us);

  static void insert_face_check(Tx& tx, const FaceCheckRow& row);
  static std::optional<FaceCheckRow> face_check(Tx& tx, const std::string& ticket);
  // Records the outcome; with `used` the ticket can never be used again. False if it was already used.
  static bool record_face_outcome(Tx& tx, const std::string& ticket, const std::string& outcome, bool used,
                                  std::int64_t now_us);

  static void insert_session(Tx& tx, const SessionRow& row);
  static std::optional<SessionRow> session(Tx& tx, const std::string& token_hash);
  static void end_session(Tx& tx, const std::string& token_hash, const std::string& reason, std::int64_t now_us);
  // Ends every live session of the subject on `channel`; returns how many.
  static long long end_sessions(Tx& tx, const std::string& kind, std::int64_t subject_id, const std::string& channel,
                                const std::string& reason, std::int64_t now_us);
};

}  // namespace yibao::store
