#pragma once
// Keys the platform needs at run time. None lives in the repository: they come from the
// environment (YIBAO_SECRET_<NAME>, 64 hex characters) or from <data_dir>/secrets.toml, which
// is generated with fresh random keys on first start (mode 0600) so `make run` just works.

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "core/result.h"

namespace yibao::app {

using Key32 = std::array<std::uint8_t, 32>;

struct Secrets {
  Key32 code_mac_key{};    // keyed MAC of the dynamic 医保码 tokens
  Key32 session_pepper{};  // mixed into stored session-token hashes
};

// Reads or creates <data_dir>/secrets.toml, then applies environment overrides.
core::Result<Secrets> load_or_create_secrets(const std::string& data_dir,
                                             const std::map<std::string, std::string>& environment);

}  // namespace yibao::app
