#pragma once
// Who may activate or use an e-credential (domain.md §3–§5), as a flat ordered list of checks
// (after TigerBeetle's transfer validation): each returns its own reason, so a refusal always
// says exactly why, and diagnose can list every rule that blocks, not only the first.

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace yibao::domain {

enum class CredentialState { inactive, active, frozen, revoked };
std::string_view state_code(CredentialState s);
std::optional<CredentialState> parse_credential_state(std::string_view code);

enum class Channel { app, wechat, alipay, bank };
std::string_view channel_code(Channel c);
std::optional<Channel> parse_channel(std::string_view code);
std::string_view channel_label(Channel c);  // 国家医保服务平台App / 微信 / 支付宝 / 银行App

struct CredentialFacts {
  bool person_found = false;
  bool person_active = true;      // not merged into another record, not cancelled
  int records_with_same_id = 1;   // >1: "存在多个基本信息" until staff merge them
  CredentialState state = CredentialState::inactive;
  bool has_active_enrolment = false;
};

enum class CredentialUse { activate, use };

// Every rule that blocks, in the order they are checked. Empty: allowed.
std::vector<core::Error> credential_blockers(const CredentialFacts& facts, CredentialUse use);

// The first blocker, or OK.
core::Status check_credential(const CredentialFacts& facts, CredentialUse use);

}  // namespace yibao::domain
