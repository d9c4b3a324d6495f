#pragma once
// 家庭共济 for citizens (/api/v1/me/mutual-aid): the what-if/diagnose check, filing, authorising,
// revoking, and the history of every authorisation the person is part of.

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_mutual_aid_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
