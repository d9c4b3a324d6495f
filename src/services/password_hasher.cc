#include "services/password_hasher.h"

#include <stdexcept>

#include <sodium.h>

namespace yibao::services {

PasswordHasher::PasswordHasher(HashCost cost) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium init failed");
  if (cost == HashCost::interactive) {
    ops_ = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    mem_ = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  } else {
    ops_ = crypto_pwhash_OPSLIMIT_MIN;
    mem_ = crypto_pwhash_MEMLIMIT_MIN;
  }
}

std::string PasswordHasher::hash(std::string_view secret) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, secret.data(), secret.size(), ops_, mem_) != 0) {
    throw std::runtime_error("argon2id hashing failed (out of memory)");
  }
  return out;
}

bool PasswordHasher::verify(std::string_view secret, const std::string& stored) const {
  return crypto_pwhash_str_verify(stored.c_str(), secret.data(), secret.size()) == 0;
}

}  // namespace yibao::services
