#pragma once
// Institution authentication for the institution interface and the code decode
// (institution-interface.md, "Transport used by yibao"): headers x-tif-paasid (the
// institution code), x-tif-timestamp (epoch seconds), x-tif-nonce (single use) and
// x-tif-signature = upper-case hex SHA-256(timestamp + secret + nonce + timestamp).
// The signature is checked before the nonce is spent, so forged requests cannot burn nonces.
// Nonces live in the store, so a request replayed against another instance is refused too.

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

core::Result<store::InstitutionRow> authenticate_institution(ServiceContext& ctx, const TifHeaders& headers);

}  // namespace yibao::services
