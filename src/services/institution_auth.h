#pragma once
// Institution authentication for the institution interface and the code decode
// (institution-interface.md, "Transport used by yibao"): headers x-tif-paasid (the
// institution code), x-tif-timestamp (epoch seconds), x-tif-nonce (single use) and
// x-tif-signature = upper-case hex SHA-256(timestamp + secret + nonce + timestamp).
// The signature is checked before the nonce is spent, so forged requests cannot burn nonces.
// Nonces live in the store, so a request replayed against another instance is refused too.
// A settlement call spends its nonce in its own business transaction (one durable commit
// instead of two); a refused call spends it on its own, so a refused request cannot be
// replayed either.

#include <chrono>
#include <string>

#include "core/result.h"
#include "services/service_context.h"
#include "store/institution_repo.h"

namespace yibao::services {

struct TifHeaders {
  std::string paasid;
  std::string timestamp;
  std::string nonce;
  std::string signature;
};

inline constexpr std::chrono::seconds kTifWindow{300};

std::string tif_signature(const std::string& timestamp, const std::string& secret, const std::string& nonce);

// A request's nonce, to be spent exactly once (OneTimeKeys scope "tif-nonce:<institution>").
// `spent` turns true once a transaction that claimed it has committed.
struct TifNonce {
  std::string scope;
  std::string key;
  std::chrono::system_clock::time_point expires_at;
  bool spent = false;
};

struct VerifiedInstitution {
  store::InstitutionRow institution;
  TifNonce nonce;
};

// Checks the headers and the signature (the key from the reference cache, or one lookup without
// a transaction) without spending the nonce: the caller spends it inside the call's own
// transaction (claim_tif_nonce), or on its own (spend_tif_nonce) when the call refused or only
// read.
core::Result<VerifiedInstitution> verify_institution(ServiceContext& ctx, const TifHeaders& headers);

// Inside a write transaction: INSTITUTION_NONCE_REUSED when the nonce was spent already. The
// claim commits or rolls back with that transaction; mark the nonce spent only after commit.
core::Status claim_tif_nonce(store::Tx& tx, const TifNonce& nonce, std::chrono::system_clock::time_point now);

// On its own, committed at once; a no-op for a nonce already spent.
core::Status spend_tif_nonce(ServiceContext& ctx, TifNonce& nonce);

// verify_institution and spend_tif_nonce together: for calls whose work needs no transaction
// of its own to carry the nonce.
core::Result<store::InstitutionRow> authenticate_institution(ServiceContext& ctx, const TifHeaders& headers);

}  // namespace yibao::services
