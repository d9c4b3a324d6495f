#pragma once
// Instants are stored as BIGINT microseconds since the Unix epoch (UTC) on both backends.

#include <chrono>
#include <cstdint>

namespace yibao::store {

inline std::int64_t to_epoch_us(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

inline std::chrono::system_clock::time_point from_epoch_us(std::int64_t us) {
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::microseconds(us)));
}

}  // namespace yibao::store
