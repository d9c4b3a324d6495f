#include "providers/household_provider.h"

#include <array>

namespace yibao::providers {
namespace {

using core::Error;
using core::Reason;

constexpr std::array kRelations{Relation::spouse,     Relation::parent,     Relation::child,
                                Relation::grandparent, Relation::maternal_grandparent, Relation::grandchild,
                                Relation::maternal_grandchild, Relation::sibling};

constexpr std::array kVerdicts{HouseholdVerdict::confirmed, HouseholdVerdict::not_related,
                               HouseholdVerdict::relation_differs, HouseholdVerdict::record_not_found};

bool is_sha256_hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(Relation relation) {
  switch (relation) {
    case Relation::spouse: return "spouse";
    case Relation::parent: return "parent";
    case Relation::child: return "child";
    case Relation::grandparent: return "grandparent";
    case Relation::maternal_grandparent: return "maternal_grandparent";
    case Relation::grandchild: return "grandchild";
    case Relation::maternal_grandchild: return "maternal_grandchild";
    case Relation::sibling: return "sibling";
  }
  return "spouse";
}

std::optional<Relation> relation_from_string(std::string_view text) {
  for (auto r : kRelations) {
    if (to_string(r) == text) return r;
  }
  return std::nullopt;
}

std::string_view relation_label(Relation relation) {
  switch (relation) {
    case Relation::spouse: return "配偶";
    case Relation::parent: return "父母";
    case Relation::child: return "子女";
    case Relation::grandparent: return "祖父母";
    case Relation::maternal_grandparent: return "外祖父母";
    case Relation::grandchild: return "孙子女";
    case Relation::maternal_grandchild: return "外孙子女";
    case Relation::sibling: return "兄弟姐妹";
  }
  return "配偶";
}

std::string_view to_string(HouseholdVerdict verdict) {
  switch (verdict) {
    case HouseholdVerdict::confirmed: return "confirmed";
    case HouseholdVerdict::not_related: return "not_related";
    case HouseholdVerdict::relation_differs: return "relation_differs";
    case HouseholdVerdict::record_not_found: return "record_not_found";
  }
  return "record_not_found";
}

std::optional<HouseholdVerdict> household_verdict_from_string(std::string_view text) {
  for (auto v : kVerdicts) {
    if (to_string(v) == text) return v;
  }
  return std::nullopt;
}

core::Status validate_request(const HouseholdCheckRequest& request) {
  if (request.holder_id_number.empty()) return Error{Reason::FIELD_MISSING, {}, "holder_id_number"};
  if (request.holder_name.empty()) return Error{Reason::FIELD_MISSING, {}, "holder_name"};
  if (request.member_id_number.empty()) return Error{Reason::FIELD_MISSING, {}, "member_id_number"};
  if (request.member_name.empty()) return Error{Reason::FIELD_MISSING, {}, "member_name"};
  if (request.holder_page_sha256.empty()) return Error{Reason::FIELD_MISSING, {}, "holder_page_sha256"};
  if (request.member_page_sha256.empty()) return Error{Reason::FIELD_MISSING, {}, "member_page_sha256"};
  if (!is_sha256_hex(request.holder_page_sha256)) {
    return Error{Reason::FIELD_INVALID, "户口簿页面摘要应为 64 位十六进制 SHA-256", "holder_page_sha256"};
  }
  if (!is_sha256_hex(request.member_page_sha256)) {
    return Error{Reason::FIELD_INVALID, "户口簿页面摘要应为 64 位十六进制 SHA-256", "member_page_sha256"};
  }
  return core::Status::Ok();
}

core::Reason reason_for(HouseholdVerdict verdict) {
  switch (verdict) {
    case HouseholdVerdict::not_related: return Reason::HOUSEHOLD_NOT_RELATED;
    case HouseholdVerdict::relation_differs: return Reason::HOUSEHOLD_RELATION_DIFFERS;
    case HouseholdVerdict::record_not_found: return Reason::HOUSEHOLD_RECORD_NOT_FOUND;
    case HouseholdVerdict::confirmed: break;
  }
  return Reason::INTERNAL_ERROR;
}

core::Status require_confirmed(const HouseholdCheckResult& result, Relation requested) {
  if (result.verdict != HouseholdVerdict::confirmed) return reason_for(result.verdict);
  if (result.recorded_relation && *result.recorded_relation != requested) {
    return Error{Reason::HOUSEHOLD_RELATION_DIFFERS,
                 "户口簿记录的关系为“" + std::string(relation_label(*result.recorded_relation)) + "”"};
  }
  return core::Status::Ok();
}

}  // namespace yibao::providers
