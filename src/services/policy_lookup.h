#pragma once
// Which region policy applies. A region's row may sit at the 统筹区 itself, its city or its
// province (a province-wide policy); the most specific row wins, and with no row the national
// defaults of domain/policy.h apply.

#include <string>

#include "domain/policy.h"
#include "store/database.h"

namespace yibao::services {

domain::RegionPolicy policy_for(store::Tx& tx, const std::string& admdvs);

// The policy of a person: that of their current enrolment's region (defaults without one).
domain::RegionPolicy policy_for_person(store::Tx& tx, std::int64_t person_id);

}  // namespace yibao::services
