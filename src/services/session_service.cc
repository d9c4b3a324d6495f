#include "services/session_service.h"

#include "services/keyed_hash.h"

#include <sodium.h>

#include "store/credential_repo.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

std::string_view kind_code(SubjectKind kind) { return kind == SubjectKind::person ? "person" : "staff"; }

}  // namespace

std::string SessionService::hash_token(const std::string& token) const {
  return keyed_hash_hex(ctx_.keys.session_pepper, token);
}

IssuedSession SessionService::issue(store::Tx& tx, SubjectKind kind, std::int64_t subject_id, const std::string& channel) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char encoded[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(encoded, sizeof encoded, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  const auto now = ctx_.clock.now();
  const auto expires = now + (kind == SubjectKind::person ? std::chrono::duration_cast<std::chrono::system_clock::duration>(kPersonSessionLifetime)
                                                          : std::chrono::duration_cast<std::chrono::system_clock::duration>(kStaffSessionLifetime));
  store::SessionRow row;
  row.token_hash = hash_token(encoded);
  row.subject_kind = std::string(kind_code(kind));
  row.subject_id = subject_id;
  row.channel = channel;
  row.created_at_us = store::to_epoch_us(now);
  row.expires_at_us = store::to_epoch_us(expires);
  store::CredentialRepo::insert_session(tx, row);
  return IssuedSession{encoded, expires};
}

core::Result<Principal> SessionService::authenticate(const std::string& token, SubjectKind kind) {
  if (token.empty() || token.size() > 100) return core::Reason::SESSION_REQUIRED;
  const std::string hashed = hash_token(token);
  // One row by key: no snapshot to share, so no BEGIN/COMMIT on PostgreSQL (every API call asks).
  auto row = ctx_.db.lookup([&](store::Tx& tx) { return store::CredentialRepo::session(tx, hashed); });
  if (!row || row->subject_kind != kind_code(kind)) return core::Reason::SESSION_REQUIRED;
  if (row->ended_at_us || row->expires_at_us <= now_us(ctx_.clock)) {
    std::string why = row->end_reason.value_or("");
    if (why == "credential_removed") why = "该渠道的医保电子凭证已移除";
    else if (why == "logout") why = "已退出登录";
    else why.clear();
    return core::Error{core::Reason::SESSION_EXPIRED, why};
  }
  return Principal{kind, row->subject_id, row->channel, hashed};
}

void SessionService::logout(const Principal& principal) {
  ctx_.db.write([&](store::Tx& tx) {
    store::CredentialRepo::end_session(tx, principal.token_hash, "logout", now_us(ctx_.clock));
  });
}

}  // namespace yibao::services
