#include "providers/household_simulator.h"

#include <string_view>

#include "core/id_number.h"

namespace yibao::providers {
namespace {

using core::Error;

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool either_contains(const HouseholdCheckRequest& request, std::string_view part) {
  return contains(request.holder_name, part) || contains(request.member_name, part);
}

core::Result<core::IdNumber> parse_id(const std::string& text, std::chrono::year_month_day today,
                                      const char* field) {
  auto parsed = core::IdNumber::parse(text, today);
  if (!parsed) return Error{parsed.error().reason, parsed.error().detail, field};
  return parsed;
}

// Whether `older` was born at least `years` full years before `younger`.
bool older_by(const core::IdNumber& older, const core::IdNumber& younger, int years) {
  return older.age_on(younger.birth_date()) >= years;
}

bool plausible(Relation relation, const core::IdNumber& holder, const core::IdNumber& member) {
  switch (relation) {
    case Relation::parent: return older_by(member, holder, 15);
    case Relation::child: return older_by(holder, member, 15);
    case Relation::grandparent:
    case Relation::maternal_grandparent: return older_by(member, holder, 30);
    case Relation::grandchild:
    case Relation::maternal_grandchild: return older_by(holder, member, 30);
    case Relation::spouse:
    case Relation::sibling: return true;
  }
  return false;
}

}  // namespace

HouseholdSimulator::HouseholdSimulator(const core::Clock& clock) : clock_(clock) {}

core::Result<HouseholdCheckResult> HouseholdSimulator::check(const HouseholdCheckRequest& request) {
  if (auto valid = validate_request(request); !valid) return valid.error();
  const auto today = core::shanghai_date(clock_.now());
  auto holder = parse_id(request.holder_id_number, today, "holder_id_number");
  if (!holder) return holder.error();
  auto member = parse_id(request.member_id_number, today, "member_id_number");
  if (!member) return member.error();

  HouseholdCheckResult out;
  if (either_contains(request, "无户籍")) {
    out.verdict = HouseholdVerdict::record_not_found;
  } else if (either_contains(request, "非亲属")) {
    out.verdict = HouseholdVerdict::not_related;
  } else if (either_contains(request, "关系不符")) {
    out.verdict = HouseholdVerdict::relation_differs;
  } else if (*holder == *member) {
    out.verdict = HouseholdVerdict::not_related;
  } else if (!plausible(request.relation, *holder, *member)) {
    out.verdict = HouseholdVerdict::relation_differs;
  } else {
    out.verdict = HouseholdVerdict::confirmed;
    out.recorded_relation = request.relation;
  }
  return out;
}

}  // namespace yibao::providers
