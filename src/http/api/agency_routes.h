#pragma once
// The agency API (/api/agency/v1) for 医保经办机构 staff: login, person search and detail
// within their region, freeze/unfreeze, merging duplicated records, offline activation, and
// the monthly credit and rollover jobs and the ledger audit. (Policies and institutions:
// agency_admin_routes.h.)

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_agency_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
