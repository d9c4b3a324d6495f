#pragma once
// A keyed BLAKE2b digest (libsodium crypto_generichash) as 64 hex characters: what the store
// keeps instead of a secret or a personal identifier — session tokens, and the ID numbers and
// phone numbers that rate limits count by. Keyed, so a leaked table cannot be reversed by
// hashing every possible ID number.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace yibao::services {

std::string keyed_hash_hex(const std::array<std::uint8_t, 32>& key, std::string_view text);

}  // namespace yibao::services
