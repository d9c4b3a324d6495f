#include "services/keyed_hash.h"

#include <sodium.h>

namespace yibao::services {

std::string keyed_hash_hex(const std::array<std::uint8_t, 32>& key, std::string_view text) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()), text.size(), key.data(),
                     key.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace yibao::services
