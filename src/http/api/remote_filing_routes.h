#pragma once
// 异地就医备案 (services/remote_filing_service.h) over HTTP — list, file, cancel:
//   /api/v1/me/remote-filings[/{id}]                                 for oneself
//   /api/v1/me/family/members/{member_id}/remote-filings[/{id}]      for a member bound to me
//   /api/agency/v1/persons/{psn_no}/remote-filings[/{id}]            staff of the person's region
// A filing records who filed it: the person (also for a holder acting for a member) or staff.

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_remote_filing_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
