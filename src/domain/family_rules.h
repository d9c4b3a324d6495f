#pragma once
// 亲情账户 (domain.md §7): whether a holder may bind a member, and where a holder may use a
// member's code. Pure functions over facts the service gathers; one function returns EVERY
// blocking rule (in checking order), used both by the binding's completion (which refuses
// with the first) and by diagnose (which lists them all, each with its remedy).
//
// Whose policy: the limits (max_active_members, monthly_binding_limit, max_holders_per_member,
// member_face_age) are the HOLDER's — the holder's region decides how many people one account
// may act for. The use scope (family_use_scope) is the MEMBER's — it is the member's insurance
// that pays, so the member's 统筹区 decides where a family-shown code is accepted.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/policy.h"

namespace yibao::domain {

// The unbinding reasons of domain.md §7, recorded on every ended binding.
const std::vector<std::string>& unbind_reasons();
bool is_unbind_reason(std::string_view reason);
std::string_view unbind_reason_label(std::string_view reason);  // zh-CN, for both sides

// True for the eight relations a family account may bind (配偶/父母/子女/祖父母/外祖父母/孙子女/外孙子女/兄弟姐妹).
bool is_family_relation(std::string_view relation);

enum class BindingRoute { id_number, birth_certificate };

struct BindingFacts {
  BindingRoute route = BindingRoute::id_number;
  bool holder_credential_active = false;
  std::string relation;
  bool member_found = false;
  bool same_person = false;
  int member_age = 0;                 // whole years on the day
  bool already_bound_by_holder = false;
  int member_active_holders = 0;      // active bindings of the member to OTHER holders
  int holder_active_members = 0;      // the holder's active bindings now
  int holder_bindings_this_month = 0; // bindings the holder created this natural month (unbound ones count)
  // Steps of the binding itself (checked only when `steps` is true: completing a draft).
  bool steps = false;
  bool commitment_signed = false;     // id_number route
  bool notice_accepted = false;       // id_number route
  bool holder_page_uploaded = false;  // id_number route
  bool member_page_uploaded = false;  // id_number route
  bool face_passed = false;           // the member's own check (id route) or the mother's (birth route)
};

// Every rule that blocks binding, in checking order; empty: allowed. The face rule: on the ID
// route a member aged >= member_face_age must pass their own check, a younger one needs none;
// on the birth-certificate route the mother always must.
std::vector<core::Error> binding_blockers(const BindingFacts& facts, const RegionPolicy& holder_policy);

// Whether the member's face check is needed for this binding.
bool face_required(const BindingFacts& facts, const RegionPolicy& holder_policy);

// Whether a member's code shown by a holder may be used at an institution in `institution_admdvs`
// when the member is insured in `member_admdvs` (the member's policy's family_use_scope).
bool family_use_allowed(UseScope scope, const std::string& member_admdvs, const std::string& institution_admdvs);

struct UseFacts {
  bool bound = false;                 // an active binding holder -> member
  bool member_pin_set = false;        // "未设置密码": the code cannot be used without it
  std::vector<core::Error> member_credential;  // credential_blockers(member, use)
  std::optional<std::string> institution_admdvs;  // where it would be used (diagnose "here")
  std::string member_admdvs;
};

// "Why can't I use the family account for this member (here)?" — every blocking rule.
std::vector<core::Error> use_blockers(const UseFacts& facts, const RegionPolicy& member_policy);

// Whether an active binding must end because the holder's policy changed: the bindings beyond
// `max_active_members` (newest first go) — returns how many of `active_count` must end.
int excess_after_policy_change(int active_count, const RegionPolicy& holder_policy);

}  // namespace yibao::domain
