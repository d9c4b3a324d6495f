#pragma once
// platform_settings (migration 0016): named facts about the deployment — the demo-store mark
// and the demo clock's offset.

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"

namespace yibao::store {

inline constexpr const char* kDemoStoreSetting = "demo_store";
inline constexpr const char* kDemoClockOffsetSetting = "demo_clock_offset_us";

class PlatformSettingsRepo {
 public:
  static std::optional<std::string> get(Tx& tx, const std::string& name);
  static void put(Tx& tx, const std::string& name, const std::string& value, const std::string& by, std::int64_t now_us);
};

}  // namespace yibao::store
