#pragma once
// Agency staff (医保经办机构) use cases: staff login, person search within the staff member's
// region, freeze/unfreeze, merging duplicated person records, and offline activation after
// 24 hours of failed face checks (domain.md §2, §4, §5). Every action is audited.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/person_loader.h"
#include "services/session_service.h"
#include "store/admin_repo.h"

namespace yibao::services {

inline constexpr std::chrono::hours kOfflineActivationAfter{24};

// Does a staff member of `staff_admdvs` serve a person insured in `admdvs`? A province-level
// code (XX0000) covers the province, a city-level one (XXXX00) the city, anything else itself.
bool staff_covers(const std::string& staff_admdvs, const std::string& admdvs);

class AgencyService {
 public:
  AgencyService(ServiceContext& ctx, SessionService& sessions) : ctx_(ctx), sessions_(sessions) {}

  core::Result<IssuedSession> login(const std::string& username, const std::string& password);
  core::Result<store::StaffRow> staff(std::int64_t staff_id);

  // Persons matching the query that the staff member serves (each look-up audited).
  std::vector<Subject> search(const store::StaffRow& staff, const store::PersonSearch& query);
  // One person the staff member serves; the audit row says what they looked at (`what`: detail,
  // spending, remote_filings, family_bindings) — a person's settlements carry diagnoses.
  core::Result<Subject> person(const store::StaffRow& staff, const std::string& psn_no, const std::string& what = "detail");

  core::Status freeze(const store::StaffRow& staff, const std::string& psn_no, const std::string& note);
  core::Status unfreeze(const store::StaffRow& staff, const std::string& psn_no, const std::string& note);
  // Keeps `keep_psn_no`; the other record's enrolments move over and it is marked merged.
  core::Status merge(const store::StaffRow& staff, const std::string& keep_psn_no, const std::string& merge_psn_no);
  // Fixes an enrolment's status (正常/暂停/终止). Re-chooses the current enrolment and runs
  // the mutual-aid dissolution hook in the same transaction.
  core::Status set_enrolment_status(const store::StaffRow& staff, const std::string& psn_no, std::int64_t enrolment_id,
                                    const std::string& status, const std::string& note);
  core::Status offline_activate(const store::StaffRow& staff, const std::string& psn_no, const std::string& channel,
                                const std::string& pin);

 private:
  core::Result<Subject> load_in_scope(store::Tx& tx, const store::StaffRow& staff, const std::string& psn_no,
                                      bool writable);
  ServiceContext& ctx_;
  SessionService& sessions_;
};

}  // namespace yibao::services
