#pragma once
// The reason catalog (domain.md §10): a stable code, the HTTP status, a Chinese message a
// person understands, and the remedy. Every error the platform returns names one reason.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace yibao::core {

enum class Reason : std::uint16_t {
#define YIBAO_REASON(code, status, message, remedy) code,
#include "core/reasons.inc"
#undef YIBAO_REASON
};

struct ReasonInfo {
  Reason reason;
  std::string_view code;     // e.g. "ID_NUMBER_CHECKSUM"; stable, matched by clients
  int http_status;
  std::string_view message;  // zh-CN, what went wrong
  std::string_view remedy;   // zh-CN, what to do next
};

const ReasonInfo& info(Reason reason);
std::optional<Reason> reason_from_code(std::string_view code);
std::span<const ReasonInfo> all_reasons();

}  // namespace yibao::core
