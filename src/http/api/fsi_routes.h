#pragma once
// The institution interface (institution-interface.md): POST /fsi/api/callService with the
// NHSA envelope, x-tif-* authentication, and a dispatch table infno → handler. Authentication
// failures answer HTTP 401; every other refusal HTTP 200 with infcode -1, a Chinese err_msg
// with the remedy, and yibao's err_code — HIS clients read the body, not the status. Nothing
// changes on a refusal.
//
// The citizen and agency sides of settlement are spending_routes.h and remote_filing_routes.h.

#include <memory>

#include "http/api/api_deps.h"
#include "http/router.h"
#include "services/settlement_service.h"

namespace yibao::http::api {

// Registers the route; the service lives as long as the router's handlers.
void add_fsi_routes(Router& router, ApiDeps& deps);

}  // namespace yibao::http::api
