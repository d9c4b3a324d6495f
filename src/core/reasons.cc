#include "core/reasons.h"

#include <array>

namespace yibao::core {
namespace {

constexpr std::array kCatalog = {
#define YIBAO_REASON(code, status, message, remedy) \
  ReasonInfo{Reason::code, #code, status, message, remedy},
#include "core/reasons.inc"
#undef YIBAO_REASON
};

}  // namespace

const ReasonInfo& info(Reason reason) { return kCatalog[static_cast<std::size_t>(reason)]; }

std::optional<Reason> reason_from_code(std::string_view code) {
  for (const auto& entry : kCatalog) {
    if (entry.code == code) return entry.reason;
  }
  return std::nullopt;
}

std::span<const ReasonInfo> all_reasons() { return kCatalog; }

}  // namespace yibao::core
