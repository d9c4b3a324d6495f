#pragma once
// Unpredictable hex strings from libsodium's CSPRNG: institution keys, ecTokens, file names.

#include <cstddef>
#include <string>

namespace yibao::services {

// `bytes` random bytes as 2 × bytes lower-case hex characters.
std::string random_hex(std::size_t bytes);

}  // namespace yibao::services
