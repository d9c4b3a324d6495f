#pragma once
// A person's yearly medical spending (services/spending.h) over HTTP:
//   GET /api/v1/me/spending                                   oneself
//   GET /api/v1/me/family/members/{member_id}/spending        a member bound to me (亲情账户)
//   GET /api/agency/v1/persons/{psn_no}/spending              staff of the person's region
// each with ?year=YYYY (this year by default). Amounts as "12.30" text and integer fen.

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_spending_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
