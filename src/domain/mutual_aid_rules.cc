#include "domain/mutual_aid_rules.h"

#include <algorithm>

#include "core/clock.h"

namespace yibao::domain {

const std::vector<std::string>& known_relations() {
  static const std::vector<std::string> all = {"spouse", "parent", "child", "grandparent", "maternal_grandparent",
                                               "grandchild", "maternal_grandchild", "sibling"};
  return all;
}

std::string_view relation_label(std::string_view relation) {
  if (relation == "spouse") return "配偶";
  if (relation == "parent") return "父母";
  if (relation == "child") return "子女";
  if (relation == "grandparent") return "祖父母";
  if (relation == "maternal_grandparent") return "外祖父母";
  if (relation == "grandchild") return "孙子女";
  if (relation == "maternal_grandchild") return "外孙子女";
  if (relation == "sibling") return "兄弟姐妹";
  return "其他";
}

bool in_scope(MutualAidScope scope, const std::string& a, const std::string& b) {
  switch (scope) {
    case MutualAidScope::national: return true;
    case MutualAidScope::same_province: return a.size() == 6 && b.size() == 6 && a.compare(0, 2, b, 0, 2) == 0;
    case MutualAidScope::same_pool: return a == b;
  }
  return false;
}

std::vector<core::Error> authorisation_blockers(const AuthorisationFacts& f, const RegionPolicy& policy) {
  using core::Reason;
  std::vector<core::Error> out;
  if (f.same_person) out.emplace_back(Reason::MUTUAL_AID_SELF);
  if (std::find(known_relations().begin(), known_relations().end(), f.relation) == known_relations().end()) {
    out.emplace_back(Reason::RELATION_INVALID, std::string(), "relation");
  } else if (std::find(policy.mutual_aid_relations.begin(), policy.mutual_aid_relations.end(), f.relation) ==
             policy.mutual_aid_relations.end()) {
    out.emplace_back(Reason::MUTUAL_AID_RELATION_NOT_ALLOWED, std::string(relation_label(f.relation)), "relation");
  }
  if (!f.authoriser.employee) {
    out.emplace_back(Reason::MUTUAL_AID_AUTHORISER_NOT_EMPLOYEE);
  } else if (f.authoriser.waiting) {
    out.emplace_back(Reason::MUTUAL_AID_AUTHORISER_WAITING);
  }
  if (!f.beneficiary.found) {
    out.emplace_back(Reason::PERSON_UNKNOWN, std::string(), "id_number");
    return out;
  }
  if (!f.beneficiary.insured) {
    out.emplace_back(Reason::MUTUAL_AID_BENEFICIARY_NOT_INSURED);
  } else if (f.beneficiary.waiting) {
    out.emplace_back(Reason::MUTUAL_AID_BENEFICIARY_WAITING);
  }
  if (f.authoriser.employee && f.beneficiary.insured &&
      !in_scope(policy.mutual_aid_scope, f.authoriser.admdvs, f.beneficiary.admdvs)) {
    out.emplace_back(Reason::MUTUAL_AID_OUT_OF_SCOPE);
  }
  if (policy.mutual_aid_filing && !f.filed) out.emplace_back(Reason::MUTUAL_AID_FILING_REQUIRED);
  if (f.already_active) out.emplace_back(Reason::MUTUAL_AID_ALREADY_AUTHORISED);
  return out;
}

std::vector<core::Error> payment_blockers(const PaymentFacts& f, const RegionPolicy& policy) {
  using core::Reason;
  std::vector<core::Error> out;
  if (!f.authorised) {
    out.emplace_back(Reason::MUTUAL_AID_NOT_AUTHORISED);
    return out;  // the other rules are about an authorisation that does not exist
  }
  if (f.effective_from > f.today) {
    out.emplace_back(Reason::MUTUAL_AID_NOT_YET_EFFECTIVE, "生效日期 " + core::format_date(f.effective_from));
  } else if (f.admission_date && f.effective_from > *f.admission_date) {
    out.emplace_back(Reason::MUTUAL_AID_AFTER_ADMISSION);
  }
  if (auto reason = dissolution_reason(f.authoriser, f.beneficiary, policy)) {
    if (*reason == "authoriser_not_employee") out.emplace_back(Reason::MUTUAL_AID_AUTHORISER_NOT_EMPLOYEE);
    if (*reason == "authoriser_waiting") out.emplace_back(Reason::MUTUAL_AID_AUTHORISER_WAITING);
    if (*reason == "beneficiary_not_insured") out.emplace_back(Reason::MUTUAL_AID_BENEFICIARY_NOT_INSURED);
    if (*reason == "beneficiary_waiting") out.emplace_back(Reason::MUTUAL_AID_BENEFICIARY_WAITING);
    if (*reason == "out_of_scope") out.emplace_back(Reason::MUTUAL_AID_OUT_OF_SCOPE);
  }
  if (f.available_fen <= 0) out.emplace_back(Reason::MUTUAL_AID_NO_BALANCE);
  return out;
}

std::chrono::year_month_day effective_from(std::chrono::year_month_day today, const RegionPolicy& policy) {
  return std::chrono::year_month_day{std::chrono::sys_days{today} + std::chrono::days{policy.mutual_aid_waiting_days}};
}

std::optional<std::string> dissolution_reason(const AidParty& a, const AidParty& b, const RegionPolicy& policy) {
  if (!a.employee) return "authoriser_not_employee";
  if (a.waiting) return "authoriser_waiting";
  if (!b.insured) return "beneficiary_not_insured";
  if (b.waiting) return "beneficiary_waiting";
  if (!in_scope(policy.mutual_aid_scope, a.admdvs, b.admdvs)) return "out_of_scope";
  return std::nullopt;
}

std::string_view dissolution_label(std::string_view reason) {
  if (reason == "authoriser_not_employee") return "授权人职工医保已终止或暂停，家庭共济自动解除";
  if (reason == "authoriser_waiting") return "授权人参保进入待遇等待期，家庭共济自动解除";
  if (reason == "beneficiary_not_insured") return "被共济人参保已终止或暂停，家庭共济自动解除";
  if (reason == "beneficiary_waiting") return "被共济人参保进入待遇等待期，家庭共济自动解除";
  if (reason == "out_of_scope") return "参保地变更后超出家庭共济范围，家庭共济自动解除";
  if (reason == "authoriser_revoked") return "授权人主动解除";
  if (reason == "person_merged") return "重复的人员信息已合并，保留记录上已有相同的家庭共济";
  return "已解除";
}

}  // namespace yibao::domain
