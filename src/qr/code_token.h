#pragma once
// The dynamic 医保码 token (domain.md §6): short, opaque, bound to one credential, unforgeable.
// Pure: no I/O, no clock of its own (the caller passes "now"). Single use is the caller's job:
// it claims the token in the store (QR_CONSUMED) after verify() accepted it.
//
// Wire format (kTokenLength = 74 characters, always):
//
//   "YB1" + base32( credential_id       8 bytes, big-endian two's complement
//                 | shown_by_person_id  8 bytes, big-endian; 0 = the owner shows it himself
//                 | issued_at           8 bytes, big-endian unix seconds (UTC)
//                 | nonce               4 bytes, big-endian
//                 | mac                16 bytes, BLAKE2b-128 keyed with the MAC key over the
//                                       28 bytes before it (libsodium crypto_generichash) )
//
// base32 is RFC 4648 (A–Z, 2–7), upper case, without padding: 44 bytes → 71 characters, so the
// whole token fits QR alphanumeric mode. The last character carries 2 payload bits; its 3 low
// bits are always 0, and a token whose unused bits are set is refused (QR_TAMPERED), so every
// accepted token has exactly one spelling and can be stored as the single-use key as is.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace yibao::qr {

struct CodeClaims {
  std::int64_t credential_id = 0;
  // 0 = the credential's owner shows it himself; otherwise the family-account holder showing a
  // member's code (domain.md §7).
  std::int64_t shown_by_person_id = 0;
  // Carried with whole-second precision: issue() truncates towards the past.
  std::chrono::system_clock::time_point issued_at{};
  std::uint32_t nonce = 0;

  friend bool operator==(const CodeClaims&, const CodeClaims&) = default;
};

inline constexpr std::string_view kTokenPrefix = "YB1";
inline constexpr std::size_t kTokenPayloadBytes = 8 + 8 + 8 + 4;  // 28
inline constexpr std::size_t kTokenMacBytes = 16;
inline constexpr std::size_t kTokenLength =
    kTokenPrefix.size() + ((kTokenPayloadBytes + kTokenMacBytes) * 8 + 4) / 5;  // 3 + 71 = 74
// A token issued up to this far in the verifier's future is still accepted (clocks of two
// instances disagree a little); further than that it is refused as QR_TAMPERED.
inline constexpr std::chrono::seconds kTokenClockSkew{30};

class CodeTokenCodec {
 public:
  using Key = std::array<std::uint8_t, 32>;

  explicit CodeTokenCodec(Key mac_key);
  ~CodeTokenCodec();
  CodeTokenCodec(const CodeTokenCodec&) = default;
  CodeTokenCodec& operator=(const CodeTokenCodec&) = default;

  // The token for `claims` (issued_at truncated to whole seconds). kTokenLength characters of
  // [A-Z2-7] after "YB1": it encodes in QR alphanumeric mode.
  std::string issue(const CodeClaims& claims) const;

  // The claims of a token this key issued, checked in this order:
  //   QR_FOREIGN   not our format: wrong prefix (another version included), length or alphabet
  //                (lower case is foreign too);
  //   QR_TAMPERED  the MAC does not match (a changed character, another key, non-canonical
  //                base32), or issued_at lies more than kTokenClockSkew in the future;
  //   QR_EXPIRED   now - issued_at > ttl (exactly ttl old is still valid).
  // QR_CONSUMED is the caller's check against the store.
  core::Result<CodeClaims> verify(std::string_view token,
                                  std::chrono::system_clock::time_point now,
                                  std::chrono::seconds ttl) const;

 private:
  Key key_;
};

}  // namespace yibao::qr
