#pragma once
// argon2id (libsodium crypto_pwhash_str) for login passwords and e-credential PINs. A PIN has
// only a million values, so only a slow, salted, memory-hard hash makes a stolen table useless.
// The cost is a setting: `interactive` in production; `fast` exists for test suites that hash
// thousands of times and must never be used for real data (the hash string records its cost,
// so a later switch does not break verification of stored hashes).

#include <string>
#include <string_view>

namespace yibao::services {

enum class HashCost { interactive, fast };

class PasswordHasher {
 public:
  explicit PasswordHasher(HashCost cost = HashCost::interactive);
  std::string hash(std::string_view secret) const;  // throws std::runtime_error if out of memory
  bool verify(std::string_view secret, const std::string& stored) const;

 private:
  unsigned long long ops_;
  std::size_t mem_;
};

}  // namespace yibao::services
