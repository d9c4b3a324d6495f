#include "domain/credential_rules.h"

namespace yibao::domain {

std::string_view state_code(CredentialState s) {
  switch (s) {
    case CredentialState::inactive: return "inactive";
    case CredentialState::active: return "active";
    case CredentialState::frozen: return "frozen";
    case CredentialState::revoked: return "revoked";
  }
  return "inactive";
}

std::optional<CredentialState> parse_credential_state(std::string_view code) {
  for (auto s : {CredentialState::inactive, CredentialState::active, CredentialState::frozen, CredentialState::revoked}) {
    if (state_code(s) == code) return s;
  }
  return std::nullopt;
}

std::string_view channel_code(Channel c) {
  switch (c) {
    case Channel::app: return "app";
    case Channel::wechat: return "wechat";
    case Channel::alipay: return "alipay";
    case Channel::bank: return "bank";
  }
  return "app";
}

std::optional<Channel> parse_channel(std::string_view code) {
  for (auto c : {Channel::app, Channel::wechat, Channel::alipay, Channel::bank}) {
    if (channel_code(c) == code) return c;
  }
  return std::nullopt;
}

std::string_view channel_label(Channel c) {
  switch (c) {
    case Channel::app: return "国家医保服务平台App";
    case Channel::wechat: return "微信";
    case Channel::alipay: return "支付宝";
    case Channel::bank: return "银行App";
  }
  return "";
}

std::vector<core::Error> credential_blockers(const CredentialFacts& facts, CredentialUse use) {
  std::vector<core::Error> out;
  if (!facts.person_found) {
    out.emplace_back(core::Reason::PERSON_UNKNOWN);
    return out;  // nothing else can be known about a person we cannot find
  }
  if (!facts.person_active) out.emplace_back(core::Reason::PERSON_NOT_ACTIVE);
  if (facts.records_with_same_id > 1) out.emplace_back(core::Reason::PERSON_DUPLICATED);
  if (facts.state == CredentialState::revoked) out.emplace_back(core::Reason::CREDENTIAL_REVOKED);
  if (facts.state == CredentialState::frozen) out.emplace_back(core::Reason::CREDENTIAL_FROZEN);
  if (use == CredentialUse::use && facts.state == CredentialState::inactive) {
    out.emplace_back(core::Reason::CREDENTIAL_INACTIVE);
  }
  if (!facts.has_active_enrolment) out.emplace_back(core::Reason::ENROLMENT_MISSING);
  return out;
}

core::Status check_credential(const CredentialFacts& facts, CredentialUse use) {
  auto blockers = credential_blockers(facts, use);
  if (blockers.empty()) return {};
  return std::move(blockers.front());
}

}  // namespace yibao::domain
