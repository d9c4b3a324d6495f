#pragma once
// 参保登记 (issue 19 §1): agency staff register a person and their enrolments. The ID number is
// checked (length, area, birth date, check digit) and gives the birth date and sex; a number
// already registered is refused unless the staff member records why a second record is right.
// An enrolment starts benefits at once, or after the region's resident waiting period when a
// resident enrols outside the collection window; a newborn (1401) is enrolled from birth with
// no wait. Ending or moving an enrolment is AgencyService::set_enrolment_status (then a new one
// here): the family and mutual-aid reevaluation runs either way.

#include <optional>
#include <string>

#include "core/result.h"
#include "services/service_context.h"
#include "store/admin_repo.h"
#include "store/people_repo.h"

namespace yibao::services {

struct PersonRegistration {
  std::string name;
  std::string id_number;
  std::string phone;             // "" = none
  std::string household_admdvs;  // 户籍地区划, "" = not recorded
  std::string duplicate_reason;  // needed when the ID number is already registered
};

struct EnrolmentRegistration {
  std::string insutype;   // 310 | 390
  std::string psn_type;   // 310: 11xx 在职 / 12xx 退休; 390: 14xx 学生儿童 / 15xx 其他居民 (1401 新生儿)
  std::string admdvs;     // 统筹区 (county level), within the staff member's region
  std::string start_date;  // yyyy-MM-dd; a newborn's defaults to the birth date
  std::string emp_name;    // 职工: the employer (required)
  bool during_collection = false;  // a resident enrolling in the collection window: no wait
};

class RegistrationService {
 public:
  explicit RegistrationService(ServiceContext& ctx) : ctx_(ctx) {}

  core::Result<store::PersonRow> register_person(const store::StaffRow& staff, const PersonRegistration& r);
  core::Result<store::EnrolmentRow> add_enrolment(const store::StaffRow& staff, const std::string& psn_no,
                                                  const EnrolmentRegistration& r);

 private:
  ServiceContext& ctx_;
};

}  // namespace yibao::services
