#include "services/policy_lookup.h"

#include <boost/json.hpp>

#include "log/json_log.h"
#include "store/admin_repo.h"
#include "store/people_repo.h"

namespace yibao::services {

domain::RegionPolicy policy_for(store::Tx& tx, const std::string& admdvs) {
  if (admdvs.size() != 6) return {};
  const auto row =
      store::AdminRepo::most_specific_policy(tx, admdvs, admdvs.substr(0, 4) + "00", admdvs.substr(0, 2) + "0000");
  if (!row) return {};
  boost::system::error_code ec;
  auto value = boost::json::parse(row->knobs, ec);
  if (!ec && value.is_object()) {
    if (auto policy = domain::parse_policy(value.as_object())) return *policy;
  }
  // Stored policies are validated when saved; a bad row means someone edited the table.
  log::error("stored region policy is invalid; using national defaults", {{"admdvs", row->admdvs}});
  return {};
}

domain::RegionPolicy policy_for_person(store::Tx& tx, std::int64_t person_id) {
  for (const auto& e : store::PeopleRepo::enrolments_of(tx, person_id)) {
    if (e.is_current) return policy_for(tx, e.admdvs);
  }
  return {};
}

}  // namespace yibao::services
