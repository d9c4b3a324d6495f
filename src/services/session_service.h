#pragma once
// Opaque random session tokens (256 bits, base64url), stored only as a keyed BLAKE2b hash, so a
// copy of the database cannot be replayed as logins. Sessions live in the store: any instance
// can check any token. Each session belongs to one channel; 移除凭证 ends that channel's ones.

#include <chrono>
#include <string>

#include "core/result.h"
#include "services/service_context.h"

namespace yibao::services {

enum class SubjectKind { person, staff };

struct Principal {
  SubjectKind kind;
  std::int64_t subject_id;
  std::string channel;
  std::string token_hash;
};

struct IssuedSession {
  std::string token;
  std::chrono::system_clock::time_point expires_at;
};

inline constexpr std::chrono::hours kPersonSessionLifetime{24};
inline constexpr std::chrono::hours kStaffSessionLifetime{8};

class SessionService {
 public:
  explicit SessionService(ServiceContext& ctx) : ctx_(ctx) {}

  // Inside the caller's transaction, so a login and what it records commit together.
  IssuedSession issue(store::Tx& tx, SubjectKind kind, std::int64_t subject_id, const std::string& channel);

  // SESSION_REQUIRED (no or unknown token, wrong kind) or SESSION_EXPIRED (expired or ended).
  core::Result<Principal> authenticate(const std::string& token, SubjectKind kind);

  void logout(const Principal& principal);

  std::string hash_token(const std::string& token) const;

 private:
  ServiceContext& ctx_;
};

}  // namespace yibao::services
