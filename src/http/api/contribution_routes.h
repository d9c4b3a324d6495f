#pragma once
// 缴费 for citizens (/api/v1/me/contributions): pay a 城乡居民 contribution for oneself or a
// relative (cash, or the payer's account under 家庭共济), list records with filters, and
// download the 缴费凭证 receipt as a PDF.

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_contribution_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
