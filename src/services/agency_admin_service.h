#pragma once
// Agency administration (医保经办机构): the region policy editor (domain.md: "which rules are
// per-region policy") with its version history, and the registry of designated institutions
// with their interface keys. Staff act only inside their own region (staff_covers); every
// change is versioned or audited with who, when and why.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.h"
#include "services/service_context.h"
#include "store/admin_repo.h"
#include "store/institution_repo.h"

namespace yibao::services {

struct PolicyChange {
  std::string admdvs;
  boost::json::object overrides;  // only the knobs this region changes; {} = national defaults
  int expected_version = 0;       // the version the editor loaded (0 = no row yet)
  std::string note;               // why (kept in the history)
};

struct RegisteredInstitution {
  store::InstitutionRow row;  // row.secret is the new key, shown once
};

class AgencyAdminService {
 public:
  explicit AgencyAdminService(ServiceContext& ctx) : ctx_(ctx) {}

  // Validates every knob (parse_policy, strict), then writes version + 1 and its history line.
  // ADMDVS_* for a bad region, STAFF_OUT_OF_REGION, FIELD_MISSING (note), FIELD_INVALID (a
  // knob, with its name), POLICY_VERSION_CONFLICT when someone saved in between.
  core::Result<store::PolicyRow> save_policy(const store::StaffRow& staff, const PolicyChange& change);
  // Newest first; any staff member may read any region's history (policies are public rules).
  core::Result<std::vector<store::PolicyHistoryRow>> policy_history(const std::string& admdvs);

  // A new designated institution in the staff member's region with a fresh key. The kind and
  // region come from the code (H/P + admdvs); hospitals need level "1"–"3".
  core::Result<RegisteredInstitution> register_institution(const store::StaffRow& staff, const std::string& code,
                                                           const std::string& name, const std::string& level);
  // Replaces the interface key: the old one stops working at once.
  core::Result<RegisteredInstitution> rotate_key(const store::StaffRow& staff, const std::string& code);
  // "active" or "suspended" (a suspended institution's calls are refused with INSTITUTION_SUSPENDED).
  core::Result<store::InstitutionRow> set_status(const store::StaffRow& staff, const std::string& code,
                                                 const std::string& status, const std::string& note);

 private:
  ServiceContext& ctx_;
};

}  // namespace yibao::services
