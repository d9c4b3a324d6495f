#pragma once
// The local household-register (户口簿) simulator: the default provider for development, tests
// and `make run`. Deterministic, documented test inputs (docs/providers/household.md):
//
// 1. The request is checked with validate_request() (FIELD_MISSING / FIELD_INVALID), and both ID
//    numbers are parsed with core::IdNumber against today's date in Shanghai on the injected
//    clock (ID_NUMBER_* reasons, field "holder_id_number" / "member_id_number").
// 2. Magic names, checked in this order on the holder's and the member's name: a name containing
//    "无户籍" → record_not_found; "非亲属" → not_related; "关系不符" → relation_differs.
// 3. The same ID number for holder and member → not_related (nobody is their own relative).
// 4. Plausibility of ages, from the birth dates in the ID numbers: `parent` needs the member at
//    least 15 years older than the holder, `child` at least 15 years younger;
//    `grandparent` / `maternal_grandparent` at least 30 years older, `grandchild` /
//    `maternal_grandchild` at least 30 years younger. Otherwise relation_differs. `spouse` and
//    `sibling` have no age rule.
// 5. Otherwise confirmed, with recorded_relation = the requested relation. Negative verdicts
//    carry no recorded_relation.
//
// Stateless apart from the clock: thread-safe.

#include "core/clock.h"
#include "providers/household_provider.h"

namespace yibao::providers {

class HouseholdSimulator final : public HouseholdProvider {
 public:
  // `clock` must outlive the simulator.
  explicit HouseholdSimulator(const core::Clock& clock);

  core::Result<HouseholdCheckResult> check(const HouseholdCheckRequest& request) override;

 private:
  const core::Clock& clock_;
};

}  // namespace yibao::providers
