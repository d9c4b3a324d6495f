#pragma once
// Household register (户口簿) check by an external provider (domain.md §2, §7): binding a family
// member by ID number (亲情账户, method A) needs the register to confirm that the holder and the
// member are in the stated relationship.
//
// The caller states the holder, the member, the relation (from the holder's side: `parent`
// means the member is the holder's parent) and the content hashes of the two uploaded 户口簿
// pages; the provider answers with a verdict. Only `confirmed` lets a binding go on; the caller
// gates with require_confirmed(result, requested_relation), or maps a verdict with reason_for().
//
// Implementations: HouseholdSimulator (local, development and tests) and HouseholdHttpClient
// (a real provider over HTTP, contract in docs/providers/household.md). Both are safe to call
// from many threads.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace yibao::providers {

// The member's relation to the holder. 配偶/父母/子女/祖父母/外祖父母/孙子女/外孙子女/兄弟姐妹;
// no other relation can be bound.
enum class Relation { spouse, parent, child, grandparent, maternal_grandparent, grandchild, maternal_grandchild, sibling };

struct HouseholdCheckRequest {
  std::string holder_id_number;  // GB 11643, already validated by the caller
  std::string holder_name;
  std::string member_id_number;
  std::string member_name;
  Relation relation = Relation::spouse;
  // Content hashes (SHA-256, 64 hex characters) of the uploaded 户口簿 pages.
  std::string holder_page_sha256;
  std::string member_page_sha256;
};

enum class HouseholdVerdict { confirmed, not_related, relation_differs, record_not_found };

struct HouseholdCheckResult {
  HouseholdVerdict verdict = HouseholdVerdict::record_not_found;
  // What the register records, when the provider says (for relation_differs it may name the
  // actual relation; for confirmed it is the requested one or absent).
  std::optional<Relation> recorded_relation;
};

class HouseholdProvider {
 public:
  virtual ~HouseholdProvider() = default;
  // FIELD_MISSING / FIELD_INVALID for a request validate_request() refuses;
  // HOUSEHOLD_PROVIDER_UNAVAILABLE if the provider cannot be reached. Every verdict, including
  // the negative ones, is a successful call.
  virtual core::Result<HouseholdCheckResult> check(const HouseholdCheckRequest& request) = 0;
};

// Wire names: "spouse" / "parent" / "child" / "grandparent" / "maternal_grandparent" /
// "grandchild" / "maternal_grandchild" / "sibling".
std::string_view to_string(Relation relation);
std::optional<Relation> relation_from_string(std::string_view text);
// 配偶 / 父母 / 子女 / 祖父母 / 外祖父母 / 孙子女 / 外孙子女 / 兄弟姐妹.
std::string_view relation_label(Relation relation);

// "confirmed" / "not_related" / "relation_differs" / "record_not_found".
std::string_view to_string(HouseholdVerdict verdict);
std::optional<HouseholdVerdict> household_verdict_from_string(std::string_view text);

// The shape every implementation checks before asking anyone: FIELD_MISSING (field named) for
// an empty ID number, name or page hash; FIELD_INVALID for a page hash that is not 64 hex
// characters.
core::Status validate_request(const HouseholdCheckRequest& request);

// The person-facing reason of a negative verdict: HOUSEHOLD_NOT_RELATED,
// HOUSEHOLD_RELATION_DIFFERS, HOUSEHOLD_RECORD_NOT_FOUND. `confirmed` is not an error:
// INTERNAL_ERROR (the caller checks the verdict first).
core::Reason reason_for(HouseholdVerdict verdict);

// OK only for `confirmed` (and, if the provider names a recorded relation, only when it is
// `requested`: a confirmation of another relation is HOUSEHOLD_RELATION_DIFFERS); otherwise
// reason_for(verdict).
core::Status require_confirmed(const HouseholdCheckResult& result, Relation requested);

}  // namespace yibao::providers
