#include "qr/code_token.h"

#include <sodium.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace yibao::qr {
namespace {

using std::chrono::system_clock;

constexpr std::size_t kRawBytes = kTokenPayloadBytes + kTokenMacBytes;  // 44
constexpr std::size_t kBase32Chars = kTokenLength - kTokenPrefix.size();  // 71
static_assert(kRawBytes == 44 && kBase32Chars == 71 && kTokenLength == 74);
static_assert(kTokenMacBytes >= crypto_generichash_BYTES_MIN &&
              kTokenMacBytes <= crypto_generichash_BYTES_MAX);
static_assert(std::tuple_size_v<CodeTokenCodec::Key> >= crypto_generichash_KEYBYTES_MIN &&
              std::tuple_size_v<CodeTokenCodec::Key> <= crypto_generichash_KEYBYTES_MAX);

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

using Raw = std::array<std::uint8_t, kRawBytes>;

void put_be(std::uint8_t* out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out[i] = static_cast<std::uint8_t>(value & 0xFFu);
    value >>= 8;
  }
}

std::uint64_t get_be(const std::uint8_t* in, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | in[i];
  return value;
}

// -1 outside the upper-case RFC 4648 alphabet.
int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

std::string base32_encode(const Raw& raw) {
  std::string out;
  out.reserve(kBase32Chars);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t byte : raw) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(buffer >> bits) & 0x1Fu]);
    }
    buffer &= (1u << bits) - 1;  // keep only the bits not yet written
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 0x1Fu]);
  return out;
}

// Decodes exactly kBase32Chars characters already known to be in the alphabet. False when the
// unused low bits of the last character are not zero (a second spelling of the same bytes).
bool base32_decode(std::string_view text, Raw& raw) {
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t n = 0;
  for (char c : text) {
    buffer = (buffer << 5) | static_cast<std::uint32_t>(base32_value(c));
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      raw[n++] = static_cast<std::uint8_t>((buffer >> bits) & 0xFFu);
    }
    buffer &= (1u << bits) - 1;
  }
  return n == raw.size() && buffer == 0;
}

void mac_of(const CodeTokenCodec::Key& key, const Raw& raw,
            std::array<std::uint8_t, kTokenMacBytes>& mac) {
  crypto_generichash(mac.data(), mac.size(), raw.data(), kTokenPayloadBytes, key.data(),
                     key.size());
}

std::int64_t unix_seconds(system_clock::time_point t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

CodeTokenCodec::CodeTokenCodec(Key mac_key) : key_(mac_key) {
  // Idempotent and thread-safe; fails only when the system has no usable randomness source.
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

CodeTokenCodec::~CodeTokenCodec() { sodium_memzero(key_.data(), key_.size()); }

std::string CodeTokenCodec::issue(const CodeClaims& claims) const {
  Raw raw{};
  put_be(raw.data() + 0, static_cast<std::uint64_t>(claims.credential_id), 8);
  put_be(raw.data() + 8, static_cast<std::uint64_t>(claims.shown_by_person_id), 8);
  put_be(raw.data() + 16, static_cast<std::uint64_t>(unix_seconds(claims.issued_at)), 8);
  put_be(raw.data() + 24, claims.nonce, 4);
  std::array<std::uint8_t, kTokenMacBytes> mac{};
  mac_of(key_, raw, mac);
  std::copy(mac.begin(), mac.end(), raw.begin() + kTokenPayloadBytes);

  std::string token(kTokenPrefix);
  token += base32_encode(raw);
  return token;
}

core::Result<CodeClaims> CodeTokenCodec::verify(std::string_view token, system_clock::time_point now,
                                                std::chrono::seconds ttl) const {
  using core::Reason;

  // 1. Our format at all? Any other prefix (another version included), length or character.
  if (token.size() != kTokenLength || !token.starts_with(kTokenPrefix)) return Reason::QR_FOREIGN;
  const std::string_view body = token.substr(kTokenPrefix.size());
  for (char c : body) {
    if (base32_value(c) < 0) return Reason::QR_FOREIGN;
  }

  // 2. Issued with our key, unchanged?
  Raw raw{};
  if (!base32_decode(body, raw)) return Reason::QR_TAMPERED;
  std::array<std::uint8_t, kTokenMacBytes> expected{};
  mac_of(key_, raw, expected);
  if (sodium_memcmp(expected.data(), raw.data() + kTokenPayloadBytes, kTokenMacBytes) != 0) {
    return Reason::QR_TAMPERED;
  }

  CodeClaims claims;
  claims.credential_id = static_cast<std::int64_t>(get_be(raw.data() + 0, 8));
  claims.shown_by_person_id = static_cast<std::int64_t>(get_be(raw.data() + 8, 8));
  const auto issued_s = static_cast<std::int64_t>(get_be(raw.data() + 16, 8));
  claims.nonce = static_cast<std::uint32_t>(get_be(raw.data() + 24, 4));

  // 3. Time. issue() only writes instants a time_point holds, but compare in seconds with
  // overflow checks anyway so no input can make the arithmetic undefined.
  constexpr std::int64_t kMaxSeconds =
      std::chrono::duration_cast<std::chrono::seconds>(system_clock::duration::max()).count() - 1;
  if (issued_s > kMaxSeconds || issued_s < -kMaxSeconds) return Reason::QR_TAMPERED;
  claims.issued_at = system_clock::time_point{std::chrono::seconds{issued_s}};

  // age = now - issued_at, exactly, as whole seconds plus a non-negative sub-second remainder.
  const auto now_s = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch());
  const auto now_fraction = now.time_since_epoch() - now_s;  // in [0 s, 1 s)
  std::int64_t age_s = 0;
  if (__builtin_sub_overflow(now_s.count(), issued_s, &age_s)) {
    return issued_s > now_s.count() ? Reason::QR_TAMPERED : Reason::QR_EXPIRED;
  }
  // In the future by more than the skew: -age > skew, i.e. age_s < -skew (a fraction only
  // brings it closer to now).
  if (age_s < -kTokenClockSkew.count()) return Reason::QR_TAMPERED;
  // Expired when age > ttl: age_s > ttl, or age_s == ttl with a fraction of a second more.
  if (age_s > ttl.count() || (age_s == ttl.count() && now_fraction.count() > 0)) {
    return Reason::QR_EXPIRED;
  }
  return claims;
}

}  // namespace yibao::qr
