#pragma once
// 参保登记 over HTTP (issue 19 §1), agency staff:
//   POST /api/agency/v1/persons                      register a person
//        {name, id_number, phone?, household_admdvs?, duplicate_reason?}
//   POST /api/agency/v1/persons/{psn_no}/enrolments  add an enrolment
//        {insutype, psn_type, admdvs, start_date?, emp_name?, during_collection?}
// Ending one is POST …/enrolments/{id}/status {status: terminated, note} (agency_routes);
// moving one is ending it there and adding it here.

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_registration_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
