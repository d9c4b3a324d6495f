// The dynamic 医保码 token codec: any text a scanner reads off a screen. verify() must refuse
// everything this key did not issue; what it accepts must be exactly what issue() writes for
// those claims (one spelling per token, so the single-use key is the token itself).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "qr/code_token.h"

using namespace std::chrono;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const yibao::qr::CodeTokenCodec codec([] {
    yibao::qr::CodeTokenCodec::Key key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return key;
  }());
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  const auto now = system_clock::time_point(seconds(1'796'256'000));  // 2026-12-03
  auto claims = codec.verify(token, now, hours(24 * 365 * 30));
  if (claims && codec.issue(*claims) != token) std::abort();
  // And the other way: claims taken from the input always verify after issue().
  if (size >= 28) {
    yibao::qr::CodeClaims c;
    std::int64_t parts[3] = {};
    for (int p = 0; p < 3; ++p) {
      for (int b = 0; b < 8; ++b) parts[p] = (parts[p] << 8) | data[p * 8 + b];
    }
    c.credential_id = parts[0];
    c.shown_by_person_id = parts[1];
    c.issued_at = now - seconds(static_cast<std::uint64_t>(parts[2]) % 86'400);
    c.nonce = static_cast<std::uint32_t>(data[24]) << 24 | data[25] << 16 | data[26] << 8 | data[27];
    auto back = codec.verify(codec.issue(c), now, hours(24));
    if (!back || back->credential_id != c.credential_id || back->nonce != c.nonce) std::abort();
  }
  return 0;
}
