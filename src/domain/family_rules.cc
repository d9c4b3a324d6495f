#include "domain/family_rules.h"

#include <algorithm>

namespace yibao::domain {

using core::Reason;

const std::vector<std::string>& unbind_reasons() {
  static const std::vector<std::string> all = {"holder_request",    "member_request",  "credential_removed",
                                               "account_cancelled", "account_expired", "system_forced",
                                               "policy_change"};
  return all;
}

bool is_unbind_reason(std::string_view reason) {
  return std::find(unbind_reasons().begin(), unbind_reasons().end(), reason) != unbind_reasons().end();
}

std::string_view unbind_reason_label(std::string_view reason) {
  if (reason == "holder_request") return "账户持有人主动解除绑定";
  if (reason == "member_request") return "家庭成员本人解除绑定";
  if (reason == "credential_removed") return "账户持有人移除了医保电子凭证，绑定随之解除";
  if (reason == "account_cancelled") return "成员的参保已终止或人员信息已注销，绑定自动解除";
  if (reason == "account_expired") return "成员没有有效的参保记录（已暂停或到期），绑定自动解除";
  if (reason == "system_forced") return "医保经办机构强制解除绑定";
  if (reason == "policy_change") return "参保地政策调整，超出允许的绑定数量，绑定自动解除";
  return "已解除绑定";
}

bool is_family_relation(std::string_view relation) {
  static const std::vector<std::string_view> all = {"spouse",     "parent",     "child",
                                                    "grandparent", "maternal_grandparent", "grandchild",
                                                    "maternal_grandchild", "sibling"};
  return std::find(all.begin(), all.end(), relation) != all.end();
}

bool face_required(const BindingFacts& f, const RegionPolicy& policy) {
  if (f.route == BindingRoute::birth_certificate) return true;  // the mother's check
  return f.member_age >= policy.member_face_age;
}

std::vector<core::Error> binding_blockers(const BindingFacts& f, const RegionPolicy& policy) {
  std::vector<core::Error> out;
  if (!f.holder_credential_active) out.emplace_back(Reason::FAMILY_HOLDER_CREDENTIAL_INACTIVE);
  if (!is_family_relation(f.relation)) out.emplace_back(Reason::RELATION_INVALID, std::string(), "relation");
  if (!f.member_found) {
    out.emplace_back(f.route == BindingRoute::birth_certificate ? Reason::FAMILY_NEWBORN_NOT_REGISTERED
                                                                : Reason::FAMILY_MEMBER_UNKNOWN,
                     std::string(), f.route == BindingRoute::birth_certificate ? "certificate_no" : "id_number");
  }
  if (f.same_person) out.emplace_back(Reason::FAMILY_SELF);
  if (f.already_bound_by_holder) {
    out.emplace_back(Reason::FAMILY_ALREADY_BOUND);
  } else if (f.member_active_holders >= policy.max_holders_per_member) {
    out.emplace_back(Reason::FAMILY_MEMBER_BOUND_ELSEWHERE);
  }
  if (!f.already_bound_by_holder && f.holder_active_members >= policy.max_active_members) {
    out.emplace_back(Reason::FAMILY_MAX_ACTIVE_MEMBERS,
                     "当前已绑定 " + std::to_string(f.holder_active_members) + " 人，上限 " +
                         std::to_string(policy.max_active_members) + " 人");
  }
  if (f.holder_bindings_this_month >= policy.monthly_binding_limit) {
    out.emplace_back(Reason::FAMILY_MONTHLY_LIMIT, "本月已添加 " + std::to_string(f.holder_bindings_this_month) +
                                                       " 次，上限 " + std::to_string(policy.monthly_binding_limit) + " 次");
  }
  if (!f.steps) return out;
  if (f.route == BindingRoute::id_number) {
    if (!f.commitment_signed) out.emplace_back(Reason::FAMILY_COMMITMENT_NOT_SIGNED);
    if (!f.notice_accepted) out.emplace_back(Reason::FAMILY_NOTICE_NOT_ACCEPTED);
    if (!f.holder_page_uploaded) out.emplace_back(Reason::FAMILY_UPLOAD_MISSING, "本人户口簿页面", "holder");
    if (!f.member_page_uploaded) out.emplace_back(Reason::FAMILY_UPLOAD_MISSING, "成员户口簿页面", "member");
  }
  if (face_required(f, policy) && !f.face_passed) {
    out.emplace_back(f.route == BindingRoute::birth_certificate ? Reason::FAMILY_MOTHER_FACE_REQUIRED
                                                                : Reason::FAMILY_MEMBER_FACE_REQUIRED);
  }
  return out;
}

bool family_use_allowed(UseScope scope, const std::string& member, const std::string& institution) {
  switch (scope) {
    case UseScope::any: return true;
    case UseScope::same_pool: return member == institution;
    case UseScope::same_province:
      return member.size() == 6 && institution.size() == 6 && member.compare(0, 2, institution, 0, 2) == 0;
  }
  return false;
}

std::vector<core::Error> use_blockers(const UseFacts& f, const RegionPolicy& member_policy) {
  std::vector<core::Error> out;
  if (!f.bound) out.emplace_back(Reason::FAMILY_NOT_BOUND);
  out.insert(out.end(), f.member_credential.begin(), f.member_credential.end());
  if (!f.member_pin_set) out.emplace_back(Reason::PIN_NOT_SET);
  if (f.institution_admdvs && !family_use_allowed(member_policy.family_use_scope, f.member_admdvs, *f.institution_admdvs)) {
    out.emplace_back(Reason::FAMILY_OUT_OF_USE_SCOPE);
  }
  return out;
}

int excess_after_policy_change(int active_count, const RegionPolicy& policy) {
  return std::max(0, active_count - policy.max_active_members);
}

}  // namespace yibao::domain
