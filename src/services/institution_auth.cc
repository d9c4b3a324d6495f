#include "services/institution_auth.h"

#include <cctype>
#include <charconv>

#include <sodium.h>

#include "store/one_time_keys.h"

namespace yibao::services {

std::string tif_signature(const std::string& timestamp, const std::string& secret, const std::string& nonce) {
  const std::string text = timestamp + secret + nonce + timestamp;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

core::Result<VerifiedInstitution> verify_institution(ServiceContext& ctx, const TifHeaders& h) {
  using core::Error;
  using core::Reason;
  if (h.paasid.empty() || h.timestamp.empty() || h.nonce.empty() || h.signature.empty() || h.nonce.size() > 64) {
    return Error{Reason::INSTITUTION_AUTH_FAILED, "缺少 x-tif-* 认证请求头"};
  }
  long long ts = 0;
  const auto [end, ec] = std::from_chars(h.timestamp.data(), h.timestamp.data() + h.timestamp.size(), ts);
  if (ec != std::errc() || end != h.timestamp.data() + h.timestamp.size()) {
    return Error{Reason::INSTITUTION_AUTH_FAILED, "x-tif-timestamp 须为秒级时间戳"};
  }
  const auto now = ctx.clock.now();
  const long long now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (ts < now_s - kTifWindow.count() || ts > now_s + kTifWindow.count()) return Reason::INSTITUTION_TIMESTAMP_STALE;

  auto institution = store::InstitutionRepo::find_cached(ctx.db, h.paasid);
  // An unknown institution gets the same answer as a wrong signature: no oracle for valid codes.
  if (!institution) return Reason::INSTITUTION_AUTH_FAILED;
  const std::string expected = tif_signature(h.timestamp, institution->secret, h.nonce);
  std::string given = h.signature;  // accept lower-case hex too: some clients send it
  for (auto& c : given) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (expected.size() != given.size() || sodium_memcmp(expected.data(), given.data(), expected.size()) != 0) {
    return Reason::INSTITUTION_AUTH_FAILED;
  }
  if (institution->status != "active") return Reason::INSTITUTION_SUSPENDED;
  return VerifiedInstitution{
      *institution,
      TifNonce{"tif-nonce:" + h.paasid, h.nonce,
               std::chrono::system_clock::time_point(std::chrono::seconds(ts)) + 2 * kTifWindow}};
}

core::Status claim_tif_nonce(store::Tx& tx, const TifNonce& nonce, std::chrono::system_clock::time_point now) {
  if (nonce.spent) return {};
  if (!store::OneTimeKeys::claim(tx, nonce.scope, nonce.key, now, nonce.expires_at)) {
    return core::Reason::INSTITUTION_NONCE_REUSED;
  }
  return {};
}

core::Status spend_tif_nonce(ServiceContext& ctx, TifNonce& nonce) {
  if (nonce.spent) return {};
  const auto now = ctx.clock.now();
  auto claimed = ctx.db.autocommit([&](store::Tx& tx) { return claim_tif_nonce(tx, nonce, now); });
  if (claimed) nonce.spent = true;
  return claimed;
}

core::Result<store::InstitutionRow> authenticate_institution(ServiceContext& ctx, const TifHeaders& h) {
  auto verified = verify_institution(ctx, h);
  if (!verified) return verified.error();
  if (auto spent = spend_tif_nonce(ctx, verified.value().nonce); !spent) return spent.error();
  return verified->institution;
}

}  // namespace yibao::services
