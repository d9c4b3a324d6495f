#pragma once
// What every use case needs, looked up rather than constructed (after userver's components):
// the store, the clock, the region directory, keys and the providers. Built once by `serve`
// (or by a test) and shared by all request threads; everything in it is thread-safe.

#include <array>
#include <cstdint>

#include "core/admdvs.h"
#include "core/clock.h"
#include "providers/face_provider.h"
#include "qr/code_token.h"
#include "services/password_hasher.h"
#include "store/database.h"

namespace yibao::services {

struct Keys {
  std::array<std::uint8_t, 32> code_mac_key{};
  std::array<std::uint8_t, 32> session_pepper{};
};

struct ServiceContext {
  store::Database& db;
  const core::Clock& clock;
  const core::RegionDirectory& regions;
  const Keys& keys;
  providers::FaceProvider& face;
  const qr::CodeTokenCodec& codes;
  const PasswordHasher& hasher;
};

inline std::int64_t now_us(const core::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::microseconds>(clock.now().time_since_epoch()).count();
}

}  // namespace yibao::services
