#pragma once
// The agency's administration API (/api/agency/v1): region policies (every knob, versioned,
// with the history of changes) and the registry of designated institutions and their keys.

#include "http/api/api_deps.h"
#include "http/router.h"

namespace yibao::http::api {

void add_agency_admin_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
