#pragma once
// The e-credential decode for institutions (institution-interface.md, "E-credential decode"):
// POST /localcfc/api/hsecfc/localQrCodeQuery with {orgId, transType: "ec.query", data:{...}},
// answered {code, message, orgId, data} where data is a JSON object serialised as a string
// (clients expect that double encoding). Institutions authenticate with the x-tif-* headers.
// Authentication failures are HTTP 401; business refusals are HTTP 200 with code -1, the
// Chinese message, and yibao's err_code/remedy, as HIS clients read the body, not the status.

#include "http/api/api_deps.h"
#include "http/router.h"
#include "services/institution_auth.h"

namespace yibao::http::api {

void add_decode_routes(Router& router, ApiDeps& deps);

// Reads the x-tif-* headers of a request.
services::TifHeaders tif_headers(const Request& request);

}  // namespace yibao::http::api
